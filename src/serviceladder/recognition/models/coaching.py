"""Coaching from KPI drops (issue 15, item 4): a policy coaching rule that fires for a person in a month
gives their lead one task with the evidence; the lead records the session, the person acknowledges it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CoachingTask(models.Model):
    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("coaching", "open")
        RECORDED = "recorded", pgettext_lazy("coaching", "session recorded")
        ACKNOWLEDGED = "acknowledged", pgettext_lazy("coaching", "acknowledged")
        DISMISSED = "dismissed", pgettext_lazy("coaching", "dismissed")

    employee = models.ForeignKey("org.Employee", on_delete=models.PROTECT, related_name="coaching_tasks")
    rule_code = models.CharField(_("rule"), max_length=40)
    metric = models.CharField(_("metric"), max_length=40)
    month = models.CharField(_("month"), max_length=7)  # the last month the rule looked at
    evidence = models.JSONField(default=dict, blank=True)  # the kernel's explanation of the check
    created_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.OPEN)
    session_on = models.DateField(_("session held on"), null=True, blank=True)
    focus_metric = models.CharField(_("focus metric"), max_length=40, blank=True)
    focus_competency = models.CharField(_("focus competency"), max_length=40, blank=True)
    agreed = models.TextField(_("what was agreed"), blank=True)
    follow_up_on = models.DateField(_("follow-up date"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    agent_comment = models.TextField(_("comment"), blank=True)
    dismissed_reason = models.TextField(_("reason for dismissing"), blank=True)
    goal_lineage = models.UUIDField(null=True, blank=True)  # the development goal made from it
    followed_up_on = models.DateField(_("followed up on"), null=True, blank=True)
    follow_up_note = models.TextField(_("follow-up note"), blank=True)

    class Meta:
        ordering = ["-month", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "rule_code", "month"], name="one_coaching_task_per_trigger"
            )
        ]

    def __str__(self) -> str:
        return f"coaching {self.pk} for {self.employee_id} ({self.rule_code} {self.month})"
