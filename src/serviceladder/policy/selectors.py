"""Read policy versions. The policy itself is not personal data; pay bands inside it are shown only to
those who may see pay (the pages check accounts.scoping before rendering a band)."""

from __future__ import annotations

import datetime as dt
import re
import threading

from django.db.models import QuerySet
from django.utils import timezone

from serviceladder.policy.errors import NoPolicyInForce, UnknownPolicyVersion
from serviceladder.policy.models import PolicyVersion
from serviceladder.policy.schema import Level, Policy
from serviceladder.policy.validation import parse_policy

_parsed: dict[str, Policy] = {}
_lock = threading.Lock()


def policy_versions() -> QuerySet[PolicyVersion]:
    return PolicyVersion.objects.select_related("loaded_by").order_by("-number")


def policy_version_get(ref: str | int) -> PolicyVersion:
    """A version by number: 3, "3" or "v3"."""
    match = re.fullmatch(r"[vV]?(\d+)", str(ref).strip())
    version = PolicyVersion.objects.filter(number=int(match.group(1))).first() if match else None
    if version is None:
        raise UnknownPolicyVersion(ref=ref)
    return version


def policy_parsed(version: PolicyVersion) -> Policy:
    """The parsed content of a stored version (cached by hash: stored content never changes)."""
    with _lock:
        cached = _parsed.get(version.sha256)
    if cached is None:
        cached = parse_policy(version.content)
        with _lock:
            _parsed[version.sha256] = cached
    return cached


def policy_version_in_force(date: dt.date) -> PolicyVersion:
    version = (
        PolicyVersion.objects.filter(effective_from__lte=date).order_by("-effective_from", "-number").first()
    )
    if version is None:
        raise NoPolicyInForce(date=date.isoformat())
    return version


def policy_in_force(date: dt.date) -> Policy:
    """The parsed policy that applies on `date` (latest effective date not after it; ties: latest loaded)."""
    return policy_parsed(policy_version_in_force(date))


def exam_names_to_codes(policy: Policy) -> dict[str, str]:
    """The policy's exam codes by their code and both names, lower-cased: an exam result without a code
    (imported) is matched on its name or its name in the other language."""
    out: dict[str, str] = {}
    for exam in policy.exams:
        for text in (exam.code, exam.name_zh, exam.name_en):
            out.setdefault(text.strip().lower(), exam.code)
    return out


def exam_code_for(code: str, names, by_name: dict[str, str]) -> str:
    """One result's exam code: its own when it has one, else the first of its names that names an exam of
    the policy (case-insensitive), else ''."""
    if code:
        return code
    for name in names:
        found = by_name.get((name or "").strip().lower())
        if found:
            return found
    return ""


def exam_codes(date: dt.date) -> dict[str, str]:
    """exam_names_to_codes of the policy in force on `date`; empty without one."""
    try:
        return exam_names_to_codes(policy_in_force(date))
    except NoPolicyInForce:
        return {}


def training_names(date: dt.date) -> dict[str, tuple[str, str]]:
    """The policy's trainings as recorded anywhere (code, Chinese or English name, any case) → (zh, en);
    empty without a policy in force."""
    try:
        policy = policy_in_force(date)
    except NoPolicyInForce:
        return {}
    return {
        key.strip().lower(): (t.name_zh, t.name_en)
        for t in policy.trainings
        for key in (t.code, t.name_zh, t.name_en)
        if key
    }


def level_details(code: str, date: dt.date) -> Level | None:
    """Duties, requirements, competencies, pay band and benefits of a level, per the policy in force."""
    found = policy_in_force(date).levels().get(code)
    return found[1] if found else None


def development_switched_on(as_of: dt.date) -> dt.date | None:
    """The day development planning was switched on, as known on `as_of`: the earliest day a policy
    version that enables it was both in force and loaded (a version loaded today with a past effective
    date switches it on today, so nobody is overdue on the first day). None while it is off on `as_of`."""
    found = development_in_force(as_of)
    return found[1] if found else None


def development_in_force(as_of: dt.date) -> tuple[Policy, dt.date] | None:
    """(the policy in force on `as_of`, the day development planning was switched on) in one query; None
    while the policy in force does not switch it on (or there is none)."""
    versions = list(
        PolicyVersion.objects.filter(effective_from__lte=as_of).order_by("effective_from", "number")
    )
    if not versions:
        return None
    policy = policy_parsed(versions[-1])
    if not policy.development.enabled:
        return None
    days = [
        max(v.effective_from, timezone.localdate(v.loaded_at))
        for v in versions
        if policy_parsed(v).development.enabled
    ]
    return policy, min(days)
