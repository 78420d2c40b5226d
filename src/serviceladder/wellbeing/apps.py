from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WellbeingConfig(AppConfig):
    name = "serviceladder.wellbeing"
    label = "wellbeing"
    verbose_name = _("Wellbeing")

    def ready(self) -> None:
        # Each topic registers its kinds of pending work (todos.registry) and its daily steps here, importing
        # its services only when a step runs (see recognition.apps for why).
        _activities_ready()
        _retention_ready()


def _activities_ready() -> None:
    """The organiser's attendance to record after an activity."""
    from serviceladder.todos.registry import register
    from serviceladder.wellbeing import todos_activities

    register("wellbeing.activities", todos_activities.activity_todos, kinds=todos_activities.KINDS)


def _retention_ready() -> None:
    """The daily purge of wellbeing data past the policy's retention_months."""
    from serviceladder.daily.registry import daily_step

    def purge(day):
        from serviceladder.wellbeing.services.retention import retention_purge

        return retention_purge(today=day)

    daily_step("wellbeing.retention", purge)
