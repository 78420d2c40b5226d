"""Improvement plans for the bottom band (issue 15, item 5; seed 003 末位): entering the band opens one
proposal that the lead and HR review — never an automatic sanction. An active plan has goals (development
goals, judged by the rules), support actions, check-ins, the person's acknowledgment and response, and an
outcome."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ImprovementPlan(models.Model):
    class State(models.TextChoices):
        PROPOSED = "proposed", pgettext_lazy("improvement plan", "proposed")
        ACTIVE = "active", pgettext_lazy("improvement plan", "active")
        DECLINED = "declined", pgettext_lazy("improvement plan", "not started")
        COMPLETED = "completed", pgettext_lazy("improvement plan", "completed")
        EXTENDED = "extended", pgettext_lazy("improvement plan", "extended")
        CLOSED = "closed", pgettext_lazy("improvement plan", "closed")

    employee = models.ForeignKey("org.Employee", on_delete=models.PROTECT, related_name="improvement_plans")
    entered_month = models.CharField(_("entered the bottom band in"), max_length=7)
    evidence = models.JSONField(default=dict, blank=True)  # the kernel's explanation of the band check
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PROPOSED)
    created_at = models.DateTimeField(auto_now_add=True)
    lead_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lead_reviewed_at = models.DateTimeField(null=True, blank=True)
    lead_note = models.TextField(_("lead's note"), blank=True)
    hr_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    hr_reviewed_at = models.DateTimeField(null=True, blank=True)
    hr_note = models.TextField(_("HR's note"), blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    support_actions = models.TextField(_("support"), blank=True)
    goal_lineages = models.JSONField(default=list, blank=True)  # development goals of this plan
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledgment_comment = models.TextField(_("comment on acknowledging"), blank=True)
    agent_response = models.TextField(_("the employee's response"), blank=True)
    outcome_reason = models.TextField(_("reason"), blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "entered_month"], name="one_improvement_proposal_per_entry"
            )
        ]

    def __str__(self) -> str:
        return f"improvement plan {self.pk} for {self.employee_id}"


class ImprovementCheckIn(models.Model):
    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="check_ins")
    date = models.DateField(_("date"))
    note = models.TextField(_("note"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]
