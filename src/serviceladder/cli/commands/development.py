"""`serviceladder development export --format csv|xlsx|json [--output FILE] [--as USER] [--department CODE]
[--as-of YYYY-MM-DD] [--counts] [--goals] [--language zh|en]`.

Plans with their state, goals with their progress and what is due, one row per person whose development
record the acting user may read (the person, their lead and head, HR; a mentor: their mentees' plans and
goals). Management gets per-department counts and completion rates instead (HR too, with --counts).
Column names are stable English codes and values are codes (see the README). Private notes of
conversations are never exported.
"""

from __future__ import annotations

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


def _export(args) -> int:
    from django.utils import translation

    from serviceladder.cli.actor import resolve_cli_actor
    from serviceladder.cli.export_output import export_start, export_write
    from serviceladder.development.errors_export import (
        BAD_AS_OF,
        GOALS_WITH_COUNTS,
        XLSX_TO_TERMINAL,
        ExportInvalid,
    )
    from serviceladder.development.export import render_counts, render_people
    from serviceladder.development.selectors import export

    start = export_start(
        args,
        bad_day=lambda found: ExportInvalid(BAD_AS_OF, found=found),
        xlsx_to_terminal=ExportInvalid(XLSX_TO_TERMINAL),
    )
    actor = resolve_cli_actor(args.as_user)
    with translation.override(start.language):
        kind = export.export_kind(actor.user, counts=args.counts)
        if kind == export.COUNTS:
            if args.goals:
                raise ExportInvalid(GOALS_WITH_COUNTS)
            records = export.counts_export(as_of=start.as_of, department=args.department)
            data = render_counts(records, args.format, start.as_of, bom=start.bom)
        else:
            records = export.people_export(actor.user, as_of=start.as_of, department=args.department)
            data = render_people(records, args.format, start.as_of, goal_rows=args.goals, bom=start.bom)
    export_write(args, data)
    return 0
