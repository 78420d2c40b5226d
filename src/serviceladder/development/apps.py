from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevelopmentConfig(AppConfig):
    name = "serviceladder.development"
    label = "development"
    verbose_name = _("Development")

    def ready(self) -> None:
        from serviceladder.development.todos import KINDS, competency_todos
        from serviceladder.todos.registry import register

        register("development", competency_todos, kinds=KINDS)

        from serviceladder.development import todos_plans

        register("development_plans", todos_plans.plan_todos, kinds=todos_plans.KINDS)
