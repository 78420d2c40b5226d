"""The `serviceladder` command. Thin: parses arguments, resolves the acting user, calls services.

Exit codes: 0 success, 2 bad input (one-line reason on stderr, or a report), 1 anything else.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from django.utils.translation import gettext_lazy

EXIT_OK, EXIT_ERROR, EXIT_BAD_INPUT = 0, 1, 2
CANNOT_READ = gettext_lazy("cannot read %(file)s: %(problem)s")

# Each module registers its subcommands; kept as names so `serviceladder --help` stays fast.
COMMAND_MODULES = [
    "serviceladder.cli.commands.demo",
    "serviceladder.cli.commands.serve",
    "serviceladder.cli.commands.migrate",
    "serviceladder.cli.commands.health",
    "serviceladder.cli.commands.imports",
    "serviceladder.cli.commands.users",
    "serviceladder.cli.commands.manage",
    "serviceladder.cli.commands.policy",
    "serviceladder.cli.commands.calendar",
    "serviceladder.cli.commands.eligibility",
    "serviceladder.cli.commands.export",
    "serviceladder.cli.commands.metrics_cli",
    "serviceladder.cli.commands.tokens",
    "serviceladder.cli.commands.whatif",
    "serviceladder.cli.commands.promotions",
    "serviceladder.cli.commands.wipe",
    "serviceladder.cli.commands.backup",
    "serviceladder.cli.commands.daily",
    "serviceladder.cli.commands.development",
    "serviceladder.cli.commands.bonus",
    "serviceladder.cli.commands.stars",
    "serviceladder.cli.commands.coaching",
    "serviceladder.cli.commands.improvement",
    "serviceladder.cli.commands.wellbeing",
    "serviceladder.cli.commands.learning",
]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "serviceladder.settings")
    import django

    from serviceladder.core.messages import compile_catalogues

    compile_catalogues()
    django.setup()


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(
        prog="serviceladder", description="Career development and promotion for customer-service teams."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def add_actor_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as", dest="as_user", metavar="USERNAME", help="record the change as this user")
    parser.add_argument("--reason", default="", help="why: written to the audit log")


def read_input_file(path) -> bytes:
    """The bytes of a file named on the command line; an unreadable file is bad input (exit 2)."""
    from pathlib import Path

    from serviceladder.core.errors import ValidationFailed

    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ValidationFailed(CANNOT_READ, file=path, problem=exc.strerror) from exc


def database_ready() -> None:
    """Before a command that needs the database: an empty one is migrated (said on stderr), one with
    pending migrations stops the command (MigrationsPending: exit 2). cli/database.py."""
    from serviceladder.cli import database

    note = database.database_ready()
    if note:
        print(note, file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    # A command may start work that needs no Django on a thread first (`prefetch`: import interactions);
    # whatever it left unused is cancelled at the end.
    prefetch = getattr(args, "prefetch", None)
    args.prefetched = prefetch(args) if prefetch is not None else None
    try:
        return _run(args, handler)
    finally:
        if args.prefetched is not None:
            args.prefetched.cancel()


def _run(args: argparse.Namespace, handler: Callable[[argparse.Namespace], int]) -> int:
    # Commands say needs_django=False (they set Django up themselves) or needs_database=False (they never
    # touch it, or handle it themselves: migrate, manage, restore); every other one passes the gate.
    django = getattr(args, "needs_django", True)
    if django:
        setup_django()
    from serviceladder.cli.database import DatabaseUnusable
    from serviceladder.core.errors import DomainError

    try:
        if django and getattr(args, "needs_database", True):
            database_ready()
        return handler(args) or EXIT_OK
    except DatabaseUnusable as exc:
        print(f"serviceladder: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except DomainError as exc:
        from serviceladder.org.imports.report import ImportRejected, format_report

        print(f"serviceladder: {exc}", file=sys.stderr)
        if isinstance(exc, ImportRejected):  # every bad row, as a table
            print(format_report(exc.errors), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return EXIT_ERROR
