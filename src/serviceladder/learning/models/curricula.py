"""Curricula by stage (issue 17 item 4; seed 003: a new agent's first months — phone communication, service
technique, complaint handling, stress relief, business knowledge). An ordered set of courses, each due a
number of days after the anchor: the hire date for the new-hire curriculum, the day a person enters the level
for a level's curriculum. Enrolments are created automatically (the daily job) and point back to the item."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Curriculum(models.Model):
    class Trigger(models.TextChoices):
        HIRE = "hire", _("on hire")
        LEVEL = "level", _("on entering a level")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    trigger = models.CharField(_("starts"), max_length=8, choices=Trigger.choices)
    # The level it belongs to (trigger "level"); a level code of the policy in force.
    level_code = models.CharField(_("level"), max_length=40, blank=True)
    # People hired (or entering the level) on or after this day are enrolled; earlier ones are not
    # enrolled retroactively when a curriculum is created.
    applies_from = models.DateField(_("applies from"))
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["trigger", "level_code", "code"]

    def __str__(self) -> str:
        return f"curriculum {self.code}"

    @property
    def name(self) -> str:
        from serviceladder.core.i18n import pick

        return pick(self.name_zh, self.name_en)


class CurriculumItem(models.Model):
    curriculum = models.ForeignKey(Curriculum, on_delete=models.CASCADE, related_name="items")
    course = models.ForeignKey("learning.Course", on_delete=models.PROTECT, related_name="+")
    # Days after the anchor it is due (0, 30, 60, 90…).
    offset_days = models.PositiveSmallIntegerField(_("due after (days)"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["curriculum_id", "position", "offset_days", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["curriculum", "course"], name="one_course_per_curriculum")
        ]
