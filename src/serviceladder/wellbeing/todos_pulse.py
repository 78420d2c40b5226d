"""The pulse's work for the to-do registry (registered in apps.py): "Answer this month's pulse" for a person
who may answer while a cycle is open and they have not answered it. It goes away once they answer
(anonymously or shared) and when the cycle closes. Nobody is told who has not answered."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import can_answer_pulse, user_employee
from serviceladder.core.translatable import Message
from serviceladder.todos.registry import TodoItem
from serviceladder.wellbeing.models import PulseAnswered, PulseCycle

TO_ANSWER = "wellbeing.pulse_to_answer"
KINDS = {TO_ANSWER: _("Pulse to answer")}
TITLE = _("Answer this month's pulse ({month})")
DETAIL = _("A few questions, anonymous; open until {date}.")


def pulse_todos(user) -> list[TodoItem]:
    if not can_answer_pulse(user):
        return []
    cycle = PulseCycle.objects.filter(state=PulseCycle.State.OPEN).order_by("-month").first()
    if cycle is None:
        return []
    if PulseAnswered.objects.filter(cycle=cycle, employee=user_employee(user)).exists():
        return []
    return [
        TodoItem(
            kind=TO_ANSWER,
            title=Message(TITLE, month=cycle.month),
            detail=Message(DETAIL, date=cycle.closes_on.isoformat()),
            url=reverse("pulse_answer"),
            due=cycle.closes_on,
            key=f"pulse:{cycle.pk}",
        )
    ]
