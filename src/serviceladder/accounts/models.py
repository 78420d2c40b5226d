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


def language_choices() -> list[tuple[str, str]]:
    return list(settings.LANGUAGES)


def default_language() -> str:
    return settings.LANGUAGE_CODE


class UserPreferences(models.Model):
    """One person's own settings. A user without a row has the defaults: the site's LANGUAGE_CODE.

    `language` is the language the person reads the site in and receives notifications (bell and e-mail) in,
    whoever caused them.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="preferences"
    )
    language = models.CharField(
        _("language"), max_length=16, choices=language_choices, default=default_language
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("user preferences")
        verbose_name_plural = _("user preferences")

    def __str__(self) -> str:
        return f"{self.user_id} · {self.language}"


class SignInCounter(models.Model):
    """Failed sign-ins of one account or one client address, counted across every app process.

    `kind` says what `key` is: "account" (a lower-cased username, known or not), "address" (a client
    address at the sign-in page) or "api_address" (a client address presenting unknown API keys). A row
    counts the failures since `window_started_at`; reaching the limit sets `locked_until`. Rows whose
    window and lock have both run out are stale and are deleted by the next failure.
    """

    kind = models.CharField(max_length=16)
    key = models.CharField(max_length=200)
    failures = models.PositiveIntegerField(default=0)
    window_started_at = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="unique_signin_counter")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key} · {self.failures}"


class PasswordChangeRequired(models.Model):
    """The person must choose a new password before anything else.

    Set when nobody but them should know the password: a new login, a one-time link used to sign in, a
    password someone else reset. Cleared when they choose one (accounts.logins.password_set_by_user).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    since = models.DateTimeField(_("since"), auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user_id} · must change password"


class OneTimeLink(models.Model):
    """A sign-in link an administrator hands over to a person without e-mail.

    Only the SHA-256 of the key is stored: the link is shown once, when made. It signs its person in once,
    before `expires_at`, and they must then choose a password. A newer link for the same person ends the
    older ones.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="one_time_links"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user_id} · link until {self.expires_at:%Y-%m-%d %H:%M}"
