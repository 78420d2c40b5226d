"""`serviceladder daily run [--day YYYY-MM-DD] [--step NAME]`: run the daily job by hand.

The worker runs it every night by itself (serviceladder.daily); by hand it catches up to today, or runs
one day. Each (day, step) still runs once: a step already done for the day is skipped."""

from __future__ import annotations

import datetime as dt

from serviceladder.cli.main import EXIT_ERROR, EXIT_OK


def _day(text: str) -> dt.date:
    import argparse

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def register(sub) -> None:
    p = sub.add_parser("daily", help="the daily job (reminders and other daily steps)")
    ds = p.add_subparsers(dest="daily_command", required=True, metavar="ACTION")
    r = ds.add_parser("run", help="run the daily steps now: every missed day up to today, or one --day")
    r.add_argument("--day", type=_day, metavar="YYYY-MM-DD", help="run this day only")
    r.add_argument("--step", action="append", metavar="NAME", help="run only this step (repeatable)")
    r.set_defaults(handler=_run)
    s = ds.add_parser("steps", help="list the registered daily steps")
    s.set_defaults(handler=_steps)


def _run(args) -> int:
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from serviceladder.core.errors import ValidationFailed
    from serviceladder.daily.registry import steps
    from serviceladder.daily.services import FAILED, daily_catch_up, daily_run

    unknown = sorted(set(args.step or []) - set(steps()))
    if unknown:
        raise ValidationFailed(
            _("No daily step is called %(names)s; the steps are %(known)s."),
            names=", ".join(unknown),
            known=", ".join(steps()) or "-",
        )
    today = timezone.localdate()
    if args.day is not None and args.day > today:
        raise ValidationFailed(_("The day %(day)s is in the future."), day=args.day.isoformat())
    if args.day is None and not args.step:
        outcomes = daily_catch_up(today)
    else:
        outcomes = daily_run(args.day or today, only=args.step)
    labels = {"done": _("done"), "failed": _("FAILED"), "skipped": _("already done or running elsewhere")}
    for o in outcomes:
        detail = ", ".join(f"{k}={v}" for k, v in o.result.items())
        print(f"{o.day} {o.step}: {labels[o.status]}" + (f" ({detail})" if detail else ""))
    if not outcomes:
        print(_("No daily steps are registered."))
    return EXIT_ERROR if any(o.status == FAILED for o in outcomes) else EXIT_OK


def _steps(args) -> int:
    from serviceladder.daily.registry import steps

    for name in steps():
        print(name)
    return EXIT_OK
