"""`serviceladder development export --format csv|xlsx|json [--output FILE] [--as USER] [--department CODE]
[--as-of YYYY-MM-DD] [--counts] [--goals] [--language zh|en]`.

Plans with their state, goals with their progress and what is due, one row per person whose development
record the acting user may read (the person, their lead and head, HR; a mentor: their mentees' plans and
goals). Management gets per-department counts and completion rates instead (HR too, with --counts).
Column names are stable English codes and values are codes (see the README). Private notes of
conversations are never exported.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

FORMATS = ("csv", "xlsx", "json")


def register(sub) -> None:
    p = sub.add_parser("development", help="development plans: export")
    what = p.add_subparsers(dest="what", required=True, metavar="WHAT")
    e = what.add_parser(
        "export",
        help="plans, goals with progress, conversations due (CSV, XLSX, JSON)",
        description=__doc__.split("\n\n", 1)[1],
    )
    e.add_argument("--format", choices=FORMATS, default="csv")
    e.add_argument("--output", "-o", type=Path, metavar="FILE", help="write here instead of stdout")
    e.add_argument("--department", metavar="CODE", help="only this department")
    e.add_argument(
        "--as-of", metavar="YYYY-MM-DD", help="goal progress and due dates on this day (default: today)"
    )
    e.add_argument(
        "--counts", action="store_true", help="per-department counts instead of people (HR, management)"
    )
    e.add_argument("--goals", action="store_true", help="CSV: one row per goal instead of one per person")
    e.add_argument("--language", choices=("zh", "en"), help="language of names (levels, teams, departments)")
    e.add_argument("--as", dest="as_user", metavar="USERNAME", help="read as this user")
    e.set_defaults(handler=_export)


def _as_of(raw: str | None) -> dt.date:
    from django.utils import timezone

    from serviceladder.development.errors_export import BAD_AS_OF, ExportInvalid

    if not raw:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ExportInvalid(BAD_AS_OF, found=raw) from None


def _export(args) -> int:
    from django.utils import translation

    from serviceladder.cli.actor import resolve_cli_actor
    from serviceladder.development.errors_export import GOALS_WITH_COUNTS, XLSX_TO_TERMINAL, ExportInvalid
    from serviceladder.development.export import render_counts, render_people
    from serviceladder.development.selectors import export

    as_of = _as_of(args.as_of)
    if args.format == "xlsx" and args.output is None and sys.stdout.isatty():
        raise ExportInvalid(XLSX_TO_TERMINAL)
    # a byte-order mark in a .csv file, so that Excel opens Chinese names correctly (as `eligibility` does)
    bom = args.output is not None and args.output.suffix.lower() == ".csv"
    language = args.language or ("zh" if (translation.get_language() or "").startswith("zh") else "en")
    actor = resolve_cli_actor(args.as_user)
    with translation.override("zh-hans" if language == "zh" else "en"):
        kind = export.export_kind(actor.user, counts=args.counts)
        if kind == export.COUNTS:
            if args.goals:
                raise ExportInvalid(GOALS_WITH_COUNTS)
            records = export.counts_export(as_of=as_of, department=args.department)
            data = render_counts(records, args.format, as_of, bom=bom)
        else:
            records = export.people_export(actor.user, as_of=as_of, department=args.department)
            data = render_people(records, args.format, as_of, goal_rows=args.goals, bom=bom)
    if args.output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        args.output.write_bytes(data)
    return 0
