"""The product's own holiday calendar: exceptions to the weekend rule, and which years are known."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    class Kind(models.TextChoices):
        OFF = "off", _("Day off")
        WORK = "work", _("Working day")

    class Source(models.TextChoices):
        PACKAGE = "package", _("Built-in data")
        IMPORT = "import", _("Imported schedule")
        MANUAL = "manual", _("Entered by hand")

    calendar = models.CharField(_("calendar"), max_length=10)
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)

    class Meta:
        ordering = ["calendar", "date"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date"], name="one_entry_per_calendar_day")
        ]

    def __str__(self) -> str:
        return f"{self.calendar} {self.date} {self.kind}"


class CalendarYear(models.Model):
    """A year whose exceptions are known. A year without a row, or marked provisional, uses weekends only."""

    class Status(models.TextChoices):
        PROVISIONAL = "provisional", _("Provisional (weekends only)")
        OFFICIAL = "official", _("Official")

    calendar = models.CharField(_("calendar"), max_length=10)
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    source = models.CharField(_("source"), max_length=10, choices=CalendarDay.Source.choices)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["calendar", "year"]
        constraints = [models.UniqueConstraint(fields=["calendar", "year"], name="one_row_per_calendar_year")]

    def __str__(self) -> str:
        return f"{self.calendar} {self.year} ({self.status})"
