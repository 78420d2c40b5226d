"""`serviceladder import interactions FILE ...`; wired into `import` through add_interactions_parser."""

from __future__ import annotations

import argparse
import sys
import time

from serviceladder.cli.commands.import_templates_cli import add_template_arguments, file_or_template
from serviceladder.cli.main import EXIT_BAD_INPUT, add_actor_arguments
from serviceladder.core.limits import PROBLEMS_SHOWN
from serviceladder.metrics.months import MESSAGES


def add_interactions_parser(import_subparsers) -> argparse.ArgumentParser:
    from serviceladder.metrics.interactions.mapping import shipped_mapping_names, shipped_mappings

    shipped = shipped_mapping_names()
    p = import_subparsers.add_parser(
        "interactions",
        help="import raw interaction records (CSV, XLSX, Parquet) and recompute monthly figures",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    # The list of shipped mappings with their descriptions reads and checks each of them: done when the help
    # is shown, not at every import.
    format_help = p.format_help

    def help_with_mappings() -> str:
        p.epilog = "shipped mappings (--mapping NAME):\n" + "\n".join(
            f"  {name:<20}{text}" for name, text in shipped_mappings().items()
        )
        return format_help()

    p.format_help = help_with_mappings
    p.add_argument("file", nargs="?", metavar="FILE")
    p.add_argument(
        "--mapping",
        metavar="MAPPING",
        help="how the file's columns map onto the canonical schema: a YAML file, or the name of a shipped "
        f"mapping ({', '.join(shipped)}; listed below); default canonical",
    )
    p.add_argument(
        "--skip-unmatched",
        action="store_true",
        help="leave out rows whose agent matches no employee, or whose month has not begun or lies outside "
        "the agent's employment (counted in the report)",
    )
    p.add_argument(
        "--strict-ids",
        action="store_true",
        help="refuse the file when a repeated interaction id comes with another agent or start time "
        "(by default the later row replaces the earlier and the report lists them)",
    )
    p.add_argument(
        "--replace-month", metavar="YYYY-MM", help="drop this month's stored rows before importing"
    )
    p.add_argument(
        "--columns",
        metavar="NAME,NAME",
        help="update only these canonical columns (e.g. csat,resolved) of contacts already stored, matched "
        "by interaction_id; the file needs only interaction_id and these columns",
    )
    add_actor_arguments(p)
    add_template_arguments(p)
    p.set_defaults(handler=_import_interactions, prefetch=_prefetch_interactions)
    return p


def _prefetch_interactions(args):
    """Called by cli.main before Django is set up: start staging the file on a thread (see
    metrics/interactions/prefetch.py); None when there is nothing to stage ahead (a template, --columns)."""
    import os

    if args.template or args.file is None or args.columns is not None:
        return None
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "serviceladder.settings")
    from django.conf import settings

    from serviceladder.metrics.interactions.prefetch import Prefetch

    settings.INSTALLED_APPS  # noqa: B018 - the settings are loaded here, not by the thread and Django at once
    args.progress_bar = ProgressBar()
    return Prefetch(
        path=args.file,
        mapping=args.mapping,
        skip_unmatched=args.skip_unmatched,
        strict_ids=args.strict_ids,
        replace_month=args.replace_month,
        progress=args.progress_bar if args.progress_bar.enabled else None,
    )


class ProgressBar:
    """A one-line bar on stderr, redrawn only when it moves (and only on a terminal)."""

    def __init__(self, stream=None, width: int = 30) -> None:
        # sys.stderr looked up now, not at import (a test's captured stream may be gone by then)
        self.stream, self.width = stream or sys.stderr, width
        self.enabled = self.stream.isatty()
        self._last: tuple[str, int] | None = None
        self._start = time.monotonic()

    def __call__(self, stage: str, fraction: float) -> None:
        if not self.enabled:
            return
        pct = int(max(0.0, min(1.0, fraction)) * 100)
        if self._last == (stage, pct):
            return
        self._last = (stage, pct)
        filled = self.width * pct // 100
        bar = "#" * filled + "-" * (self.width - filled)
        elapsed = time.monotonic() - self._start
        self.stream.write(f"\r[{bar}] {pct:3d}% {stage:<10} {elapsed:6.1f}s")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self._last is not None:
            self.stream.write("\n")
            self.stream.flush()


def _import_interactions(args) -> int:
    from serviceladder.cli.actor import resolve_cli_actor
    from serviceladder.metrics.interactions.columns import IdsNotStored
    from serviceladder.metrics.interactions.compute import IdsConflict, ImportRejected
    from serviceladder.metrics.services import interactions_import

    if file_or_template(args):
        return 0
    actor = resolve_cli_actor(args.as_user)
    bar = getattr(args, "progress_bar", None) or ProgressBar()
    try:
        report = interactions_import(
            actor=actor,
            path=args.file,
            mapping=args.mapping,
            skip_unmatched=args.skip_unmatched,
            replace_month=args.replace_month,
            progress=bar if bar.enabled else None,
            reason=args.reason,
            strict_ids=args.strict_ids,
            columns=args.columns,
            prefetched=getattr(args, "prefetched", None),
        )
    except IdsNotStored as exc:
        bar.close()
        _print_ids_not_stored(exc)
        return EXIT_BAD_INPUT
    except ImportRejected as exc:
        bar.close()
        _print_rejection(exc)
        return EXIT_BAD_INPUT
    except IdsConflict as exc:
        bar.close()
        print(f"serviceladder: {exc}", file=sys.stderr)
        for conflict in exc.conflicts[:PROBLEMS_SHOWN]:
            print(f"  row {conflict.row}: {conflict}", file=sys.stderr)
        if exc.total > min(len(exc.conflicts), PROBLEMS_SHOWN):
            print(f"  … and {exc.total - min(len(exc.conflicts), PROBLEMS_SHOWN):,} more", file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        bar.close()
    if report.columns:
        _print_columns_report(report)
        return 0
    print(
        f"{report.file}: {report.rows_read} rows read, {report.imported} imported, "
        f"{report.duplicates} duplicates, {report.unanswered} unanswered, "
        f"{report.no_customer_id} without customer id, {report.unmatched_rows} skipped (unmatched agents), "
        f"{report.impossible_month_rows} skipped (month not begun or outside the agent's employment)"
    )
    if report.unassigned_unanswered:
        print(
            f"  {report.unassigned_unanswered} unanswered without an agent in the months imported, counted "
            f"for their queue ({report.queue_rows} queue-months)"
        )
    skipped = sorted(report.unmatched.items())
    for agent, rows in skipped[:PROBLEMS_SHOWN]:
        print(f"  skipped agent {agent} ({rows} in the file)")
    if len(skipped) > PROBLEMS_SHOWN:
        print(f"  … and {len(skipped) - PROBLEMS_SHOWN:,} more agents ({len(skipped):,} in all)")
    if report.id_conflicts:
        print(
            f"{report.id_conflicts} repeated id(s) came with another agent or start time; the later row "
            "replaced the earlier (right for a re-export, a warning sign otherwise; --strict-ids refuses "
            "them):"
        )
        for c in report.id_conflict_examples:
            print(
                f"  id {c['id']} seen with agent {c['agent']} at {c['at']} and agent {c['then_agent']} "
                f"at {c['then_at']} (row {c['row']})"
            )
        if report.id_conflicts > len(report.id_conflict_examples):
            print(f"  … and {report.id_conflicts - len(report.id_conflict_examples):,} more")
    for group in report.impossible_months[:PROBLEMS_SHOWN]:
        reason = MESSAGES[group["reason"]] % group["params"]
        print(f"  skipped {group['agent']} {group['month']} ({group['rows']} in the file): {reason}")
    if report.impossible_month_rows > sum(g["rows"] for g in report.impossible_months[:PROBLEMS_SHOWN]):
        print(f"  … {report.impossible_month_rows:,} rows in impossible months in all")
    print(
        f"months stored: {', '.join(report.months_touched) or '-'}; "
        f"figures recomputed: {', '.join(report.months_recomputed) or '-'} "
        f"({report.metric_rows} employee-months)"
    )
    return 0


def _print_columns_report(report) -> None:
    print(
        f"{report.file}: {report.rows_read} rows read, {report.imported} updated, "
        f"{report.duplicates} duplicates, {report.ids_not_stored} skipped (id not stored); "
        f"columns updated: {', '.join(report.columns)}"
    )
    for case in report.ids_not_stored_examples:
        print(f"  skipped id {case} (not stored)")
    if report.ids_not_stored > len(report.ids_not_stored_examples):
        print(f"  … and {report.ids_not_stored - len(report.ids_not_stored_examples):,} more")
    print(
        f"months changed: {', '.join(report.months_touched) or '-'}; "
        f"figures recomputed: {', '.join(report.months_recomputed) or '-'} "
        f"({report.metric_rows} employee-months)"
    )


def _print_ids_not_stored(exc) -> None:
    err = sys.stderr
    print(f"serviceladder: {exc}", file=err)
    for p in exc.problems[:PROBLEMS_SHOWN]:
        print(f"  {p.place}, column {p.column}: {p.value!r} — {p.reason()}", file=err)
    if exc.problem_total > min(len(exc.problems), PROBLEMS_SHOWN):
        print(f"  … and {exc.problem_total - min(len(exc.problems), PROBLEMS_SHOWN):,} more", file=err)
    print("  (pass --skip-unmatched to update the stored ones and leave these out)", file=err)


def _print_rejection(exc) -> None:
    err = sys.stderr
    print(f"serviceladder: {exc}", file=err)
    for p in exc.problems[:PROBLEMS_SHOWN]:
        print(f"  {p.place}, column {p.column}: {p.value!r} — {p.reason()}", file=err)
    if exc.problem_total > min(len(exc.problems), PROBLEMS_SHOWN):
        shown = min(len(exc.problems), PROBLEMS_SHOWN)
        print(
            f"  … and {exc.problem_total - shown:,} more bad values ({exc.problem_total:,} in all)", file=err
        )
    agents = sorted(exc.unmatched.items(), key=lambda kv: (-kv[1], kv[0]))
    for agent, rows in agents[:PROBLEMS_SHOWN]:
        near = exc.near.get(agent)
        hint = " — did you mean " + " or ".join(f'"{n}"' for n in near) + "?" if near else ""
        print(f"  agent {agent!r} matches no employee; rows in the file: {rows}{hint}", file=err)
    if len(agents) > PROBLEMS_SHOWN:
        print(
            f"  … and {len(agents) - PROBLEMS_SHOWN:,} more agents who match no employee "
            f"({len(agents):,} in all)",
            file=err,
        )
    if exc.unmatched or exc.impossible_months:
        print("  (pass --skip-unmatched to import without those rows)", file=err)
