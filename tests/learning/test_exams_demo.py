"""The demo's exam: `knowledge-exam` published with ten questions of every kind, the demo agent's attempt
marked below the pass mark with attempts left, a team-mate's passed, one waiting on HR's to-do list, and each
marked attempt's exam result stored with the exam's code."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from serviceladder.audit.services import Actor
from serviceladder.demo.generator import generate
from serviceladder.demo.loader import demo_load
from serviceladder.learning.models import Attempt, Exam
from serviceladder.learning.services.attempts import remark
from serviceladder.org.models import ExamResult
from serviceladder.todos.registry import items_for

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 5, 14)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_demo_has_an_exam_with_attempts():
    org = generate(seed=7, agents=60, months=6, today=TODAY)
    demo_load(org=org, actor=Actor(user=None, channel="cli"))
    exam = Exam.objects.get(code="knowledge-exam")
    assert exam.published and exam.questions.count() == 10
    assert set(exam.questions.values_list("kind", flat=True)) == {"single", "multiple", "true_false", "short"}
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["agent", "hr"])}
    mine = Attempt.objects.get(exam=exam, employee__user=users["agent"])
    assert mine.state == "marked" and mine.passed is False
    assert Attempt.objects.filter(exam=exam, state="marked", passed=True).count() == 1
    waiting = Attempt.objects.get(exam=exam, state="awaiting_marking")
    assert [i.key for i in items_for(users["hr"]) if i.kind == "learning.exam_mark"] == [
        f"attempt:{waiting.pk}"
    ]
    for attempt in Attempt.objects.filter(exam=exam, state="marked"):
        assert attempt.result.exam_code == "knowledge-exam"
        assert attempt.result.score == remark(attempt).percent()
    assert ExamResult.objects.filter(exam_code="knowledge-exam", attempt__isnull=False).count() == 2
