from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "serviceladder.learning"
    label = "learning"
    verbose_name = _("Learning")

    def ready(self) -> None:
        # Each topic registers its kinds of pending work (todos.registry) and its daily steps here, importing
        # its services only when a step runs (see recognition.apps for why).
        _curricula_ready()
        _exams_ready()
        _enrolments_ready()
        _completions_ready()


def _curricula_ready() -> None:
    """Curricula: overdue items on the lead's home; the daily enrolment of new hires and people entering a
    level, and the daily reminder of each overdue curriculum item (once)."""
    from serviceladder.daily.registry import daily_step
    from serviceladder.learning import todos_curricula
    from serviceladder.todos.registry import register

    def apply(day):
        from serviceladder.learning.services.curricula import apply_curricula

        return apply_curricula(day)

    def remind(day):
        from serviceladder.learning.services.curricula import curriculum_reminders_send

        return curriculum_reminders_send(day)

    register("learning.curricula", todos_curricula.curriculum_todos, kinds=todos_curricula.KINDS)
    daily_step("learning.curricula", apply)
    daily_step("learning.curriculum_reminders", remind)


def _exams_ready() -> None:
    """Exams: attempts awaiting marking in the markers' to-dos; the periodic step that submits attempts left
    open past their deadline with their autosaved answers."""
    from serviceladder.daily.registry import daily_step
    from serviceladder.learning import todos_exams
    from serviceladder.todos.registry import register

    def close(day):
        from serviceladder.learning.services.attempts import attempts_close_overdue

        return attempts_close_overdue()

    register("learning.exams", todos_exams.exam_todos, kinds=todos_exams.KINDS)
    daily_step("learning.exam_attempts", close)


def _enrolments_ready() -> None:
    """Sessions and enrolments: courses to book or finish, sessions to mark, a team's overdue courses in the
    to-do registry; the daily cancellation of leavers' open enrolments, then the reminders of tomorrow's
    sessions and of overdue enrolments (each once)."""
    from serviceladder.daily.registry import daily_step
    from serviceladder.learning import todos_enrolments
    from serviceladder.todos.registry import register

    def sessions_tomorrow(day):
        from serviceladder.learning.services.reminders import session_reminders_send

        return session_reminders_send(day)

    def overdue(day):
        from serviceladder.learning.services.reminders import overdue_reminders_send

        return overdue_reminders_send(day)

    def leavers(day):
        from serviceladder.learning.services.sessions import leavers_enrolments_cancel

        return leavers_enrolments_cancel(day)

    register("learning.enrolments", todos_enrolments.enrolment_todos, kinds=todos_enrolments.KINDS)
    daily_step("learning.leavers", leavers)  # steps run in name order: before the reminders
    daily_step("learning.session_reminders", sessions_tomorrow)
    daily_step("learning.overdue_reminders", overdue)


def _completions_ready() -> None:
    """Completions: the daily renewal of certifications about to expire (their holders enrolled again, once
    per completion) and the daily expiry of completed enrolments whose completion stopped counting (once
    each)."""
    from serviceladder.daily.registry import daily_step

    def renew(day):
        from serviceladder.learning.services.renewals import renewals_enrol

        return renewals_enrol(day)

    def expire(day):
        from serviceladder.learning.services.expiry import enrolments_expire

        return enrolments_expire(day)

    daily_step("learning.renewals", renew)
    daily_step("learning.expiry", expire)
