"""Removing an attachment from a case: who may (access.attachment_remover), the audit row, and the stored
file deleted only once the removal is committed."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from serviceladder.audit.services import Actor, audit_record
from serviceladder.promotions.access import REMOVE_AS_HR, access_application, attachment_remover
from serviceladder.promotions.attachments import REMOVE_ACTION
from serviceladder.promotions.errors import ATTACHMENT_REASON_REQUIRED, NotFound, PromotionInvalid
from serviceladder.promotions.models import ApplicationAttachment, PromotionApplication
from serviceladder.promotions.services._common import _applicant_side, _locked, _send

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AttachmentRemoval:
    """What a removal did (the row is gone; this is what the audit row and the answer keep)."""

    attachment_id: int
    application: PromotionApplication
    name: str
    size: int
    removed_as: str  # access.REMOVE_AS_UPLOADER | REMOVE_AS_HR
    reason: str
    file_missing: bool  # the stored file was already gone; the record was removed all the same


def _delete_stored(storage, name: str, attachment_id: int) -> None:
    try:
        storage.delete(name)
    except OSError:  # the row is gone either way; say so loudly rather than lose track of the file
        log.exception(
            "attachment %s removed, but its stored file %r could not be deleted", attachment_id, name
        )


@transaction.atomic
def promotion_attachment_remove(
    *, actor: Actor, attachment: ApplicationAttachment, reason: str = ""
) -> AttachmentRemoval:
    """Remove an attachment from its application.

    Who (access.attachment_remover):
    - the person who uploaded it (the applicant or their nominator), while the applicant side may still change
      the case: a draft, or a submitted application before the department review starts — that is, before any
      review opinion is recorded on the case (a case an appeal sent back to `submitted` has been reviewed, so
      no longer); the reason is optional;
    - HR, on someone else's application in any state before the case is closed (effective, rejected,
      withdrawn), with a required reason (PromotionInvalid otherwise).
    A case the actor may not see is NotFound; seeing it but not being allowed is StageNotAllowed (403); the
    uploader past the window, or HR on a closed case, is AttachmentLocked (409).

    The audit row (`promotion.attachment_remove`, in this transaction) keeps the case, the file name, size,
    type, stored path, uploader, the reason and `file_missing`; the case timeline shows it. The stored file is
    deleted after the commit, so a rollback never loses a file; a file already missing from disk does not stop
    the removal — the audit row says so. The applicant side and the uploader are told when someone else
    removed it.
    """
    user = actor.user
    application = access_application(user, attachment.application_id)
    application = _locked(application)
    attachment = (
        ApplicationAttachment.objects.select_for_update(of=("self",))
        .select_related("uploaded_by")
        .filter(pk=attachment.pk, application=application)
        .first()
    )
    if attachment is None:  # removed by someone else a moment ago
        raise NotFound()
    removed_as = attachment_remover(user, application, attachment)
    reason = (reason or "").strip()
    if removed_as == REMOVE_AS_HR and not reason:
        raise PromotionInvalid(ATTACHMENT_REASON_REQUIRED, name=attachment.original_name)
    storage, stored = attachment.file.storage, attachment.file.name
    file_missing = not stored or not storage.exists(stored)
    uploader = attachment.uploaded_by
    before = {
        "attachment": attachment.pk,
        "file": attachment.original_name,
        "size": attachment.size,
        "type": attachment.content_type,
        "stored": stored,
        "uploaded_by": uploader.get_username() if uploader is not None else None,
        "uploaded_at": timezone.localtime(attachment.uploaded_at).isoformat(),
    }
    attachment_id = attachment.pk
    attachment.delete()
    audit_record(
        actor=actor,
        action=REMOVE_ACTION,
        employee=application.applicant,
        obj=application,
        before=before,
        after={"removed_as": removed_as, "state": application.state, "file_missing": file_missing},
        reason=reason,
    )
    if file_missing:
        log.warning("attachment %s removed; its stored file %r was already missing", attachment_id, stored)
    else:
        transaction.on_commit(lambda: _delete_stored(storage, stored, attachment_id))
    if uploader is None or uploader.pk != getattr(user, "pk", None):
        _send(
            application,
            kind="promotion.attachment_removed",
            recipients=[*_applicant_side(application), uploader],
            title=_("An attachment was removed from a promotion application"),
            body=format_lazy(
                _("{who} removed {name}. Reason: {reason}"),
                who=actor.display_name,
                name=before["file"],
                reason=reason or "—",
            ),
            actor=actor,
        )
    return AttachmentRemoval(
        attachment_id=attachment_id,
        application=application,
        name=before["file"],
        size=before["size"],
        removed_as=removed_as,
        reason=reason,
        file_missing=file_missing,
    )
