"""`serviceladder export metrics --format csv|json|xlsx [--month YYYY-MM] [--output FILE]`.

One row per employee-month with every figure and its sample size (`contacts` for the contact-based figures,
`csat_rated` for CSAT; empty = not provided by the source), limited to the people whose performance the
acting user (--as, or the marked OS user) may see.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from serviceladder.cli.main import EXIT_BAD_INPUT, add_actor_arguments

_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def register(sub) -> None:
    p = sub.add_parser("export", help="export data (monthly metrics)")
    what = p.add_subparsers(dest="what", required=True, metavar="WHAT")
    m = what.add_parser(
        "metrics",
        help="monthly figures per employee with their sample sizes",
        description=__doc__.split("\n\n", 1)[1],
    )
    m.add_argument("--format", choices=("csv", "json", "xlsx"), default="csv")
    m.add_argument("--month", metavar="YYYY-MM", help="only this month")
    m.add_argument("--output", "-o", type=Path, metavar="FILE", help="write here instead of stdout")
    add_actor_arguments(m)
    m.set_defaults(handler=_export_metrics)


def _export_metrics(args) -> int:
    from serviceladder.cli.actor import resolve_cli_actor
    from serviceladder.core import spreadsheet_safety
    from serviceladder.metrics.selectors import EXPORT_COLUMNS, export_rows

    if args.month and not _MONTH.fullmatch(args.month):
        print(f"serviceladder: {args.month} is not a month; write YYYY-MM.", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.format == "xlsx" and args.output is None and sys.stdout.isatty():
        print("serviceladder: XLSX is binary; pass --output FILE.", file=sys.stderr)
        return EXIT_BAD_INPUT
    actor = resolve_cli_actor(args.as_user)
    rows = export_rows(actor.user, month=args.month)
    if args.format == "csv":
        data = spreadsheet_safety.csv_bytes(EXPORT_COLUMNS, rows)
    elif args.format == "json":
        records = [dict(zip(EXPORT_COLUMNS, row, strict=True)) for row in rows]
        data = (json.dumps(records, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    else:
        data = spreadsheet_safety.xlsx_bytes(EXPORT_COLUMNS, rows, title="metrics")
    if args.output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        args.output.write_bytes(data)
    return 0
