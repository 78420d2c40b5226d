"""Django's `flush`, made to work across the audit log's append-only triggers.

It takes precedence over django.core's command (Django lets an installed app's command of the same name win).
The test suite's transactional and live-server tests, `demo --reset` and `serviceladder wipe` all flush
through it: the triggers are dropped, every table erased and the triggers re-created, in one transaction.
"""

from django.core.management.commands import flush
from django.db import connections, transaction

from serviceladder.audit.triggers import audit_triggers_drop, audit_triggers_install


class Command(flush.Command):
    help = flush.Command.help + " The audit log's append-only triggers are dropped for it and re-created."

    def handle(self, **options):
        database = options["database"]
        connection = connections[database]
        with transaction.atomic(using=database):
            audit_triggers_drop(connection)
            super().handle(**options)
            audit_triggers_install(connection)
