from django.db import models
from django.utils.translation import gettext_lazy as _

from serviceladder.core.i18n import pick


class Track(models.Model):
    class Kind(models.TextChoices):
        MANAGEMENT = "management", _("Management track")
        EXPERT = "expert", _("Expert track")
        TRANSFER = "transfer", _("Cross-department transfer")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.name_zh, self.name_en)


class Level(models.Model):
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="levels")
    code = models.SlugField(_("code"), max_length=40, unique=True)
    rank = models.PositiveSmallIntegerField(_("rank"), help_text=_("Position within the track, 1 = entry"))
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    is_supervisory = models.BooleanField(_("supervisory"), default=False)
    # False once no current or future policy version has the level; kept because people may hold it.
    in_policy = models.BooleanField(_("in the current policy"), default=True)

    class Meta:
        ordering = ["track__order", "rank"]
        constraints = [models.UniqueConstraint(fields=["track", "rank"], name="unique_rank_per_track")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.name_zh, self.name_en)
