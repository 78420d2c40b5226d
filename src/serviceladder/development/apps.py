from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevelopmentConfig(AppConfig):
    name = "serviceladder.development"
    label = "development"
    verbose_name = _("Development")

    def ready(self) -> None:
        from serviceladder.daily.registry import daily_step
        from serviceladder.development import todos_conversations
        from serviceladder.development.services.reminders import reminders_send
        from serviceladder.development.todos import KINDS, competency_todos
        from serviceladder.todos.registry import register

        register("development", competency_todos, kinds=KINDS)
        register(
            "development.conversations",
            todos_conversations.conversation_todos,
            kinds=todos_conversations.KINDS,
        )
        daily_step("development.reminders", reminders_send)

        # --- daily steps built on other branches (issue 14): the lead wires them at merge -------------
        # TODO(merge): register `development.services.goals.goals_judge_due(day)` as "development.goals"
        # and `development.services.assessments.assessment_rounds_close(day)` as
        # "development.assessment_rounds", then remove this block.
        for step, module, name in (
            ("development.goals", "serviceladder.development.services.goals", "goals_judge_due"),
            (
                "development.assessment_rounds",
                "serviceladder.development.services.assessments",
                "assessment_rounds_close",
            ),
        ):
            try:
                fn = getattr(__import__(module, fromlist=[name]), name)
            except (ImportError, AttributeError):
                continue
            daily_step(step, fn)
        # --- end of the block to clean up at merge ----------------------------------------------------
