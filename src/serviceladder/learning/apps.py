from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "serviceladder.learning"
    label = "learning"
    verbose_name = _("Learning")

    def ready(self) -> None:
        # Each topic registers its kinds of pending work (todos.registry) and its daily steps here, importing
        # its services only when a step runs (see recognition.apps for why).
        pass
