"""Writers for policy drafts: HR's named, stored what-if work. A draft never becomes a version by itself."""

from __future__ import annotations

from django.db import transaction

from serviceladder.accounts.scoping import can_work_on_policy_drafts
from serviceladder.audit.services import Actor, audit_record
from serviceladder.core.errors import PermissionDeniedError
from serviceladder.policy.errors import (
    CANNOT_WORK_ON_DRAFTS,
    DraftNameMissing,
    DraftNameTooLong,
    PolicyInvalid,
)
from serviceladder.policy.models import PolicyDraft, PolicyVersion
from serviceladder.policy.services import normalise_text
from serviceladder.policy.validation import check_policy_text

MAX_NAME = 120


def _check(actor: Actor, name: str, content: str) -> str:
    if not can_work_on_policy_drafts(actor.user):
        raise PermissionDeniedError(CANNOT_WORK_ON_DRAFTS)
    name = name.strip()
    if not name:
        raise DraftNameMissing()
    if len(name) > MAX_NAME:
        raise DraftNameTooLong()
    check = check_policy_text(content)
    if check.issues:
        raise PolicyInvalid(issues=check.issues)
    return name


@transaction.atomic
def policy_draft_save(
    *,
    actor: Actor,
    name: str,
    base_version: PolicyVersion,
    content: str,
    params: dict[str, str],
    draft: PolicyDraft | None = None,
) -> PolicyDraft:
    """Create a draft (draft=None) or store a new state of one. The draft file must be a valid policy, so a
    stored draft can always be simulated; on any problem nothing is written."""
    name = _check(actor, name, content)
    content = normalise_text(content)
    if draft is None:
        draft = PolicyDraft.objects.create(
            name=name,
            base_version=base_version,
            params=params,
            content=content,
            created_by=actor.user,
            updated_by=actor.user,
        )
        action = "policy.draft.create"
    else:
        draft.name, draft.base_version, draft.params, draft.content = name, base_version, params, content
        draft.updated_by = actor.user
        draft.save(update_fields=["name", "base_version", "params", "content", "updated_by", "updated_at"])
        action = "policy.draft.update"
    audit_record(
        actor=actor,
        action=action,
        obj=draft,
        after={"name": name, "version": base_version.label, "parameters": params},
    )
    return draft


@transaction.atomic
def policy_draft_delete(*, actor: Actor, draft: PolicyDraft) -> None:
    if not can_work_on_policy_drafts(actor.user):
        raise PermissionDeniedError(CANNOT_WORK_ON_DRAFTS)
    audit_record(
        actor=actor,
        action="policy.draft.delete",
        obj=draft,
        before={"name": draft.name, "version": draft.base_version.label, "parameters": draft.params},
    )
    draft.delete()
