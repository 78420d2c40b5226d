from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "serviceladder.audit"
    label = "audit"
