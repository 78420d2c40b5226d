"""One notification for one person.

`message` keeps the title and body as message ids with their values (core.translatable), rendered in
the reader's language whenever shown. `title` and `body` hold the text as rendered in the recipient's
language when it was sent: what notifications stored before `message` existed show, and a plain copy.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.core.translatable import one_line, render


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    # A stable code ("promotion.submitted", ...) so that notifications can be filtered and counted by kind.
    kind = models.CharField(_("kind"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    # {"title": spec, "body": spec} (see core.translatable); empty for notifications sent before it existed
    message = models.JSONField(_("message ids and values"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # the bell: unread count for one person
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            # the list: one person's newest first
            models.Index(fields=["recipient", "-created_at"], name="notification_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} · {self.kind} · {self.title}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    @property
    def title_text(self) -> str:
        """The title in the active language (the stored text for notifications without a message)."""
        if "title" in (self.message or {}):
            limit = self._meta.get_field("title").max_length
            return one_line(render(self.message["title"]), limit) or self.title
        return self.title

    @property
    def body_text(self) -> str:
        """The body in the active language (the stored text for notifications without a message)."""
        if "body" in (self.message or {}):
            return render(self.message["body"])
        return self.body
