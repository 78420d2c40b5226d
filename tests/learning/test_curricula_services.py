"""Curricula (issue 17 item 4): HR's create/edit with validation, and the daily step that enrols new hires and
people entering a level — idempotent, never the people who left."""

from __future__ import annotations

import datetime as dt

import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.learning import errors_curricula as errors
from serviceladder.learning.models import Completion, Curriculum, CurriculumItem, Enrolment
from serviceladder.learning.services.curricula import apply_curricula, curriculum_create, curriculum_edit
from serviceladder.learning.services.enrolments import enrol
from tests.factories import LevelAssignmentFactory
from tests.learning.curricula_setup import START, courses, hire, new_hire_curriculum, new_hire_items
from tests.web.org import ensure_policy

pytestmark = pytest.mark.django_db


def _open(employee):
    return {
        e.course.code: e.due_on
        for e in Enrolment.objects.filter(employee=employee, source="curriculum").select_related("course")
    }


def test_a_new_hire_is_enrolled_in_every_item_due_after_the_hire_date(org):
    newbie = hire(org, "E3001", dt.date(2026, 1, 5))
    curriculum = new_hire_curriculum(org, today=dt.date(2026, 1, 2))
    assert _open(newbie) == {}  # hired after the curriculum applied: the daily step enrols them
    assert apply_curricula(dt.date(2026, 1, 5)) == {"enrolled": 5}
    assert _open(newbie) == {
        "phone-communication": dt.date(2026, 1, 5),
        "service-technique": dt.date(2026, 2, 4),
        "complaint-handling": dt.date(2026, 3, 6),
        "stress-relief": dt.date(2026, 3, 6),
        "business-knowledge": dt.date(2026, 4, 5),
    }
    items = {i.course.code: i for i in CurriculumItem.objects.filter(curriculum=curriculum)}
    for e in Enrolment.objects.filter(employee=newbie):
        assert e.curriculum_item == items[e.course.code]
        assert e.assigned_on == dt.date(2026, 1, 5)
        assert e.state == Enrolment.State.ASSIGNED
    assert AuditEvent.objects.filter(action="learning.enrol", employee=newbie).count() == 5


def test_the_daily_step_is_idempotent_even_after_an_item_is_completed_or_cancelled(org):
    newbie = hire(org, "E3001", dt.date(2026, 1, 5))
    new_hire_curriculum(org)
    apply_curricula(dt.date(2026, 1, 5))
    first = Enrolment.objects.get(employee=newbie, course__code="phone-communication")
    first.state = Enrolment.State.COMPLETED
    first.save(update_fields=["state"])
    Enrolment.objects.filter(employee=newbie, course__code="stress-relief").update(state="cancelled")
    events = AuditEvent.objects.count()
    for day in (dt.date(2026, 1, 5), dt.date(2026, 1, 6), dt.date(2026, 6, 1)):
        assert apply_curricula(day) == {"enrolled": 0}
    assert Enrolment.objects.filter(employee=newbie).count() == 5
    assert AuditEvent.objects.count() == events


def test_people_hired_before_applies_from_or_who_left_or_not_yet_hired_are_not_enrolled(org):
    before = hire(org, "E3001", START - dt.timedelta(days=1))
    gone = hire(org, "E3002", dt.date(2026, 1, 3), left=dt.date(2026, 1, 10))
    leaving_later = hire(org, "E3003", dt.date(2026, 1, 3), left=dt.date(2026, 3, 1))
    future = hire(org, "E3004", dt.date(2026, 2, 1))
    new_hire_curriculum(org)
    apply_curricula(dt.date(2026, 1, 10))
    assert _open(before) == {} and _open(gone) == {} and _open(future) == {}
    assert len(_open(leaving_later)) == 5
    apply_curricula(dt.date(2026, 2, 1))
    assert len(_open(future)) == 5


def test_creating_a_curriculum_enrols_the_people_it_already_applies_to(org):
    newbie = hire(org, "E3001", dt.date(2026, 1, 5))
    new_hire_curriculum(org, today=dt.date(2026, 1, 20))
    assert len(_open(newbie)) == 5


def test_an_open_enrolment_from_elsewhere_is_joined_and_a_valid_completion_is_not_taken_again(org):
    newbie = hire(org, "E3001", dt.date(2026, 1, 5))
    course = courses()["service-technique"]
    hr = Actor(org.users["hr"])
    elsewhere, _ = enrol(newbie, course, source="lead", actor=hr, due_on=dt.date(2026, 6, 1))
    Completion.objects.create(
        employee=newbie, course=courses()["stress-relief"], name="压力疏导", completed_on=dt.date(2026, 1, 5)
    )
    new_hire_curriculum(org, today=dt.date(2026, 1, 6))
    elsewhere.refresh_from_db()
    assert elsewhere.due_on == dt.date(2026, 2, 4)  # the curriculum's sooner due date wins
    assert Enrolment.objects.filter(employee=newbie, course=course).count() == 1
    assert not Enrolment.objects.filter(employee=newbie, course__code="stress-relief").exists()
    assert apply_curricula(dt.date(2026, 1, 7)) == {"enrolled": 0}


def test_entering_a_level_enrols_its_curriculum_from_the_day_the_level_took_effect(org):
    ensure_policy(org)
    agent = org.employees["E2003"]  # holds L1 since 2022
    promoted = org.employees["E2004"]
    LevelAssignmentFactory(employee=promoted, level=org.levels[2], effective_from=dt.date(2026, 2, 1))
    earlier = org.employees["E2006"]
    LevelAssignmentFactory(employee=earlier, level=org.levels[2], effective_from=dt.date(2025, 12, 1))
    moved_on = org.employees["E2005"]
    LevelAssignmentFactory(employee=moved_on, level=org.levels[2], effective_from=dt.date(2026, 1, 2))
    LevelAssignmentFactory(employee=moved_on, level=org.levels[1], effective_from=dt.date(2026, 1, 20))
    courses()
    curriculum_create(
        actor=Actor(org.users["hr"]),
        code="senior",
        name_zh="高级客服路径",
        name_en="Senior path",
        trigger="level",
        level_code="L3",
        applies_from=START,
        items=[("complaint-handling", 14), ("business-knowledge", 0)],
        today=dt.date(2026, 1, 25),
    )
    assert _open(agent) == {} and _open(earlier) == {} and _open(moved_on) == {}
    assert _open(promoted) == {}  # not yet in the level
    apply_curricula(dt.date(2026, 2, 1))
    assert _open(promoted) == {
        "complaint-handling": dt.date(2026, 2, 15),
        "business-knowledge": dt.date(2026, 2, 1),
    }
    positions = list(
        CurriculumItem.objects.filter(curriculum__code="senior").values_list("course__code", "position")
    )
    assert positions == [("complaint-handling", 0), ("business-knowledge", 1)]


BAD = [
    ({"code": "bad code!"}, errors.CODE_INVALID),
    ({"name_en": ""}, errors.NAME_REQUIRED),
    ({"trigger": "birthday"}, errors.TRIGGER_INVALID),
    ({"trigger": "level", "level_code": ""}, errors.LEVEL_REQUIRED),
    ({"trigger": "level", "level_code": "L9"}, errors.LEVEL_UNKNOWN),
    ({"applies_from": "2026-13-01"}, errors.APPLIES_FROM_INVALID),
    ({"items": []}, errors.ITEMS_REQUIRED),
    ({"items": [("phone-communication", 0), ("no-such-course", 5)]}, errors.ITEM_COURSE_UNKNOWN),
    ({"items": [("phone-communication", 731)]}, errors.ITEM_OFFSET_INVALID),
    ({"items": [("phone-communication", -1)]}, errors.ITEM_OFFSET_INVALID),
    ({"items": [("phone-communication", "ten")]}, errors.ITEM_OFFSET_INVALID),
    ({"items": [("phone-communication", 0), ("phone-communication", 30)]}, errors.ITEM_DUPLICATE),
]


@pytest.mark.parametrize(("change", "message"), BAD, ids=[str(m) for _c, m in BAD])
def test_bad_input_is_refused_with_its_reason_and_nothing_is_written(org, change, message):
    ensure_policy(org)
    hire(org, "E3001", dt.date(2026, 1, 5))
    events = AuditEvent.objects.count()
    with pytest.raises(errors.CurriculumInvalid) as caught:
        new_hire_curriculum(org, **change)
    assert caught.value.message == message
    assert not Curriculum.objects.exists() and not CurriculumItem.objects.exists()
    assert not Enrolment.objects.exists()
    assert AuditEvent.objects.count() == events


def test_a_duplicate_code_is_refused(org):
    new_hire_curriculum(org)
    with pytest.raises(errors.CurriculumInvalid) as caught:
        new_hire_curriculum(org, code="NEW-HIRE")
    assert caught.value.message == errors.CODE_TAKEN
    assert Curriculum.objects.count() == 1


@pytest.mark.parametrize("role", ["agent", "team_lead", "department_head", "management", "admin"])
def test_only_hr_creates_or_edits_curricula(org, role):
    curriculum = new_hire_curriculum(org)
    with pytest.raises(errors.CurriculumNotAllowed):
        curriculum_create(
            actor=Actor(org.users[role]),
            code="other",
            name_zh="其他",
            name_en="Other",
            trigger="hire",
            applies_from=START,
            items=new_hire_items(),
        )
    with pytest.raises(errors.CurriculumNotAllowed):
        curriculum_edit(
            actor=Actor(org.users[role]),
            curriculum=curriculum,
            code="new-hire",
            name_zh="改",
            name_en="Changed",
            trigger="hire",
            applies_from=START,
            items=new_hire_items(),
        )
    assert list(Curriculum.objects.values_list("code", "name_en")) == [("new-hire", "New-hire curriculum")]


def test_editing_keeps_the_enrolled_items_adds_new_ones_at_once_and_is_audited(org):
    newbie = hire(org, "E3001", dt.date(2026, 1, 5))
    curriculum = new_hire_curriculum(org, today=dt.date(2026, 1, 6))
    kept = CurriculumItem.objects.get(curriculum=curriculum, course__code="service-technique")
    from serviceladder.learning.models import Course

    Course.objects.create(code="crm-basics", name_zh="系统操作", name_en="CRM basics")
    curriculum_edit(
        actor=Actor(org.users["hr"]),
        curriculum=curriculum,
        code="new-hire",
        name_zh="新员工培训路径",
        name_en="New-hire path",
        trigger="hire",
        applies_from=START,
        items=[("crm-basics", 3), ("service-technique", 45), ("phone-communication", 0)],
        today=dt.date(2026, 1, 7),
    )
    curriculum.refresh_from_db()
    assert curriculum.name_en == "New-hire path"
    rows = list(curriculum.items.values_list("course__code", "offset_days", "position", "pk"))
    assert [r[:3] for r in rows] == [
        ("crm-basics", 3, 0),
        ("service-technique", 45, 1),
        ("phone-communication", 0, 2),
    ]
    assert kept.pk in [r[3] for r in rows]
    assert _open(newbie)["crm-basics"] == dt.date(2026, 1, 8)
    # enrolments of removed items stay, no longer tied to an item
    assert Enrolment.objects.filter(
        employee=newbie, course__code="stress-relief", curriculum_item=None
    ).exists()
    event = AuditEvent.objects.get(action="learning.curriculum_edit")
    assert event.before["items"][0] == "phone-communication+0"
    assert event.after["items"] == ["crm-basics+3", "service-technique+45", "phone-communication+0"]
