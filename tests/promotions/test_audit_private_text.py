"""The audit log keeps ids, field names and fingerprints of private free text, never the words; the reasons
of decisions (review opinions, appeal answers) stay in it because the audit rule asks for the why."""

import datetime as dt
import json

import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import text_fingerprint
from serviceladder.promotions.services import (
    promotion_appeal_answer,
    promotion_appeal_file,
    promotion_application_update,
    promotion_comment_add,
    promotion_review_department,
)
from serviceladder.promotions.states import State
from tests.promotions.conftest import advance, draft, submitted

pytestmark = pytest.mark.django_db


def _log_text() -> str:
    return json.dumps(list(AuditEvent.objects.values("before", "after", "reason")), ensure_ascii=False)


def test_a_comment_is_logged_by_id_and_fingerprint_only(org):
    app = submitted(org)
    secret = "私下说:他最近家里有事"
    comment = promotion_comment_add(actor=org.actor("nominator"), application=app, text=secret)
    event = AuditEvent.objects.get(action="promotion.comment")
    assert event.after == {"comment": comment.pk, "text": text_fingerprint(secret)}
    assert event.reason == ""
    assert secret not in _log_text()


def test_the_application_form_is_logged_by_field_names_only(org):
    app = draft(org)
    promotion_application_update(actor=org.actor("applicant"), application=app, achievements="My own words")
    event = AuditEvent.objects.get(action="promotion.update")
    assert set(event.after) == {"achievements"}
    assert event.after["achievements"] == text_fingerprint("My own words")
    assert "My own words" not in _log_text()


def test_an_appeal_text_is_private_but_the_answer_is_the_decisions_reason(org, today):
    app = advance(org, submitted(org), State.MGMT_APPROVED)
    today(dt.date(2025, 9, 29))
    advance(org, app, State.ON_NOTICE)
    grievance = "He takes credit for the team's work"
    appeal = promotion_appeal_file(actor=org.actor("colleague"), application=app, text=grievance)
    filed = AuditEvent.objects.get(action="promotion.appeal_file")
    assert filed.after["appeal"] == appeal.pk and filed.after["opinion"] == text_fingerprint(grievance)
    assert grievance not in _log_text()
    promotion_appeal_answer(actor=org.actor("hr"), appeal=appeal, outcome="dismissed", answer="Checked: no")
    assert AuditEvent.objects.get(action="promotion.appeal_dismiss").reason == "Checked: no"


def test_a_review_opinion_stays_in_the_log_as_the_decisions_reason(org):
    app = submitted(org)
    promotion_review_department(
        actor=org.actor("head"), application=app, approve=False, opinion="Needs a year"
    )
    assert AuditEvent.objects.get(action="promotion.dept_reject").reason == "Needs a year"
