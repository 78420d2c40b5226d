"""`serviceladder coaching scan [--month YYYY-MM] [--as USERNAME]`: check the policy's coaching rules for a
month that has ended (default: the last complete month) and create the missing coaching tasks, one per
person, rule and month. The daily job runs the same scan every day; running it again creates nothing new."""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("coaching", help="coaching from KPI drops: scan a month for coaching tasks")
    what = p.add_subparsers(dest="what", required=True, metavar="ACTION")
    s = what.add_parser(
        "scan",
        help="create the coaching tasks the policy's rules call for in a month",
        description=__doc__.split(": ", 1)[1],
    )
    s.add_argument("--month", metavar="YYYY-MM", help="the month to check (default: the last complete month)")
    s.add_argument("--as", dest="as_user", metavar="USERNAME", help="record the tasks as made by this user")
    s.set_defaults(handler=_scan)


def _scan(args) -> int:
    from django.utils.translation import gettext as _

    from serviceladder.audit.services import Actor
    from serviceladder.cli.actor import resolve_cli_actor
    from serviceladder.recognition.services.coaching import coaching_scan

    actor = resolve_cli_actor(args.as_user) if args.as_user else Actor(None, "cli")
    result = coaching_scan(month=args.month, actor=actor)
    if not result.enabled:
        print(
            _("%(month)s: the policy in force does not switch coaching on; no task created.")
            % {"month": result.month}
        )
        return 0
    print(
        _(
            "%(month)s: %(people)s people with figures; %(created)s new coaching task(s), "
            "%(already)s already there for the same rule and month, "
            "%(insufficient)s check(s) without enough data."
        )
        % {
            "month": result.month,
            "people": result.people,
            "created": len(result.created),
            "already": result.already,
            "insufficient": result.insufficient,
        }
    )
    for task in result.created:
        print(f"  {task.employee.number}\t{task.employee.name}\t{task.rule_code}\t{task.metric}")
    return 0
