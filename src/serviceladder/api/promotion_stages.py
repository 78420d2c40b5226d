"""/api/promotions — the review stages, the public notice, appeals and finalisation (policy 001 §6.2–8).

The same rules as promotions.py: cases are found through the scoped selectors (404 when not visible), steps
are taken through the services with Actor(channel="api") (403 when the caller may see the case but not take
the step), every step accepts `expected_version` and answers with the new `state` and `version` (409 with
the domain error's message when someone acted first).
"""

from __future__ import annotations

from django.db import transaction
from ninja import Router, Status

from serviceladder.api import promotion_schemas as s
from serviceladder.api import promotion_shapes as sh
from serviceladder.api.promotion_schemas import write_responses
from serviceladder.promotions import access, selectors, services, workflow
from serviceladder.promotions.errors import NotFound, StageNotAllowed
from serviceladder.promotions.models import PromotionApplication
from serviceladder.promotions.states import Action, Scope

router = Router(tags=["promotions"])

# --- the review stages --------------------------------------------------------------------------------------


@router.post(
    "/applications/{application_id}/review-department",
    response=write_responses(200, s.ApplicationDetail),
    url_name="promotion_review_department",
    operation_id="promotion_review_department",
    summary="Department review: approve or reject with an opinion (the department head)",
)
def review_department(request, application_id: int, payload: s.ReviewIn):
    app = sh.application_get(request, application_id)
    with sh.expecting(request, app, payload.expected_version, operation=Action.DEPT_APPROVE):
        services.promotion_review_department(
            actor=sh.actor(request),
            application=app,
            approve=payload.approve,
            opinion=payload.opinion,
            expected_version=payload.expected_version,
        )
    return sh.detail(request, application_id)


@router.post(
    "/applications/{application_id}/review-hr",
    response=write_responses(200, s.ApplicationDetail),
    url_name="promotion_review_hr",
    operation_id="promotion_review_hr",
    summary="HR review: approve or reject with an opinion (HR)",
)
def review_hr(request, application_id: int, payload: s.ReviewIn):
    app = sh.application_get(request, application_id)
    with sh.expecting(request, app, payload.expected_version, operation=Action.HR_APPROVE):
        services.promotion_review_hr(
            actor=sh.actor(request),
            application=app,
            approve=payload.approve,
            opinion=payload.opinion,
            expected_version=payload.expected_version,
        )
    return sh.detail(request, application_id)


@router.post(
    "/applications/{application_id}/assessments",
    response=write_responses(201, s.AssessmentResult),
    url_name="promotion_assessment_schedule",
    operation_id="promotion_assessment_schedule",
    summary="Schedule an interview or assessment during the HR review (HR)",
)
def assessment_schedule(request, application_id: int, payload: s.AssessmentIn):
    app = sh.application_get(request, application_id)
    with sh.expecting(request, app, payload.expected_version, operation=access.ASSESSMENT):
        assessment = services.promotion_assessment_schedule(
            actor=sh.actor(request),
            application=app,
            kind=payload.kind,
            scheduled_at=payload.scheduled_at,
            note=payload.note,
        )
    return Status(
        201, {"application": sh.state_of(application_id), "assessment": sh.assessment_out(assessment)}
    )


@router.post(
    "/applications/{application_id}/assessments/{assessment_id}/scores",
    response=write_responses(200, s.AssessmentResult),
    url_name="promotion_assessment_record",
    operation_id="promotion_assessment_record",
    summary="Record an interview's or assessment's scores (HR)",
)
def assessment_record(request, application_id: int, assessment_id: int, payload: s.ScoresIn):
    app = sh.application_get(request, application_id)
    assessment = app.assessments.filter(pk=assessment_id).first()
    if assessment is None:
        raise NotFound()
    with sh.expecting(request, app, payload.expected_version, operation=access.ASSESSMENT):
        assessment = services.promotion_assessment_record(
            actor=sh.actor(request),
            assessment=assessment,
            scores=payload.scores,
            result_note=payload.result_note,
        )
    return {"application": sh.state_of(application_id), "assessment": sh.assessment_out(assessment)}


@router.post(
    "/applications/{application_id}/approve",
    response=write_responses(200, s.ApplicationDetail),
    url_name="promotion_approve",
    operation_id="promotion_approve_management",
    summary="Management approval: approve or reject; over the quota only with an override reason",
)
def approve(request, application_id: int, payload: s.ManagementIn):
    app = sh.application_get(request, application_id)
    with sh.expecting(request, app, payload.expected_version, operation=Action.MGMT_APPROVE):
        services.promotion_approve_management(
            actor=sh.actor(request),
            application=app,
            approve=payload.approve,
            opinion=payload.opinion,
            override_reason=payload.override_reason,
            expected_version=payload.expected_version,
        )
    return sh.detail(request, application_id)


# --- pay, the notice, finalisation --------------------------------------------------------------------------


@router.post(
    "/applications/{application_id}/pay",
    response=write_responses(200, s.PayResult),
    url_name="promotion_pay_adjust",
    operation_id="promotion_pay_adjust",
    summary="Set the final pay within the new level's band, with a reason (HR)",
)
def pay_adjust(request, application_id: int, payload: s.PayIn):
    app = sh.application_get(request, application_id)
    with sh.expecting(request, app, payload.expected_version, operation=access.PAY):
        pay = services.promotion_pay_adjust(
            actor=sh.actor(request), application=app, amount=payload.amount, reason=payload.reason
        )
    return {"application": sh.state_of(application_id), "pay": sh.pay_out(pay)}


@router.post(
    "/cycles/{cycle_id}/notice",
    response=write_responses(201, s.NoticeOut),
    url_name="promotion_notice_publish",
    operation_id="promotion_notice_publish",
    summary="Publish the public notice (HR)",
    description="Publishes the given management-approved applications (default: all of the cycle's) today; "
    "the end date follows the policy's working days and holiday calendar.",
)
def notice_publish(request, cycle_id: int, payload: s.NoticeIn):
    cycle = sh.cycle_get(request, cycle_id)
    if not access.can_open_cycle(request.auth):  # the role before the applications' states and versions
        raise StageNotAllowed(scope=Scope.HR.label)
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
        notice = services.promotion_notice_publish(actor=sh.actor(request), cycle=cycle, applications=apps)
    published = PromotionApplication.objects.filter(notice=notice).order_by("pk")
    return Status(
        201,
        {
            **sh.notice_ref(notice),
            "cycle": {"id": cycle.pk, "name": cycle.name},
            "working_days": notice.working_days,
            "publication_day_counts": notice.publication_day_counts,
            "applications": [sh.state_out(a) for a in published],
        },
    )


@router.post(
    "/applications/{application_id}/finalise",
    response=write_responses(200, s.ApplicationDetail),
    url_name="promotion_finalise",
    operation_id="promotion_finalise",
    summary="Finalise after the notice (HR): level, pay and training take effect on the 1st of next month",
)
def finalise(request, application_id: int, payload: s.FinaliseIn):
    app = sh.application_get(request, application_id)
    with sh.expecting(request, app, payload.expected_version, operation=Action.FINALISE):
        services.promotion_finalise(
            actor=sh.actor(request),
            application=app,
            expected_version=payload.expected_version,
        )
    return sh.detail(request, application_id)


# --- appeals ------------------------------------------------------------------------------------------------


@router.post(
    "/applications/{application_id}/appeals",
    response=write_responses(201, s.AppealFiled),
    url_name="promotion_appeal_file",
    operation_id="promotion_appeal_file",
    summary="File an appeal against a promotion on notice (anyone in the organisation but the applicant)",
    description="Only HR sees who filed it. The application is one of GET /api/promotions/notices.",
)
def appeal_file(request, application_id: int, payload: s.AppealIn):
    app = selectors.notice_application_get(request.auth, application_id)
    with sh.expecting(request, app, payload.expected_version, operation=Action.APPEAL_FILE):
        appeal = services.promotion_appeal_file(actor=sh.actor(request), application=app, text=payload.text)
    return Status(
        201,
        {
            "application": sh.state_of(application_id),
            "appeal": sh.appeal_out(appeal, appellant=appeal.appellant.get_username(), text=appeal.text),
        },
    )


@router.post(
    "/appeals/{appeal_id}/answer",
    response=write_responses(200, s.ApplicationDetail),
    url_name="promotion_appeal_answer",
    operation_id="promotion_appeal_answer",
    summary="Answer an appeal (HR): dismiss, or uphold (back to a review stage, or reject)",
)
def appeal_answer(request, appeal_id: int, payload: s.AppealAnswerIn):
    appeal = selectors.appeal_get(request.auth, appeal_id)
    app = appeal.application
    with sh.expecting(request, app, payload.expected_version, operation=access.APPEAL_ANSWER):
        services.promotion_appeal_answer(
            actor=sh.actor(request), appeal=appeal, outcome=payload.outcome, answer=payload.answer
        )
    return sh.detail(request, app.pk)
