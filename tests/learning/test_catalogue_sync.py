"""The policy → catalogue sync: loading a policy creates or updates the courses its `trainings:` define
and the exams its `exams:` define (issue 17 item 1)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.learning.models import Course, Exam
from serviceladder.policy.presets import preset_text
from serviceladder.policy.services import policy_load
from tests.web.org import WEB_POLICY


@pytest.fixture
def org(org_with_policy):
    """Every catalogue test runs with the preset policy loaded."""
    return org_with_policy


pytestmark = pytest.mark.django_db

SYSTEM = Actor(user=None, channel="cli")


def _load(text: str, effective=dt.date(2024, 1, 1)):
    return policy_load(actor=SYSTEM, text=text, effective=effective)


def test_loading_a_preset_on_a_fresh_home_creates_its_courses():
    _load(preset_text("cn-standard"))
    course = Course.objects.get(code="service-foundations")
    assert (course.name_zh, course.name_en, course.hours) == (
        "服务基础与系统操作",
        "Service foundations and tools",
        16,
    )
    assert course.from_policy and course.active
    assert Course.objects.filter(from_policy=True).count() >= 4
    event = AuditEvent.objects.get(action="policy.load")
    assert "service-foundations" in event.after["catalogue"]["courses_added"]


def test_a_new_version_updates_names_hours_and_validity_but_keeps_what_hr_added():
    _load(WEB_POLICY)
    course = Course.objects.get(code="basics")
    course.mode = Course.Mode.ONLINE
    course.provider = "Academy"
    course.hours = Decimal("3.5")
    course.save()
    text = WEB_POLICY.replace(
        "{code: basics, name_zh: 基础培训, name_en: Basics}",
        "{code: basics, name_zh: 基础课程, name_en: Basics course, validity_months: 24}",
    )
    result = _load(text, effective=dt.date(2024, 6, 1))
    course.refresh_from_db()
    assert (course.name_zh, course.name_en, course.validity_months) == ("基础课程", "Basics course", 24)
    # the policy gives no hours: HR's stay, as do the mode and provider
    assert (course.mode, course.provider, course.hours) == ("online", "Academy", Decimal("3.5"))
    event = AuditEvent.objects.get(action="policy.load", after__version=result.version.label)
    assert event.after["catalogue"]["courses_updated"] == ["basics"]


def test_a_course_hr_created_first_is_adopted_by_the_policy():
    Course.objects.create(code="basics", name_zh="旧", name_en="Old", mode=Course.Mode.MENTOR)
    _load(WEB_POLICY)
    course = Course.objects.get(code="basics")
    assert course.from_policy and course.name_en == "Basics" and course.mode == "mentor"
    assert Course.objects.filter(code="basics").count() == 1


def test_a_course_the_policy_drops_is_kept():
    _load(WEB_POLICY)
    _load(
        WEB_POLICY.replace(
            "trainings:\n  - {code: basics, name_zh: 基础培训, name_en: Basics}\n", ""
        ).replace("        promotion_training: [basics]\n", ""),
        effective=dt.date(2024, 6, 1),
    )
    assert Course.objects.filter(code="basics", active=True).exists()


def test_exams_section_creates_exam_rows_only():
    text = WEB_POLICY.replace(
        "trainings:\n",
        "exams:\n  - {code: promo-exam, name_zh: 晋升考试, name_en: Promotion exam, counts: latest}\n"
        "trainings:\n",
    )
    _load(text)
    exam = Exam.objects.get(code="promo-exam")
    assert (exam.name_zh, exam.counts, exam.from_policy, exam.published) == (
        "晋升考试",
        "latest",
        True,
        False,
    )
    assert exam.questions.count() == 0


def test_an_already_stored_file_changes_nothing():
    _load(WEB_POLICY)
    Course.objects.filter(code="basics").update(name_en="Changed by hand")
    result = _load(WEB_POLICY)
    assert not result.created
    assert Course.objects.get(code="basics").name_en == "Changed by hand"


def test_a_future_version_wins_for_names_over_the_one_in_force():
    _load(WEB_POLICY)
    future = WEB_POLICY.replace("name_en: Basics}", "name_en: Basics (2099)}")
    _load(future, effective=dt.date(2099, 1, 1))
    assert Course.objects.get(code="basics").name_en == "Basics (2099)"
    # loading an older version later does not take the names back
    older = WEB_POLICY.replace("name_en: Basics}", "name_en: Basics (old)}")
    _load(older, effective=dt.date(2023, 1, 1))
    assert Course.objects.get(code="basics").name_en == "Basics (2099)"


def test_an_invalid_policy_writes_no_course():
    from serviceladder.policy.errors import PolicyInvalid

    with pytest.raises(PolicyInvalid):
        _load(WEB_POLICY.replace("name_en: Basics}", "name_en: ''}"))
    assert not Course.objects.exists()


def test_the_migration_brings_courses_for_policies_stored_before_the_catalogue():
    import importlib

    from django.apps import apps

    from serviceladder.policy.models import PolicyVersion
    from serviceladder.policy.services import content_sha256

    migration = importlib.import_module(
        "serviceladder.learning.migrations.0002_l_catalogue_courses_from_stored_policies"
    )
    for number, text in ((1, WEB_POLICY), (2, WEB_POLICY.replace("name_en: Basics}", "name_en: Basics v2}"))):
        PolicyVersion.objects.create(
            number=number,
            name="web-test",
            content=text,
            sha256=content_sha256(text),
            effective_from=dt.date(2024, number, 1),
        )
    Course.objects.create(code="kept", name_zh="手建", name_en="Made by hand")
    migration.forwards(apps, None)
    assert Course.objects.get(code="basics").name_en == "Basics v2"
    assert Course.objects.get(code="basics").from_policy
    assert Course.objects.get(code="kept").name_en == "Made by hand"
    migration.forwards(apps, None)  # again: nothing new
    assert Course.objects.count() == 2
