"""The superior's confirmation of a person's competencies against a level."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CompetencyConfirmation(models.Model):
    """A superior rated the person against the target level's competency profile (policy clause
    `competency_confirmation`). The required profile is read from `policy_version`, which never changes."""

    employee = models.ForeignKey(
        "org.Employee", on_delete=models.CASCADE, related_name="competency_confirmations"
    )
    target_level_code = models.CharField(_("target level"), max_length=40)
    policy_version = models.ForeignKey("policy.PolicyVersion", on_delete=models.PROTECT, related_name="+")
    ratings = models.JSONField(_("ratings"), default=dict)  # competency code → 1..5
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_by_label = models.CharField(_("confirmed by"), max_length=200)
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-confirmed_at", "-pk"]
        indexes = [models.Index(fields=["employee", "target_level_code"])]

    def __str__(self) -> str:
        return f"{self.employee_id} → {self.target_level_code}"
