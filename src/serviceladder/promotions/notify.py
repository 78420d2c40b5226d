"""The promotions app's one door to notifications (in-app bell and e-mail).

Calls `serviceladder.notifications.services.notify(*, recipients, kind, title, body, url="", actor=None)`
when the notifications app is installed, after the transaction commits; otherwise does nothing. Keeping
the import lazy keeps this app independent of that one.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.apps import apps
from django.db import transaction

log = logging.getLogger(__name__)


def promotion_notify(*, recipients: Iterable, kind: str, title, body, url: str = "", actor=None) -> None:
    """Schedule a notification for `recipients` (users; duplicates, the actor and None are dropped).

    `title` and `body` may be lazy translations or `core.translatable.Message`s (level names as
    `names_of(level)`): the notifications app renders them in each recipient's language.
    """
    people, seen = [], set()
    actor_pk = getattr(actor, "pk", None)
    for user in recipients:
        if user is None or user.pk in seen or user.pk == actor_pk:
            continue
        seen.add(user.pk)
        people.append(user)
    if not people or not apps.is_installed("serviceladder.notifications"):
        return

    def send() -> None:
        from serviceladder.notifications.services import notify

        try:
            notify(recipients=people, kind=kind, title=title, body=body, url=url, actor=actor)
        except Exception:  # a failed e-mail must never undo or break a promotion step
            log.exception("promotion notification %s failed", kind)

    transaction.on_commit(send)


def application_url(application) -> str:
    """The case page's address, once the web app names a URL `promotion_application` (else empty)."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("promotion_application", args=[application.pk])
    except NoReverseMatch:
        return ""
