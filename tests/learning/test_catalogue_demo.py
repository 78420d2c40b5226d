"""The demo's catalogue (issue 17): about 20 courses — the preset's trainings from the policy plus the
new-hire courses — with modes, a certification that expires, prerequisites, open courses and a
trainer grant."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from serviceladder.accounts.scoping import is_trainer_of
from serviceladder.audit.services import Actor
from serviceladder.demo.generator import generate
from serviceladder.demo.learning_catalogue import NEW_COURSES, demo_catalogue_load
from serviceladder.demo.loader import demo_load
from serviceladder.learning.models import Course, CourseTrainer


@pytest.fixture
def org(org_with_policy):
    """Every catalogue test runs with the preset policy loaded."""
    return org_with_policy


pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    org = generate(seed=1, agents=40, months=6, today=dt.date(2026, 5, 14))
    demo_load(org=org, actor=Actor(user=None, channel="cli"))


def test_the_demo_has_a_catalogue_of_about_twenty_courses(demo):
    assert 18 <= Course.objects.count() <= 24
    assert Course.objects.filter(from_policy=True).count() == 8  # the preset's trainings
    for code in (
        "phone-communication",
        "service-technique",
        "complaint-handling",
        "stress-relief",
        "business-knowledge",
    ):
        assert Course.objects.filter(code=code, active=True).exists(), code
    assert Course.objects.get(code="train-the-trainer").validity_months == 24
    assert Course.objects.get(code="complex-cases").mode == "classroom"
    assert list(Course.objects.get(code="complex-cases").prerequisites.values_list("code", flat=True)) == [
        "service-foundations"
    ]
    assert Course.objects.filter(self_enrol=True).count() >= 4
    assert len({c.mode for c in Course.objects.all()}) == len(Course.Mode.values)


def test_the_demo_team_lead_trains_the_phone_courses(demo):
    lead = get_user_model().objects.get(username="lead")
    assert is_trainer_of(lead, Course.objects.get(code="phone-communication"))
    assert CourseTrainer.objects.filter(user=lead).count() == 2


def test_loading_the_catalogue_again_changes_nothing(demo):
    before = list(Course.objects.values_list("code", "mode", "validity_months").order_by("code"))
    assert demo_catalogue_load() == len(before)
    after = list(Course.objects.values_list("code", "mode", "validity_months").order_by("code"))
    assert after == before and CourseTrainer.objects.filter(user__username="lead").count() == 2
    assert set(NEW_COURSES) <= {code for code, *_ in after}
