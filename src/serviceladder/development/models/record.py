"""The development record (issue 14, item 7): contributions and achievements with their evidence, logged by
the person or their lead; the promotion application pre-fills its "achievements" from it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Contribution(models.Model):
    class Kind(models.TextChoices):
        KB_ARTICLE = "kb_article", _("knowledge-base article")
        PROCESS_IMPROVEMENT = "process_improvement", _("process improvement")
        NEWCOMER_COACHED = "newcomer_coached", _("newcomer coached")
        CUSTOMER_PRAISE = "customer_praise", _("customer praise")
        OTHER = "other", _("other achievement")

    employee = models.ForeignKey("org.Employee", on_delete=models.PROTECT, related_name="contributions")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    description = models.TextField(_("description"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)  # a link, a ticket number, who praised
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_by_label = models.CharField(max_length=200)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.title
