"""Team activities (issue 16 item 6, seeds 003/004: social events, interest groups, stress-relief lectures,
recognition events): a calendar per team, department or the whole organisation, with sign-ups and attendance.
A case's "team activity" action links one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Activity(models.Model):
    class Kind(models.TextChoices):
        SOCIAL = "social", _("social event")
        INTEREST_GROUP = "interest_group", _("interest group")
        STRESS_LECTURE = "stress_lecture", _("stress-relief lecture")
        RECOGNITION_EVENT = "recognition_event", _("recognition event")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    # For a team, for a department, or (neither) for the whole organisation.
    team = models.ForeignKey("org.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    cancelled = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"activity {self.pk} {self.title}"


class ActivitySignup(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="signups")
    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, related_name="activity_signups")
    signed_up_at = models.DateTimeField(auto_now_add=True)
    attended = models.BooleanField(null=True, blank=True)  # None until the organiser records attendance

    class Meta:
        ordering = ["signed_up_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "employee"], name="one_signup_per_activity")
        ]

    def __str__(self) -> str:
        return f"activity {self.activity_id} signup {self.employee_id}"
