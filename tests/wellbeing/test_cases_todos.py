"""Wellbeing-case to-dos (issue 16 item 3): a warning to act on without a case for the lead, the owner's
actions due, a follow-up due once every action is done; each goes away when the work is done. Overdue
actions show on the owner's home page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from serviceladder.todos.registry import items_for
from serviceladder.wellbeing.models import CaseAction
from serviceladder.wellbeing.services.cases import (
    case_action_add,
    case_action_done,
    case_close,
    case_follow_up_add,
    case_open,
)
from serviceladder.wellbeing.todos_cases import ACTION_DUE, CASE_NEEDED, FOLLOW_UP_DUE
from tests.wellbeing.cases_setup import assessment_for

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def kinds(user, kind):
    return [i for i in items_for(user) if i.kind == kind]


def test_a_warning_waits_for_the_lead_until_a_case_is_opened(org):
    assessment_for(org, "E2003")
    assessment_for(org, "E2004", fires=False)
    lead = org.users["team_lead"]
    [item] = kinds(lead, CASE_NEEDED)
    assert item.url == reverse("wellbeing_case_open", args=["E2003"]) and "李娜" in str(item.title)
    for role in ("agent", "department_head", "hr", "management"):
        assert kinds(org.users[role], CASE_NEEDED) == []
    case = case_open(acting_user=lead, employee=org.employees["E2003"])
    assert kinds(lead, CASE_NEEDED) == []
    case_close(acting_user=lead, case=case, outcome="talked", reason="no_issue")
    assert kinds(lead, CASE_NEEDED) == []  # closed on that very assessment: not asked again
    assessment_for(org, "E2003", month="2099-01")  # a newer warning asks again
    assert len(kinds(lead, CASE_NEEDED)) == 1


def test_actions_wait_for_their_owner_and_a_follow_up_for_the_opener(org, client_for):
    assessment_for(org, "E2003")
    lead, head = org.users["team_lead"], org.users["department_head"]
    case = case_open(acting_user=lead, employee=org.employees["E2003"])
    mine = case_action_add(acting_user=lead, case=case, kind="conversation", owner=lead, due_on=TODAY)
    theirs = case_action_add(acting_user=lead, case=case, kind="rotation", owner=head, due_on=TODAY)
    far = case_action_add(
        acting_user=lead, case=case, kind="break", owner=lead, due_on=TODAY + dt.timedelta(days=30)
    )
    assert [i.key for i in kinds(lead, ACTION_DUE)] == [f"wellbeing-action:{mine.pk}"]
    assert [i.key for i in kinds(head, ACTION_DUE)] == [f"wellbeing-action:{theirs.pk}"]
    CaseAction.objects.filter(pk=mine.pk).update(due_on=TODAY - dt.timedelta(days=3))
    home = client_for("team_lead").get(reverse("home")).content.decode()
    assert f"#action-{mine.pk}" in home
    assert kinds(lead, FOLLOW_UP_DUE) == []
    for action, owner in ((mine, lead), (theirs, head), (far, lead)):
        case_action_done(acting_user=owner, action=action, result="done")
    assert kinds(lead, ACTION_DUE) == [] and kinds(head, ACTION_DUE) == []
    [follow] = kinds(lead, FOLLOW_UP_DUE)
    assert follow.url.endswith("#follow-up") and kinds(head, FOLLOW_UP_DUE) == []
    case_follow_up_add(acting_user=lead, case=case, note="better")
    assert kinds(lead, FOLLOW_UP_DUE) == []
