from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WellbeingConfig(AppConfig):
    name = "serviceladder.wellbeing"
    label = "wellbeing"
    verbose_name = _("Wellbeing")

    def ready(self) -> None:
        # Each topic registers its kinds of pending work (todos.registry) and its daily steps here, importing
        # its services only when a step runs (see recognition.apps for why).
        _pulse_ready()


def _pulse_ready() -> None:
    """The pulse: the person's pulse to answer; the daily step that opens and closes cycles by date."""
    from serviceladder.daily.registry import daily_step
    from serviceladder.todos.registry import register
    from serviceladder.wellbeing import todos_pulse

    def cycles(day):
        from serviceladder.wellbeing.services.pulse import pulse_cycles_step

        return pulse_cycles_step(day)

    register("wellbeing.pulse", todos_pulse.pulse_todos, kinds=todos_pulse.KINDS)
    daily_step("wellbeing.pulse", cycles)
