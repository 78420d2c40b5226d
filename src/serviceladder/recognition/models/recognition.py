"""Recognition (issue 15, item 2): a colleague's or lead's thanks, or an imported customer compliment. A
lead or HR may hide an abusive one (audited); a hidden recognition counts for nothing and shows to nobody but
them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Recognition(models.Model):
    class Category(models.TextChoices):
        CUSTOMER_PRAISE = "customer_praise", pgettext_lazy("recognition", "customer praise")
        HELPING_COLLEAGUE = "helping_colleague", pgettext_lazy("recognition", "helping a colleague")
        KNOWLEDGE_BASE = "knowledge_base", pgettext_lazy("recognition", "knowledge-base contribution")
        GOING_BEYOND = "going_beyond", pgettext_lazy("recognition", "going beyond")

    class Source(models.TextChoices):
        COLLEAGUE = "colleague", pgettext_lazy("recognition source", "colleague")
        LEAD = "lead", pgettext_lazy("recognition source", "lead")
        CUSTOMER = "customer", pgettext_lazy("recognition source", "customer")

    recipient = models.ForeignKey("org.Employee", on_delete=models.PROTECT, related_name="recognitions")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    source = models.CharField(_("from"), max_length=10, choices=Source.choices)
    text = models.TextField(_("text"), max_length=1000)
    date = models.DateField(_("date"))
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )  # the importing user for customer compliments
    customer_reference = models.CharField(_("customer reference"), max_length=200, blank=True)
    imported_from = models.CharField(max_length=255, blank=True)  # file name of an import
    created_at = models.DateTimeField(auto_now_add=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["recipient", "date"])]

    def __str__(self) -> str:
        return f"recognition {self.pk} for {self.recipient_id}"
