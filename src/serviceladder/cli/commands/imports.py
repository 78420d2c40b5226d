"""`serviceladder import KIND FILE`: people data from CSV or XLSX.

Set-up order: `import teams` (without leads), `import roster`, then `import teams` again with leads and heads.
On bad input the full report (row, column, value, reason) goes to stderr and the exit code is 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from serviceladder.cli.main import EXIT_BAD_INPUT, add_actor_arguments

PEOPLE_KINDS = ("roster", "teams", "pay", "exams", "violations", "trainings")
PLANNED_KINDS = ("metrics", "interactions")  # accepted by the parser so the message is clear, not built yet


def _columns_epilog() -> str:
    from serviceladder.org.imports.columns import KINDS

    lines = ["columns per KIND (* = required; Chinese or English header):"]
    for kind, columns in KINDS.items():
        names = ", ".join(("*" if required else "") + column.display for column, required in columns)
        lines.append(f"  {kind}: {names}")
    return "\n".join(lines)


def register(sub) -> None:
    p = sub.add_parser(
        "import",
        help="import people data from CSV or XLSX (roster, teams, pay, …)",
        epilog=_columns_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("kind", choices=PEOPLE_KINDS + PLANNED_KINDS, metavar="KIND", help=", ".join(PEOPLE_KINDS))
    p.add_argument("file", type=Path, metavar="FILE", help="a .csv or .xlsx file")
    p.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    add_actor_arguments(p)
    p.set_defaults(handler=_import)


def _import(args) -> int:
    from django.utils.translation import gettext as _

    from serviceladder.cli.actor import resolve_cli_actor
    from serviceladder.org.imports.report import ImportRejected, format_report
    from serviceladder.org.services import records_import, roster_import, teams_import

    if args.kind in PLANNED_KINDS:
        print(
            _("serviceladder: import %(kind)s is not available yet.") % {"kind": args.kind}, file=sys.stderr
        )
        return EXIT_BAD_INPUT
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        message = _("serviceladder: cannot read %(file)s: %(problem)s")
        print(message % {"file": args.file, "problem": exc.strerror}, file=sys.stderr)
        return EXIT_BAD_INPUT
    actor = resolve_cli_actor(args.as_user)
    kwargs = {
        "actor": actor,
        "data": data,
        "file_name": args.file.name,
        "reason": args.reason,
        "dry_run": args.dry_run,
    }
    try:
        if args.kind == "roster":
            result = roster_import(**kwargs)
        elif args.kind == "teams":
            result = teams_import(**kwargs)
        else:
            result = records_import(kind=args.kind, **kwargs)
    except ImportRejected as exc:
        print(f"serviceladder: {exc}", file=sys.stderr)
        print(format_report(exc.errors), file=sys.stderr)
        return EXIT_BAD_INPUT
    summary = _(
        "%(file)s: %(rows)s rows — %(created)s created, %(updated)s updated, %(unchanged)s unchanged"
    ) % {
        "file": result.file,
        "rows": result.rows,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }
    print(summary + (_(" (dry run, nothing written)") if result.dry_run else ""))
    return 0
