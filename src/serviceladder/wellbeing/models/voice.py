"""The voice channel (issue 16 item 5, seed 004: respect through a channel whose answers have a deadline): a
suggestion, a complaint about a management decision or a grievance, named or anonymous to everyone but HR,
addressed to HR or to a department; an owner, an answer deadline in working days, one escalation when it
passes, and an answer the submitter reads (and, if HR publishes it, all staff without the submitter)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class VoiceItem(models.Model):
    class Kind(models.TextChoices):
        SUGGESTION = "suggestion", _("suggestion")
        DECISION_COMPLAINT = "decision_complaint", _("complaint about a management decision")
        GRIEVANCE = "grievance", _("grievance")

    class Addressee(models.TextChoices):
        HR = "hr", _("HR")
        DEPARTMENT = "department", _("my department")

    class State(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("voice", "submitted")
        IN_PROGRESS = "in_progress", pgettext_lazy("voice", "in progress")
        ANSWERED = "answered", pgettext_lazy("voice", "answered")
        WITHDRAWN = "withdrawn", pgettext_lazy("voice", "withdrawn")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    addressed_to = models.CharField(_("to"), max_length=12, choices=Addressee.choices)
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, null=True, related_name="+")
    submitter = models.ForeignKey("org.Employee", on_delete=models.PROTECT, related_name="voice_items")
    anonymous = models.BooleanField(_("anonymous to everyone but HR"), default=False)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("what you want to say"))
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.SUBMITTED)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    due_on = models.DateField(_("answer due"))
    # The years of the holiday calendar the deadline was counted in without their official schedule (weekends
    # only); empty once every year counted is official. Recomputed when HR imports such a year.
    due_provisional_years = models.JSONField(_("provisional calendar years"), default=list, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published = models.BooleanField(_("answer published to all staff"), default=False)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["state", "due_on"], name="voice_state_due")]

    def __str__(self) -> str:
        return f"voice {self.pk} ({self.kind}, {self.state})"

    @property
    def due_provisional(self) -> bool:
        return bool(self.due_provisional_years)

    @property
    def due_provisional_label(self) -> str:
        return ", ".join(str(y) for y in self.due_provisional_years)
