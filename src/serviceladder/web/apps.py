from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "serviceladder.web"
    label = "web"
