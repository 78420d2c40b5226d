"""`serviceladder calendar ...`: holiday calendar import, show, seed."""

from __future__ import annotations

from serviceladder.cli.main import EXIT_OK, add_actor_arguments


def register(sub) -> None:
    p = sub.add_parser("calendar", help="holiday calendars for working-day periods")
    cs = p.add_subparsers(dest="calendar_command", required=True, metavar="ACTION")

    i = cs.add_parser("import", help="import an official schedule (CSV/XLSX: date, off|work, name)")
    i.add_argument("file")
    i.add_argument("--calendar", default="CN")
    add_actor_arguments(i)
    i.set_defaults(handler=_import)

    s = cs.add_parser("show", help="print a year's days off and working days, and whether it is provisional")
    s.add_argument("year", type=int)
    s.add_argument("--calendar", default="CN")
    s.set_defaults(handler=_show)

    w = cs.add_parser("workdays", help="the date a period of N working days ends")
    w.add_argument("start", metavar="YYYY-MM-DD")
    w.add_argument("days", type=int)
    w.add_argument("--count-start-day", action="store_true", help="the start day counts as day 1")
    w.add_argument("--calendar", default="CN")
    w.set_defaults(handler=_workdays)

    sd = cs.add_parser("seed", help="fill a calendar from the installed holiday packages")
    sd.add_argument("--calendar", default="CN")
    sd.add_argument(
        "--years", default="", help="e.g. 2025-2027 (default for CN: every year the package knows)"
    )
    add_actor_arguments(sd)
    sd.set_defaults(handler=_seed)


def _import(args) -> int:
    from pathlib import Path

    from django.utils.translation import gettext as _

    from serviceladder.cli.actor import resolve_cli_actor
    from serviceladder.cli.main import read_input_file
    from serviceladder.workcalendar.services import calendar_import

    actor = resolve_cli_actor(args.as_user)
    path = Path(args.file)
    result = calendar_import(
        actor=actor,
        data=read_input_file(path),
        file_name=path.name,
        calendar=args.calendar,
        reason=args.reason,
    )
    print(
        _("%(calendar)s: imported %(days)s day(s); official now: %(years)s")
        % {"calendar": result.calendar, "days": result.days, "years": ", ".join(map(str, result.years))}
    )
    return EXIT_OK


def _show(args) -> int:
    from django.utils.translation import gettext as _

    from serviceladder.workcalendar.selectors import calendar_year_get

    provisional, days = calendar_year_get(code=args.calendar, year=args.year)
    status = (
        _("PROVISIONAL: no official schedule; only weekends are days off") if provisional else _("official")
    )
    print(f"{args.calendar} {args.year}: {status}")
    for day in days:
        print(f"{day.date.isoformat()} {day.date.strftime('%a')}  {day.kind:4}  {day.name}  [{day.source}]")
    return EXIT_OK


def _seed(args) -> int:
    from django.utils.translation import gettext as _

    from serviceladder.cli.actor import resolve_cli_actor
    from serviceladder.workcalendar.services import calendar_seed

    years = None
    if args.years:
        first, _sep, last = args.years.partition("-")
        years = list(range(int(first), int(last or first) + 1))
    written = calendar_seed(actor=resolve_cli_actor(args.as_user), calendar=args.calendar, years=years)
    print(_("%(calendar)s: seeded %(years)s") % {"calendar": args.calendar, "years": written or "-"})
    return EXIT_OK


def _workdays(args) -> int:
    import datetime as dt

    from django.utils.translation import gettext as _

    from serviceladder.core.errors import ValidationFailed
    from serviceladder.workcalendar.selectors import calendar_add_working_days

    try:
        start = dt.date.fromisoformat(args.start)
    except ValueError:
        raise ValidationFailed(_("%(value)s is not a date (YYYY-MM-DD)."), value=args.start) from None
    result = calendar_add_working_days(
        code=args.calendar, start=start, n=args.days, count_start_day=args.count_start_day
    )
    line = f"{result.date.isoformat()} {result.date.strftime('%a')}"
    if result.provisional:
        line += "  " + _("PROVISIONAL (weekends only for %(years)s)") % {
            "years": ", ".join(map(str, result.provisional_years))
        }
    print(line)
    return EXIT_OK
