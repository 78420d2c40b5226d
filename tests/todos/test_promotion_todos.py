"""What the promotion process asks of each person, through the registry: the department, HR and management
steps, the notice to publish, promotions to finalise, appeals, drafts and nominations, quotas, interviews
and trainings — each for the right people only (accounts.scoping through promotions.access)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from serviceladder.learning.models import Enrolment
from serviceladder.promotions import services as s
from serviceladder.promotions.models import PromotionApplication
from serviceladder.promotions.states import State
from serviceladder.promotions.todos import (
    APPEAL,
    ASSESSMENT,
    DEPARTMENT_REVIEW,
    DRAFT,
    FINALISE,
    HR_REVIEW,
    MANAGEMENT_APPROVAL,
    PUBLISH,
    QUOTA,
    TRAINING,
)
from serviceladder.todos.registry import items_for
from tests.promotions.conftest import PEOPLE, advance, draft, submitted

pytestmark = pytest.mark.django_db


def kinds(org, key, kind=None):
    """(kind, key) of the user's items, optionally of one kind only."""
    return [(i.kind, i.key) for i in items_for(org.users[key]) if kind is None or i.kind == kind]


def everyone_but(org, *keys):
    return [k for k in PEOPLE if k not in keys]


def _set_all_quotas(org):
    s.promotion_cycle_quotas_set(
        actor=org.actor("hr"), cycle=org.cycle, quotas={"L2": 1, "L3": 2, "EX1": 1}, reason="all levels"
    )


def test_a_submitted_application_waits_for_the_head_of_its_department_only(org):
    _set_all_quotas(org)
    app = submitted(org)
    item = f"application:{app.pk}"
    assert kinds(org, "head") == [(DEPARTMENT_REVIEW, item)]
    (found,) = items_for(org.users["head"])
    assert found.url == reverse("promotion_application", args=[app.pk]) + "#department"
    with translation.override("en"):
        assert str(found.title) == "lina-name: Level 1 → Level 2"
    for key in everyone_but(org, "head"):
        assert kinds(org, key, DEPARTMENT_REVIEW) == [], key
    s.promotion_review_department(actor=org.actor("head"), application=app, approve=True, opinion="ok")
    assert kinds(org, "head") == []
    assert kinds(org, "hr", HR_REVIEW) == [(HR_REVIEW, item)]
    assert kinds(org, "hr2", HR_REVIEW) == [(HR_REVIEW, item)]
    for key in everyone_but(org, "hr", "hr2"):
        assert kinds(org, key, HR_REVIEW) == [], key


def test_hr_stands_in_for_a_department_without_another_head(org):
    org.departments["a"].head = None
    org.departments["a"].save(update_fields=["head"])
    app = submitted(org)
    assert (DEPARTMENT_REVIEW, f"application:{app.pk}") in kinds(org, "hr")
    assert kinds(org, "head", DEPARTMENT_REVIEW) == []


def test_management_sees_what_hr_approved_and_hr_then_publishes_one_notice_per_cycle(org):
    first = advance(org, submitted(org), State.HR_APPROVED)
    assert kinds(org, "management") == [(MANAGEMENT_APPROVAL, f"application:{first.pk}")]
    for key in everyone_but(org, "management"):
        assert kinds(org, key, MANAGEMENT_APPROVAL) == [], key
    advance(org, first, State.MGMT_APPROVED)
    second = advance(org, submitted(org, "colleague"), State.MGMT_APPROVED, override_reason="second place")
    assert kinds(org, "management") == []
    assert kinds(org, "hr", PUBLISH) == [(PUBLISH, f"cycle:{org.cycle.pk}")]
    (item,) = [i for i in items_for(org.users["hr"]) if i.kind == PUBLISH]
    with translation.override("en"):
        assert str(item.detail) == "Approved by management, not yet published: 2"
    assert item.url == reverse("promotion_cycle", args=[org.cycle.pk]) + "#publish"
    s.promotion_notice_publish(actor=org.actor("hr"), cycle=org.cycle, applications=[first, second])
    assert kinds(org, "hr", PUBLISH) == []


def test_finalising_waits_until_the_notice_is_over(org, today):
    app = advance(org, submitted(org), State.ON_NOTICE)
    assert kinds(org, "hr", FINALISE) == []  # the notice is running
    app.refresh_from_db()
    today(app.notice.ends_on + dt.timedelta(days=1))
    assert kinds(org, "hr", FINALISE) == [(FINALISE, f"application:{app.pk}")]
    assert kinds(org, "management", FINALISE) == [] and kinds(org, "applicant", FINALISE) == []
    s.promotion_finalise(actor=org.actor("hr"), application=app, today=today.current["date"])
    assert kinds(org, "hr", FINALISE) == []


def test_an_open_appeal_is_due_on_its_answer_date_for_hr(org, today):
    app = advance(org, submitted(org), State.ON_NOTICE)
    appeal = s.promotion_appeal_file(actor=org.actor("colleague"), application=app, text="Not true")
    (item,) = [i for i in items_for(org.users["hr"]) if i.kind == APPEAL]
    assert item.due == appeal.answer_due_on
    assert item.url == reverse("promotion_appeals") + f"#appeal-{appeal.pk}"
    for key in everyone_but(org, "hr", "hr2"):
        assert kinds(org, key, APPEAL) == [], key
    s.promotion_appeal_answer(actor=org.actor("hr"), appeal=appeal, outcome="dismissed", answer="Checked")
    assert kinds(org, "hr", APPEAL) == []


def test_a_draft_waits_for_its_applicant_until_the_window_closes(org, today):
    app = draft(org)
    assert kinds(org, "applicant") == [(DRAFT, f"application:{app.pk}")]
    (item,) = items_for(org.users["applicant"])
    assert item.due == org.cycle.closes_on
    for key in everyone_but(org, "applicant"):
        assert kinds(org, key, DRAFT) == [], key
    today(org.cycle.closes_on + dt.timedelta(days=1))
    assert kinds(org, "applicant", DRAFT) == []  # nothing can be submitted any more


def test_a_nomination_draft_waits_for_its_nominator_and_the_nominee(org):
    app = s.promotion_application_nominate(
        actor=org.actor("nominator"), cycle=org.cycle, employee=org.employees["colleague"], target_level="L2"
    )
    assert kinds(org, "nominator", DRAFT) == [(DRAFT, f"application:{app.pk}")]
    assert kinds(org, "colleague", DRAFT) == [(DRAFT, f"application:{app.pk}")]
    with translation.override("en"):
        assert (
            str(items_for(org.users["nominator"])[0].title)
            == "Submit your nomination of zhangwei-name for Level 2"
        )
        assert str(items_for(org.users["colleague"])[0].title) == "Submit your application for Level 2"
    for key in everyone_but(org, "nominator", "colleague"):
        assert kinds(org, key, DRAFT) == [], key


def test_a_target_level_without_a_quota_asks_hr_to_set_it(org, today):
    # The policy's quotas name L2 and L3; EX1 (a lateral target) has none.
    assert kinds(org, "hr", QUOTA) == [(QUOTA, f"cycle:{org.cycle.pk}")]
    (item,) = [i for i in items_for(org.users["hr"]) if i.kind == QUOTA]
    assert item.due == org.cycle.closes_on
    assert item.url == reverse("promotion_cycle_quotas", args=[org.cycle.pk])
    with translation.override("en"):
        assert str(item.detail) == "No quota yet for: Quality specialist"
    with translation.override("zh-hans"):
        assert str(item.detail) == "尚未设置名额：质检专员"
    for key in everyone_but(org, "hr", "hr2"):
        assert kinds(org, key, QUOTA) == [], key
    _set_all_quotas(org)
    assert kinds(org, "hr", QUOTA) == []


def test_no_quota_item_once_the_cycle_is_closed(org, today):
    today(org.cycle.closes_on + dt.timedelta(days=1))
    assert kinds(org, "hr", QUOTA) == []


def test_an_interview_waits_for_the_applicant(org, today):
    app = advance(org, submitted(org), State.DEPT_APPROVED)
    at = timezone.make_aware(dt.datetime(2025, 9, 29, 10, 0))
    assessment = s.promotion_assessment_schedule(
        actor=org.actor("hr"), application=app, kind="interview", scheduled_at=at
    )
    assert kinds(org, "applicant") == [(ASSESSMENT, f"assessment:{assessment.pk}")]
    (item,) = items_for(org.users["applicant"])
    assert item.due == dt.date(2025, 9, 29)
    with translation.override("en"):
        assert str(item.title) == "Interview for your application for Level 2: 2025-09-29 10:00"
    for key in everyone_but(org, "applicant"):
        assert kinds(org, key, ASSESSMENT) == [], key


def test_an_open_promotion_training_waits_for_its_trainee(org, today):
    app = advance(org, submitted(org), State.ON_NOTICE)
    app.refresh_from_db()
    today(app.notice.ends_on + dt.timedelta(days=1))
    s.promotion_finalise(actor=org.actor("hr"), application=app, today=today.current["date"])
    trainings = Enrolment.objects.filter(employee=org.employees["applicant"], source="promotion")
    assert trainings.count() == 2
    assert sorted(k for k in kinds(org, "applicant", TRAINING)) == sorted(
        (TRAINING, f"training:{t.pk}") for t in trainings
    )
    for key in everyone_but(org, "applicant"):
        assert kinds(org, key, TRAINING) == [], key
    due = {i.due for i in items_for(org.users["applicant"]) if i.kind == TRAINING}
    assert due == {trainings[0].due_on} and trainings[0].due_on is not None
    trainings.update(state=Enrolment.State.COMPLETED)
    assert kinds(org, "applicant", TRAINING) == []


def test_an_agent_never_sees_anothers_items(org):
    _set_all_quotas(org)
    draft(org)
    submitted(org, "colleague")
    assert [k for k, _key in kinds(org, "applicant")] == [DRAFT]
    assert kinds(org, "agent_b") == []
    assert PromotionApplication.objects.count() == 2
