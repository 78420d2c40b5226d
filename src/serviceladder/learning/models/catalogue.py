"""The course catalogue (issue 17 item 1; seeds 001 §7, 002, 003): what can be learnt, how it is delivered,
what it develops, how long a completion stays valid, and who may train it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Course(models.Model):
    class Mode(models.TextChoices):
        CLASSROOM = "classroom", _("internal classroom")
        ONLINE = "online", _("online")
        EXTERNAL = "external", _("external")
        MENTOR = "mentor", _("mentor-led")
        ON_THE_JOB = "on_the_job", _("on the job")

    # The code a policy names in `trainings:` and in a transition's `trainings` condition.
    code = models.CharField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    mode = models.CharField(_("delivery mode"), max_length=20, choices=Mode.choices, default=Mode.CLASSROOM)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1, null=True, blank=True)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    # Months a completion stays valid (a certification); None: it never expires.
    validity_months = models.PositiveSmallIntegerField(_("valid for (months)"), null=True, blank=True)
    # A certification's holder is enrolled again this many days before their completion expires (the daily
    # step learning.renewals); 0: no automatic renewal.
    renewal_days = models.PositiveSmallIntegerField(
        _("renew (days before expiry)"), default=30, db_default=30
    )
    # {competency code: proficiency 1–5 it develops to}; codes from the policy's competencies.
    competencies = models.JSONField(_("competencies"), default=dict, blank=True)
    prerequisites = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="required_for", verbose_name=_("prerequisites")
    )
    self_enrol = models.BooleanField(_("people may enrol themselves"), default=False)
    active = models.BooleanField(_("active"), default=True)
    # Defined by a policy's `trainings:` section: loading the policy keeps its names and hours current.
    from_policy = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"course {self.code}"

    @property
    def name(self) -> str:
        from serviceladder.core.i18n import pick

        return pick(self.name_zh, self.name_en)

    @property
    def description(self) -> str:
        from serviceladder.core.i18n import pick

        return pick(self.description_zh, self.description_en)


class CourseTrainer(models.Model):
    """A per-course trainer grant (HR grants it, audited): the trainer sees the course's sessions' rosters and
    marks attendance and completion."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="trainers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_grants")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["course_id", "user_id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "user"], name="one_trainer_grant_per_course")
        ]
