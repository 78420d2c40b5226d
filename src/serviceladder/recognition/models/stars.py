"""Star-service ratings (issue 15, item 1; seed 003 星级服务评选): one period (a month or a quarter) is
computed by the rule kernel under the policy version in force at its end, leads nominate borderline people one
tier up, HR reviews and publishes. A published period is history: never recomputed, never changed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class StarPeriod(models.Model):
    class Kind(models.TextChoices):
        MONTH = "month", pgettext_lazy("star period", "month")
        QUARTER = "quarter", pgettext_lazy("star period", "quarter")

    class State(models.TextChoices):
        COMPUTED = "computed", pgettext_lazy("star period", "computed")
        PUBLISHED = "published", pgettext_lazy("star period", "published")

    code = models.CharField(_("period"), max_length=7, unique=True)  # "2026-11" or "2026Q4"
    kind = models.CharField(_("kind"), max_length=7, choices=Kind.choices)
    first_month = models.CharField(max_length=7)
    last_month = models.CharField(max_length=7)
    policy_version = models.ForeignKey("policy.PolicyVersion", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.COMPUTED)
    computed_at = models.DateTimeField(_("computed at"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-last_month", "-code"]

    def __str__(self) -> str:
        return f"star period {self.code}"


class StarRating(models.Model):
    """One person's tier for one period: what the rules computed (with the explanation of every tier's
    conditions), a lead's nomination one tier up, HR's decision on it, and the tier published."""

    class Status(models.TextChoices):
        RATED = "rated", pgettext_lazy("star rating", "rated")
        INSUFFICIENT = "insufficient_data", pgettext_lazy("star rating", "not enough data")
        NOT_ELIGIBLE = "not_eligible", pgettext_lazy("star rating", "not eligible yet")

    class Decision(models.TextChoices):
        NONE = "", pgettext_lazy("nomination", "none")
        PENDING = "pending", pgettext_lazy("nomination", "waiting for HR")
        ACCEPTED = "accepted", pgettext_lazy("nomination", "accepted")
        DECLINED = "declined", pgettext_lazy("nomination", "declined")

    period = models.ForeignKey(StarPeriod, on_delete=models.CASCADE, related_name="ratings")
    employee = models.ForeignKey("org.Employee", on_delete=models.PROTECT, related_name="star_ratings")
    level_code = models.CharField(_("level"), max_length=40)
    team = models.ForeignKey("org.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    peer_group_size = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RATED)
    computed_stars = models.PositiveSmallIntegerField(_("stars computed"), default=0)
    # [{"stars": n, "passed": bool, "checks": [CheckResult as goals.explanation() dicts]}] highest tier first
    explanation = models.JSONField(default=list, blank=True)
    nominated_stars = models.PositiveSmallIntegerField(_("stars nominated"), null=True, blank=True)
    nomination_reason = models.TextField(_("reason for the nomination"), blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    nominated_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, blank=True, default=""
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    final_stars = models.PositiveSmallIntegerField(_("stars"), null=True, blank=True)  # set on publishing

    class Meta:
        ordering = ["period", "employee__number"]
        constraints = [
            models.UniqueConstraint(fields=["period", "employee"], name="one_star_rating_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.period_id}: {self.computed_stars}"
