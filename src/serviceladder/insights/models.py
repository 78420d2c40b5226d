"""The eligibility snapshot: everyone's decisions computed once (insights.services), read by the eligibility
lists and, later, by the dashboards (pipeline, funnel, fairness) with aggregate queries."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EligibilitySnapshotRun(models.Model):
    class Trigger(models.TextChoices):
        DAILY = "daily", _("daily job")
        IMPORT = "import", _("import")
        POLICY = "policy", _("policy load")
        MANUAL = "manual", _("manual")

    as_of = models.DateField(_("as of"), db_index=True)
    policy_version = models.ForeignKey(
        "policy.PolicyVersion", on_delete=models.PROTECT, related_name="+", verbose_name=_("policy version")
    )
    computed_at = models.DateTimeField(_("computed at"))
    trigger = models.CharField(_("trigger"), max_length=10, choices=Trigger.choices)
    people_count = models.PositiveIntegerField(_("people"))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    # Kept past pruning: a promotion cycle's opening references its run (the funnel's "eligible" count).
    keep = models.BooleanField(_("keep"), default=False)

    class Meta:
        ordering = ["-as_of", "-computed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.as_of} #{self.pk}"


class EligibilityRow(models.Model):
    """One decision (a person, a step) of a run. The columns serve aggregate queries; `decision` holds the
    whole Decision (eligibility.serialize.decision_to_data), so a list explains it without recomputing."""

    run = models.ForeignKey(EligibilitySnapshotRun, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveIntegerField()  # the engine's order (employee number, then policy order)
    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, related_name="+")
    from_level = models.CharField(max_length=40)
    to_level = models.CharField(max_length=40)
    track = models.CharField(max_length=20)
    kind = models.CharField(max_length=20)
    status = models.CharField(max_length=20)
    earliest = models.DateField(null=True, blank=True)
    group = models.CharField(max_length=20)  # eligibility.selectors.group_of on the run's day
    # The person's department and team when the run was computed.
    department = models.ForeignKey(
        "org.Department", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    team = models.ForeignKey("org.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decision = models.JSONField()

    class Meta:
        ordering = ["run", "position"]
        indexes = [
            models.Index(fields=["run", "group"], name="insights_row_run_group"),
            models.Index(fields=["run", "department"], name="insights_row_run_department"),
            models.Index(fields=["run", "team"], name="insights_row_run_team"),
            models.Index(fields=["run", "employee"], name="insights_row_run_employee"),
        ]
