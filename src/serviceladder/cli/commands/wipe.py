"""`serviceladder wipe --yes`: erase every table of the database (the audit log included) on purpose.

The audit log refuses UPDATE, DELETE and TRUNCATE in the database itself; this command (and Django's `flush`,
which it runs) is the one way around it. The Parquet store and the uploads are left as they are.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from serviceladder.cli.main import EXIT_OK, add_actor_arguments

WIPE_NEEDS_YES = _("This erases every table of the database, the audit log included; pass --yes to confirm.")
WIPED = _("The database is empty; the audit log starts again with the wipe.")


def register(sub) -> None:
    p = sub.add_parser("wipe", help="erase the whole database on purpose (asks for --yes)")
    p.add_argument("--yes", action="store_true", help="confirm: every row of every table is deleted")
    add_actor_arguments(p)
    p.set_defaults(handler=_run)


def _run(args) -> int:
    from django.contrib.auth import get_user_model

    from serviceladder.audit.wipe import database_wipe
    from serviceladder.cli.actor import resolve_cli_actor
    from serviceladder.core.errors import ValidationFailed

    if not args.yes:
        raise ValidationFailed(WIPE_NEEDS_YES)
    # Who asked is resolved before the users are erased (a database without users needs no actor).
    label = resolve_cli_actor(args.as_user).label if get_user_model().objects.exists() else "-"
    database_wipe(requested_by=label, reason=args.reason)
    print(WIPED)
    return EXIT_OK
