from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "serviceladder.recognition"
    label = "recognition"
    verbose_name = _("Recognition and performance pay")

    def ready(self) -> None:
        # Each topic registers its kinds of pending work (todos.registry) and its daily steps here, one
        # block per topic: stars, recognition, pay, coaching, improvement plans.
        # improvement plans
        from serviceladder.recognition.todos_improvement import register_improvement

        register_improvement()
