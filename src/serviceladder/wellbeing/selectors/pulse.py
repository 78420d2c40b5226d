"""Reads of the pulse for the pages (issue 16 item 4): the cycle open now, whether the reader has answered
it, the cycles HR manages, the answers shared with a lead. Results are in pulse_results."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from serviceladder.accounts.scoping import pulse_shared_visible_to, user_employee
from serviceladder.wellbeing.errors_pulse import PulseCycleNotFound
from serviceladder.wellbeing.models import PulseAnswered, PulseCycle, PulseShared


def open_cycle() -> PulseCycle | None:
    return PulseCycle.objects.filter(state=PulseCycle.State.OPEN).order_by("-month").first()


def cycle_get(pk) -> PulseCycle:
    try:
        return PulseCycle.objects.get(pk=int(pk))
    except (PulseCycle.DoesNotExist, TypeError, ValueError):
        raise PulseCycleNotFound() from None


@dataclass(frozen=True)
class MyPulse:
    """Where the reader stands in a cycle: answered or not, and their own shared answers (which they may
    take back). Whether an anonymous answer was given is all there is to know of it."""

    cycle: PulseCycle
    answered: bool
    shared: PulseShared | None


def my_pulse(user, cycle: PulseCycle) -> MyPulse | None:
    me = user_employee(user)
    if me is None:
        return None
    answered = PulseAnswered.objects.filter(cycle=cycle, employee=me).exists()
    shared = PulseShared.objects.filter(cycle=cycle, employee=me).first() if answered else None
    return MyPulse(cycle, answered, shared)


def cycles_with_counts():
    """Every cycle with how many answered it (anonymous and shared together: the page shows one number)."""
    return PulseCycle.objects.annotate(answered_count=Count("answered", distinct=True)).order_by("-month")


def shared_with(user, *, limit: int = 500):
    """The answers shared with this user, newest cycle first."""
    return (
        pulse_shared_visible_to(user)
        .select_related("cycle", "employee__team")
        .order_by("-cycle__month", "employee__name", "pk")[:limit]
    )
