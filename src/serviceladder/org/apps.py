from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "serviceladder.org"
    label = "org"
