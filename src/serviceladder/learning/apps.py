from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "serviceladder.learning"
    label = "learning"
    verbose_name = _("Learning")

    def ready(self) -> None:
        # Each topic registers its kinds of pending work (todos.registry) and its daily steps here, importing
        # its services only when a step runs (see recognition.apps for why).
        _enrolments_ready()


def _enrolments_ready() -> None:
    """Sessions and enrolments: courses to book or finish, sessions to mark, a team's overdue courses in the
    to-do registry; the daily reminders of tomorrow's sessions and of overdue enrolments (each once)."""
    from serviceladder.daily.registry import daily_step
    from serviceladder.learning import todos_enrolments
    from serviceladder.todos.registry import register

    def sessions_tomorrow(day):
        from serviceladder.learning.services.reminders import session_reminders_send

        return session_reminders_send(day)

    def overdue(day):
        from serviceladder.learning.services.reminders import overdue_reminders_send

        return overdue_reminders_send(day)

    register("learning.enrolments", todos_enrolments.enrolment_todos, kinds=todos_enrolments.KINDS)
    daily_step("learning.session_reminders", sessions_tomorrow)
    daily_step("learning.overdue_reminders", overdue)
