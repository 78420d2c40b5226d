from django.apps import AppConfig


class LadderConfig(AppConfig):
    name = "serviceladder.ladder"
    label = "ladder"
