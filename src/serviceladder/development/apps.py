from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevelopmentConfig(AppConfig):
    name = "serviceladder.development"
    label = "development"
    verbose_name = _("Development")

    def ready(self) -> None:
        from serviceladder.development.todos import KINDS, competency_todos
        from serviceladder.development.todos_assessments import KINDS as PEER_KINDS
        from serviceladder.development.todos_assessments import peer_rating_todos
        from serviceladder.todos.registry import register

        register("development", competency_todos, kinds=KINDS)
        register("development_assessments", peer_rating_todos, kinds=PEER_KINDS)
