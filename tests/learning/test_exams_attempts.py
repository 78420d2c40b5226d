"""Exam attempts (issue 17 item 5): one in progress, the server's deadline, attempts allowed, autosave and
submission refused after the deadline (the autosaved answers are submitted instead), the periodic close, short
answers marked by a person, and one exam result per marked attempt."""

# ruff: noqa: F811  (the org fixture is imported from tests.web.conftest)

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from serviceladder.audit.models import AuditEvent
from serviceladder.learning import errors_exams as E
from serviceladder.learning.models import Attempt, Question
from serviceladder.learning.services import attempts as S
from serviceladder.notifications.models import Notification
from serviceladder.org.models import ExamResult
from tests.learning.exams_setup import exam, right_answers
from tests.web.conftest import org  # noqa: F401

pytestmark = pytest.mark.django_db


def agent(org):
    return org.users["agent"]


def test_start_fixes_the_deadline_and_freezes_the_questions(org):
    e = exam(time_limit=30)
    now = timezone.now()
    a = S.attempt_start(user=agent(org), exam=e, now=now)
    assert a.deadline_at == now + dt.timedelta(minutes=30)
    assert sorted(a.question_ids) == sorted(e.questions.values_list("pk", flat=True))
    assert a.number == 1
    assert AuditEvent.objects.filter(action="learning.attempt_start").count() == 1


def test_a_second_start_from_another_tab_is_refused_and_the_reload_sees_the_same_attempt(org):
    e = exam()
    a = S.attempt_start(user=agent(org), exam=e)
    with pytest.raises(E.AttemptInProgress) as exc:
        S.attempt_start(user=agent(org), exam=e)
    assert exc.value.message == E.ATTEMPT_IN_PROGRESS
    assert Attempt.objects.count() == 1
    again = S.in_progress(agent(org), e)
    assert again.pk == a.pk and again.deadline_at == a.deadline_at


def test_the_database_allows_one_attempt_in_progress(org):
    from django.db import IntegrityError, transaction

    e = exam()
    a = S.attempt_start(user=agent(org), exam=e)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(exam=e, employee=a.employee, number=2, started_at=timezone.now())


def test_attempts_used_up_and_unpublished_exams_are_refused(org):
    e = exam(short=False, attempts=1)
    a = S.attempt_start(user=agent(org), exam=e)
    S.attempt_submit(user=agent(org), attempt=a, answers={})
    with pytest.raises(E.AttemptsUsedUp):
        S.attempt_start(user=agent(org), exam=e)
    closed = exam(code="draft", published=False)
    with pytest.raises(E.ExamNotOpen):
        S.attempt_start(user=agent(org), exam=closed)
    assert Attempt.objects.count() == 1


def test_autosave_keeps_answers_and_refuses_unknown_choices(org):
    e = exam()
    a = S.attempt_start(user=agent(org), exam=e)
    single = e.questions.get(kind="single")
    S.attempt_save(user=agent(org), attempt=a, answers={str(single.pk): "b"})
    a.refresh_from_db()
    assert a.answers == {str(single.pk): ["b"]}
    with pytest.raises(E.AnswerInvalid):
        S.attempt_save(user=agent(org), attempt=a, answers={str(single.pk): "z"})
    with pytest.raises(E.AnswerInvalid):
        S.attempt_save(user=agent(org), attempt=a, answers={"999999": "a"})
    a.refresh_from_db()
    assert a.answers == {str(single.pk): ["b"]}


def test_after_the_deadline_autosave_and_submit_are_refused_and_the_saved_answers_count(org):
    e = exam(short=False, time_limit=10)
    start = timezone.now() - dt.timedelta(minutes=20)
    a = S.attempt_start(user=agent(org), exam=e, now=start)
    saved = right_answers(e)
    S.attempt_save(user=agent(org), attempt=a, answers=saved, now=start + dt.timedelta(minutes=5))
    wrong = {k: ["a"] for k in saved}
    with pytest.raises(E.AttemptTimeUp):
        S.attempt_submit(user=agent(org), attempt=a, answers=wrong)
    a.refresh_from_db()
    assert a.state == Attempt.State.MARKED and a.timed_out
    assert a.answers == saved
    assert a.submitted_at == a.deadline_at
    assert a.result.score == Decimal("100.00")
    with pytest.raises(E.AttemptClosed):
        S.attempt_save(user=agent(org), attempt=a, answers=wrong)
    assert ExamResult.objects.filter(exam_code="knowledge-exam").count() == 1


def test_a_direct_autosave_after_the_deadline_closes_the_attempt_with_its_saved_answers(org):
    e = exam(short=False, time_limit=10)
    start = timezone.now() - dt.timedelta(minutes=11)
    a = S.attempt_start(user=agent(org), exam=e, now=start)
    with pytest.raises(E.AttemptTimeUp):
        S.attempt_save(user=agent(org), attempt=a, answers=right_answers(e))
    a.refresh_from_db()
    assert a.timed_out and a.answers == {} and a.result.score == Decimal("0.00")


def test_any_read_after_the_deadline_closes_it(org):
    e = exam(short=False, time_limit=5)
    a = S.attempt_start(user=agent(org), exam=e, now=timezone.now() - dt.timedelta(minutes=6))
    got = S.attempt_get(agent(org), a.pk)
    assert got.state == Attempt.State.MARKED and got.timed_out


def test_the_periodic_step_closes_abandoned_attempts_once(org):
    e = exam(short=False, time_limit=5)
    old = S.attempt_start(user=agent(org), exam=e, now=timezone.now() - dt.timedelta(hours=1))
    e2 = exam(code="other", short=False, time_limit=60)
    fresh = S.attempt_start(user=agent(org), exam=e2)
    assert S.attempts_close_overdue() == {"closed": 1}
    assert S.attempts_close_overdue() == {"closed": 0}
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.state == Attempt.State.MARKED and old.timed_out
    assert fresh.state == Attempt.State.IN_PROGRESS
    assert ExamResult.objects.filter(exam_code="knowledge-exam").count() == 1


def test_a_marked_attempt_writes_one_exam_result_as_a_percent(org):
    e = exam(short=False)
    a = S.attempt_start(user=agent(org), exam=e)
    answers = right_answers(e)
    multiple = str(e.questions.get(kind="multiple").pk)
    answers[multiple] = ["a"]  # 3 of 6 points lost
    a = S.attempt_submit(user=agent(org), attempt=a, answers=answers)
    assert a.state == Attempt.State.MARKED and not a.timed_out
    r = ExamResult.objects.get(exam_code="knowledge-exam")
    assert (r.exam_code, r.score, r.max_score) == ("knowledge-exam", Decimal("50.00"), Decimal(100))
    assert r.employee.number == "E2003" and r.date == timezone.localdate()
    assert a.passed is False


def test_short_answers_wait_for_a_marker_then_the_result_is_written(org):
    e = exam()
    a = S.attempt_start(user=agent(org), exam=e)
    short = e.questions.get(kind="short")
    answers = {**right_answers(e), str(short.pk): "I listen and apologise."}
    a = S.attempt_submit(user=agent(org), attempt=a, answers=answers)
    assert a.state == Attempt.State.AWAITING_MARKING and a.result is None
    assert ExamResult.objects.filter(exam_code="knowledge-exam").count() == 0
    with pytest.raises(E.ExamNotAllowed):
        S.attempt_mark(user=org.users["team_lead"], attempt=a, marks={str(short.pk): "4"})
    with pytest.raises(E.MarkInvalid):
        S.attempt_mark(user=org.users["hr"], attempt=a, marks={str(short.pk): "5"})
    with pytest.raises(E.MarkInvalid):
        S.attempt_mark(user=org.users["hr"], attempt=a, marks={})
    assert ExamResult.objects.filter(exam_code="knowledge-exam").count() == 0
    a = S.attempt_mark(user=org.users["hr"], attempt=a, marks={str(short.pk): "2"})
    assert a.state == Attempt.State.MARKED and a.passed
    assert a.result.score == Decimal("80.00")  # 8 of 10 points
    assert a.marked_by == org.users["hr"]
    # The person is told, in the language they read in: the exam's name in that language.
    told = Notification.objects.get(recipient=agent(org), kind="learning.exam_marked")
    for language, name in (("en", e.name_en), ("zh-hans", e.name_zh)):
        with translation.override(language):
            assert name in told.title_text


def test_someone_elses_attempt_looks_absent(org):
    e = exam()
    a = S.attempt_start(user=agent(org), exam=e)
    with pytest.raises(E.AttemptNotFound):
        S.attempt_get(org.users["team_lead"], a.pk)
    with pytest.raises(E.AttemptNotFound):
        S.attempt_save(user=org.users["team_lead"], attempt=a, answers={})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    choices=st.lists(
        st.lists(st.sampled_from(["a", "b", "c"]), unique=True, max_size=3), min_size=3, max_size=3
    )
)
def test_the_stored_result_equals_re_marking_the_stored_answers(org, choices):
    Attempt.objects.all().delete()
    ExamResult.objects.filter(exam_code="knowledge-exam").delete()
    e = exam(short=False, attempts=None) if not Question.objects.exists() else _existing()
    qs = list(e.questions.order_by("pk"))
    answers = {}
    for q, given_ in zip(qs, choices, strict=True):
        if q.kind == "true_false":
            given_ = ["true"] if "a" in given_ else (["false"] if given_ else [])
        elif q.kind == "single":
            given_ = given_[:1]
        if given_:
            answers[str(q.pk)] = given_
    a = S.attempt_start(user=agent(org), exam=e)
    a = S.attempt_submit(user=agent(org), attempt=a, answers=answers)
    a.refresh_from_db()
    again = S.remark(a)
    assert a.result.score == again.percent()
    assert a.score == again.total and a.max_score == again.maximum
    assert {k: Decimal(v) for k, v in a.marks.items()} == again.marks


def _existing():
    from serviceladder.learning.models import Exam

    return Exam.objects.get(code="knowledge-exam")


def test_a_random_draw_freezes_that_many_active_questions(org):
    e = exam(draw="random", draw_count=2, attempts=None)
    retired = e.questions.get(kind="short")
    retired.active = False
    retired.save(update_fields=["active"])
    a = S.attempt_start(user=agent(org), exam=e)
    assert len(a.question_ids) == 2 and retired.pk not in a.question_ids
    assert set(a.question_ids) <= set(e.questions.values_list("pk", flat=True))
    # The frozen draw is what the attempt keeps, even when the exam's pool changes afterwards.
    e.questions.remove(*a.question_ids)
    assert S.attempt_get(agent(org), a.pk).question_ids == a.question_ids


def test_the_daily_job_runs_the_close_step(org):
    from serviceladder.daily.registry import steps

    e = exam(short=False, time_limit=5)
    a = S.attempt_start(user=agent(org), exam=e, now=timezone.now() - dt.timedelta(hours=2))
    assert steps()["learning.exam_attempts"](timezone.localdate()) == {"closed": 1}
    a.refresh_from_db()
    assert a.timed_out and a.state == Attempt.State.MARKED


def test_the_learning_page_shows_an_abandoned_attempt_as_submitted(org, client):
    e = exam(short=False, time_limit=5)
    a = S.attempt_start(user=agent(org), exam=e, now=timezone.now() - dt.timedelta(hours=2))
    client.force_login(agent(org))
    page = client.get("/learning/").content.decode()
    assert "time ran out" in page and "in progress" not in page
    a.refresh_from_db()
    assert a.state == Attempt.State.MARKED
