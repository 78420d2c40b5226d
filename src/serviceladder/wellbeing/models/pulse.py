"""The anonymous pulse (issue 16 item 4). Identity and answers are kept apart:

- `PulseAnswered` (cycle, person) exists only so nobody answers twice;
- `PulseResponse` (cycle, team and department at the time, values, comment) has no person, no time finer
  than the cycle, and a random key, so nothing orders or links it to `PulseAnswered`; closing a cycle
  rewrites its responses in a random order, so not even the table's physical order follows the answering;
- `PulseShared` holds the answers a person chose to share with their lead (named, revocable). Those answers
  feed a wellbeing signal and are never part of the anonymous totals, so a lead cannot subtract them."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PulseCycle(models.Model):
    class State(models.TextChoices):
        SCHEDULED = "scheduled", pgettext_lazy("pulse", "scheduled")
        OPEN = "open", pgettext_lazy("pulse", "open")
        CLOSED = "closed", pgettext_lazy("pulse", "closed")

    month = models.CharField(_("month"), max_length=7, unique=True)  # YYYY-MM
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    # The questions as the policy had them when HR scheduled the cycle: [{"code", "theme", "zh", "en"}, ...]
    questions = models.JSONField(default=list)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.SCHEDULED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"pulse {self.month} ({self.state})"


class PulseAnswered(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cycle = models.ForeignKey(PulseCycle, on_delete=models.CASCADE, related_name="answered")
    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "employee"], name="one_pulse_answer_per_cycle")
        ]

    def __str__(self) -> str:
        return f"pulse {self.cycle_id} answered"


class PulseResponse(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cycle = models.ForeignKey(PulseCycle, on_delete=models.CASCADE, related_name="responses")
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, null=True, related_name="+")
    team = models.ForeignKey("org.Team", on_delete=models.PROTECT, null=True, related_name="+")
    values = models.JSONField(default=dict)  # question code → 1..5
    comment = models.TextField(blank=True)

    def __str__(self) -> str:
        return "pulse response"


class PulseShared(models.Model):
    cycle = models.ForeignKey(PulseCycle, on_delete=models.CASCADE, related_name="shared")
    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, related_name="pulse_shared")
    values = models.JSONField(default=dict)
    comment = models.TextField(blank=True)
    shared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "employee"], name="one_shared_pulse_per_cycle")
        ]

    def __str__(self) -> str:
        return f"pulse {self.cycle_id} shared by {self.employee_id}"
