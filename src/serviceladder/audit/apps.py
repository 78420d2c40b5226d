from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _reinstall_triggers(sender, using="default", **kwargs) -> None:
    # A migration that rebuilds the audit table on SQLite drops its triggers: put them back every time.
    from django.db import connections

    from serviceladder.audit.triggers import audit_triggers_install

    audit_triggers_install(connections[using])


class AuditConfig(AppConfig):
    name = "serviceladder.audit"
    label = "audit"

    def ready(self) -> None:
        post_migrate.connect(_reinstall_triggers, sender=self, dispatch_uid="audit_append_only_triggers")
