from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.roles import Role


class RoleGrant(models.Model):
    """One role held by one user. Granted and revoked by HR or an administrator, always audited."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="unique_role_per_user")]
        ordering = ["user_id", "role"]

    def __str__(self) -> str:
        return f"{self.user} · {self.role}"


class CommandLineActor(models.Model):
    """Marks the user that CLI commands are recorded under when no --as is given.

    The operating-system account name is matched against `os_username`, so audit rows written from a
    terminal still name a person.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cli_actor")
    os_username = models.CharField(_("operating-system user"), max_length=150, unique=True)

    def __str__(self) -> str:
        return f"{self.os_username} → {self.user}"
