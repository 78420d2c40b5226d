"""Stored policy versions. A version is immutable: a changed file is a new version, never an edit."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PolicyVersionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        from serviceladder.policy.errors import PolicyVersionImmutable

        raise PolicyVersionImmutable()

    def delete(self):
        from serviceladder.policy.errors import PolicyVersionImmutable

        raise PolicyVersionImmutable()


class PolicyVersion(models.Model):
    number = models.PositiveIntegerField(_("version"), unique=True)
    name = models.CharField(_("policy name"), max_length=40)
    content = models.TextField(_("policy file"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    effective_from = models.DateField(_("effective from"), db_index=True)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    loaded_by_label = models.CharField(_("loaded by"), max_length=200)
    source_name = models.CharField(_("source file"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = PolicyVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_from", "-number"]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs):
        if not self._state.adding:
            from serviceladder.policy.errors import PolicyVersionImmutable

            raise PolicyVersionImmutable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        from serviceladder.policy.errors import PolicyVersionImmutable

        raise PolicyVersionImmutable()

    @property
    def label(self) -> str:
        return f"v{self.number}"


class PolicyDraft(models.Model):
    """HR's named work in progress on the policy: never a version, never in force, only simulated.

    `params` keeps the parameters edited in the form against the base version (key path → value as typed);
    `content` is the whole draft file those edits (and any made in the raw YAML) produce.
    """

    name = models.CharField(_("draft name"), max_length=120)
    base_version = models.ForeignKey(
        PolicyVersion, on_delete=models.PROTECT, related_name="drafts", verbose_name=_("base version")
    )
    params = models.JSONField(_("edited parameters"), default=dict, blank=True)
    content = models.TextField(_("draft file"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return self.name
