"""Tiered performance pay (issue 15, item 3; seed 003 阶梯式绩效, seed 001 §8 "bonus follows the level").

A month is proposed (one line per person, with the rule that produced it), adjusted by HR, approved, and then
frozen: a later correction is a BonusCorrection that the next month's export carries as a delta line with its
original month. Money is Decimal; gross amounts only."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

AMOUNT = {"max_digits": 12, "decimal_places": 2}


class BonusMonth(models.Model):
    class State(models.TextChoices):
        PROPOSED = "proposed", pgettext_lazy("bonus month", "proposed")
        APPROVED = "approved", pgettext_lazy("bonus month", "approved")

    month = models.CharField(_("month"), max_length=7, unique=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PROPOSED)
    policy_version = models.ForeignKey("policy.PolicyVersion", on_delete=models.PROTECT, related_name="+")
    rounding = models.CharField(_("rounding"), max_length=20, default="ROUND_HALF_UP")
    proposed_at = models.DateTimeField(_("proposed at"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"bonus {self.month}"


class BonusLine(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", pgettext_lazy("bonus line", "proposed")
        INSUFFICIENT = "insufficient_data", pgettext_lazy("bonus line", "not enough data")
        HELD = "held", pgettext_lazy("bonus line", "held")

    bonus_month = models.ForeignKey(BonusMonth, on_delete=models.CASCADE, related_name="lines")
    employee = models.ForeignKey("org.Employee", on_delete=models.PROTECT, related_name="bonus_lines")
    level_code = models.CharField(_("level"), max_length=40)
    team = models.ForeignKey("org.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    base = models.DecimalField(_("base"), **AMOUNT)
    coefficient = models.DecimalField(_("coefficient"), max_digits=8, decimal_places=4)
    proration = models.DecimalField(_("proration"), max_digits=9, decimal_places=6)
    cap = models.DecimalField(_("cap"), null=True, blank=True, **AMOUNT)
    proposal = models.DecimalField(_("proposal"), max_digits=16, decimal_places=6)  # after the cap, unrounded
    adjustment = models.DecimalField(_("adjustment"), default=0, **AMOUNT)
    adjustment_reason = models.TextField(_("reason for the adjustment"), blank=True)
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    adjusted_at = models.DateTimeField(null=True, blank=True)
    amount = models.DecimalField(_("amount"), **AMOUNT)
    rule = models.JSONField(default=dict, blank=True)  # how the proposal was made, to explain it

    class Meta:
        ordering = ["bonus_month", "employee__number"]
        constraints = [models.UniqueConstraint(fields=["bonus_month", "employee"], name="one_bonus_line")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.bonus_month_id}: {self.amount}"


class BonusCorrection(models.Model):
    """A correction to an approved (frozen) month: paid as a delta line in the export of the next month
    proposed after it (`settled_in`)."""

    employee = models.ForeignKey("org.Employee", on_delete=models.PROTECT, related_name="bonus_corrections")
    original = models.ForeignKey(BonusMonth, on_delete=models.PROTECT, related_name="corrections")
    delta = models.DecimalField(_("correction"), **AMOUNT)
    reason = models.TextField(_("reason"))
    settled_in = models.ForeignKey(
        BonusMonth, on_delete=models.PROTECT, null=True, blank=True, related_name="settled_corrections"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["original", "pk"]

    def __str__(self) -> str:
        return f"correction {self.pk} of {self.original_id}: {self.delta}"
