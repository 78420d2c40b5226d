"""`serviceladder promotions ...`: open a cycle, change its quotas, list cycles and applications, compute a
notice's end date.

Thin: every change goes through serviceladder.promotions.services, every read through its selectors.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy

from serviceladder.cli.main import EXIT_OK, add_actor_arguments

BAD_DATE = gettext_lazy("%(option)s must be a date like 2027-03-01; got %(value)s.")
BAD_QUOTA = gettext_lazy("--quota takes LEVEL=NUMBER, e.g. CS3=6; got %(value)s.")
NO_CYCLE = gettext_lazy("No promotion cycle %(ref)s.")


def register(sub) -> None:
    p = sub.add_parser("promotions", help="promotion cycles and applications")
    ps = p.add_subparsers(dest="promotions_command", required=True, metavar="ACTION")

    c = ps.add_parser("cycle", help="promotion cycles")
    cs = c.add_subparsers(dest="cycle_command", required=True, metavar="ACTION")
    o = cs.add_parser("open", help="open a cycle inside the policy's application months (HR)")
    o.add_argument("--name", required=True)
    o.add_argument(
        "--name-alt",
        default="",
        metavar="TEXT",
        help="the name in the other language (English for a Chinese name, Chinese for an English one)",
    )
    o.add_argument("--opens", required=True, metavar="YYYY-MM-DD")
    o.add_argument("--closes", required=True, metavar="YYYY-MM-DD")
    o.add_argument(
        "--quota",
        action="append",
        default=[],
        metavar="LEVEL=N",
        help="override the policy's quota (repeatable)",
    )
    o.add_argument("--note", default="")
    add_actor_arguments(o)
    o.set_defaults(handler=_cycle_open)

    q = cs.add_parser("quotas", help="change a cycle's quotas, with a reason (HR)")
    q.add_argument("--cycle", required=True, metavar="ID")
    q.add_argument(
        "--quota",
        action="append",
        required=True,
        metavar="LEVEL=N",
        help="the new quota of a target level (repeatable); LEVEL=none removes it; other levels keep theirs",
    )
    add_actor_arguments(q)
    q.set_defaults(handler=_cycle_quotas)

    ls = ps.add_parser("list", help="cycles, or the applications of one cycle the acting user may see")
    ls.add_argument("--cycle", metavar="ID", help="list this cycle's applications")
    ls.add_argument("--as", dest="as_user", metavar="USERNAME", help="read as this user")
    ls.set_defaults(handler=_list)

    n = ps.add_parser("notice-date", help="the last day of a public notice published on a date")
    n.add_argument("--published", required=True, metavar="YYYY-MM-DD")
    n.add_argument(
        "--cycle", metavar="ID", help="use this cycle's policy (default: the policy in force then)"
    )
    n.set_defaults(handler=_notice_date)


def _date(option: str, value: str) -> dt.date:
    from serviceladder.core.errors import ValidationFailed

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(BAD_DATE, option=option, value=value) from None


def _quotas(values: list[str]) -> dict[str, str] | None:
    from serviceladder.core.errors import ValidationFailed

    if not values:
        return None
    out = {}
    for value in values:
        level, sep, number = value.partition("=")
        if not sep or not level.strip():
            raise ValidationFailed(BAD_QUOTA, value=value)
        out[level.strip()] = number.strip()
    return out


def _cycle_open(args) -> int:
    from django.utils.translation import gettext as _

    from serviceladder.cli.actor import resolve_cli_actor
    from serviceladder.policy.selectors import policy_parsed, policy_version_in_force
    from serviceladder.promotions.services import promotion_cycle_open

    actor = resolve_cli_actor(args.as_user)
    opens, closes = _date("--opens", args.opens), _date("--closes", args.closes)
    quotas = _quotas(args.quota)
    if quotas is not None:  # named quotas replace the policy's for those levels only
        quotas = {**policy_parsed(policy_version_in_force(opens)).process.quotas, **quotas}
    cycle = promotion_cycle_open(
        actor=actor,
        name=args.name,
        name_alt=args.name_alt,
        opens_on=opens,
        closes_on=closes,
        quotas=quotas,
        note=args.note,
    )
    print(
        _(
            "Opened cycle %(id)s “%(name)s”: applications %(opens)s to %(closes)s under %(version)s; "
            "quotas: %(q)s"
        )
        % {
            "id": cycle.pk,
            "name": cycle.display_name,
            "opens": cycle.opens_on.isoformat(),
            "closes": cycle.closes_on.isoformat(),
            "version": cycle.policy_version.label,
            "q": ", ".join(f"{k}={v}" for k, v in sorted(cycle.quotas.items())) or "—",
        }
    )
    return EXIT_OK


def _cycle_quotas(args) -> int:
    from django.utils.translation import gettext as _

    from serviceladder.cli.actor import resolve_cli_actor
    from serviceladder.policy.selectors import policy_parsed
    from serviceladder.promotions.services import promotion_cycle_quotas_set, quota_levels

    actor = resolve_cli_actor(args.as_user)
    cycle = _cycle(actor.user, args.cycle)
    named = {
        level: None if number.lower() in ("", "none", "-") else number
        for level, number in _quotas(args.quota).items()
    }
    # The named levels change; the other target levels keep their quotas.
    targets = quota_levels(policy_parsed(cycle.policy_version))
    quotas = {**{k: v for k, v in cycle.quotas.items() if k in targets}, **named}
    before = dict(cycle.quotas)
    cycle = promotion_cycle_quotas_set(actor=actor, cycle=cycle, quotas=quotas, reason=args.reason)
    shown = ", ".join(f"{k}={v}" for k, v in sorted(cycle.quotas.items())) or "—"
    if cycle.quotas == before:
        print(
            _("No quota changed; cycle %(id)s “%(name)s” keeps %(q)s")
            % {"id": cycle.pk, "name": cycle.display_name, "q": shown}
        )
    else:
        print(
            _("Quotas of cycle %(id)s “%(name)s” are now %(q)s (version %(version)s)")
            % {"id": cycle.pk, "name": cycle.display_name, "q": shown, "version": cycle.version}
        )
    return EXIT_OK


def _cycle(user, ref):
    from serviceladder.core.errors import NotFoundOrForbidden
    from serviceladder.promotions.selectors import cycles_visible_to

    qs = cycles_visible_to(user)
    cycle = qs.filter(pk=int(ref)).first() if str(ref).isdigit() else None
    if cycle is None:
        raise NotFoundOrForbidden(NO_CYCLE, ref=ref)
    return cycle


def _list(args) -> int:
    from django.utils.translation import gettext as _

    from serviceladder.cli.actor import resolve_cli_actor
    from serviceladder.promotions.selectors import (
        FUNNEL_LABELS,
        applications_visible_to,
        cycle_funnel,
        cycles_visible_to,
    )
    from serviceladder.promotions.states import State

    user = resolve_cli_actor(args.as_user).user
    if args.cycle is None:
        for cycle in cycles_visible_to(user):
            funnel = cycle_funnel(user, cycle)
            counts = " → ".join(f"{FUNNEL_LABELS[name]} {n}" for name, n in funnel.as_list())
            print(
                f"{cycle.pk:>4}  {cycle.display_name}  "
                f"{cycle.opens_on.isoformat()}…{cycle.closes_on.isoformat()}  "
                f"{cycle.policy_version.label}  {counts}"
            )
        return EXIT_OK
    cycle = _cycle(user, args.cycle)
    for app in applications_visible_to(user, cycle=cycle):
        flag = _("exception") if app.is_exception else ""
        print(
            f"{app.pk:>5}  {app.applicant.number}  {app.applicant.name}  {app.from_level.code}→"
            f"{app.target_level.code}  {State(app.state).label}  {flag}".rstrip()
        )
    return EXIT_OK


def _notice_date(args) -> int:
    from django.utils.dates import WEEKDAYS_ABBR
    from django.utils.translation import gettext as _

    from serviceladder.core.errors import ValidationFailed
    from serviceladder.policy.selectors import policy_in_force
    from serviceladder.promotions.errors import NOTICE_PROVISIONAL
    from serviceladder.promotions.models import PromotionCycle
    from serviceladder.promotions.services import notice_end

    published = _date("--published", args.published)
    policy = None
    if args.cycle is not None:
        cycle = PromotionCycle.objects.filter(pk=int(args.cycle) if args.cycle.isdigit() else 0).first()
        if cycle is None:
            raise ValidationFailed(NO_CYCLE, ref=args.cycle)
    else:
        cycle, policy = None, policy_in_force(published)
    end = notice_end(cycle, published, policy=policy)
    print(
        _("Published %(published)s → the notice ends on %(ends)s (%(weekday)s)")
        % {
            "published": published.isoformat(),
            "ends": end.date.isoformat(),
            "weekday": WEEKDAYS_ABBR[end.date.weekday()],
        }
    )
    if end.provisional:
        print(str(NOTICE_PROVISIONAL) % {"years": ", ".join(map(str, end.provisional_years))})
    return EXIT_OK
