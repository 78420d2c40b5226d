"""Monthly figures per agent. Rates are shares in 0..1; CSAT is on the 1–5 scale; times are seconds."""

from django.conf import settings
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
    # Mean after-call work per contact and the share of contacts flagged abusive (wellbeing: strain and
    # exposure); empty when the source has no such data.
    acw_seconds = models.FloatField(_("after-call work (s)"), null=True, blank=True)
    abusive_rate = models.FloatField(_("abusive contact rate"), null=True, blank=True)
    kpi_completion = models.FloatField(_("KPI completion"), null=True, blank=True)
    attendance_rate = models.FloatField(_("attendance"), null=True, blank=True)
    kb_contributions = models.PositiveIntegerField(_("knowledge-base contributions"), null=True, blank=True)
    qa_score = models.FloatField(_("QA score"), null=True, blank=True)
    supervisor_rating = models.FloatField(_("supervisor rating"), null=True, blank=True)
    exam_score = models.FloatField(_("exam score"), null=True, blank=True)
    # The score a sheet gave (used when the policy's performance_score.method is "imported").
    imported_score = models.FloatField(_("imported performance score"), null=True, blank=True)
    # Computed by metrics.ranking per the policy in force: 0..100, the rank within the peer group (1 = best,
    # ties share a rank), the group's size and the top-percent rank / peer_size * 100.
    performance_score = models.FloatField(_("performance score"), null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    peer_size = models.PositiveIntegerField(_("peer group size"), null=True, blank=True)
    percentile = models.FloatField(_("top percent"), null=True, blank=True)
    peer_group = models.CharField(_("peer group"), max_length=200, blank=True, default="", db_default="")
    # The metric parameters (FCR window, on-time SLA, definitions version) the figures were computed with.
    params = models.JSONField(_("metric parameters"), default=dict, blank=True)

    class Meta:
        ordering = ["employee_id", "month"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "month"], name="one_metric_row_per_employee_month")
        ]
        indexes = [models.Index(fields=["month"])]


class ImportJob(models.Model):
    """A file uploaded in the browser, imported by the background worker (metrics.tasks)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        REJECTED = "rejected", _("Rejected")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=30)
    file_name = models.CharField(_("file name"), max_length=255)
    stored_path = models.CharField(max_length=500, blank=True, default="")
    options = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="import_jobs"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=40, blank=True, default="")
    progress = models.FloatField(default=0.0)
    task_id = models.CharField(max_length=64, blank=True, default="")
    # What the import did (counts, months) and, when rejected, the first problems (row, column, value, reason)
    # with their total; every problem is in `problems_file` (JSON lines, served as CSV to the uploader).
    report = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)
    problem_count = models.PositiveIntegerField(default=0)
    problems_file = models.CharField(max_length=500, blank=True, default="")
    message = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.REJECTED, self.Status.FAILED}


class QueueMonthlyFigure(models.Model):
    """Contacts offered to one queue in one month, from interaction records (README "Queues").

    The queue is the export's queue column, or the channel when it has none. Unanswered contacts without an
    agent (blank or a pseudo agent such as NO_SERVER) count here only. Rates are shares in 0..1; the
    service level is the share of offered contacts answered within the on-time SLA (NULL when the export
    has no first-response times). Re-importing a month replaces its rows.
    """

    queue = models.CharField(_("queue"), max_length=200)
    month = models.CharField(_("month"), max_length=7, help_text="YYYY-MM")
    department = models.ForeignKey(
        "org.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="queue_figures",
        verbose_name=_("department"),
    )
    offered = models.PositiveIntegerField(_("offered"))
    answered = models.PositiveIntegerField(_("answered"))
    abandoned = models.PositiveIntegerField(_("abandoned"))
    unassigned = models.PositiveIntegerField(_("abandoned without an agent"))
    abandon_rate = models.FloatField(_("abandon rate"))
    service_level = models.FloatField(_("service level"), null=True, blank=True)
    # The metric parameters (on-time SLA, definitions version) and the file the figures were computed after.
    params = models.JSONField(_("metric parameters"), default=dict, blank=True)

    class Meta:
        ordering = ["-month", "queue"]
        constraints = [models.UniqueConstraint(fields=["queue", "month"], name="one_queue_figure_per_month")]
        indexes = [models.Index(fields=["month"])]

    def __str__(self) -> str:
        return f"{self.queue} {self.month}"
