"""The wellbeing case pages over HTTP (issue 16 item 3): the lead sees the warning on the person's page and
opens a case, plans actions, marks them done, follows up and closes it; a refused or bad request writes
nothing; the person never sees their cases; the landing block; the coaching task links the open case."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from serviceladder.recognition.models import CoachingTask
from serviceladder.rules.goals import explanation
from serviceladder.wellbeing.models import Case, CaseAction, CaseFollowUp
from serviceladder.wellbeing.services.cases import case_action_add, case_open
from tests.wellbeing.cases_setup import assessment_for, last_month, quality_slide_check

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
REASON_EN = "worse by 11 than the own average of 91 over the 3 months before"


@pytest.fixture
def warned(org):
    assessment_for(org, "E2003")
    return org


def person_url():
    return reverse("person_wellbeing", args=["E2003"])


def open_url(number="E2003"):
    return reverse("wellbeing_case_open", args=[number])


def counts():
    return Case.objects.count(), CaseAction.objects.count(), CaseFollowUp.objects.count()


def test_the_lead_sees_the_warning_and_opens_a_case_from_it(client_for, warned):
    client = client_for("team_lead")
    page = client.get(person_url()).content.decode()
    assert REASON_EN in page and open_url() in page
    form = client.get(open_url()).content.decode()
    assert REASON_EN in form and 'value="quality-slide"' in form
    response = client.post(
        open_url(), {"signals": ["quality-slide"], "phase": "during", "summary": "", "link_plan": "on"}
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("wellbeing_case", args=[case.pk])
    assert case.signals == ["quality-slide"] and case.phase == "during"
    shown = client.get(response["Location"]).content.decode()
    assert REASON_EN in shown and "during (relieve)" in shown and "Plan an action" in shown
    # The person's page now lists the case instead of the button.
    page = client.get(person_url()).content.decode()
    assert reverse("wellbeing_case", args=[case.pk]) in page and open_url() not in page
    # Opening again leads to the case already open.
    assert client.get(open_url())["Location"] == reverse("wellbeing_case", args=[case.pk])


def test_a_case_without_a_signal_needs_a_note_and_writes_nothing(client_for, warned):
    response = client_for("team_lead").post(open_url(), {"phase": "before", "summary": ""})
    assert response.status_code == 400
    assert "Without a signal, write what you noticed." in response.content.decode()
    assert counts() == (0, 0, 0)


def test_the_whole_case_over_http_in_chinese(client_for, warned):
    client = client_for("team_lead", "zh-hans")
    lead = warned.users["team_lead"]
    client.post(open_url(), {"signals": ["quality-slide"], "phase": "before", "summary": "x"})
    case = Case.objects.get()
    url = reverse("wellbeing_case", args=[case.pk])
    due = (TODAY + dt.timedelta(days=3)).isoformat()
    for kind in ("conversation", "break"):
        response = client.post(url, {"action": "add_action", "kind": kind, "owner": lead.pk, "due_on": due})
        assert response.status_code == 302
    bad = client.post(
        url, {"action": "add_action", "kind": "break", "owner": lead.pk, "due_on": "2000-01-01"}
    )
    assert bad.status_code == 400 and counts() == (1, 2, 0)
    closing = client.post(url, {"action": "close", "outcome": "ok", "reason": "resolved"})
    assert closing.status_code == 400 and Case.objects.get().state == "open"
    for action in CaseAction.objects.all():
        assert (
            client.post(url, {"action": "done", "case_action": action.pk, "result": "做了"}).status_code
            == 302
        )
    assert client.post(url, {"action": "follow_up", "note": "好多了", "held_on": ""}).status_code == 302
    assert client.post(url, {"action": "close", "outcome": "恢复", "reason": "resolved"}).status_code == 302
    case.refresh_from_db()
    assert case.state == "closed" and CaseFollowUp.objects.get().note == "好多了"
    page = client.get(url).content.decode()
    assert "恢复" in page and "已结案" in page and "情况已改善" in page


def test_the_head_reads_but_does_not_run_the_lead_s_case(client_for, warned):
    case = case_open(acting_user=warned.users["team_lead"], employee=warned.employees["E2003"])
    url = reverse("wellbeing_case", args=[case.pk])
    head = client_for("department_head")
    page = head.get(url).content.decode()
    assert REASON_EN in page and "Plan an action" not in page and "Close the case" not in page
    response = head.post(
        url, {"action": "add_action", "kind": "break", "owner": warned.users["hr"].pk, "due_on": TODAY}
    )
    assert response.status_code == 403 and counts() == (1, 0, 0)


def test_the_person_never_sees_their_case(client_for, warned):
    case = case_open(acting_user=warned.users["team_lead"], employee=warned.employees["E2003"])
    agent = client_for("agent")
    page = agent.get(person_url()).content.decode()
    assert reverse("wellbeing_case", args=[case.pk]) not in page and open_url() not in page
    assert agent.get(reverse("wellbeing_case", args=[case.pk])).status_code == 404
    assert agent.post(reverse("wellbeing_case", args=[case.pk]), {"action": "close"}).status_code == 404
    assert Case.objects.get().state == "open"


def test_the_landing_lists_warnings_overdue_actions_and_open_cases(client_for, warned):
    assessment_for(warned, "E2004")
    lead = warned.users["team_lead"]
    case = case_open(acting_user=lead, employee=warned.employees["E2003"])
    action = case_action_add(acting_user=lead, case=case, kind="break", owner=lead, due_on=TODAY)
    CaseAction.objects.filter(pk=action.pk).update(due_on=TODAY - dt.timedelta(days=2))
    page = client_for("team_lead").get(reverse("wellbeing")).content.decode()
    assert "Warnings without a case" in page and "张伟" in page  # E2004, warned, no case
    assert "Overdue actions" in page and f"#action-{action.pk}" in page
    assert reverse("wellbeing_case", args=[case.pk]) in page
    assert "Wellbeing cases" not in client_for("agent").get(reverse("wellbeing")).content.decode()


def test_the_coaching_task_links_the_open_case_for_those_who_may_see_it(client_for, warned):
    task = CoachingTask.objects.create(
        employee=warned.employees["E2003"],
        rule_code="qa-drop",
        metric="qa_score",
        month=last_month(),
        evidence=explanation(quality_slide_check()),
    )
    case = case_open(acting_user=warned.users["team_lead"], employee=warned.employees["E2003"])
    case_url = reverse("wellbeing_case", args=[case.pk])
    task_url = reverse("coaching_task", args=[task.pk])
    assert case_url in client_for("team_lead").get(task_url).content.decode()
    assert case_url not in client_for("agent").get(task_url).content.decode()
    assert task_url in client_for("team_lead").get(case_url).content.decode()


def test_the_audit_log_tells_what_happened_without_the_notes(client_for, warned):
    lead = warned.users["team_lead"]
    case = case_open(acting_user=lead, employee=warned.employees["E2003"], summary="夜班太多，睡不好")
    case_action_add(acting_user=lead, case=case, kind="break", owner=lead, due_on=TODAY, note="休息两天")
    page = client_for("hr").get(reverse("audit")).content.decode()
    assert "opened a wellbeing case for" in page and "planned an action" in page
    assert "(phase before (prevent))" in page and "planned an action (a break)" in page  # codes in words
    assert "夜班太多" not in page and "休息两天" not in page


def test_a_refused_follow_up_keeps_its_text_in_its_own_form(client_for, warned):
    case = case_open(acting_user=warned.users["team_lead"], employee=warned.employees["E2003"])
    url = reverse("wellbeing_case", args=[case.pk])
    future = (TODAY + dt.timedelta(days=2)).isoformat()
    response = client_for("team_lead").post(
        url, {"action": "follow_up", "note": "睡眠改善", "held_on": future}
    )
    assert response.status_code == 400 and CaseFollowUp.objects.count() == 0
    page = response.content.decode()
    assert "today or earlier" in page
    assert page.count("睡眠改善") == 1 and 'id="f-note"' in page.split("睡眠改善")[0]
