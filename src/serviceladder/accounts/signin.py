"""Sign-in throttling: failed attempts counted per account and per client address, in the database.

After SERVICELADDER_SIGNIN_ACCOUNT_FAILURES failures for one username (known or not) or
SERVICELADDER_SIGNIN_ADDRESS_FAILURES from one address within SERVICELADDER_SIGNIN_WINDOW_MINUTES, further
attempts are refused — even with the right password — until the window has passed since the failure that
reached the limit. A successful sign-in clears the account's count (not the address's: one good account must
not buy an attacker more guesses at others). HR and administrators may clear an account's lock early.

The counters are rows of SignInCounter, so every app process sees the same figures. Each failure is one short
transaction (insert-if-missing, then the row locked with select_for_update and incremented), so concurrent
failures count exactly on PostgreSQL; on SQLite the transaction holds the write lock for a few statements
only. The password check itself (the slow hash) runs before, outside any transaction.

Audit rows: `signin.success`, `signin.failure` (the username tried and the address; never the password),
`signin.lockout` (what was locked and until when) and `signin.unlock`; `api_token.lockout` when one address
has presented too many unknown API keys (each such failure is counted, not audited).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from serviceladder.accounts.models import SignInCounter
from serviceladder.accounts.scoping import can_manage_roles
from serviceladder.audit.services import Actor, audit_record
from serviceladder.core.errors import PermissionDeniedError, ValidationFailed

ACCOUNT = "account"
ADDRESS = "address"
API_ADDRESS = "api_address"

SIGNIN_LOCKED = _("Too many failed sign-ins. Try again after %(time)s (%(wait)s).")
API_LOCKED = _("Too many unknown API keys from your address. Try again after %(time)s (%(wait)s).")
UNLOCK_NOT_ALLOWED = _("Only HR and administrators may clear a sign-in lock-out.")
UNLOCK_REASON_MISSING = _("Say why the lock-out is cleared; the reason goes to the audit log.")


def now() -> dt.datetime:
    """The limiter's clock (tests move it)."""
    return timezone.now()


def window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.SERVICELADDER_SIGNIN_WINDOW_MINUTES)


def limit(kind: str) -> int:
    return {
        ACCOUNT: settings.SERVICELADDER_SIGNIN_ACCOUNT_FAILURES,
        ADDRESS: settings.SERVICELADDER_SIGNIN_ADDRESS_FAILURES,
        API_ADDRESS: settings.SERVICELADDER_API_ADDRESS_FAILURES,
    }[kind]


def account_key(username: str) -> str:
    # Usernames are matched exactly by Django, but "Lina" and "lina" are guesses at the same account.
    return username.strip().lower()[:200]


@dataclass(frozen=True)
class Lock:
    """A counter that has reached its limit, and when it opens again."""

    kind: str
    key: str
    until: dt.datetime

    def retry_after(self, at: dt.datetime | None = None) -> int:
        """Whole seconds to wait (for the Retry-After header); at least 1."""
        return max(1, math.ceil((self.until - (at or now())).total_seconds()))

    def message(self, at: dt.datetime | None = None) -> str:
        minutes = max(1, math.ceil(self.retry_after(at) / 60))
        wait = ngettext("in about %(n)s minute", "in about %(n)s minutes", minutes) % {"n": minutes}
        time = formats.time_format(timezone.localtime(self.until), "H:i")
        template = API_LOCKED if self.kind == API_ADDRESS else SIGNIN_LOCKED
        return str(template) % {"time": time, "wait": wait}


@dataclass(frozen=True)
class SignInActor(Actor):
    """Who an anonymous sign-in attempt claimed to be: the audit row names the username tried."""

    tried: str = ""

    @property
    def label(self) -> str:
        if self.user is not None:
            return self.user.get_username()
        return self.tried[:200] or "anonymous"


def lock_in_force(pairs: list[tuple[str, str]], *, at: dt.datetime | None = None) -> Lock | None:
    """The lock that lasts longest among these (kind, key) counters, or None. One read, no lock taken."""
    at = at or now()
    match = Q()
    for kind, key in pairs:
        match |= Q(kind=kind, key=key)
    row = SignInCounter.objects.filter(match, locked_until__gt=at).order_by("-locked_until").first()
    return Lock(kind=row.kind, key=row.key, until=row.locked_until) if row else None


def _count_failure(kind: str, key: str, at: dt.datetime) -> Lock | None:
    """One more failure on a counter (in the caller's transaction); the Lock if it reached the limit."""
    SignInCounter.objects.bulk_create(
        [SignInCounter(kind=kind, key=key, failures=0, window_started_at=at, updated_at=at)],
        ignore_conflicts=True,
    )
    row = SignInCounter.objects.select_for_update().get(kind=kind, key=key)
    if row.window_started_at <= at - window():
        row.failures = 0
        row.window_started_at = at
    row.failures += 1
    newly_locked = None
    if row.failures >= limit(kind) and (row.locked_until is None or row.locked_until <= at):
        row.locked_until = at + window()
        # The next window starts now, so the count begins again once the lock has run out.
        row.window_started_at = at
        newly_locked = Lock(kind=kind, key=key, until=row.locked_until)
    row.updated_at = at
    row.save(update_fields=["failures", "window_started_at", "locked_until", "updated_at"])
    return newly_locked


def _purge_stale(at: dt.datetime) -> None:
    cutoff = at - window()
    SignInCounter.objects.filter(updated_at__lt=cutoff).filter(
        Q(locked_until__isnull=True) | Q(locked_until__lt=cutoff)
    ).delete()


def _record_lockout(actor: Actor, lock: Lock, address: str) -> None:
    audit_record(
        actor=actor,
        action="api_token.lockout" if lock.kind == API_ADDRESS else "signin.lockout",
        after={"kind": lock.kind, "key": lock.key, "address": address, "until": lock.until.isoformat()},
    )


def signin_check(*, username: str, address: str, at: dt.datetime | None = None) -> Lock | None:
    """The lock that refuses a sign-in attempt for this username from this address, or None."""
    return lock_in_force([(ACCOUNT, account_key(username)), (ADDRESS, address)], at=at)


@transaction.atomic
def signin_failure_record(
    *, username: str, address: str, channel: str = "web", at: dt.datetime | None = None
) -> Lock | None:
    """A wrong username or password: count it for the account and the address, audit it (and any lock-out).

    Returns the lock this failure caused, if any.
    """
    at = at or now()
    actor = SignInActor(user=None, channel=channel, tried=username)
    audit_record(actor=actor, action="signin.failure", after={"username": username[:150], "address": address})
    caused = None
    for kind, key in ((ACCOUNT, account_key(username)), (ADDRESS, address)):
        lock = _count_failure(kind, key, at)
        if lock is not None:
            _record_lockout(actor, lock, address)
            caused = caused or lock
    _purge_stale(at)
    return caused


@transaction.atomic
def signin_success_record(*, user, address: str, channel: str = "web") -> None:
    """A sign-in that passed: the account's failures are forgotten; the address's count stays."""
    SignInCounter.objects.filter(kind=ACCOUNT, key=account_key(user.get_username())).delete()
    audit_record(
        actor=Actor(user=user, channel=channel),
        action="signin.success",
        obj=user,
        after={"username": user.get_username(), "address": address},
    )


def api_key_check(*, address: str, at: dt.datetime | None = None) -> Lock | None:
    return lock_in_force([(API_ADDRESS, address)], at=at)


@transaction.atomic
def api_key_failure_record(*, address: str, at: dt.datetime | None = None) -> Lock | None:
    """An unknown or wrong API key from this address (not an expired or revoked one: those are real keys)."""
    at = at or now()
    lock = _count_failure(API_ADDRESS, address, at)
    if lock is not None:
        _record_lockout(SignInActor(user=None, channel="api", tried=""), lock, address)
    return lock


def signin_locks_of(usernames: list[str], *, at: dt.datetime | None = None) -> dict[str, dt.datetime]:
    """username → until when its account is locked, for those of `usernames` that are (one query)."""
    at = at or now()
    keys = {account_key(u): u for u in usernames}
    rows = SignInCounter.objects.filter(kind=ACCOUNT, key__in=list(keys), locked_until__gt=at)
    return {keys[r.key]: r.locked_until for r in rows}


@transaction.atomic
def signin_lock_clear(*, actor: Actor, username: str, reason: str) -> bool:
    """HR or an administrator ends an account's lock-out (and its count) early; False if there was none.

    The address counters are left alone: an attack from one address keeps being slowed down.
    """
    if actor.user is not None and not can_manage_roles(actor.user):
        raise PermissionDeniedError(UNLOCK_NOT_ALLOWED)
    reason = " ".join(reason.split())[:500]
    if not reason:
        raise ValidationFailed(UNLOCK_REASON_MISSING)
    at = now()
    key = account_key(username)
    row = SignInCounter.objects.select_for_update().filter(kind=ACCOUNT, key=key).first()
    if row is None:
        return False
    was_locked = row.locked_until is not None and row.locked_until > at
    row.delete()
    if not was_locked:
        return False
    user = get_user_model().objects.filter(username=username).first()
    audit_record(
        actor=actor,
        action="signin.unlock",
        obj=user,
        before={"username": username, "until": row.locked_until.isoformat()},
        reason=reason,
    )
    return True
