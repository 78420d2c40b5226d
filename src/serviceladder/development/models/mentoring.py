"""Mentoring (issue 14, item 6): HR or a lead pairs a mentor with a mentee; the mentor logs sessions and
sees the mentee's plan and goals, not their KPIs or pay (unless they may already see those)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Mentorship(models.Model):
    mentor = models.ForeignKey("org.Employee", on_delete=models.PROTECT, related_name="mentorships_given")
    mentee = models.ForeignKey("org.Employee", on_delete=models.PROTECT, related_name="mentorships_received")
    focus = models.CharField(_("focus"), max_length=300)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    every_weeks = models.PositiveSmallIntegerField(_("meet every (weeks)"), default=4)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(mentor=F("mentee")), name="mentor_is_not_mentee"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="mentorship_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor_id} mentors {self.mentee_id}"


class MentoringSession(models.Model):
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("held on"))
    notes = models.TextField(_("notes"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    logged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
