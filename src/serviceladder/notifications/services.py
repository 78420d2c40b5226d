"""Writers for notifications.

`notify` is the one way to tell people something: it stores the in-app notifications (the bell) and, once the
caller's transaction commits, sends an e-mail copy through Django's e-mail backend to every recipient with an
address. A rolled-back change therefore never notifies anybody.

Each recipient reads it in their own language (accounts: UserPreferences.language, else the site's
LANGUAGE_CODE), not in the language of whoever caused it: the text is kept as message ids and values
(core.translatable) and rendered for the reader; each e-mail is rendered in its recipient's language.

Marking as read is the recipient's own bookkeeping, not a business event, so it is not audited.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.selectors import user_languages
from serviceladder.audit.services import Actor
from serviceladder.core.errors import NotFoundOrForbidden, ValidationFailed
from serviceladder.core.translatable import freeze, one_line, render
from serviceladder.notifications.models import Notification

logger = logging.getLogger(__name__)

KIND_INVALID = _("A notification needs a kind code of at most %(max)s characters.")
TITLE_MISSING = _("A notification needs a title.")
URL_TOO_LONG = _("A notification link may have at most %(max)s characters.")

TITLE_MAX = Notification._meta.get_field("title").max_length
KIND_MAX = Notification._meta.get_field("kind").max_length
URL_MAX = Notification._meta.get_field("url").max_length


def _acting_user(actor):
    """Accept a user or an audit Actor (whose .user is None for the system itself)."""
    return actor.user if isinstance(actor, Actor) else actor


def _unique(recipients: Iterable) -> list:
    seen: set[int] = set()
    out = []
    for user in recipients:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        out.append(user)
    return out


def _addresses(users: list) -> dict[int, str]:
    """user id → e-mail address: the account's address, else the linked employee record's."""
    from serviceladder.org.models import Employee

    found = {u.pk: u.email for u in users if u.email and u.is_active}
    missing = [u.pk for u in users if u.pk not in found and u.is_active]
    if missing:
        for user_id, email in (
            Employee.objects.filter(user_id__in=missing).exclude(email="").values_list("user_id", "email")
        ):
            found[user_id] = email
    return found


def _link(url: str) -> str:
    if url.startswith(("http://", "https://")):
        return url
    base = getattr(settings, "SERVICELADDER_BASE_URL", "")
    return base.rstrip("/") + url if url.startswith("/") and base else ""


def _send(messages: list[EmailMessage]) -> None:
    # Runs after commit: the change is saved whatever the mail server does; a failure is logged, not raised.
    try:
        with get_connection() as connection:
            connection.send_messages(messages)
    except Exception:
        logger.exception("sending %s notification e-mail(s) failed", len(messages))


def _email(*, address: str, language: str, spec: dict, url: str) -> EmailMessage:
    """One e-mail copy, written in its recipient's language."""
    with translation.override(language):
        subject = one_line(render(spec["title"]), TITLE_MAX)
        body = render(spec["body"])
    link = _link(url)
    text = f"{body}\n\n{link}\n" if link else f"{body}\n"
    return EmailMessage(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
        headers={"Content-Language": language},
    )


def _send_emails(addressed: list[tuple[str, str]], spec: dict, url: str) -> None:
    messages = [_email(address=a, language=lang, spec=spec, url=url) for a, lang in addressed]
    _send(messages)


def notify(
    *,
    recipients: list,
    kind: str,
    title,
    body,
    url: str = "",
    actor=None,
) -> list[Notification]:
    """Store one in-app notification per recipient and e-mail a copy after the transaction commits.

    `title` and `body` are a `core.translatable.Message`, a lazy translation or plain text (shown as is);
    each recipient reads them in their own language. `kind` is a stable code for filtering; `url` is where
    the notification leads (a path inside the site). Recipients are de-duplicated; those without an e-mail
    address get the in-app notification only.
    """
    if not kind or len(kind) > KIND_MAX:
        raise ValidationFailed(KIND_INVALID, max=KIND_MAX)
    spec = {"title": freeze(title), "body": freeze(body)}
    if not one_line(render(spec["title"]), TITLE_MAX):
        raise ValidationFailed(TITLE_MISSING)
    if len(url) > URL_MAX:
        raise ValidationFailed(URL_TOO_LONG, max=URL_MAX)
    users = _unique(recipients)
    if not users:
        return []
    acting = _acting_user(actor)
    now = timezone.now()
    languages = user_languages(u.pk for u in users)
    rendered: dict[str, tuple[str, str]] = {}
    for language in set(languages.values()):
        with translation.override(language):
            rendered[language] = (one_line(render(spec["title"]), TITLE_MAX), render(spec["body"]))
    with transaction.atomic():
        created = Notification.objects.bulk_create(
            [
                Notification(
                    recipient=user,
                    kind=kind,
                    title=rendered[languages[user.pk]][0],
                    body=rendered[languages[user.pk]][1],
                    message=spec,
                    url=url,
                    actor=acting,
                    created_at=now,
                )
                for user in users
            ]
        )
        addresses = _addresses(users)
        if addresses:
            addressed = [(address, languages[pk]) for pk, address in addresses.items()]
            transaction.on_commit(lambda: _send_emails(addressed, spec, url))
    return created


@transaction.atomic
def notification_mark_read(*, user, notification_id: int) -> Notification:
    """Mark one of the user's own notifications as read; anyone else's is "not found"."""
    notification = (
        Notification.objects.select_for_update().filter(pk=notification_id, recipient_id=user.pk).first()
    )
    if notification is None:
        raise NotFoundOrForbidden()
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user) -> int:
    """Mark every unread notification of the user as read; returns how many changed."""
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
