"""Writers for policy versions."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import has_role
from serviceladder.audit.services import Actor, audit_record
from serviceladder.core.errors import PermissionDeniedError
from serviceladder.policy.errors import CANNOT_LOAD_POLICY
from serviceladder.policy.ladder_sync import ladder_sync
from serviceladder.policy.models import PolicyVersion
from serviceladder.policy.validation import parse_policy

ALREADY_STORED = _(
    "This file is already stored as %(version)s (effective %(effective)s); nothing was changed."
)
STORED = _("Stored as %(version)s, effective %(effective)s.")


@dataclass(frozen=True)
class PolicyLoadResult:
    version: PolicyVersion
    created: bool
    ladder: dict[str, list[str]]

    @property
    def message(self) -> str:
        template = STORED if self.created else ALREADY_STORED
        return str(template) % {
            "version": self.version.label,
            "effective": self.version.effective_from.isoformat(),
        }


def normalise_text(text: str) -> str:
    """Same content, same hash: line endings and a trailing newline do not make a new version."""
    return text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n") + "\n"


def content_sha256(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def _catalogue_sync(version: PolicyVersion) -> dict[str, list[str]]:
    """The courses and exams the loaded policy defines join the learning catalogue (issue 17): the one in
    force and later ones (later ones win for names), and the loaded one even when it is already superseded."""
    from serviceladder.learning.services.catalogue import catalogue_sync
    from serviceladder.policy.ladder_sync import relevant_versions

    relevant = relevant_versions(timezone.localdate())
    if version.pk not in {v.pk for v in relevant}:  # an older version loaded late still names its courses
        relevant = [version, *relevant]
    return catalogue_sync(versions=relevant)


@transaction.atomic
def policy_load(
    *, actor: Actor, text: str, effective: dt.date, source_name: str = "", note: str = ""
) -> PolicyLoadResult:
    """Validate and store a policy file as a new immutable version, then bring the ladder rows in step.

    Loading a file whose content is already stored changes nothing and says so (`created` is False).
    Raises PolicyInvalid (with every issue) for a bad file; nothing is written then.
    """
    if actor.user is not None and not has_role(actor.user, Role.HR, Role.ADMIN):
        raise PermissionDeniedError(CANNOT_LOAD_POLICY)
    text = normalise_text(text)
    sha = content_sha256(text)
    existing = PolicyVersion.objects.filter(sha256=sha).first()
    if existing is not None:
        return PolicyLoadResult(existing, False, {"added": [], "updated": [], "retired": []})
    policy = parse_policy(text)
    last = PolicyVersion.objects.order_by("-number").values_list("number", flat=True).first() or 0
    version = PolicyVersion.objects.create(
        number=last + 1,
        name=policy.name,
        content=text,
        sha256=sha,
        effective_from=effective,
        loaded_by=actor.user,
        loaded_by_label=actor.label,
        source_name=source_name[:300],
        note=note,
    )
    report = ladder_sync()
    catalogue = _catalogue_sync(version)
    audit_record(
        actor=actor,
        action="policy.load",
        obj=version,
        after={
            "version": version.label,
            "name": policy.name,
            "sha256": sha,
            "effective_from": effective.isoformat(),
            "source": source_name,
            "ladder": report,
            "catalogue": catalogue,
        },
        reason=note,
    )
    from serviceladder.insights.services import SNAPSHOT_POLICY, snapshot_refresh_on_commit

    snapshot_refresh_on_commit(trigger=SNAPSHOT_POLICY)
    return PolicyLoadResult(version, True, report)
