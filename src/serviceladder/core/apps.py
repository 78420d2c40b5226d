from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "serviceladder.core"
    label = "core"
