"""The case page of an effective promotion lists its trainings as the learning enrolments they are: the
course's name and hours in the reader's language, done when completed, else the state and the due date."""

import datetime as dt

import pytest
from django.urls import reverse

from serviceladder.audit.services import Actor
from serviceladder.learning.models import Course, Enrolment
from serviceladder.learning.services.completions import record_completion
from serviceladder.learning.services.enrolments import enrol
from serviceladder.promotions.states import State
from tests.promotions_web import builders
from tests.userlang.test_one_language import visible_text as _visible

pytestmark = pytest.mark.django_db


def visible_text(page: str) -> str:
    return " ".join(_visible(page).split())


def test_the_case_page_shows_each_trainings_state_and_due_date(client_for, org, today):
    app = builders.on_notice(org)
    today(app.notice.ends_on + dt.timedelta(days=1))
    response = client_for("hr").post(
        reverse("promotion_application", args=[app.pk]),
        {"step": "finalise", "version": app.version, "state": app.state},
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.state == State.EFFECTIVE
    hr = Actor(user=org.users["hr"])
    open_course = Course.objects.create(code="lead", name_zh="带教技巧", name_en="Coaching skills", hours=8)
    done_course = Course.objects.create(code="qa", name_zh="质检校准", name_en="QA calibration", hours=1.5)
    person = app.applicant
    enrol(person, open_course, source="promotion", actor=hr, due_on=dt.date(2027, 1, 31), application=app)
    done, _ = enrol(person, done_course, source="promotion", actor=hr, application=app)
    record_completion(
        person, actor=hr, completed_on=dt.date(2026, 10, 20), course=done_course, enrolment=done
    )
    Enrolment.objects.filter(pk=done.pk).update(state=Enrolment.State.COMPLETED)

    url = reverse("promotion_application", args=[app.pk])
    english = visible_text(client_for("agent", "en").get(url).content.decode())
    assert "Coaching skills 8 hours assigned due 2027-01-31" in english
    assert "QA calibration 1.5 hours done" in english
    chinese = visible_text(client_for("agent", "zh-hans").get(url).content.decode())
    assert "带教技巧" in chinese and "质检校准" in chinese and "截止 2027-01-31" in chinese
