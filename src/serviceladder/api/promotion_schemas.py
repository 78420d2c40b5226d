"""Shapes of /api/promotions: request bodies and answers, with descriptions for the OpenAPI document.
promotion_shapes.py fills the answers from the promotions selectors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema

from serviceladder.api.schemas import ERRORS, Problem
from serviceladder.promotions.services import APPEAL_OUTCOMES
from serviceladder.promotions.states import State

TEXT = 20000  # longest free text accepted (opinions, form parts, comments)
EXPECTED_VERSION = (
    "The `version` of the application you acted on. When given and the application changed since, "
    "nothing is done and the answer is 409 with the reason."
)


# Writes may also meet a state that does not allow them, or someone who acted first: 409.
CONFLICT = {409: Problem}


def write_responses(ok_status: int, schema) -> dict:
    return {ok_status: schema, **ERRORS, **CONFLICT}


StateCode = Literal[tuple(State.values)]  # type: ignore[valid-type]
AppealOutcome = Literal[APPEAL_OUTCOMES]  # type: ignore[valid-type]


# --- small pieces -------------------------------------------------------------------------------------------


class LevelRef(Schema):
    code: str = Field(description="level code from the policy, e.g. L2")
    name: str = Field(description="level name in the request's language")


class PersonRef(Schema):
    number: str = Field(description="employee number")
    name: str


class CycleRef(Schema):
    id: int
    name: str


class Applicant(PersonRef):
    department: str | None = Field(description="department code")
    team: str | None = Field(description="team code")


class ActionOut(Schema):
    action: str = Field(
        description="a transition of the table (submit, withdraw, dept_approve, dept_reject, hr_approve, "
        "hr_reject, mgmt_approve, mgmt_reject, publish, appeal_file, appeal_dismiss, appeal_uphold_*, "
        "finalise) or an operation that keeps the state (update, attach, comment, assessment_schedule, "
        "assessment_record, pay_adjust)"
    )
    label: str


class StateOut(Schema):
    """The application's state after a step (and the version to send with the next one)."""

    id: int
    state: StateCode
    state_label: str
    version: int = Field(description="+1 on every change; send it back as `expected_version`")


# --- cycles -------------------------------------------------------------------------------------------------


class CycleOut(Schema):
    id: int
    name: str = Field(description="the name as HR typed it")
    name_alt: str = Field(description="the name in the other language; empty when none was given")
    policy_version: str = Field(description="label of the policy version the cycle follows")
    opens_on: dt.date = Field(description="first day applications can be submitted")
    closes_on: dt.date = Field(description="last day applications can be submitted")
    open_now: bool = Field(description="applications can be submitted today")
    quotas: dict[str, int] = Field(description="target level code → most approvals in this cycle")
    version: int = Field(
        description="+1 on every change of the cycle (its quotas); send it back as `expected_version`"
    )
    note: str


class QuotaOut(Schema):
    level: str = Field(description="target level code")
    quota: int | None
    used: int = Field(description="approvals by management already counted against the quota")
    remaining: int | None


class FunnelOut(Schema):
    applied: int = Field(description="applications ever submitted")
    reviewed: int = Field(description="passed the department and HR reviews")
    approved: int = Field(description="approved by management")
    published: int = Field(description="put on a public notice")
    effective: int
    rejected: int = Field(description="now rejected")
    withdrawn: int = Field(description="now withdrawn")
    in_progress: int = Field(description="submitted and not yet effective, rejected or withdrawn")


class NoticeRef(Schema):
    id: int
    published_on: dt.date
    ends_on: dt.date = Field(description="last day of the notice (appeals can be filed until then)")
    provisional_years: list[int] = Field(
        description="years whose holiday calendar is not official yet: the end date counts weekends only"
    )


class CycleDetail(CycleOut):
    funnel: FunnelOut = Field(description="counts among the applications the caller may see")
    quota_use: list[QuotaOut]
    notices: list[NoticeRef]


class CyclesPage(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[CycleOut]


class CycleIn(Schema):
    name: str = Field(max_length=200, examples=["2027 上半年晋升"])
    name_alt: str = Field(
        "",
        max_length=200,
        examples=["First half of 2027"],
        description="the name in the other language (English for a Chinese name, Chinese for an English one)",
    )
    opens_on: dt.date
    closes_on: dt.date
    quotas: dict[str, int] | None = Field(
        None, description="target level code → quota; default: the policy's `process.quotas`"
    )
    note: str = Field("", max_length=TEXT)


class QuotasIn(Schema):
    quotas: dict[str, int | None] = Field(
        description="the cycle's whole new quota map: target level code → most approvals management may "
        "give in this cycle (a whole number from 0); a level left out, or null, has no quota",
        examples=[{"L2": 3, "L3": 1}],
    )
    reason: str = Field(
        max_length=TEXT, description="why the quotas change (required; kept in the audit log)"
    )
    expected_version: int | None = Field(
        None,
        description="The cycle's `version` you saw. When given and the cycle changed since, nothing is done "
        "and the answer is 409 with who changed it.",
    )


class CandidateOut(Schema):
    position: int = Field(description="1 = first in management's order")
    application: int
    applicant: PersonRef
    eligible: bool = Field(description="met every condition at submission (not an exception)")
    score: float | None = Field(description="mean performance score over the last six months")


class LevelCandidatesOut(Schema):
    level: LevelRef
    quota: QuotaOut
    candidates: list[CandidateOut]


# --- applications -------------------------------------------------------------------------------------------


class ApplicationOut(StateOut):
    cycle: CycleRef
    applicant: Applicant
    kind: str = Field(description="promotion | expert | transfer")
    from_level: LevelRef
    target_level: LevelRef
    nominated_by: PersonRef | None = Field(description="the superior who nominated the applicant")
    is_exception: bool = Field(description="submitted although not eligible, with a reason")
    eligibility_status: str = Field(description="eligibility frozen at submission (empty for a draft)")
    submitted_at: dt.datetime | None
    effective_on: dt.date | None = Field(description="the day the new level takes effect")


class ApplicationsPage(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[ApplicationOut]


class FormOut(Schema):
    achievements: str
    capability_growth: str
    role_understanding: str
    plan: str


class TimelineOut(Schema):
    at: dt.datetime
    kind: str = Field(
        description="created | transition | comment | assessment | appeal_answer | pay | attachment_removed"
    )
    actor: str = Field(description="user name; an appellant is named to HR only")
    text: str = Field(description="the opinion, comment or answer")
    action: str
    action_label: str
    from_state: str
    to_state: str
    data: dict[str, Any]


class AssessmentOut(Schema):
    id: int
    kind: Literal["interview", "assessment"]
    scheduled_at: dt.datetime
    scores: dict[str, str] = Field(description="name → score (decimal text)")
    result_note: str
    recorded_at: dt.datetime | None


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    uploaded_at: dt.datetime


class AppealOut(Schema):
    id: int
    filed_at: dt.datetime
    answer_due_on: dt.date
    outcome: str
    outcome_label: str
    answer: str
    answered_at: dt.datetime | None
    appellant: str | None = Field(description="user name; null unless the caller is HR or the appellant")
    text: str | None = Field(description="the appeal's text; null unless the caller is HR or the appellant")


class PayOut(Schema):
    currency: str
    old_amount: Decimal | None
    min_ratio: Decimal | None = Field(description="null unless the caller is HR or management")
    band_min: Decimal | None
    band_max: Decimal | None
    proposed_amount: Decimal = Field(
        description="max(band minimum, old pay × ratio), capped at the band maximum"
    )
    capped: bool | None = Field(description="the band maximum cut the proposal; null unless HR or management")
    final_amount: Decimal
    adjustment_reason: str
    adjusted_by: str | None
    adjusted_at: dt.datetime | None


class TrainingOut(Schema):
    code: str = Field(description="the catalogue course's code (the policy's training code)")
    name: str
    hours: Decimal | None
    state: str = Field(
        description="the enrolment's state: assigned, scheduled, … completed, expired, cancelled"
    )
    assigned_on: dt.date
    due_on: dt.date | None
    completed_on: dt.date | None


class EligibilityOut(Schema):
    status: str = Field(description="eligible | not_yet | … as frozen at submission; empty for a draft")
    snapshot: dict[str, Any] = Field(
        description="the eligibility decision frozen at submission (shape of the decisions of "
        "/api/people/{number}/eligibility, plus as_of, policy_version, language)"
    )


class ApplicationDetail(ApplicationOut):
    form: FormOut
    exception_reason: str
    eligibility: EligibilityOut
    quota_override_reason: str
    notice: NoticeRef | None
    allowed_actions: list[ActionOut] = Field(description="what the caller may do now")
    timeline: list[TimelineOut] = Field(description="the whole history, oldest first")
    assessments: list[AssessmentOut]
    attachments: list[AttachmentOut]
    appeals: list[AppealOut]
    pay: PayOut | None = Field(description="null unless the caller is the applicant, HR or management")
    trainings: list[TrainingOut] = Field(description="promotion trainings assigned at finalisation")


class ComparisonCheck(Schema):
    clause: str
    key: str
    at_submission: dict[str, Any] | None
    today: dict[str, Any] | None


class ComparisonOut(Schema):
    as_of: dt.date
    status_then: str
    status_today: str | None
    differences: list[ComparisonCheck] = Field(description="checks whose status or figures changed")


# --- request bodies -----------------------------------------------------------------------------------------


class Versioned(Schema):
    expected_version: int | None = Field(None, ge=1, description=EXPECTED_VERSION)


class ApplicationIn(Schema):
    cycle: int = Field(description="id of an open cycle")
    target_level: str = Field(description="target level code", examples=["L2"])
    employee: str | None = Field(
        None,
        description="employee number of the person nominated (team lead or department head); "
        "leave out to apply for yourself",
    )
    achievements: str = Field("", max_length=TEXT)
    capability_growth: str = Field("", max_length=TEXT)
    role_understanding: str = Field("", max_length=TEXT)
    plan: str = Field("", max_length=TEXT)


class ApplicationPatch(Versioned):
    achievements: str | None = Field(None, max_length=TEXT)
    capability_growth: str | None = Field(None, max_length=TEXT)
    role_understanding: str | None = Field(None, max_length=TEXT)
    plan: str | None = Field(None, max_length=TEXT)


class SubmitIn(Versioned):
    exception_reason: str = Field(
        "", max_length=TEXT, description="required when the applicant is not eligible today (an exception)"
    )


class WithdrawIn(Versioned):
    reason: str = Field("", max_length=TEXT)


class ReviewIn(Versioned):
    approve: bool = Field(description="true approves, false rejects")
    opinion: str = Field(max_length=TEXT, description="shown to the applicant and kept in the history")


class ManagementIn(ReviewIn):
    override_reason: str = Field(
        "", max_length=TEXT, description="required to approve over the target level's quota"
    )


class AssessmentIn(Versioned):
    kind: Literal["interview", "assessment"]
    scheduled_at: dt.datetime = Field(description="ISO 8601; without an offset it is local time")
    note: str = Field("", max_length=TEXT)


class ScoresIn(Versioned):
    scores: dict[str, Decimal] = Field(
        description="name → score from 0 to 1000", examples=[{"case handling": "88.5", "coaching": 90}]
    )
    result_note: str = Field("", max_length=TEXT)


class CommentIn(Versioned):
    text: str = Field(max_length=TEXT)


class PayIn(Versioned):
    amount: Decimal = Field(description="monthly pay within the new level's band", examples=["5600.00"])
    reason: str = Field(max_length=TEXT)


class FinaliseIn(Versioned):
    pass


class NoticeItem(Schema):
    id: int = Field(description="application id")
    expected_version: int | None = Field(None, ge=1, description=EXPECTED_VERSION)


class NoticeIn(Schema):
    applications: list[NoticeItem] | None = Field(
        None, description="the applications to publish; default: every application management approved"
    )


class AppealIn(Versioned):
    text: str = Field(max_length=TEXT, description="what the appeal is about; HR sees who filed it")


class AppealAnswerIn(Versioned):
    outcome: AppealOutcome = Field(
        description="dismissed; upheld_department / upheld_hr (back to that review); upheld_reject"
    )
    answer: str = Field(max_length=TEXT)


# --- answers of the steps that keep the state ---------------------------------------------------------------


class AssessmentResult(Schema):
    application: StateOut
    assessment: AssessmentOut


class CommentOut(Schema):
    id: int
    author: str
    text: str
    created_at: dt.datetime


class CommentResult(Schema):
    application: StateOut
    comment: CommentOut


class PayResult(Schema):
    application: StateOut
    pay: PayOut


class AttachmentResult(Schema):
    application: StateOut
    attachment: AttachmentOut


class AttachmentItem(AttachmentOut):
    """One attachment of a case, with whether the caller may remove it now."""

    name: str = Field(description="the original file name")
    size: int = Field(description="bytes")
    uploaded_by: str | None = Field(description="user name of the person who uploaded it")
    removable: bool = Field(description="the caller may remove it now (DELETE …/attachments/{attachment_id})")
    reason_required: bool = Field(description="removing it needs a reason (HR removing someone's file)")


class AttachmentRemoveIn(Schema):
    reason: str = Field(
        "", max_length=TEXT, description="why; required when HR removes it, kept in the history"
    )
    expected_version: int | None = Field(None, description=EXPECTED_VERSION)


class AttachmentRemoved(Schema):
    application: StateOut
    attachment: int = Field(description="id of the removed attachment")
    name: str
    size: int
    file_missing: bool = Field(
        description="the stored file was already missing from disk; the record was removed all the same"
    )


class NoticeOut(NoticeRef):
    cycle: CycleRef
    working_days: int
    publication_day_counts: bool
    applications: list[StateOut]


class AppealFiled(Schema):
    application: StateOut
    appeal: AppealOut


class NoticeEntryOut(Schema):
    """One line of the public notice: a name and a move — no figures, no pay."""

    application: int = Field(description="id to file an appeal against (POST …/applications/{id}/appeals)")
    notice: int
    name: str
    from_level: str
    to_level: str
    published_on: dt.date
    ends_on: dt.date
    provisional_years: list[int]
    running: bool = Field(description="appeals can be filed today")


class NoticesPage(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[NoticeEntryOut]
