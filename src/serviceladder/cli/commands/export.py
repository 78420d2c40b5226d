"""`serviceladder export metrics|queues --format csv|json|xlsx [--month YYYY-MM] [--output FILE]`.

metrics: one row per employee-month with every figure and its sample size (`contacts` for the contact-based
figures, `csat_rated` for CSAT; empty = not provided by the source), limited to the people whose performance
the acting user (--as, or the marked OS user) may see.

queues: one row per queue and month (offered, answered, abandoned, of which without an agent, abandon rate,
service level), limited to the queues the acting user sees on the Queues page.
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
    qp = what.add_parser(
        "queues",
        help="queue figures per month (the Queues page)",
        description="One row per queue and month: offered, answered, abandoned (of which without an agent), "
        "abandon rate and service level as shares 0-1, limited to the queues the acting user sees on the "
        "Queues page (HR and management: all; a department head: their department's).",
    )
    qp.add_argument("--format", choices=("csv", "json", "xlsx"), default="csv")
    qp.add_argument("--month", metavar="YYYY-MM", help="only this month")
    qp.add_argument("--output", "-o", type=Path, metavar="FILE", help="write here instead of stdout")
    add_actor_arguments(qp)
    qp.set_defaults(handler=_export_queues)


def _bad_arguments(args) -> str | None:
    if args.month and not _MONTH.fullmatch(args.month):
        return f"{args.month} is not a month; write YYYY-MM."
    if args.format == "xlsx" and args.output is None and sys.stdout.isatty():
        return "XLSX is binary; pass --output FILE."
    return None


def _export_metrics(args) -> int:
    from serviceladder.cli.actor import resolve_cli_actor
    from serviceladder.metrics.selectors import EXPORT_COLUMNS, export_rows

    problem = _bad_arguments(args)
    if problem:
        print(f"serviceladder: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    actor = resolve_cli_actor(args.as_user)
    return _write(args, EXPORT_COLUMNS, export_rows(actor.user, month=args.month), title="metrics")


def _export_queues(args) -> int:
    from serviceladder.cli.actor import resolve_cli_actor
    from serviceladder.metrics.selectors import QUEUE_EXPORT_COLUMNS, queue_export_rows

    problem = _bad_arguments(args)
    if problem:
        print(f"serviceladder: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    actor = resolve_cli_actor(args.as_user)
    return _write(args, QUEUE_EXPORT_COLUMNS, queue_export_rows(actor.user, month=args.month), title="queues")


def _write(args, columns, rows, *, title: str) -> int:
    """The rows as CSV (formula-safe, CRLF), JSON records or XLSX (text cells), to --output or stdout."""
    from serviceladder.core import spreadsheet_safety

    if args.format == "csv":
        data = spreadsheet_safety.csv_bytes(columns, rows)
    elif args.format == "json":
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        data = (json.dumps(records, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    else:
        data = spreadsheet_safety.xlsx_bytes(columns, rows, title=title)
    if args.output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        args.output.write_bytes(data)
    return 0
