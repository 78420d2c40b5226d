"""Wellbeing cases (issue 16 item 3): the lead (or HR) acts on a warning with actions from a catalogue —
before, during or after burnout (seed 004) —, each with an owner and a due date, follows up, and closes the
case with an outcome and a reason. A case may link the person's development plan."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Phase(models.TextChoices):
    BEFORE = "before", pgettext_lazy("burnout phase", "before (prevent)")
    DURING = "during", pgettext_lazy("burnout phase", "during (relieve)")
    AFTER = "after", pgettext_lazy("burnout phase", "after (recover)")


class ActionKind(models.TextChoices):
    CONVERSATION = "conversation", _("a conversation")
    WORKLOAD_RELIEF = "workload_relief", _("workload relief")
    SCHEDULE_CHANGE = "schedule_change", _("a schedule change")
    ROTATION = "rotation", _("rotation to other work")
    BREAK = "break", _("a break")
    COACHING = "coaching", _("coaching")
    TRACK_TALK = "track_talk", _("a talk about the expert or transfer track")
    STRESS_RELIEF = "stress_relief", _("a stress-relief session")
    TEAM_ACTIVITY = "team_activity", _("a team activity")


class Case(models.Model):
    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("wellbeing case", "open")
        CLOSED = "closed", pgettext_lazy("wellbeing case", "closed")

    class CloseReason(models.TextChoices):
        RESOLVED = "resolved", _("the situation improved")
        NO_ISSUE = "no_issue", _("no problem after talking")
        MOVED = "moved", _("moved to another role or track")
        LEFT = "left", _("left the company")
        OTHER = "other", _("other")

    employee = models.ForeignKey("org.Employee", on_delete=models.PROTECT, related_name="wellbeing_cases")
    assessment = models.ForeignKey(
        "wellbeing.WellbeingAssessment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
    )
    signals = models.JSONField(default=list, blank=True)  # the signal codes the case answers
    phase = models.CharField(_("phase"), max_length=8, choices=Phase.choices, default=Phase.BEFORE)
    summary = models.TextField(_("what we noticed"), blank=True)
    development_plan = models.ForeignKey(
        "development.DevelopmentPlan", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    outcome = models.TextField(_("outcome"), blank=True)
    close_reason = models.CharField(
        _("reason for closing"), max_length=12, choices=CloseReason.choices, blank=True
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        constraints = [
            # One open case per person: a second warning is followed up in the case already open.
            models.UniqueConstraint(
                fields=["employee"], condition=models.Q(state="open"), name="one_open_wellbeing_case"
            )
        ]

    def __str__(self) -> str:
        return f"wellbeing case {self.pk} for {self.employee_id} ({self.state})"


class CaseAction(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("action"), max_length=20, choices=ActionKind.choices)
    note = models.TextField(_("details"), blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    activity = models.ForeignKey(
        "wellbeing.Activity", on_delete=models.SET_NULL, null=True, blank=True, related_name="case_actions"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    reminded_on = models.DateField(null=True, blank=True)  # the overdue reminder is sent once

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"case {self.case_id} action {self.kind} due {self.due_on}"


class CaseFollowUp(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    held_on = models.DateField(_("date"))
    note = models.TextField(_("follow-up"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"case {self.case_id} follow-up {self.held_on}"
