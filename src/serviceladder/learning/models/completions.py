"""Completions (issue 17 item 3): THE record that a person finished a training. The eligibility engine's
`required_trainings` condition and the development record read it; a completion is valid until the day its
`expires_on` falls (the course's validity from the day it was completed).

Written by a trainer or lead marking an enrolment complete, by an online course reaching its end, and by
`import trainings` (one mechanism). A completion of a training outside the catalogue (an imported external
certificate, say) keeps its name and has no course."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Completion(models.Model):
    class Kind(models.TextChoices):
        TRAINING = "training", _("Training")
        CERTIFICATION = "certification", _("Certification")

    class Source(models.TextChoices):
        MARKED = "marked", _("marked by a trainer or lead")
        ONLINE = "online", _("online course")
        IMPORT = "import", _("import")
        MIGRATED = "migrated", _("earlier records")

    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, related_name="completions")
    course = models.ForeignKey(
        "learning.Course", on_delete=models.PROTECT, null=True, blank=True, related_name="completions"
    )
    # The name as recorded (an import's, or the course's at the time); the other language optional.
    name = models.CharField(_("name"), max_length=200)
    name_alt = models.CharField(_("name in the other language"), max_length=200, blank=True, default="")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TRAINING)
    completed_on = models.DateField(_("completed on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    evidence = models.CharField(_("evidence"), max_length=500, blank=True)
    enrolment = models.OneToOneField(
        "learning.Enrolment", on_delete=models.SET_NULL, null=True, blank=True, related_name="completion"
    )
    source = models.CharField(_("source"), max_length=12, choices=Source.choices, default=Source.MARKED)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["employee_id", "-completed_on", "pk"]
        indexes = [models.Index(fields=["employee", "completed_on"], name="completion_person_day")]

    def __str__(self) -> str:
        return f"completion {self.pk} {self.employee_id} {self.name}"

    @property
    def display_name(self) -> str:
        """The course's name in the reader's language, else the recorded name (core.i18n.localized)."""
        if self.course_id is not None:
            return self.course.name
        from serviceladder.core.i18n import localized

        return localized(self.name, self.name_alt)
