"""One row per (day, step) of the daily job: the unique pair is the lock that makes each step run once
for each day, whatever the number of servers and workers."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DailyRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", pgettext_lazy("daily run status", "running")
        DONE = "done", pgettext_lazy("daily run status", "done")
        FAILED = "failed", pgettext_lazy("daily run status", "failed")

    day = models.DateField(_("day"))
    step = models.CharField(_("step"), max_length=100)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    attempts = models.PositiveSmallIntegerField(default=1)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)  # what the step reports (counts), or the error
    worker = models.CharField(max_length=100, blank=True)  # host:pid that ran it

    class Meta:
        ordering = ["-day", "step"]
        constraints = [models.UniqueConstraint(fields=["day", "step"], name="daily_step_once_per_day")]

    def __str__(self) -> str:
        return f"{self.step} for {self.day} ({self.status})"
