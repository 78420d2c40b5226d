from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevelopmentConfig(AppConfig):
    name = "serviceladder.development"
    label = "development"
    verbose_name = _("Development")

    def ready(self) -> None:
        from serviceladder.daily.registry import daily_step
        from serviceladder.development import todos_conversations, todos_goals
        from serviceladder.development.services.goals import goals_judge_due
        from serviceladder.development.services.reminders import reminders_send
        from serviceladder.development.todos import KINDS, competency_todos
        from serviceladder.todos.registry import register

        register("development", competency_todos, kinds=KINDS)
        register(
            "development.conversations",
            todos_conversations.conversation_todos,
            kinds=todos_conversations.KINDS,
        )
        register("development_goals", todos_goals.goal_todos, kinds=todos_goals.KINDS)
        # Goals are judged before the reminders go out, so a goal judged today is not reminded of.
        daily_step("development.goals", goals_judge_due)
        daily_step("development.reminders", reminders_send)
