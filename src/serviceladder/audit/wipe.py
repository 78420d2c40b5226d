"""Erase a whole database on purpose: the one maintenance path around the audit log's append-only triggers."""

from __future__ import annotations

import getpass

from django.core.management import call_command
from django.db import transaction

from serviceladder.audit.services import Actor, audit_record

WIPE_ACTION = "database.wipe"


def database_wipe(*, requested_by: str, reason: str = "", using: str = "default") -> None:
    """Every table emptied (the `flush` command drops and re-creates the audit triggers around it); the log
    then starts again with one event saying who wiped it, from which OS account, and why."""
    with transaction.atomic(using=using):
        call_command("flush", interactive=False, verbosity=0, database=using)
        audit_record(
            actor=Actor(user=None, channel="cli"),
            action=WIPE_ACTION,
            after={"requested_by": requested_by, "os_user": getpass.getuser()},
            reason=reason,
        )
