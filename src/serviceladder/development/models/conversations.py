"""Career conversations (issue 14, item 5; seed 003: the regular talk, the direction review at six months
of service). Shared notes are for the person; private notes only for their author and HR: never in exports,
notifications or the API for anyone else."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Conversation(models.Model):
    class Kind(models.TextChoices):
        REGULAR = "regular", pgettext_lazy("conversation kind", "career conversation")
        DIRECTION_REVIEW = "direction_review", pgettext_lazy("conversation kind", "direction review")

    employee = models.ForeignKey("org.Employee", on_delete=models.PROTECT, related_name="conversations")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REGULAR)
    held_on = models.DateField(_("held on"))
    topics = models.JSONField(_("topics"), default=list, blank=True)  # short texts
    shared_notes = models.TextField(_("notes shared with the employee"), blank=True)
    private_notes = models.TextField(_("private notes"), blank=True)
    next_on = models.DateField(_("next conversation"), null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_label = models.CharField(max_length=200)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["employee", "held_on"])]

    def __str__(self) -> str:
        return f"conversation {self.pk} with {self.employee_id} on {self.held_on}"


class Reminder(models.Model):
    """One reminder sent for one overdue item (a plan, a conversation) to one person: the daily job
    sends it once, and never again for the same item and due date."""

    kind = models.CharField(max_length=60)
    key = models.CharField(max_length=120)  # the overdue item: "conversation:employee:12"
    due = models.DateField()
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "due", "recipient"], name="one_reminder_per_item")
        ]
