from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "serviceladder.learning"
    label = "learning"
    verbose_name = _("Learning")

    def ready(self) -> None:
        # Each topic registers its kinds of pending work (todos.registry) and its daily steps here, importing
        # its services only when a step runs (see recognition.apps for why).
        _completions_ready()


def _completions_ready() -> None:
    """Completions: the daily expiry of completed enrolments whose completion stopped counting (once each)."""
    from serviceladder.daily.registry import daily_step

    def expire(day):
        from serviceladder.learning.services.expiry import enrolments_expire

        return enrolments_expire(day)

    daily_step("learning.expiry", expire)
