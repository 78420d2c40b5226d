"""A coaching task links to the wellbeing signal (issue 16: the quality slide is the same kernel clause as the
coaching trigger): the task page says "Also a wellbeing signal" and links to the person's wellbeing page when
the person's assessment of the task's month has a fired `drop` signal on the task's metric, and only for a
reader who may see the person's wellbeing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from serviceladder.recognition.models import CoachingTask
from serviceladder.rules.goals import explanation
from serviceladder.wellbeing.selectors.coaching import signal_for_coaching
from tests.wellbeing.cases_setup import assessment_for, last_month, quality_slide_check

pytestmark = pytest.mark.django_db

LINK = "Also a wellbeing signal: quality-slide"


def _task(org, *, metric="qa_score", month=None):
    return CoachingTask.objects.create(
        employee=org.employees["E2003"],
        rule_code=f"{metric}-drop",
        metric=metric,
        month=month or last_month(),
        evidence=explanation(quality_slide_check()),
    )


def test_the_lead_sees_the_signal_and_its_link_on_the_task_page(client_for, org):
    assessment_for(org, "E2003")
    task = _task(org)
    page = client_for("team_lead").get(reverse("coaching_task", args=[task.pk])).content.decode()
    assert f"{LINK} ({last_month()})" in page
    assert reverse("person_wellbeing", args=["E2003"]) in page
    assert 'id="wellbeing-signal"' in page


def test_a_reader_who_may_not_see_the_wellbeing_gets_no_signal(client_for, org):
    assessment_for(org, "E2003")
    task = _task(org)
    for role in ("management", "admin"):
        assert signal_for_coaching(org.users[role], task) is None
        response = client_for(role).get(reverse("coaching_task", args=[task.pk]))
        assert response.status_code == 404 and LINK not in response.content.decode()
    assert signal_for_coaching(org.users["team_lead"], task) is not None
    assert signal_for_coaching(org.users["hr"], task) is not None


def test_no_link_without_a_fired_drop_on_the_same_metric_and_month(client_for, org):
    assessment_for(org, "E2003", fires=False)
    task = _task(org)
    lead = org.users["team_lead"]
    assert signal_for_coaching(lead, task) is None
    page = client_for("team_lead").get(reverse("coaching_task", args=[task.pk])).content.decode()
    assert LINK not in page
    assessment_for(org, "E2003")  # now it fires, on QA
    assert signal_for_coaching(lead, task).signal == "quality-slide"
    assert signal_for_coaching(lead, _task(org, metric="aht")) is None  # another metric
    assert signal_for_coaching(lead, _task(org, month="2020-01")) is None  # another month
