"""`serviceladder migrate [--plan]`: apply the committed database migrations (after an upgrade)."""

from __future__ import annotations

from serviceladder.cli.main import EXIT_OK


def register(sub) -> None:
    p = sub.add_parser(
        "migrate",
        help="apply the committed database migrations (after an upgrade; back up first)",
        description="Apply the database migrations this version of serviceladder brings and say which. "
        "Every other command refuses to run while some are pending (a database that already holds data is "
        "never migrated silently); an empty database is migrated by the first command.",
    )
    p.add_argument("--plan", action="store_true", help="list the migrations to apply; apply nothing")
    p.set_defaults(handler=_run, needs_database=False)


def _run(args) -> int:
    from django.db import DatabaseError

    from serviceladder.cli.database import (
        DatabaseUnusable,
        describe,
        first_line,
        migrations_apply,
        pending_migrations,
    )

    try:
        if args.plan:
            print(describe(pending_migrations(), plan=True))
        else:
            print(describe(migrations_apply()))
    except DatabaseError as exc:
        raise DatabaseUnusable(first_line(exc)) from exc
    return EXIT_OK
