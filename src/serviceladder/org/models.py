"""People and structure. A person's level on a date is always computed from dated assignments."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from serviceladder.core.i18n import pick
from serviceladder.ladder.models import Level


class Department(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    head = models.ForeignKey(
        "Employee", on_delete=models.SET_NULL, null=True, blank=True, related_name="headed_departments"
    )

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.name_zh, self.name_en)


class Team(models.Model):
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="teams")
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    lead = models.ForeignKey(
        "Employee", on_delete=models.SET_NULL, null=True, blank=True, related_name="led_teams"
    )

    class Meta:
        ordering = ["department__code", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.name_zh, self.name_en)


class Employee(models.Model):
    number = models.CharField(_("employee number"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="employee"
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="members", null=True, blank=True)
    manager = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    hire_date = models.DateField(_("hire date"))
    leave_date = models.DateField(_("leave date"), null=True, blank=True)
    prior_experience_months = models.PositiveSmallIntegerField(
        _("prior customer-service experience (months)"), default=0
    )
    channels = models.JSONField(_("service channels"), default=list, blank=True)
    languages = models.JSONField(_("service languages"), default=list, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["number"]
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.number})"

    @property
    def department(self) -> Department | None:
        return self.team.department if self.team_id else None


def shown_reason(record) -> str:
    """A record's reason in the reader's language when the product wrote it, else as typed."""
    if record.reason_message:
        from serviceladder.core.translatable import render

        return render(record.reason_message) or record.reason
    return record.reason


class LevelAssignment(models.Model):
    """From `effective_from` on, the person holds `level` (until a later assignment)."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="level_assignments")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="+")
    effective_from = models.DateField(_("effective from"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    # A reason written by the product (a promotion's finalisation, the demo), kept as message and values
    # (core.translatable) and shown in the reader's language; empty for a reason a person typed.
    reason_message = models.JSONField(_("reason (both languages)"), default=dict, blank=True)

    class Meta:
        ordering = ["employee_id", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "effective_from"], name="one_level_change_per_day")
        ]
        indexes = [models.Index(fields=["employee", "effective_from"])]

    @property
    def shown_reason(self) -> str:
        return shown_reason(self)


class Education(models.Model):
    class Degree(models.TextChoices):
        SECONDARY = "secondary", _("Secondary school")
        VOCATIONAL = "vocational", _("Vocational college")
        ASSOCIATE = "associate", _("Associate degree")
        BACHELOR = "bachelor", _("Bachelor's degree")
        MASTER = "master", _("Master's degree")
        DOCTORATE = "doctorate", _("Doctorate")

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="education")
    degree = models.CharField(_("education"), max_length=20, choices=Degree.choices)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    institution = models.CharField(_("institution"), max_length=200, blank=True)

    class Meta:
        ordering = ["employee_id", "completed_on"]


class PayRecord(models.Model):
    """Monthly pay from `effective_from` on. Visible to the person, HR and management only."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="pay_records")
    monthly_amount = models.DecimalField(_("monthly pay"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    effective_from = models.DateField(_("effective from"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    reason_message = models.JSONField(_("reason (both languages)"), default=dict, blank=True)  # as above

    class Meta:
        ordering = ["employee_id", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "effective_from"], name="one_pay_change_per_day")
        ]

    @property
    def shown_reason(self) -> str:
        return shown_reason(self)


class Violation(models.Model):
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="violations")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=100)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["employee_id", "-date"]


class ExamResult(models.Model):
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="exam_results")
    date = models.DateField(_("date"))
    name = models.CharField(_("exam"), max_length=200)
    # The name in the other language, as for a training; optional.
    name_alt = models.CharField(_("name in the other language"), max_length=200, blank=True, default="")
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2)
    max_score = models.DecimalField(_("maximum score"), max_digits=6, decimal_places=2, default=100)
    # The exam's code (the policy's `exams:`), when known: an attempt in the product writes it, an import
    # matches the exam's code or name. A transition's `exam` condition that names an exam reads only these.
    exam_code = models.CharField(_("exam code"), max_length=40, blank=True, default="", db_index=True)

    class Meta:
        ordering = ["employee_id", "-date"]

    @property
    def display_name(self) -> str:
        from serviceladder.core.i18n import localized

        return localized(self.name, self.name_alt)
