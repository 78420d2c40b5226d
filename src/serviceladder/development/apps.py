from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevelopmentConfig(AppConfig):
    name = "serviceladder.development"
    label = "development"
    verbose_name = _("Development")

    def ready(self) -> None:
        from serviceladder.daily.registry import daily_step
        from serviceladder.development import todos_conversations, todos_goals, todos_mentoring, todos_plans
        from serviceladder.development.services.assessments import assessment_rounds_close
        from serviceladder.development.services.goals import goals_judge_due
        from serviceladder.development.services.reminders import reminders_send
        from serviceladder.development.todos import KINDS, competency_todos
        from serviceladder.development.todos_assessments import KINDS as PEER_KINDS
        from serviceladder.development.todos_assessments import peer_rating_todos
        from serviceladder.todos.registry import register

        register("development", competency_todos, kinds=KINDS)
        register(
            "development.conversations",
            todos_conversations.conversation_todos,
            kinds=todos_conversations.KINDS,
        )
        register("development_goals", todos_goals.goal_todos, kinds=todos_goals.KINDS)
        register("development_assessments", peer_rating_todos, kinds=PEER_KINDS)
        # Steps run in name order: peer rounds close and goals are judged before the reminders go out.
        daily_step("development.assessment_rounds", lambda day: {"closed": assessment_rounds_close(day)})
        daily_step("development.goals", lambda day: {"judged": goals_judge_due(day)})
        daily_step("development.reminders", reminders_send)
        register("development.mentoring", todos_mentoring.mentoring_todos, kinds=todos_mentoring.KINDS)
        register("development_plans", todos_plans.plan_todos, kinds=todos_plans.KINDS)
