from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "serviceladder.metrics"
    label = "metrics"
