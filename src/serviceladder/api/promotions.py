"""/api/promotions — every step of a promotion cycle (policy 001 §6–8) for companies' own tools.

Reads go through promotions.selectors (scoped by promotions.access over accounts.scoping): a case the caller
may not see is 404, exactly as a missing one. Writes go through promotions.services with
Actor(channel="api"); a role that may see the case but not take the step gets 403. Every write on an
application accepts `expected_version` and answers with the new `state` and `version`; when someone else
acted first the answer is 409 with the domain error's message and nothing is written.

This module: cycles, the notice list, reading applications, the applicant's side and attachments (list,
download, removal). The review stages,
publishing, appeals and finalisation are in promotion_stages.py; request and answer shapes in
promotion_schemas.py, filled by promotion_shapes.py.
"""

from __future__ import annotations

from typing import Annotated, Literal

from ninja import File, Query, Router, Status
from ninja.files import UploadedFile

from serviceladder.accounts.scoping import access_employee, user_employee
from serviceladder.api import promotion_schemas as s
from serviceladder.api import promotion_shapes as sh
from serviceladder.api.promotion_schemas import write_responses
from serviceladder.api.schemas import ERRORS, MAX_PAGE_SIZE, page_of
from serviceladder.promotions import access, clock, selectors, services
from serviceladder.promotions.attachments import attachment_response
from serviceladder.promotions.errors import NotFound
from serviceladder.promotions.states import Action

router = Router(tags=["promotions"])


# --- cycles -------------------------------------------------------------------------------------------------


@router.get(
    "/cycles",
    response={200: s.CyclesPage, **ERRORS},
    url_name="promotion_cycles",
    operation_id="promotion_cycles_list",
    summary="Promotion cycles",
)
def cycles_list(
    request,
    open_now: bool = Query(False, description="only cycles accepting submissions today"),
    page: int = Query(1, ge=1),
    page_size: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
):
    qs = (
        selectors.cycles_open_on(request.auth, clock.today())
        if open_now
        else selectors.cycles_visible_to(request.auth)
    )
    result = page_of(qs, page=page, page_size=page_size)
    result["items"] = [sh.cycle_out(c) for c in result["items"]]
    return result


@router.post(
    "/cycles",
    response=write_responses(201, s.CycleDetail),
    url_name="promotion_cycle_open",
    operation_id="promotion_cycle_open",
    summary="Open a cycle (HR)",
    description="The window must lie inside the policy's application months; quotas default to the policy's.",
)
def cycle_open(request, payload: s.CycleIn):
    cycle = services.promotion_cycle_open(
        actor=sh.actor(request),
        name=payload.name,
        name_alt=payload.name_alt,
        opens_on=payload.opens_on,
        closes_on=payload.closes_on,
        quotas=payload.quotas,
        note=payload.note,
    )
    return Status(201, sh.cycle_detail(request.auth, sh.cycle_get(request, cycle.pk)))


@router.get(
    "/cycles/{cycle_id}",
    response={200: s.CycleDetail, **ERRORS},
    url_name="promotion_cycle",
    operation_id="promotion_cycle_get",
    summary="One cycle with its funnel, quota use and notices",
)
def cycle_get(request, cycle_id: int):
    return sh.cycle_detail(request.auth, sh.cycle_get(request, cycle_id))


@router.get(
    "/cycles/{cycle_id}/candidates",
    response={200: list[s.LevelCandidatesOut], **ERRORS},
    url_name="promotion_cycle_candidates",
    operation_id="promotion_cycle_candidates",
    summary="Candidates awaiting management, ranked, with each level's quota (management, HR)",
)
def cycle_candidates(request, cycle_id: int):
    out = []
    for group in selectors.management_candidates(request.auth, sh.cycle_get(request, cycle_id)):
        out.append(
            {
                "level": sh.level_ref(group.level),
                "quota": {
                    "level": group.level.code,
                    "quota": group.quota.quota,
                    "used": group.quota.used,
                    "remaining": group.quota.remaining,
                },
                "candidates": [
                    {
                        "position": row.position,
                        "application": row.application.pk,
                        "applicant": {
                            "number": row.application.applicant.number,
                            "name": row.application.applicant.name,
                        },
                        "eligible": not row.application.is_exception,
                        "score": row.score,
                    }
                    for row in group.candidates
                ],
            }
        )
    return out


@router.put(
    "/cycles/{cycle_id}/quotas",
    response=write_responses(200, s.CycleDetail),
    url_name="promotion_cycle_quotas_set",
    operation_id="promotion_cycle_quotas_set",
    summary="Change a cycle's quotas, with a reason (HR)",
    description="Replaces the quota map: a target level left out or null has no quota. Allowed until the "
    "cycle's first public notice is published and while the cycle is not closed (its window over and no "
    "application awaiting a decision); otherwise 409. A quota that changes may not be set below the "
    "approvals management already gave for its level (400, naming the level, the approvals and the quota "
    "asked). Only target levels of the cycle's policy; whole numbers from 0; a reason is required (400). "
    "With `expected_version` a change made by someone else since is 409 and nothing is written. Audited "
    "per level (before/after, reason); management is notified. Answers the cycle with its new `version`.",
)
def cycle_quotas_set(request, cycle_id: int, payload: s.QuotasIn):
    services.promotion_cycle_quotas_set(
        actor=sh.actor(request),
        cycle=sh.cycle_get(request, cycle_id),
        quotas=payload.quotas,
        reason=payload.reason,
        expected_version=payload.expected_version,
    )
    return sh.cycle_detail(request.auth, sh.cycle_get(request, cycle_id))


@router.get(
    "/notices",
    response={200: s.NoticesPage, **ERRORS},
    url_name="promotion_notices",
    operation_id="promotion_notices_list",
    summary="The public notice (everyone in the organisation)",
    description="Names with their from/to levels and the notice period — no figures, no pay.",
)
def notices_list(
    request,
    cycle: int | None = Query(None, description="only this cycle"),
    current: bool = Query(False, description="only promotions on notice now (not the effective ones)"),
    page: int = Query(1, ge=1),
    page_size: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
):
    entries = selectors.notice_entries(
        request.auth, cycle=sh.cycle_get(request, cycle) if cycle is not None else None, current_only=current
    )
    result = page_of(entries, page=page, page_size=page_size)
    result["items"] = [
        {
            "application": e.application_id,
            "notice": e.notice_id,
            "name": e.name,
            "from_level": e.from_level,
            "to_level": e.to_level,
            "published_on": e.published_on,
            "ends_on": e.ends_on,
            "provisional_years": list(e.provisional_years),
            "running": e.running,
        }
        for e in result["items"]
    ]
    return result


# --- applications: reading ----------------------------------------------------------------------------------


@router.get(
    "/applications",
    response={200: s.ApplicationsPage, **ERRORS},
    url_name="promotion_applications",
    operation_id="promotion_applications_list",
    summary="Applications the caller may see",
    description="The applicant sees their own; a team lead their teams'; a department head their "
    "department's; HR and management all. `awaiting=me` is the reviewer's inbox: cases waiting for the "
    "caller's step.",
)
def applications_list(
    request,
    cycle: int | None = Query(None, description="cycle id"),
    state: Annotated[s.StateCode | None, Query(description="only this state")] = None,
    awaiting: Literal["me"] | None = Query(None, description="`me`: only cases waiting for my review step"),
    page: int = Query(1, ge=1),
    page_size: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
):
    user = request.auth
    the_cycle = sh.cycle_get(request, cycle) if cycle is not None else None
    if awaiting:
        items = selectors.applications_awaiting(user, cycle=the_cycle)
        if state:
            items = [a for a in items if a.state == state]
    else:
        items = selectors.applications_visible_to(user, cycle=the_cycle, states=[state] if state else None)
    result = page_of(items, page=page, page_size=page_size)
    result["items"] = [sh.application_out(a) for a in result["items"]]
    return result


@router.get(
    "/applications/{application_id}",
    response={200: s.ApplicationDetail, **ERRORS},
    url_name="promotion_application",
    operation_id="promotion_application_get",
    summary="One application: form, frozen eligibility, timeline, what the caller may do",
)
def application_get(request, application_id: int):
    return sh.detail(request, application_id)


@router.get(
    "/applications/{application_id}/comparison",
    response={200: s.ComparisonOut, **ERRORS},
    url_name="promotion_application_comparison",
    operation_id="promotion_application_comparison",
    summary="The frozen eligibility against today's data (HR, management)",
)
def application_comparison(request, application_id: int):
    result = selectors.snapshot_comparison(request.auth, sh.application_get(request, application_id))
    return {
        "as_of": result.as_of,
        "status_then": result.status_then,
        "status_today": result.status_today,
        "differences": [
            {"clause": d.clause, "key": d.key, "at_submission": d.at_submission, "today": d.today}
            for d in result.differences
        ],
    }


# --- applications: the applicant's side ---------------------------------------------------------------------


@router.post(
    "/applications",
    response=write_responses(201, s.ApplicationDetail),
    url_name="promotion_application_create",
    operation_id="promotion_application_create",
    summary="Start a draft: one's own application, or a nomination (team lead, department head)",
)
def application_create(request, payload: s.ApplicationIn):
    user = request.auth
    cycle = sh.cycle_get(request, payload.cycle)
    form = {
        "achievements": payload.achievements,
        "capability_growth": payload.capability_growth,
        "role_understanding": payload.role_understanding,
        "plan": payload.plan,
    }
    me = user_employee(user)
    if payload.employee and (me is None or payload.employee != me.number):
        employee = access_employee(user, payload.employee)
        app = services.promotion_application_nominate(
            actor=sh.actor(request), cycle=cycle, employee=employee, target_level=payload.target_level, **form
        )
    else:
        app = services.promotion_application_create(
            actor=sh.actor(request), cycle=cycle, target_level=payload.target_level, **form
        )
    return Status(201, sh.detail(request, app.pk))


@router.patch(
    "/applications/{application_id}",
    response=write_responses(200, s.ApplicationDetail),
    url_name="promotion_application_update",
    operation_id="promotion_application_update",
    summary="Change a draft's form (applicant or nominator)",
)
def application_update(request, application_id: int, payload: s.ApplicationPatch):
    app = sh.application_get(request, application_id)
    fields = {k: v for k, v in payload.model_dump(exclude={"expected_version"}).items() if v is not None}
    with sh.expecting(request, app, payload.expected_version, operation=access.EDIT):
        services.promotion_application_update(
            actor=sh.actor(request), application=app, expected_version=payload.expected_version, **fields
        )
    return sh.detail(request, application_id)


@router.post(
    "/applications/{application_id}/attachments",
    response=write_responses(201, s.AttachmentResult),
    url_name="promotion_attachment_add",
    operation_id="promotion_attachment_add",
    summary="Attach a file to a draft (multipart; PDF, image, Office document or text, at most 10 MB)",
)
def attachment_add(
    request, application_id: int, file: File[UploadedFile], expected_version: int | None = None
):
    app = sh.application_get(request, application_id)
    with sh.expecting(request, app, expected_version, operation=access.ATTACHMENT_ADD):
        attachment = services.promotion_attachment_add(
            actor=sh.actor(request), application=app, uploaded_file=file
        )
    return Status(
        201,
        {
            "application": sh.state_of(application_id),
            "attachment": {
                "id": attachment.pk,
                "name": attachment.original_name,
                "content_type": attachment.content_type,
                "size": attachment.size,
                "uploaded_at": attachment.uploaded_at,
            },
        },
    )


@router.get(
    "/applications/{application_id}/attachments",
    response={200: list[s.AttachmentItem], **ERRORS},
    url_name="promotion_attachments",
    operation_id="promotion_attachments_list",
    summary="The attachments of a case (anyone who may see it), oldest first",
)
def attachments_list(request, application_id: int):
    app = sh.application_get(request, application_id)
    return [
        {
            "id": v.attachment.pk,
            "name": v.attachment.original_name,
            "content_type": v.attachment.content_type,
            "size": v.attachment.size,
            "uploaded_by": v.attachment.uploaded_by.get_username() if v.attachment.uploaded_by_id else None,
            "uploaded_at": v.attachment.uploaded_at,
            "removable": v.remove_as is not None,
            "reason_required": v.reason_required,
        }
        for v in selectors.attachments_for(request.auth, app)
    ]


def _attachment_of(request, application_id: int, attachment_id: int):
    """The attachment if the caller may see its case; 404 otherwise (nothing about it is told)."""
    found = sh.application_get(request, application_id).attachments.filter(pk=attachment_id).first()
    if found is None:
        raise NotFound()
    return found


@router.get(
    "/applications/{application_id}/attachments/{attachment_id}",
    response=ERRORS,
    url_name="promotion_attachment",
    operation_id="promotion_attachment_download",
    summary="Download an attachment (anyone who may see the case)",
    description="The file itself, with its type and `Content-Disposition: attachment` carrying the original "
    "name (RFC 6266: an ASCII `filename` and the exact UTF-8 name in `filename*`).",
    openapi_extra={
        "responses": {
            "200": {
                "description": "the file",
                "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def attachment_download(request, application_id: int, attachment_id: int):
    return attachment_response(_attachment_of(request, application_id, attachment_id))


@router.delete(
    "/applications/{application_id}/attachments/{attachment_id}",
    response=write_responses(200, s.AttachmentRemoved),
    url_name="promotion_attachment_remove",
    operation_id="promotion_attachment_remove",
    summary="Remove an attachment (its uploader while the case is theirs; HR with a reason)",
    description="The person who uploaded it, while the application is a draft or submitted and not yet "
    "reviewed; HR in any state before the case is closed, with a `reason`. Audited and shown in the case "
    "timeline; the stored file is deleted once the removal is committed.",
)
def attachment_remove(request, application_id: int, attachment_id: int, payload: s.AttachmentRemoveIn = None):
    payload = payload or s.AttachmentRemoveIn()
    found = _attachment_of(request, application_id, attachment_id)
    access.attachment_remover(request.auth, found.application, found)  # the role before the version (403)
    with sh.expecting(request, found.application, payload.expected_version, operation=None):
        removal = services.promotion_attachment_remove(
            actor=sh.actor(request), attachment=found, reason=payload.reason
        )
    return {
        "application": sh.state_of(application_id),
        "attachment": removal.attachment_id,
        "name": removal.name,
        "size": removal.size,
        "file_missing": removal.file_missing,
    }


@router.post(
    "/applications/{application_id}/submit",
    response=write_responses(200, s.ApplicationDetail),
    url_name="promotion_application_submit",
    operation_id="promotion_application_submit",
    summary="Submit (applicant or nominator), freezing the eligibility decision",
)
def application_submit(request, application_id: int, payload: s.SubmitIn):
    app = sh.application_get(request, application_id)
    with sh.expecting(request, app, payload.expected_version, operation=Action.SUBMIT):
        services.promotion_application_submit(
            actor=sh.actor(request),
            application=app,
            exception_reason=payload.exception_reason,
            expected_version=payload.expected_version,
        )
    return sh.detail(request, application_id)


@router.post(
    "/applications/{application_id}/withdraw",
    response=write_responses(200, s.ApplicationDetail),
    url_name="promotion_application_withdraw",
    operation_id="promotion_application_withdraw",
    summary="Withdraw (the applicant)",
)
def application_withdraw(request, application_id: int, payload: s.WithdrawIn):
    app = sh.application_get(request, application_id)
    with sh.expecting(request, app, payload.expected_version, operation=Action.WITHDRAW):
        services.promotion_application_withdraw(
            actor=sh.actor(request),
            application=app,
            reason=payload.reason,
            expected_version=payload.expected_version,
        )
    return sh.detail(request, application_id)


@router.post(
    "/applications/{application_id}/comments",
    response=write_responses(201, s.CommentResult),
    url_name="promotion_comment_add",
    operation_id="promotion_comment_add",
    summary="Comment on a case (anyone who may see it)",
)
def comment_add(request, application_id: int, payload: s.CommentIn):
    app = sh.application_get(request, application_id)
    with sh.expecting(request, app, payload.expected_version, operation=None):
        comment = services.promotion_comment_add(actor=sh.actor(request), application=app, text=payload.text)
    return Status(
        201,
        {
            "application": sh.state_of(application_id),
            "comment": {
                "id": comment.pk,
                "author": comment.author_label,
                "text": comment.text,
                "created_at": comment.created_at,
            },
        },
    )
