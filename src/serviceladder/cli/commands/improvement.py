"""`serviceladder improvement scan [--month YYYY-MM]`: judge the bottom band (policy `improvement_plans:`)
for a complete month and open one proposal for an improvement plan per entry into the band, for the lead and
HR to review (never a sanction). The daily job does the same for the last complete month; running it again
opens nothing twice."""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("improvement", help="improvement plans for the bottom band: scan")
    what = p.add_subparsers(dest="what", required=True, metavar="WHAT")
    s = what.add_parser(
        "scan",
        help="open proposals for people who entered the bottom band",
        description=__doc__.split("\n\n", 1)[0],
    )
    s.add_argument("--month", metavar="YYYY-MM", help="the month to judge (default: the last complete month)")
    s.set_defaults(handler=_scan)


def _scan(args) -> int:
    from django.utils.translation import gettext as _

    from serviceladder.audit.services import Actor
    from serviceladder.org.selectors import today
    from serviceladder.recognition.services.improvement import improvement_scan, parse_month

    month = parse_month(args.month, today()) if args.month else None
    result = improvement_scan(month=month, actor=Actor(None, channel="cli"))
    if not result.enabled:
        print(
            _("%(month)s: the policy in force does not define a bottom band; nothing to do.")
            % {"month": result.month}
        )
        return 0
    print(
        _("%(month)s: %(in_band)s in the bottom band, %(opened)s new proposal(s) for an improvement plan.")
        % {"month": result.month, "in_band": result.in_band, "opened": len(result.opened)}
    )
    for plan in result.opened:
        print(f"  {plan.employee.number} {plan.employee.name}")
    return 0
