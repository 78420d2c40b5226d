"""Monthly figures per agent. Rates are shares in 0..1; CSAT is on the 1–5 scale; times are seconds."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from serviceladder.org.models import Employee


class MonthlyMetric(models.Model):
    class Source(models.TextChoices):
        SHEET = "sheet", _("Monthly sheet")
        INTERACTIONS = "interactions", _("Interaction records")
        DEMO = "demo", _("Demo data")

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="monthly_metrics")
    month = models.CharField(_("month"), max_length=7, help_text="YYYY-MM")
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)

    contacts = models.PositiveIntegerField(_("contacts"), null=True, blank=True)
    unanswered = models.PositiveIntegerField(_("unanswered contacts"), null=True, blank=True)
    csat_mean = models.FloatField(_("CSAT"), null=True, blank=True)
    csat_rated = models.PositiveIntegerField(_("rated contacts"), null=True, blank=True)
    csat_top2_share = models.FloatField(_("CSAT satisfied share"), null=True, blank=True)
    fcr_rate = models.FloatField(_("first contact resolution"), null=True, blank=True)
    aht_seconds = models.FloatField(_("average handle time (s)"), null=True, blank=True)
    first_response_seconds_mean = models.FloatField(_("average response time (s)"), null=True, blank=True)
    on_time_response_rate = models.FloatField(_("on-time response rate"), null=True, blank=True)
    resolution_rate = models.FloatField(_("resolution rate"), null=True, blank=True)
    complaint_rate = models.FloatField(_("complaint rate"), null=True, blank=True)
    kpi_completion = models.FloatField(_("KPI completion"), null=True, blank=True)
    attendance_rate = models.FloatField(_("attendance"), null=True, blank=True)
    kb_contributions = models.PositiveIntegerField(_("knowledge-base contributions"), null=True, blank=True)
    qa_score = models.FloatField(_("QA score"), null=True, blank=True)
    supervisor_rating = models.FloatField(_("supervisor rating"), null=True, blank=True)
    performance_score = models.FloatField(_("performance score"), null=True, blank=True)
    # The metric parameters (FCR window, on-time SLA, definitions version) the figures were computed with.
    params = models.JSONField(_("metric parameters"), default=dict, blank=True)

    class Meta:
        ordering = ["employee_id", "month"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "month"], name="one_metric_row_per_employee_month")
        ]
        indexes = [models.Index(fields=["month"])]
