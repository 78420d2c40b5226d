"""A person's lifecycle stage and early-warning signals for one month (issue 16 items 1–2), as the daily scan
judged them with the policy's `wellbeing` section. Stored so that a team page, the heat map and the trend over
months read rows instead of re-judging everyone; the explanations are the kernel's structured checks
(message codes and values), rendered to either language only when shown."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Stage(models.TextChoices):
    ENTRY = "entry", pgettext_lazy("lifecycle", "entry")
    RISE = "rise", pgettext_lazy("lifecycle", "rise")
    MATURITY = "maturity", pgettext_lazy("lifecycle", "maturity")
    PLATEAU = "plateau", pgettext_lazy("lifecycle", "plateau")
    DECLINE = "decline", pgettext_lazy("lifecycle", "decline")
    UNKNOWN = "unknown", pgettext_lazy("lifecycle", "unknown")


class Risk(models.TextChoices):
    NONE = "none", pgettext_lazy("wellbeing risk", "none")
    WATCH = "watch", pgettext_lazy("wellbeing risk", "watch")
    ACT = "act", pgettext_lazy("wellbeing risk", "act")
    UNKNOWN = "unknown", pgettext_lazy("wellbeing risk", "unknown")


class WellbeingAssessment(models.Model):
    employee = models.ForeignKey(
        "org.Employee", on_delete=models.CASCADE, related_name="wellbeing_assessments"
    )
    month = models.CharField(_("month"), max_length=7)  # the last complete month judged, YYYY-MM
    policy_version = models.ForeignKey("policy.PolicyVersion", on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(_("lifecycle stage"), max_length=10, choices=Stage.choices)
    # [{"rule": code, "status": pass|fail|insufficient_data, "code": message code, "values": {...}}, ...]
    stage_checks = models.JSONField(default=list, blank=True)
    risk = models.CharField(_("risk"), max_length=8, choices=Risk.choices)
    # Every signal rule's check, fired or not: [{"signal": code, "level": watch|act, "status": ..., ...}]
    signals = models.JSONField(default=list, blank=True)
    fired = models.JSONField(default=list, blank=True)  # the codes of the signals that fired, for filtering
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-month", "employee_id"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "month"], name="one_wellbeing_assessment_per_month")
        ]
        indexes = [models.Index(fields=["month", "risk"], name="wellbeing_month_risk")]

    def __str__(self) -> str:
        return f"wellbeing {self.employee_id} {self.month}: {self.stage}/{self.risk}"
