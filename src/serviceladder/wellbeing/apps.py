from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WellbeingConfig(AppConfig):
    name = "serviceladder.wellbeing"
    label = "wellbeing"
    verbose_name = _("Wellbeing")

    def ready(self) -> None:
        # Each topic registers its kinds of pending work (todos.registry) and its daily steps here, importing
        # its services only when a step runs (see recognition.apps for why).
        _signals_ready()


def _signals_ready() -> None:
    """Stages and signals: the daily scan of the last complete month once it has figures."""
    from serviceladder.daily.registry import daily_step

    def scan(day):
        from serviceladder.wellbeing.services.scan import scan_due

        return scan_due(day)

    daily_step("wellbeing.signals", scan)
