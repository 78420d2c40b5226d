"""Exam pages over HTTP (issue 17 item 5): start, autosave, reload, a second tab, a direct POST after the
deadline, attempts used up, review only when allowed, marking by HR, HR's question bank and exam forms."""

# ruff: noqa: F811  (the fixtures are imported from tests.web.conftest)

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from serviceladder.learning import errors_exams as E
from serviceladder.learning.models import Attempt, Exam, Question
from serviceladder.org.models import ExamResult
from tests.learning.exams_setup import exam, right_answers
from tests.web.conftest import _fast_passwords, _plain_http, client_for, org  # noqa: F401

pytestmark = pytest.mark.django_db


def _start(client, e) -> Attempt:
    response = client.post(reverse("learning_exam", args=[e.pk]))
    attempt = Attempt.objects.get(exam=e, state="in_progress")
    assert response.status_code == 302 and response["Location"] == reverse(
        "learning_attempt", args=[attempt.pk]
    )
    return attempt


def _form(e, answers: dict) -> dict:
    return {f"q{k}": v for k, v in answers.items()}


def test_an_agent_takes_an_exam_and_a_reload_restores_answers_and_deadline(client_for):
    e = exam(short=False)
    client = client_for("agent")
    page = client.get(reverse("learning_exam", args=[e.pk])).content.decode()
    assert "Start the exam" in page and "Single" not in page  # no questions outside an attempt
    attempt = _start(client, e)
    single = e.questions.get(kind="single")
    saved = client.post(
        reverse("learning_attempt_save", args=[attempt.pk]), {f"q{single.pk}": "b"}, HTTP_HX_REQUEST="true"
    )
    assert saved.status_code == 200 and "Answers saved at" in saved.content.decode()
    page = client.get(reverse("learning_attempt", args=[attempt.pk])).content.decode()
    assert f'name="q{single.pk}" value="b" checked' in page
    assert f'data-deadline="{attempt.deadline_at.isoformat()}"' in page
    # A second tab pressing "start" again lands on the same attempt.
    again = client.post(reverse("learning_exam", args=[e.pk]))
    assert again["Location"] == reverse("learning_attempt", args=[attempt.pk])
    assert Attempt.objects.filter(exam=e).count() == 1
    done = client.post(reverse("learning_attempt_submit", args=[attempt.pk]), _form(e, right_answers(e)))
    assert done.status_code == 302
    result = client.get(reverse("learning_attempt", args=[attempt.pk])).content.decode()
    assert "100%" in result and "passed" in result
    assert ExamResult.objects.get(exam_code=e.code).score == Decimal("100.00")


def test_a_direct_post_after_the_deadline_is_refused_and_the_saved_answers_count(client_for):
    e = exam(short=False, time_limit=10)
    client = client_for("agent")
    attempt = _start(client, e)
    single = e.questions.get(kind="single")
    client.post(reverse("learning_attempt_save", args=[attempt.pk]), {f"q{single.pk}": "b"})
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - dt.timedelta(minutes=11),
        deadline_at=timezone.now() - dt.timedelta(minutes=1),
    )
    late = client.post(
        reverse("learning_attempt_submit", args=[attempt.pk]), _form(e, right_answers(e)), follow=True
    )
    page = late.content.decode()
    assert str(E.TIME_UP) in page
    attempt.refresh_from_db()
    assert attempt.timed_out and attempt.answers == {str(single.pk): ["b"]}
    assert attempt.result.score == Decimal("33.33")  # 2 of 6 points: only the autosaved answer counts
    late_save = client.post(
        reverse("learning_attempt_save", args=[attempt.pk]),
        _form(e, right_answers(e)),
        HTTP_HX_REQUEST="true",
    )
    assert late_save["HX-Redirect"] == reverse("learning_attempt", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.answers == {str(single.pk): ["b"]}


def test_attempts_used_up_refuse_a_new_start(client_for):
    e = exam(short=False, attempts=1)
    client = client_for("agent")
    attempt = _start(client, e)
    client.post(reverse("learning_attempt_submit", args=[attempt.pk]), {})
    page = client.post(reverse("learning_exam", args=[e.pk]), follow=True).content.decode()
    assert str(E.ATTEMPTS_USED_UP % {"allowed": 1}) in page
    assert Attempt.objects.filter(exam=e).count() == 1
    # the exam page lists the attempt with a link to its result
    exam_page = client.get(reverse("learning_exam", args=[e.pk])).content.decode()
    assert f'href="{reverse("learning_attempt", args=[attempt.pk])}"' in exam_page


@pytest.mark.parametrize("review", [False, True])
def test_questions_show_after_the_attempt_only_when_the_exam_allows_review(client_for, review):
    e = exam(short=False, allow_review=review)
    client = client_for("agent")
    attempt = _start(client, e)
    client.post(reverse("learning_attempt_submit", args=[attempt.pk]), {})
    page = client.get(reverse("learning_attempt", args=[attempt.pk])).content.decode()
    assert ("True or false" in page) == review
    assert ("right answer" in page) == review


def test_short_answers_are_marked_by_hr_from_the_to_do(client_for, org):
    e = exam()
    client = client_for("agent")
    attempt = _start(client, e)
    short = e.questions.get(kind="short")
    client.post(
        reverse("learning_attempt_submit", args=[attempt.pk]),
        {**_form(e, right_answers(e)), f"q{short.pk}": "I listen first."},
    )
    from serviceladder.todos.registry import items_for

    hr = client_for("hr")
    items = [i for i in items_for(org.users["hr"]) if i.kind == "learning.exam_mark"]
    assert [i.url for i in items] == [reverse("learning_attempt_mark", args=[attempt.pk])]
    page = hr.get(items[0].url).content.decode()
    assert "I listen first." in page and "empathy" in page
    bad = hr.post(items[0].url, {f"m{short.pk}": "9"})
    assert bad.status_code == 400
    assert hr.post(items[0].url, {f"m{short.pk}": "4"}).status_code == 302
    attempt.refresh_from_db()
    assert attempt.state == "marked" and attempt.result.score == Decimal("100.00")
    assert not [i for i in items_for(org.users["hr"]) if i.kind == "learning.exam_mark"]


def test_hr_writes_a_question_and_assembles_an_exam(client_for):
    from tests.learning.exams_setup import course

    c = course()
    hr = client_for("hr")
    bad = hr.post(
        reverse("learning_question_new"),
        {
            "bank": f"course:{c.code}",
            "kind": "single",
            "text_zh": "问",
            "text_en": "Q",
            "choice_a_en": "x",
            "choice_b_en": "y",
            "points": "1",
        },
    )
    assert bad.status_code == 400 and str(E.CORRECT_SINGLE % {"found": 0}) in bad.content.decode()
    assert not Question.objects.exists()
    ok = hr.post(
        reverse("learning_question_new"),
        {
            "bank": f"course:{c.code}",
            "kind": "single",
            "text_zh": "问",
            "text_en": "Q",
            "choice_a_en": "x",
            "choice_b_en": "y",
            "correct": "b",
            "points": "2",
            "active": "on",
        },
    )
    assert ok.status_code == 302
    q = Question.objects.get()
    assert q.correct == ["b"] and q.choices[1] == {"key": "b", "zh": "y", "en": "y"}
    made = hr.post(
        reverse("learning_exam_new"),
        {
            "code": "phone-quiz",
            "name_en": "Phone quiz",
            "bank": f"course:{c.code}",
            "draw": "fixed",
            "questions": [q.pk],
            "pass_percent": "80",
            "time_limit_minutes": "15",
            "attempts_allowed": "3",
            "published": "on",
        },
    )
    assert made.status_code == 302
    e = Exam.objects.get(code="phone-quiz")
    assert (e.time_limit_minutes, e.attempts_allowed, e.published) == (15, 3, True)
    assert list(e.questions.all()) == [q]


def test_an_agent_never_sees_the_question_bank(client_for):
    exam()
    agent = client_for("agent")
    assert agent.get(reverse("learning_questions")).status_code == 403
    assert agent.get(reverse("learning_exams")).status_code == 403


def test_a_trainer_writes_questions_for_their_course_only(client_for, org):
    from serviceladder.learning.models import CourseTrainer
    from tests.learning.exams_setup import course

    mine, other = course("phone-comm"), course("complaints")
    CourseTrainer.objects.create(course=mine, user=org.users["team_lead"])
    lead = client_for("team_lead")
    assert lead.get(reverse("learning_questions")).status_code == 200
    assert lead.get(reverse("learning_exams")).status_code == 403
    form = {"kind": "true_false", "text_zh": "对吗", "text_en": "Right?", "truth": "true", "points": "1"}
    refused = lead.post(reverse("learning_question_new"), {**form, "bank": f"course:{other.code}"})
    assert refused.status_code == 403 and not Question.objects.exists()
    assert (
        lead.post(reverse("learning_question_new"), {**form, "bank": f"course:{mine.code}"}).status_code
        == 302
    )
    q = Question.objects.get()
    assert (q.course, q.correct) == (mine, ["true"])
    foreign = Question.objects.create(course=other, kind="short", text_zh="问", text_en="Q")
    assert lead.get(reverse("learning_question_edit", args=[foreign.pk])).status_code == 404
