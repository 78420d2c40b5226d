from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "serviceladder.recognition"
    label = "recognition"
    verbose_name = _("Recognition and performance pay")

    def ready(self) -> None:
        # The daily steps import their services only when they run: every command starts the app registry,
        # and the services' imports are a visible part of a short command's start-up.
        # Each topic registers its kinds of pending work (todos.registry) and its daily steps (which run in
        # name order): stars, performance pay, coaching, improvement plans. Recognition itself leaves no
        # pending work.
        _stars_ready()
        _pay_ready()
        _coaching_ready()
        _improvement_ready()


def _stars_ready() -> None:
    """HR's computed periods to publish and nominations to decide, the lead's borderline people; the daily
    computation of the period that just ended."""
    from serviceladder.daily.registry import daily_step
    from serviceladder.recognition import todos_stars
    from serviceladder.todos.registry import register

    def compute_due(day):
        from serviceladder.recognition.services.stars import stars_compute_due

        return stars_compute_due(day)

    register("recognition.stars", todos_stars.star_todos, kinds=todos_stars.KINDS)
    daily_step("recognition.stars", compute_due)


def _pay_ready() -> None:
    """HR's month to propose and proposed month to approve."""
    from serviceladder.recognition import todos_pay
    from serviceladder.todos.registry import register

    register("recognition.pay", todos_pay.pay_todos, kinds=todos_pay.KINDS)


def _coaching_ready() -> None:
    """Coaching: the lead's open tasks and follow-ups, the person's sessions to acknowledge; the daily scan
    of the last complete month (idempotent: one task per person, rule and month)."""
    from serviceladder.daily.registry import daily_step
    from serviceladder.recognition import todos_coaching
    from serviceladder.todos.registry import register

    def scan(day):
        from serviceladder.recognition.services.coaching import coaching_scan

        return {"created": len(coaching_scan(today=day).created)}

    register("recognition.coaching", todos_coaching.coaching_todos, kinds=todos_coaching.KINDS)
    daily_step("recognition.coaching", scan)


def _improvement_ready() -> None:
    """Improvement plans: reviews, acknowledgments and outcomes due; the daily bottom-band scan."""
    from serviceladder.recognition.todos_improvement import register_improvement

    register_improvement()
