"""Cycles, drafts, nominations, submission (window, frozen snapshot, exceptions), withdrawal, attachments."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from serviceladder.audit.models import AuditEvent
from serviceladder.core.errors import PermissionDeniedError
from serviceladder.org.models import Violation
from serviceladder.promotions.errors import (
    ALREADY_APPLIED,
    ATTACHMENT_CONTENT,
    ATTACHMENT_TOO_LARGE,
    ATTACHMENT_TYPE,
    CANNOT_NOMINATE,
    CANNOT_OPEN_CYCLE,
    CYCLE_NOT_OPEN,
    EXCEPTION_REASON_REQUIRED,
    FORM_INCOMPLETE,
    NO_SUCH_TRANSITION,
    QUOTA_UNKNOWN_LEVEL,
    WINDOW_OUTSIDE_MONTHS,
    ExceptionReasonRequired,
    PromotionInvalid,
    WindowClosed,
)
from serviceladder.promotions.models import (
    ApplicationAttachment,
    PromotionApplication,
    PromotionCycle,
    TransitionLog,
)
from serviceladder.promotions.services import (
    promotion_application_nominate,
    promotion_application_submit,
    promotion_application_update,
    promotion_application_withdraw,
    promotion_attachment_add,
    promotion_cycle_open,
    promotion_cycle_quotas_set,
)
from serviceladder.promotions.states import State
from tests.promotions.conftest import FORM, draft, submitted

pytestmark = pytest.mark.django_db


# --- cycles -------------------------------------------------------------------------------------------------


def test_cycle_copies_the_policy_quotas_and_version(org):
    assert org.cycle.quotas == {"L2": 1, "L3": 2}
    assert org.cycle.policy_version.name == "promo-test"
    assert AuditEvent.objects.filter(action="promotion.cycle_open", object_id=str(org.cycle.pk)).count() == 1


def test_cycle_outside_the_application_months_is_refused(org):
    before = PromotionCycle.objects.count()
    with pytest.raises(WindowClosed) as err:
        promotion_cycle_open(
            actor=org.actor("hr"), name="Spring", opens_on=dt.date(2026, 3, 20), closes_on=dt.date(2026, 4, 5)
        )
    assert err.value.message == WINDOW_OUTSIDE_MONTHS and err.value.data["months"] == "2026-04"
    assert PromotionCycle.objects.count() == before


def test_only_hr_opens_a_cycle(org):
    for key in ("management", "head", "admin", "applicant"):
        with pytest.raises(PermissionDeniedError) as err:
            promotion_cycle_open(
                actor=org.actor(key), name="x", opens_on=dt.date(2026, 3, 1), closes_on=dt.date(2026, 3, 31)
            )
        assert err.value.message == CANNOT_OPEN_CYCLE
    assert PromotionCycle.objects.count() == 1


def test_quotas_editable_with_a_reason_also_after_submissions(org):
    hr = org.actor("hr")
    promotion_cycle_quotas_set(actor=hr, cycle=org.cycle, quotas={"L2": "3", "EX1": 1}, reason="扩编")
    org.cycle.refresh_from_db()
    assert org.cycle.quotas == {"EX1": 1, "L2": 3}
    with pytest.raises(PromotionInvalid) as err:
        promotion_cycle_quotas_set(actor=hr, cycle=org.cycle, quotas={"L9": 1}, reason="x")
    assert err.value.message == QUOTA_UNKNOWN_LEVEL
    with pytest.raises(PromotionInvalid):
        promotion_cycle_quotas_set(actor=hr, cycle=org.cycle, quotas={"L2": "-1"}, reason="x")
    submitted(
        org
    )  # a submitted application no longer freezes the quotas (tests/promotions_quotas has the rules)
    promotion_cycle_quotas_set(actor=hr, cycle=org.cycle, quotas={"L2": 5, "EX1": 1}, reason="扩编")
    org.cycle.refresh_from_db()
    assert org.cycle.quotas == {"EX1": 1, "L2": 5}


# --- drafts and nominations ---------------------------------------------------------------------------------


def test_draft_records_the_current_level_and_kind(org):
    app = draft(org, target="EX1")
    assert app.from_level.code == "L1" and app.kind == "expert" and app.state == State.DRAFT
    assert draft(org, "colleague").kind == "promotion"


def test_a_move_the_policy_does_not_have_is_refused(org):
    with pytest.raises(PromotionInvalid) as err:
        draft(org, target="L3")
    assert err.value.message == NO_SUCH_TRANSITION
    assert not PromotionApplication.objects.exists()


def test_one_open_application_per_cycle(org):
    draft(org)
    with pytest.raises(PromotionInvalid) as err:
        draft(org, target="EX1")
    assert err.value.message == ALREADY_APPLIED
    assert PromotionApplication.objects.count() == 1


def test_team_lead_nominates_a_member_and_submits(org):
    app = promotion_application_nominate(
        actor=org.actor("nominator"),
        cycle=org.cycle,
        employee=org.employees["applicant"],
        target_level="L2",
        **FORM,
    )
    assert app.nominated_by == org.employees["nominator"] and app.created_by == org.users["nominator"]
    promotion_application_submit(actor=org.actor("nominator"), application=app)
    assert app.state == State.SUBMITTED


@pytest.mark.parametrize("key", ["other_lead", "other_head", "hr", "colleague", "applicant"])
def test_nomination_by_anyone_else_is_refused(org, key):
    with pytest.raises(PermissionDeniedError) as err:
        promotion_application_nominate(
            actor=org.actor(key), cycle=org.cycle, employee=org.employees["applicant"], target_level="L2"
        )
    assert err.value.message == CANNOT_NOMINATE
    assert not PromotionApplication.objects.exists()


def test_department_head_may_nominate(org):
    app = promotion_application_nominate(
        actor=org.actor("head"), cycle=org.cycle, employee=org.employees["colleague"], target_level="L2"
    )
    assert app.nominated_by == org.employees["head"]


def test_draft_edits_only_by_applicant_or_nominator_and_only_while_draft(org):
    app = draft(org, plan="")
    promotion_application_update(actor=org.actor("applicant"), application=app, plan="A real plan")
    app.refresh_from_db()
    assert app.plan == "A real plan" and app.version == 2
    with pytest.raises(PermissionDeniedError):
        promotion_application_update(actor=org.actor("colleague"), application=app, plan="mine")
    promotion_application_submit(actor=org.actor("applicant"), application=app)
    with pytest.raises(PromotionInvalid):
        promotion_application_update(actor=org.actor("applicant"), application=app, plan="later")


# --- submission ---------------------------------------------------------------------------------------------


def test_submission_freezes_the_eligibility_decision(org):
    app = submitted(org)
    snap = app.eligibility_snapshot
    assert snap["status"] == "eligible" and snap["from_level"] == "L1" and snap["to_level"] == "L2"
    assert snap["as_of"] == "2025-09-25" and snap["policy_version"] == "v1"
    assert {c["clause"] for c in snap["checks"]} == {"min_months_in_level", "no_violations"}
    assert all(c["status"] == "pass" and c["code"] for c in snap["checks"])
    # Later data does not change the frozen snapshot.
    Violation.objects.create(employee=org.employees["applicant"], date=dt.date(2025, 9, 26), kind="late")
    app.refresh_from_db()
    assert app.eligibility_snapshot == snap


def test_not_eligible_needs_an_exception_reason_and_nothing_is_written_without(org):
    Violation.objects.create(employee=org.employees["applicant"], date=dt.date(2025, 6, 1), kind="late")
    app = draft(org)
    with pytest.raises(ExceptionReasonRequired) as err:
        promotion_application_submit(actor=org.actor("applicant"), application=app)
    assert err.value.message == EXCEPTION_REASON_REQUIRED
    app.refresh_from_db()
    assert app.state == State.DRAFT and app.eligibility_snapshot == {} and app.submitted_at is None
    assert not TransitionLog.objects.exists()
    assert not AuditEvent.objects.filter(action="promotion.submit").exists()

    promotion_application_submit(
        actor=org.actor("applicant"), application=app, exception_reason="Fast track: key account rescue"
    )
    app.refresh_from_db()
    assert app.state == State.SUBMITTED and app.is_exception
    assert app.eligibility_status == "not_yet" and app.exception_reason == "Fast track: key account rescue"
    assert TransitionLog.objects.get(application=app).opinion == "Fast track: key account rescue"


def test_an_eligible_application_is_never_marked_as_exception(org):
    app = submitted(org, exception_reason="just in case")
    assert not app.is_exception and app.exception_reason == ""


def test_submission_outside_the_window_is_refused(org, today):
    app = draft(org)
    today(dt.date(2025, 10, 1))
    with pytest.raises(WindowClosed) as err:
        promotion_application_submit(actor=org.actor("applicant"), application=app)
    assert err.value.message == CYCLE_NOT_OPEN
    app.refresh_from_db()
    assert app.state == State.DRAFT


def test_incomplete_form_is_refused(org):
    app = draft(org, plan="  ")
    with pytest.raises(PromotionInvalid) as err:
        promotion_application_submit(actor=org.actor("applicant"), application=app)
    assert err.value.message == FORM_INCOMPLETE and "plan" in err.value.data["missing"]
    app.refresh_from_db()
    assert app.state == State.DRAFT


def test_withdraw_by_the_applicant_only(org):
    app = submitted(org)
    with pytest.raises(PermissionDeniedError):
        promotion_application_withdraw(actor=org.actor("nominator"), application=app)
    promotion_application_withdraw(actor=org.actor("applicant"), application=app, reason="Not this year")
    app.refresh_from_db()
    assert app.state == State.WITHDRAWN
    # a withdrawn application frees the place in the cycle
    assert submitted(org).state == State.SUBMITTED


# --- attachments --------------------------------------------------------------------------------------------


def test_attachment_is_stored_under_media_with_our_name(org, settings):
    app = draft(org)
    upload = SimpleUploadedFile("../../证明 材料.pdf", b"%PDF-1.7\n...", content_type="application/pdf")
    att = promotion_attachment_add(actor=org.actor("applicant"), application=app, uploaded_file=upload)
    assert att.original_name == "证明 材料.pdf" and att.content_type == "application/pdf" and att.size == 12
    assert att.file.name.startswith(f"promotions/{app.pk}/") and att.file.name.endswith(".pdf")
    assert (settings.MEDIA_ROOT / att.file.name).read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("run.exe", b"MZ...", ATTACHMENT_TYPE),
        ("fake.pdf", b"<html>", ATTACHMENT_CONTENT),
        ("photo.png", b"\xff\xd8\xff\xe0", ATTACHMENT_CONTENT),
        ("notes.txt", b"\x00\x01binary", ATTACHMENT_CONTENT),
        ("big.txt", b"a" * (10 * 1024 * 1024 + 1), ATTACHMENT_TOO_LARGE),
    ],
    ids=["exe", "fake-pdf", "jpeg-as-png", "binary-txt", "too-large"],
)
def test_bad_attachments_are_refused(org, settings, name, data, message):
    app = draft(org)
    with pytest.raises(PromotionInvalid) as err:
        promotion_attachment_add(
            actor=org.actor("applicant"), application=app, uploaded_file=SimpleUploadedFile(name, data)
        )
    assert err.value.message == message
    assert not ApplicationAttachment.objects.exists()
    assert not (settings.MEDIA_ROOT / "promotions").exists()


def test_attachments_only_on_drafts_by_the_applicant_side(org):
    app = draft(org)
    with pytest.raises(PermissionDeniedError):
        promotion_attachment_add(
            actor=org.actor("hr"), application=app, uploaded_file=SimpleUploadedFile("a.txt", b"hello")
        )
    promotion_application_submit(actor=org.actor("applicant"), application=app)
    with pytest.raises(PromotionInvalid):
        promotion_attachment_add(
            actor=org.actor("applicant"), application=app, uploaded_file=SimpleUploadedFile("a.txt", b"hello")
        )
