from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "serviceladder.metrics"
    label = "metrics"

    def ready(self) -> None:
        from serviceladder.metrics.todos import KINDS, import_todos
        from serviceladder.todos.registry import register

        register("metrics", import_todos, kinds=KINDS)
