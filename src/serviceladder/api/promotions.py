"""/api/promotions — every step of a promotion cycle (policy 001 §6–8) for companies' own tools.

Reads go through promotions.selectors (scoped by promotions.access over accounts.scoping): a case the caller
may not see is 404, exactly as a missing one. Writes go through promotions.services with
Actor(channel="api"); a role that may see the case but not take the step gets 403. Every write on an
application accepts `expected_version` and answers with the new `state` and `version`; when someone else
acted first the answer is 409 with the domain error's message and nothing is written.
Shapes are in promotion_schemas.py.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Annotated, Literal

from django.db import transaction
from ninja import File, Query, Router
from ninja.files import UploadedFile

from serviceladder.accounts.scoping import access_employee
from serviceladder.api import promotion_schemas as s
from serviceladder.api.schemas import ERRORS, MAX_PAGE_SIZE, Problem, page_of
from serviceladder.audit.services import Actor
from serviceladder.promotions import selectors, services, workflow
from serviceladder.promotions.errors import NotFound
from serviceladder.promotions.models import PromotionApplication

router = Router(tags=["promotions"])

# Writes may also meet a state that does not allow them, or someone who acted first.
CONFLICT = {409: Problem}


def _responses(ok_status: int, schema) -> dict:
    return {ok_status: schema, **ERRORS, **CONFLICT}


def _actor(request) -> Actor:
    return Actor(user=request.auth, channel="api")


def _cycle(request, cycle_id: int):
    cycle = selectors.cycles_visible_to(request.auth).filter(pk=cycle_id).first()
    if cycle is None:
        raise NotFound()
    return cycle


def _application(request, application_id: int) -> PromotionApplication:
    return selectors.application_get(request.auth, application_id)


@contextmanager
def _expecting(request, app: PromotionApplication, expected_version: int | None):
    """One transaction around a step: the application's row locked and, when the caller sent
    `expected_version`, compared with it first (a stale version is 409 and nothing is written)."""
    with transaction.atomic():
        if expected_version is not None:
            workflow.version_lock(user=request.auth, application=app, expected_version=expected_version)
        yield


def _detail(request, application_id: int) -> dict:
    return s.application_detail(request.auth, _application(request, application_id))


def _state(application_id: int) -> dict:
    return s.state_out(PromotionApplication.objects.get(pk=application_id))


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
    from serviceladder.promotions import clock

    qs = (
        selectors.cycles_open_on(request.auth, clock.today())
        if open_now
        else selectors.cycles_visible_to(request.auth)
    )
    result = page_of(qs, page=page, page_size=page_size)
    result["items"] = [s.cycle_out(c) for c in result["items"]]
    return result


@router.post(
    "/cycles",
    response=_responses(201, s.CycleDetail),
    url_name="promotion_cycle_open",
    operation_id="promotion_cycle_open",
    summary="Open a cycle (HR)",
    description="The window must lie inside the policy's application months; quotas default to the policy's.",
)
def cycle_open(request, payload: s.CycleIn):
    cycle = services.promotion_cycle_open(
        actor=_actor(request),
        name=payload.name,
        opens_on=payload.opens_on,
        closes_on=payload.closes_on,
        quotas=payload.quotas,
        note=payload.note,
    )
    return 201, s.cycle_detail(request.auth, _cycle(request, cycle.pk))


@router.get(
    "/cycles/{cycle_id}",
    response={200: s.CycleDetail, **ERRORS},
    url_name="promotion_cycle",
    operation_id="promotion_cycle_get",
    summary="One cycle with its funnel, quota use and notices",
)
def cycle_get(request, cycle_id: int):
    return s.cycle_detail(request.auth, _cycle(request, cycle_id))


@router.get(
    "/cycles/{cycle_id}/candidates",
    response={200: list[s.LevelCandidatesOut], **ERRORS},
    url_name="promotion_cycle_candidates",
    operation_id="promotion_cycle_candidates",
    summary="Candidates awaiting management, ranked, with each level's quota (management, HR)",
)
def cycle_candidates(request, cycle_id: int):
    out = []
    for group in selectors.management_candidates(request.auth, _cycle(request, cycle_id)):
        out.append(
            {
                "level": s.level_ref(group.level),
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


@router.post(
    "/cycles/{cycle_id}/notice",
    response=_responses(201, s.NoticeOut),
    url_name="promotion_notice_publish",
    operation_id="promotion_notice_publish",
    summary="Publish the public notice (HR)",
    description="Publishes the given management-approved applications (default: all of the cycle's) today; "
    "the end date follows the policy's working days and holiday calendar.",
)
def notice_publish(request, cycle_id: int, payload: s.NoticeIn):
    cycle = _cycle(request, cycle_id)
    apps = None
    with transaction.atomic():
        if payload.applications is not None:
            ids = [item.id for item in payload.applications]
            found = {a.pk: a for a in selectors.applications_visible_to(request.auth).filter(pk__in=ids)}
            if set(ids) - set(found):
                raise NotFound()
            apps = [found[i] for i in ids]
            for item in payload.applications:
                if item.expected_version is not None:
                    workflow.version_lock(
                        user=request.auth, application=found[item.id], expected_version=item.expected_version
                    )
        notice = services.promotion_notice_publish(actor=_actor(request), cycle=cycle, applications=apps)
    published = PromotionApplication.objects.filter(notice=notice).order_by("pk")
    return 201, {
        **s.notice_ref(notice),
        "cycle": {"id": cycle.pk, "name": cycle.name},
        "working_days": notice.working_days,
        "publication_day_counts": notice.publication_day_counts,
        "applications": [s.state_out(a) for a in published],
    }


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
        request.auth, cycle=_cycle(request, cycle) if cycle is not None else None, current_only=current
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
    the_cycle = _cycle(request, cycle) if cycle is not None else None
    if awaiting:
        items = selectors.applications_awaiting(user, cycle=the_cycle)
        if state:
            items = [a for a in items if a.state == state]
    else:
        items = selectors.applications_visible_to(user, cycle=the_cycle, states=[state] if state else None)
    result = page_of(items, page=page, page_size=page_size)
    result["items"] = [s.application_out(a) for a in result["items"]]
    return result


@router.get(
    "/applications/{application_id}",
    response={200: s.ApplicationDetail, **ERRORS},
    url_name="promotion_application",
    operation_id="promotion_application_get",
    summary="One application: form, frozen eligibility, timeline, what the caller may do",
)
def application_get(request, application_id: int):
    return _detail(request, application_id)


@router.get(
    "/applications/{application_id}/comparison",
    response={200: s.ComparisonOut, **ERRORS},
    url_name="promotion_application_comparison",
    operation_id="promotion_application_comparison",
    summary="The frozen eligibility against today's data (HR, management)",
)
def application_comparison(request, application_id: int):
    result = selectors.snapshot_comparison(request.auth, _application(request, application_id))
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
    response=_responses(201, s.ApplicationDetail),
    url_name="promotion_application_create",
    operation_id="promotion_application_create",
    summary="Start a draft: one's own application, or a nomination (team lead, department head)",
)
def application_create(request, payload: s.ApplicationIn):
    user = request.auth
    cycle = _cycle(request, payload.cycle)
    form = {
        "achievements": payload.achievements,
        "capability_growth": payload.capability_growth,
        "role_understanding": payload.role_understanding,
        "plan": payload.plan,
    }
    from serviceladder.accounts.scoping import user_employee

    me = user_employee(user)
    if payload.employee and (me is None or payload.employee != me.number):
        employee = access_employee(user, payload.employee)
        app = services.promotion_application_nominate(
            actor=_actor(request), cycle=cycle, employee=employee, target_level=payload.target_level, **form
        )
    else:
        app = services.promotion_application_create(
            actor=_actor(request), cycle=cycle, target_level=payload.target_level, **form
        )
    return 201, _detail(request, app.pk)


@router.patch(
    "/applications/{application_id}",
    response=_responses(200, s.ApplicationDetail),
    url_name="promotion_application_update",
    operation_id="promotion_application_update",
    summary="Change a draft's form (applicant or nominator)",
)
def application_update(request, application_id: int, payload: s.ApplicationPatch):
    app = _application(request, application_id)
    fields = {k: v for k, v in payload.dict(exclude={"expected_version"}).items() if v is not None}
    services.promotion_application_update(
        actor=_actor(request), application=app, expected_version=payload.expected_version, **fields
    )
    return _detail(request, application_id)


@router.post(
    "/applications/{application_id}/attachments",
    response=_responses(201, s.AttachmentResult),
    url_name="promotion_attachment_add",
    operation_id="promotion_attachment_add",
    summary="Attach a file to a draft (multipart; PDF, image, Office document or text, at most 10 MB)",
)
def attachment_add(
    request, application_id: int, file: File[UploadedFile], expected_version: int | None = None
):
    app = _application(request, application_id)
    with _expecting(request, app, expected_version):
        attachment = services.promotion_attachment_add(
            actor=_actor(request), application=app, uploaded_file=file
        )
    return 201, {
        "application": _state(application_id),
        "attachment": {
            "id": attachment.pk,
            "name": attachment.original_name,
            "content_type": attachment.content_type,
            "size": attachment.size,
            "uploaded_at": attachment.uploaded_at,
        },
    }


@router.post(
    "/applications/{application_id}/submit",
    response=_responses(200, s.ApplicationDetail),
    url_name="promotion_application_submit",
    operation_id="promotion_application_submit",
    summary="Submit (applicant or nominator), freezing the eligibility decision",
)
def application_submit(request, application_id: int, payload: s.SubmitIn):
    services.promotion_application_submit(
        actor=_actor(request),
        application=_application(request, application_id),
        exception_reason=payload.exception_reason,
        expected_version=payload.expected_version,
    )
    return _detail(request, application_id)


@router.post(
    "/applications/{application_id}/withdraw",
    response=_responses(200, s.ApplicationDetail),
    url_name="promotion_application_withdraw",
    operation_id="promotion_application_withdraw",
    summary="Withdraw (the applicant)",
)
def application_withdraw(request, application_id: int, payload: s.WithdrawIn):
    services.promotion_application_withdraw(
        actor=_actor(request),
        application=_application(request, application_id),
        reason=payload.reason,
        expected_version=payload.expected_version,
    )
    return _detail(request, application_id)


# --- the review stages --------------------------------------------------------------------------------------


@router.post(
    "/applications/{application_id}/review-department",
    response=_responses(200, s.ApplicationDetail),
    url_name="promotion_review_department",
    operation_id="promotion_review_department",
    summary="Department review: approve or reject with an opinion (the department head)",
)
def review_department(request, application_id: int, payload: s.ReviewIn):
    services.promotion_review_department(
        actor=_actor(request),
        application=_application(request, application_id),
        approve=payload.approve,
        opinion=payload.opinion,
        expected_version=payload.expected_version,
    )
    return _detail(request, application_id)


@router.post(
    "/applications/{application_id}/review-hr",
    response=_responses(200, s.ApplicationDetail),
    url_name="promotion_review_hr",
    operation_id="promotion_review_hr",
    summary="HR review: approve or reject with an opinion (HR)",
)
def review_hr(request, application_id: int, payload: s.ReviewIn):
    services.promotion_review_hr(
        actor=_actor(request),
        application=_application(request, application_id),
        approve=payload.approve,
        opinion=payload.opinion,
        expected_version=payload.expected_version,
    )
    return _detail(request, application_id)


@router.post(
    "/applications/{application_id}/assessments",
    response=_responses(201, s.AssessmentResult),
    url_name="promotion_assessment_schedule",
    operation_id="promotion_assessment_schedule",
    summary="Schedule an interview or assessment during the HR review (HR)",
)
def assessment_schedule(request, application_id: int, payload: s.AssessmentIn):
    app = _application(request, application_id)
    with _expecting(request, app, payload.expected_version):
        assessment = services.promotion_assessment_schedule(
            actor=_actor(request),
            application=app,
            kind=payload.kind,
            scheduled_at=payload.scheduled_at,
            note=payload.note,
        )
    return 201, {"application": _state(application_id), "assessment": s.assessment_out(assessment)}


@router.post(
    "/applications/{application_id}/assessments/{assessment_id}/scores",
    response=_responses(200, s.AssessmentResult),
    url_name="promotion_assessment_record",
    operation_id="promotion_assessment_record",
    summary="Record an interview's or assessment's scores (HR)",
)
def assessment_record(request, application_id: int, assessment_id: int, payload: s.ScoresIn):
    app = _application(request, application_id)
    assessment = app.assessments.filter(pk=assessment_id).first()
    if assessment is None:
        raise NotFound()
    with _expecting(request, app, payload.expected_version):
        assessment = services.promotion_assessment_record(
            actor=_actor(request),
            assessment=assessment,
            scores=payload.scores,
            result_note=payload.result_note,
        )
    return {"application": _state(application_id), "assessment": s.assessment_out(assessment)}


@router.post(
    "/applications/{application_id}/approve",
    response=_responses(200, s.ApplicationDetail),
    url_name="promotion_approve",
    operation_id="promotion_approve_management",
    summary="Management approval: approve or reject; over the quota only with an override reason",
)
def approve(request, application_id: int, payload: s.ManagementIn):
    services.promotion_approve_management(
        actor=_actor(request),
        application=_application(request, application_id),
        approve=payload.approve,
        opinion=payload.opinion,
        override_reason=payload.override_reason,
        expected_version=payload.expected_version,
    )
    return _detail(request, application_id)


@router.post(
    "/applications/{application_id}/comments",
    response=_responses(201, s.CommentResult),
    url_name="promotion_comment_add",
    operation_id="promotion_comment_add",
    summary="Comment on a case (anyone who may see it)",
)
def comment_add(request, application_id: int, payload: s.CommentIn):
    app = _application(request, application_id)
    with _expecting(request, app, payload.expected_version):
        comment = services.promotion_comment_add(actor=_actor(request), application=app, text=payload.text)
    return 201, {
        "application": _state(application_id),
        "comment": {
            "id": comment.pk,
            "author": comment.author_label,
            "text": comment.text,
            "created_at": comment.created_at,
        },
    }


@router.post(
    "/applications/{application_id}/pay",
    response=_responses(200, s.PayResult),
    url_name="promotion_pay_adjust",
    operation_id="promotion_pay_adjust",
    summary="Set the final pay within the new level's band, with a reason (HR)",
)
def pay_adjust(request, application_id: int, payload: s.PayIn):
    app = _application(request, application_id)
    with _expecting(request, app, payload.expected_version):
        pay = services.promotion_pay_adjust(
            actor=_actor(request), application=app, amount=payload.amount, reason=payload.reason
        )
    return {"application": _state(application_id), "pay": s.pay_out(pay)}


@router.post(
    "/applications/{application_id}/finalise",
    response=_responses(200, s.ApplicationDetail),
    url_name="promotion_finalise",
    operation_id="promotion_finalise",
    summary="Finalise after the notice (HR): level, pay and training take effect on the 1st of next month",
)
def finalise(request, application_id: int, payload: s.FinaliseIn):
    services.promotion_finalise(
        actor=_actor(request),
        application=_application(request, application_id),
        expected_version=payload.expected_version,
    )
    return _detail(request, application_id)


# --- appeals ------------------------------------------------------------------------------------------------


@router.post(
    "/applications/{application_id}/appeals",
    response=_responses(201, s.AppealFiled),
    url_name="promotion_appeal_file",
    operation_id="promotion_appeal_file",
    summary="File an appeal against a promotion on notice (anyone in the organisation but the applicant)",
    description="Only HR sees who filed it. The application is one of GET /api/promotions/notices.",
)
def appeal_file(request, application_id: int, payload: s.AppealIn):
    app = selectors.notice_application_get(request.auth, application_id)
    with _expecting(request, app, payload.expected_version):
        appeal = services.promotion_appeal_file(actor=_actor(request), application=app, text=payload.text)
    return 201, {
        "application": _state(application_id),
        "appeal": s.appeal_out(appeal, appellant=appeal.appellant.get_username(), text=appeal.text),
    }


@router.post(
    "/appeals/{appeal_id}/answer",
    response=_responses(200, s.ApplicationDetail),
    url_name="promotion_appeal_answer",
    operation_id="promotion_appeal_answer",
    summary="Answer an appeal (HR): dismiss, or uphold (back to a review stage, or reject)",
)
def appeal_answer(request, appeal_id: int, payload: s.AppealAnswerIn):
    appeal = selectors.appeal_get(request.auth, appeal_id)
    app = appeal.application
    with _expecting(request, app, payload.expected_version):
        services.promotion_appeal_answer(
            actor=_actor(request), appeal=appeal, outcome=payload.outcome, answer=payload.answer
        )
    return _detail(request, app.pk)
