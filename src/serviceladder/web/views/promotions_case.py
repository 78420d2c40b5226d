"""One application (the case page): header, frozen eligibility, the whole history, and the action panel for
the viewer's role at the current stage. Every form posts back here with a `step`; a domain error re-renders
the page with the message next to the form, a conflict says who moved the application."""

from __future__ import annotations

import datetime as dt
import math

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import can_see_pay_bands, has_role
from serviceladder.core.errors import DomainError, ValidationFailed
from serviceladder.development.selectors.record import case_development
from serviceladder.promotions import clock, page_selectors, selectors, services
from serviceladder.promotions.access import (
    ASSESSMENT,
    PAY,
    access_application,
    can_comment,
    is_own_application,
    require_operation,
)
from serviceladder.promotions.attachments import attachment_response
from serviceladder.promotions.errors import NotFound
from serviceladder.promotions.models import Appeal, Assessment
from serviceladder.promotions.states import QUOTA_STATES, Action, State
from serviceladder.web.methods import form_page, read_only
from serviceladder.web.views.development_parts.assessments import case_history
from serviceladder.web.views.promotions import FORM_ERRORS, actor_for, form_rows, form_values, version_from

DONE = {
    "department": _("Department review recorded."),
    "hr": _("HR review recorded."),
    "management": _("Management decision recorded."),
    "withdraw": _("Application withdrawn."),
    "comment": _("Comment added."),
    "assessment": _("Scheduled."),
    "scores": _("Scores recorded."),
    "pay": _("Pay adjusted."),
    "finalise": _("Promotion finalised: level, pay and training take effect on %(date)s."),
}
NEXT_STEP = {
    State.DRAFT: _("Not submitted yet."),
    State.SUBMITTED: _("Next: the department head's review."),
    State.DEPT_APPROVED: _("Next: HR's review — a check of the data, possibly an interview or assessment."),
    State.HR_APPROVED: _("Next: management approval."),
    State.MGMT_APPROVED: _("Next: HR publishes the public notice."),
    State.ON_NOTICE: _("On public notice until %(ends)s; then HR finalises."),
    State.UNDER_APPEAL: _("An appeal is under investigation by HR."),
}
ATTACHMENT_REMOVED = _("%(name)s removed from the application.")
DECISION_REQUIRED = _("Choose approve or reject.")
WHEN_INVALID = _("Give the date and time of the interview or assessment.")
SCORE_ROWS = 3


def _approve(request: HttpRequest) -> bool:
    decision = request.POST.get("decision", "")
    if decision not in ("approve", "reject"):
        raise ValidationFailed(DECISION_REQUIRED)
    return decision == "approve"


def _when(raw: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat((raw or "").strip())
    except ValueError:
        raise ValidationFailed(WHEN_INVALID) from None
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _scores(post) -> dict[str, str]:
    return {
        post.get(f"score_name_{i}", "").strip(): post.get(f"score_value_{i}", "").strip()
        for i in range(SCORE_ROWS)
        if post.get(f"score_name_{i}", "").strip() or post.get(f"score_value_{i}", "").strip()
    }


# The operation whose role each step needs (access.require_operation), checked before the form's input and
# the case's state, so someone without the role gets the same 403 in every state.
STEP_OPERATIONS = {
    "department": Action.DEPT_APPROVE,
    "hr": Action.HR_APPROVE,
    "management": Action.MGMT_APPROVE,
    "withdraw": Action.WITHDRAW,
    "assessment": ASSESSMENT,
    "scores": ASSESSMENT,
    "pay": PAY,
    "finalise": Action.FINALISE,
}


def _act(request: HttpRequest, app, step: str):
    """Run the step's service; returns the success message."""
    if step in STEP_OPERATIONS:
        require_operation(request.user, app, STEP_OPERATIONS[step])
    actor, post, version = actor_for(request), request.POST, version_from(request)
    if post.get("state") in State.values:
        # The state the form showed: if someone moved the application since, the workflow says who and when
        # (ApplicationMoved) instead of "this step is not possible now".
        app.state = post["state"]
    opinion = post.get("opinion", "")[:4000]
    if step == "department":
        services.promotion_review_department(
            actor=actor, application=app, approve=_approve(request), opinion=opinion, expected_version=version
        )
    elif step == "hr":
        services.promotion_review_hr(
            actor=actor, application=app, approve=_approve(request), opinion=opinion, expected_version=version
        )
    elif step == "management":
        services.promotion_approve_management(
            actor=actor,
            application=app,
            approve=_approve(request),
            opinion=opinion,
            override_reason=post.get("override_reason", "")[:4000],
            expected_version=version,
        )
    elif step == "withdraw":
        services.promotion_application_withdraw(
            actor=actor, application=app, reason=post.get("reason", "")[:4000], expected_version=version
        )
    elif step == "comment":
        services.promotion_comment_add(actor=actor, application=app, text=post.get("text", "")[:4000])
    elif step == "assessment":
        services.promotion_assessment_schedule(
            actor=actor,
            application=app,
            kind=post.get("kind", "")
            if post.get("kind") in Assessment.Kind.values
            else Assessment.Kind.INTERVIEW,
            scheduled_at=_when(post.get("scheduled_at", "")),
            note=post.get("note", "")[:2000],
        )
    elif step == "scores":
        assessment = app.assessments.filter(pk=post.get("assessment") or 0).first()
        if assessment is None:
            raise NotFound()
        services.promotion_assessment_record(
            actor=actor,
            assessment=assessment,
            scores=_scores(post),
            result_note=post.get("result_note", "")[:4000],
        )
    elif step == "pay":
        services.promotion_pay_adjust(
            actor=actor, application=app, amount=post.get("amount", ""), reason=post.get("reason", "")[:4000]
        )
    elif step == "finalise":
        done = services.promotion_finalise(actor=actor, application=app, expected_version=version)
        return DONE["finalise"] % {"date": done.effective_on.isoformat()}
    else:
        raise NotFound()
    return DONE[step]


def _next_url(request: HttpRequest) -> str | None:
    url = request.POST.get("next", "")
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return None


@form_page
def application(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    app = access_application(user, pk)
    error, error_step = "", ""
    if request.method == "POST":
        step = request.POST.get("step", "")
        try:
            done = _act(request, app, step)
        except FORM_ERRORS as exc:
            error, error_step = str(exc), step
        else:
            messages.success(request, done)
            return redirect(_next_url(request) or app_url(app))
        app = access_application(user, pk)  # the page shows the row as it is now
    return render(
        request,
        "web/promotions/application.html",
        case_context(request, app, error=error, error_step=error_step),
        status=400 if error else 200,
    )


def app_url(app) -> str:
    from django.urls import reverse

    return reverse("promotion_application", args=[app.pk])


def case_context(request: HttpRequest, app, *, error: str = "", error_step: str = "") -> dict:
    user = request.user
    language = request.LANGUAGE_CODE
    actions = set(selectors.allowed_actions(user, app))
    hr, mgmt = has_role(user, Role.HR), has_role(user, Role.MANAGEMENT)
    own = is_own_application(user, app)
    snapshot = app.eligibility_snapshot or {}
    names = page_selectors.policy_names(app.cycle.policy_version)
    pay = selectors.pay_change_for(user, app)
    hr_stage = Action.HR_APPROVE in actions
    comparison, comparison_rows = None, []
    if hr_stage or (Action.MGMT_APPROVE in actions):
        try:
            comparison = selectors.snapshot_comparison(user, app)
        except DomainError:
            comparison = None
        if comparison is not None:
            comparison_rows = [
                {
                    "clause": d.clause,
                    "then": page_selectors.check_text(d.at_submission, language, names)
                    if d.at_submission
                    else "",
                    "then_status": _status(d.at_submission),
                    "now": page_selectors.check_text(d.today, language, names) if d.today else "",
                    "now_status": _status(d.today),
                }
                for d in comparison.differences
            ]
    quota = None
    if Action.MGMT_APPROVE in actions:
        quota = services.quota_use(app.cycle, app.target_level, exclude_pk=app.pk)
    assessments = list(app.assessments.select_related("recorded_by", "scheduled_by"))
    attachment_rows = selectors.attachments_for(user, app)
    can_adjust_pay = hr and pay is not None and app.state in QUOTA_STATES and app.state != State.EFFECTIVE
    forms_shown = {
        "department": Action.DEPT_APPROVE in actions,
        "hr": hr_stage,
        "assessment": hr_stage,
        "scores": hr_stage,
        "management": Action.MGMT_APPROVE in actions,
        "finalise": Action.FINALISE in actions and app.notice is not None,
        "pay": can_adjust_pay,
        "withdraw": Action.WITHDRAW in actions,
        "comment": can_comment(user, app),
        "remove": any(v.remove_as for v in attachment_rows),
    }
    if error_step and not forms_shown.get(error_step):
        error_step = ""  # its form is gone (the application moved): the message goes to the top
    notice = app.notice
    return {
        "app": app,
        "own": own,
        "actions": actions,
        "A": {a.name: a.value for a in Action},
        "is_draft": app.state == State.DRAFT,
        "can_edit_draft": app.state == State.DRAFT and (own or _nominator(user, app)),
        "department_stage": Action.DEPT_APPROVE in actions,
        "hr_stage": hr_stage,
        "management_stage": Action.MGMT_APPROVE in actions,
        "can_withdraw": Action.WITHDRAW in actions,
        "can_finalise": Action.FINALISE in actions,
        "to_publish": app.state == State.MGMT_APPROVED and hr,
        "can_comment": can_comment(user, app),
        "summary": page_selectors.decision_summary(snapshot, language),
        "checks": page_selectors.decision_rows(snapshot, language, names),
        "timeline": timeline_rows(selectors.application_timeline(user, app)),
        "appeals": selectors.appeals_for(user, app),
        "sees_appellant": hr,
        "pay": pay,
        "sees_pay_band": can_see_pay_bands(user),
        "can_adjust_pay": hr
        and pay is not None
        and app.state in QUOTA_STATES
        and app.state != State.EFFECTIVE,
        "comparison": comparison,
        "comparison_rows": comparison_rows,
        "quota": quota,
        "assessments": assessments,
        "assessment_kinds": Assessment.Kind.choices,
        "score_rows": range(SCORE_ROWS),
        "notice": notice,
        "notice_running": notice is not None and notice.ends_on >= clock.today(),
        "rejection": page_selectors.rejection(app),
        "attachment_rows": attachment_rows,  # with the remove buttons (_attachments.html)
        "form_rows": form_rows(form_values(app.__dict__)),
        "sees_reviews": hr or mgmt,
        "error": error,
        "error_step": error_step,
        "posted": request.POST if error else {},
        "next_step": _next_step(app),
        "trainings": _promotion_trainings(user, app) if app.state == State.EFFECTIVE else [],
        "skill_history": case_history(
            request,
            app.applicant,
            app.target_level.code,
            reviewer=bool(actions & {Action.DEPT_APPROVE, Action.HR_APPROVE, Action.MGMT_APPROVE}),
        ),
        "development": case_development(user, app.applicant, as_of=clock.today()),
    }


def _promotion_trainings(user, app) -> list:
    """The enrolments the finalisation made, each with its course's hours as written (8, 1.5) and the whole
    number the plural form is chosen by."""
    found = list(selectors.promotion_trainings_for(user, app.applicant).filter(application=app))
    for t in found:
        hours = t.course.hours
        t.hours = None if hours is None else int(hours) if hours == int(hours) else hours.normalize()
        t.hours_count = None if hours is None else math.ceil(hours)
    return found


def _next_step(app) -> str:
    text = NEXT_STEP.get(app.state)
    if text is None:
        return ""
    if app.state == State.ON_NOTICE:
        return text % {"ends": app.notice.ends_on.isoformat() if app.notice else "—"}
    return str(text)


TIMELINE_TITLES = {
    "created": _("Draft created"),
    "nominated": _("Nominated by %(name)s"),
    "comment": _("Comment"),
    "appeal_answer": _("Appeal answered: %(outcome)s"),
    "pay": _("Pay adjusted"),
    "attachment_removed": _("Attachment removed"),
}


def timeline_rows(entries) -> list[dict]:
    """Timeline entries with a readable title each (labels of stored codes)."""
    rows = []
    for e in entries:
        if e.kind == "transition":
            title = e.action_label
        elif e.kind == "created" and e.data.get("nominated_by"):
            title = TIMELINE_TITLES["nominated"] % {"name": e.data["nominated_by"]}
        elif e.kind == "assessment":
            kind = e.data.get("kind", "")
            title = Assessment.Kind(kind).label if kind in Assessment.Kind.values else kind
        elif e.kind == "appeal_answer":
            outcome = e.data.get("outcome", "")
            label = Appeal.Outcome(outcome).label if outcome in Appeal.Outcome.values else outcome
            title = TIMELINE_TITLES["appeal_answer"] % {"outcome": label}
        else:
            title = TIMELINE_TITLES.get(e.kind, e.kind)
        rows.append({"e": e, "title": title})
    return rows


def _nominator(user, app) -> bool:
    from serviceladder.accounts.scoping import user_employee

    me = user_employee(user)
    return me is not None and app.nominated_by_id == me.pk


def _status(check: dict | None) -> str:
    if not check:
        return ""
    return str(page_selectors.CHECK_STATUS.get(check.get("status", ""), check.get("status", "")))


@read_only
def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    app = access_application(request.user, pk)
    found = app.attachments.filter(pk=attachment_pk).first()
    if found is None:
        raise NotFound()
    return attachment_response(found)


@require_POST
def attachment_remove(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    """Remove an attachment (the uploader while the case is still theirs; HR with a reason). A plain POST
    redirects to the case; htmx (after its confirm) is sent there with HX-Redirect. Refused: the case page
    with the reason next to the attachments (htmx: as a message)."""
    user = request.user
    app = access_application(user, pk)
    found = app.attachments.filter(pk=attachment_pk).first()
    if found is None:
        raise NotFound()
    try:
        removal = services.promotion_attachment_remove(
            actor=actor_for(request), attachment=found, reason=request.POST.get("reason", "")[:4000]
        )
    except FORM_ERRORS as exc:
        if request.htmx:
            messages.error(request, str(exc))
            return HttpResponse(status=400, headers={"HX-Redirect": app_url(app)})
        app = access_application(user, pk)
        return render(
            request,
            "web/promotions/application.html",
            case_context(request, app, error=str(exc), error_step="remove"),
            status=400,
        )
    messages.success(request, ATTACHMENT_REMOVED % {"name": removal.name})
    if request.htmx:
        return HttpResponse(status=204, headers={"HX-Redirect": app_url(app)})
    return redirect(app_url(app))


@read_only
def print_form(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable application form: the person, the move, the form and the eligibility at submission."""
    app = access_application(request.user, pk)
    language = request.LANGUAGE_CODE
    snapshot = app.eligibility_snapshot or {}
    names = page_selectors.policy_names(app.cycle.policy_version)
    return render(
        request,
        "web/promotions/print_application.html",
        {
            "app": app,
            "rows": form_rows(form_values(app.__dict__)),
            "summary": page_selectors.decision_summary(snapshot, language),
            "checks": page_selectors.decision_rows(snapshot, language, names),
            "opinions": list(app.opinions.all()),
            "printed_on": clock.today(),
        },
    )
