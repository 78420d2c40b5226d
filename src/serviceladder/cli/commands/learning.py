"""`serviceladder learning export --format csv|xlsx|json [--what enrolments|completions|report]
[--by TABLE] [--as-of YYYY-MM-DD] [--months N] [--output FILE] [--language zh|en] [--as USER]`.

enrolments: every enrolment the acting user may read (their own, their team's or department's, all for HR;
a trainer also their courses' rosters), with state, source, dates and whether it is overdue. completions:
the completions of the same people, with expiry and whether they are still in force. report: the learning
report of the acting user's scope (leads, heads, HR, management) — completion and overdue by course, team,
department and tenure, and new hires' curriculum progress against early leaving; a CSV holds one table
(--by), XLSX all of them, JSON all of them.
"""

from __future__ import annotations

from pathlib import Path

FORMATS = ("csv", "xlsx", "json")
# learning.export.WHATS and REPORT_TABLES (not imported: the parser is built before Django is set up)
WHATS = ("enrolments", "completions", "report")
REPORT_TABLES = ("course", "team", "department", "tenure", "new-hires", "new-hires-summary")


def register(sub) -> None:
    p = sub.add_parser("learning", help="learning: export enrolments, completions, reports")
    what = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    e = what.add_parser(
        "export",
        help="enrolments, completions or the learning report (CSV, XLSX, JSON)",
        description=__doc__.split("\n\n", 1)[1],
    )
    e.add_argument("--format", choices=FORMATS, default="csv")
    e.add_argument("--what", choices=WHATS, default="enrolments")
    e.add_argument("--by", choices=REPORT_TABLES, help="report as CSV: which table (default: course)")
    e.add_argument(
        "--as-of", metavar="YYYY-MM-DD", help="overdue, validity and tenure on this day (default: today)"
    )
    e.add_argument(
        "--months",
        type=int,
        choices=(3, 6, 12, 24),
        default=12,
        help="report: new hires of the last N months",
    )
    e.add_argument("--output", "-o", type=Path, metavar="FILE", help="write here instead of stdout")
    e.add_argument("--language", choices=("zh", "en"), help="language of names (courses, teams, departments)")
    e.add_argument("--as", dest="as_user", metavar="USERNAME", help="read as this user")
    e.set_defaults(handler=_export)


def _export(args) -> int:
    from django.utils import translation

    from serviceladder.cli.actor import resolve_cli_actor
    from serviceladder.cli.export_output import export_start, export_write
    from serviceladder.learning.export import BAD_AS_OF, XLSX_TO_TERMINAL, LearningExportInvalid, render

    start = export_start(
        args,
        bad_day=lambda found: LearningExportInvalid(BAD_AS_OF, found=found),
        xlsx_to_terminal=LearningExportInvalid(XLSX_TO_TERMINAL),
    )
    actor = resolve_cli_actor(args.as_user)
    with translation.override(start.language):
        data = render(
            actor.user,
            what=args.what,
            fmt=args.format,
            as_of=start.as_of,
            by=args.by,
            months=args.months,
            bom=start.bom,
        )
    export_write(args, data)
    return 0
