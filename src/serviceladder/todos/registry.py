"""The to-do registry: what waits for a person, from every app, for the home page and the navigation badge.

Low in the house (it knows accounts.scoping's roles and nothing else). Each app registers, from its
`AppConfig.ready`, one provider — a function user → iterable of TodoItem — with the kinds of items it makes:

    from serviceladder.todos.registry import register
    register("promotions", promotion_todos, kinds={"promotions.hr_review": _("HR review"), ...})

The home page and the badge ask `todo_list` / `items_for` / `count_for`, never an app. A provider decides
what waits for whom through accounts.scoping (or an app's access layer built on it), and returns nothing for
a user none of it concerns, cheaply (check the roles first: the badge asks on every page). A provider that
raises is logged and left out; the others are still shown, and the list says it is incomplete.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction

from serviceladder.accounts.scoping import user_roles

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TodoItem:
    """One thing that waits for the reader.

    `kind` is a stable code registered by the app ("promotions.hr_review"); `title` and `detail` are
    rendered when shown, in the reader's language (a core.translatable.Message, a lazy translation, or
    plain text someone typed); `url` is where to act; `due` the deadline, if there is one; `since` when the
    item started waiting (orders items without a deadline, oldest first); `key` tells items of one kind
    apart ("application:12")."""

    kind: str
    title: object
    url: str
    due: dt.date | None = None
    since: dt.date | None = None
    detail: object = ""
    key: str = ""

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)


Provider = Callable[[object], Iterable[TodoItem]]


@dataclass(frozen=True)
class _Registration:
    name: str
    provider: Provider
    kinds: tuple[str, ...]


_providers: dict[str, _Registration] = {}
_kinds: dict[str, tuple[str, object]] = {}  # kind code → (provider name, label)


def register(name: str, provider: Provider, *, kinds: Mapping[str, object]) -> None:
    """Register `provider` under `name` with the kinds of items it returns (code → translatable label).

    Registering the same name again replaces it (AppConfig.ready may run more than once in tests); a kind
    code already owned by another provider is a configuration error."""
    for code in kinds:
        owner = _kinds.get(code)
        if owner is not None and owner[0] != name:
            raise ImproperlyConfigured(f"to-do kind {code!r} is already registered by {owner[0]!r}")
    unregister(name)
    _providers[name] = _Registration(name, provider, tuple(kinds))
    for code, label in kinds.items():
        _kinds[code] = (name, label)


def unregister(name: str) -> None:
    found = _providers.pop(name, None)
    if found is not None:
        for code in found.kinds:
            _kinds.pop(code, None)


@contextmanager
def registered(name: str, provider: Provider, *, kinds: Mapping[str, object]) -> Iterator[None]:
    """A provider registered for the length of a `with` block (tests, and apps tried out in a shell)."""
    previous = _providers.get(name)
    previous_kinds = {code: _kinds[code][1] for code in previous.kinds} if previous else {}
    register(name, provider, kinds=kinds)
    try:
        yield
    finally:
        unregister(name)
        if previous is not None:
            register(name, previous.provider, kinds=previous_kinds)


def provider_names() -> list[str]:
    return sorted(_providers)


def kind_label(code: str) -> str:
    found = _kinds.get(code)
    return str(found[1]) if found else code


def order_key(item: TodoItem) -> tuple:
    """Nearest deadline first; items without one after all dated ones, those waiting longest first."""
    return (
        item.due is None,
        item.due or dt.date.max,
        item.since is None,
        item.since or dt.date.max,
        item.kind,
        _natural(item.key),
    )


def _natural(key: str) -> tuple:
    """A key's text and numbers, numbers compared as numbers ("application:9" before "application:10")."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", key))


@dataclass(frozen=True)
class TodoList:
    items: tuple[TodoItem, ...]
    failed: tuple[str, ...] = ()  # providers that raised: the list may be incomplete

    def __iter__(self) -> Iterator[TodoItem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def incomplete(self) -> bool:
        return bool(self.failed)


EMPTY = TodoList(())


def _ask(registration: _Registration, user) -> list[TodoItem]:
    if connection.in_atomic_block:
        # A savepoint: a query that fails in one provider must not abort the caller's transaction (on
        # PostgreSQL every later query, the other providers' included, would fail too).
        with transaction.atomic():
            return list(registration.provider(user))
    return list(registration.provider(user))


def todo_list(user) -> TodoList:
    """Every registered provider's items for `user`, nearest deadline first. Nobody is asked for an
    anonymous user or a user without a role. A provider that raises, or returns a kind it did not register,
    is logged and left out."""
    if not user_roles(user):
        return EMPTY
    items: list[TodoItem] = []
    failed: list[str] = []
    for registration in list(_providers.values()):
        try:
            found = _ask(registration, user)
            unknown = sorted({i.kind for i in found} - set(registration.kinds))
            if unknown:
                raise ImproperlyConfigured(f"unregistered to-do kinds {unknown}")
        except Exception:
            logger.exception("to-do provider %r failed for user %s", registration.name, user.pk)
            failed.append(registration.name)
            continue
        items.extend(found)
    return TodoList(tuple(sorted(items, key=order_key)), tuple(failed))


def items_for(user) -> list[TodoItem]:
    """What waits for `user`, nearest deadline first."""
    return list(todo_list(user).items)


def count_for(user) -> int:
    """How many items wait for `user` (the navigation badge)."""
    return todo_list(user).count
