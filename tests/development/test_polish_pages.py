"""What a customer reads on the development pages: every to-do leads to a form its reader may open, one
date format in the page's tables, no raw codes."""

import datetime as dt

import pytest
from django.utils import timezone

from serviceladder.development.todos_conversations import PLAN_OVERDUE, conversation_todos
from tests.development.conversations_setup import switch_on

pytestmark = pytest.mark.django_db


def test_the_heads_to_do_for_a_team_lead_opens_a_form_the_head_may_use(org, client_for):
    # The head is the team lead's superior: the to-do for E2002 (who leads team a1) is theirs to act on.
    switch_on(org, timezone.localdate() - dt.timedelta(days=200))
    items = [i for i in conversation_todos(org.users["department_head"]) if i.key == "employee:E2002"]
    assert items, "the head is reminded of the team lead"
    client = client_for("department_head")
    for item in items:
        assert client.get(item.url).status_code == 200, item.url
    assert any(i.kind == PLAN_OVERDUE for i in items)


@pytest.mark.parametrize(
    ("role", "status"), [("department_head", 200), ("team_lead", 403), ("hr", 200), ("agent", 404)]
)
def test_who_records_a_conversation_with_a_team_lead(client_for, role, status):
    from django.urls import reverse

    assert client_for(role).get(reverse("conversation_record", args=["E2002"])).status_code == status


def test_the_development_page_writes_every_date_as_the_plan_does_in_chinese(org, client_for):
    """Goals, judgements and conversations on a person's development page write dates 2027-03-07, like the
    plan's actions, the mentoring and the record beside them (not 2027年3月7日 in one section only)."""
    from django.urls import reverse

    from serviceladder.audit.services import Actor
    from serviceladder.development.services.conversations import conversation_record
    from serviceladder.development.services.goals import GoalInput, goal_add

    switch_on(org, timezone.localdate() - dt.timedelta(days=10))
    due = timezone.localdate() + dt.timedelta(days=90)
    goal_add(
        actor=Actor(org.users["agent"]),
        employee=org.employees["E2003"],
        data=GoalInput(
            statement="独立处理升级投诉", due_date=due.isoformat(), measure="manual", done_when="组长确认"
        ),
    )
    held = timezone.localdate() - dt.timedelta(days=3)
    conversation_record(
        actor=Actor(user=org.users["team_lead"]),
        employee=org.employees["E2003"],
        held_on=held,
        kind="regular",
        topics=["投诉处理"],
        shared_notes="继续练习",
        private_notes="",
        next_on=held + dt.timedelta(days=91),
        actions=[],
    )
    page = client_for("agent", "zh-hans").get(reverse("person_development", args=["E2003"])).content.decode()
    assert due.isoformat() in page
    assert held.isoformat() in page and (held + dt.timedelta(days=91)).isoformat() in page
    zh = f"{due.year}年{due.month}月{due.day}日"
    assert zh not in page
    assert f"{held.year}年{held.month}月{held.day}日" not in page


@pytest.mark.parametrize("role", ["agent", "team_lead", "department_head", "hr", "management", "admin"])
def test_the_development_link_in_the_navigation_opens_a_page(org, client_for, role):
    # In the demo the administrator is also an employee: they read nobody's development, not even their own,
    # so the navigation must not offer a link that answers "not found".
    from django.urls import reverse

    from tests.factories import EmployeeFactory

    if role == "admin":
        EmployeeFactory(
            number="E2099", name="白莉", team=org.employees["E2010"].team, user=org.users["admin"]
        )
    client = client_for(role)
    home = client.get(reverse("home")).content.decode()
    link = f'href="{reverse("development")}"'
    if role == "admin":
        assert link not in home
        assert client.get(reverse("development")).status_code == 403
    else:
        assert link in home
        assert client.get(reverse("development"), follow=True).status_code == 200


def test_the_heads_overdue_list_costs_two_queries_however_many_people(org):
    # The badge asks on every page: the department is read at once, and showing the items (titles,
    # details with the team lead's name, links) asks nothing more.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    switch_on(org, timezone.localdate() - dt.timedelta(days=200))
    head = org.users["department_head"]
    conversation_todos(head)  # roles and employee cached on the user, as in a request
    with CaptureQueriesContext(connection) as queries:
        items = conversation_todos(head)
        shown = [(str(i.title), str(i.detail), i.url) for i in items]
    assert len(queries) <= 2, [q["sql"] for q in queries]
    assert any("Hotline 1" in title for title, _, _ in shown)  # the team item: name and lead read
    assert any(url.endswith("/people/E2002/development/#plan") for _, _, url in shown)  # the plan section


def test_a_team_leads_goal_to_judge_waits_for_the_head_and_opens_at_the_judgement(org, client_for):
    from django.urls import reverse

    from serviceladder.audit.services import Actor
    from serviceladder.development.models import PlanVersion
    from serviceladder.development.services.goals import GoalInput, goal_add
    from serviceladder.development.todos_goals import GOAL_TO_JUDGE
    from serviceladder.todos.registry import items_for

    today = timezone.localdate()
    data = GoalInput(
        statement="带教两名新人", due_date=today.isoformat(), measure="manual", done_when="两人转正"
    )
    goal = goal_add(actor=Actor(org.users["team_lead"]), employee=org.employees["E2002"], data=data)
    version = goal.version
    version.state = PlanVersion.State.AGREED
    version.save(update_fields=["state"])
    version.plan.status = "active"
    version.plan.save(update_fields=["status"])

    [item] = [i for i in items_for(org.users["department_head"]) if i.kind == GOAL_TO_JUDGE]
    assert item.url == reverse("goal_detail", args=["E2002", goal.lineage]) + "#judge"
    page = client_for("department_head").get(item.url)
    assert page.status_code == 200 and 'id="judge"' in page.content.decode()
    assert GOAL_TO_JUDGE not in [i.kind for i in items_for(org.users["team_lead"])]  # not their own


def test_the_plan_pages_lead_back_to_the_plan_on_the_development_page_in_chinese(org, client_for):
    from django.urls import reverse

    from serviceladder.audit.services import Actor
    from serviceladder.development.services.plan_drafts import plan_draft_for

    switch_on(org, timezone.localdate() - dt.timedelta(days=10))
    plan_draft_for(actor=Actor(user=org.users["team_lead"]), employee=org.employees["E2003"])
    client = client_for("team_lead", "zh-hans")
    back = f'href="{reverse("person_development", args=["E2003"])}#plan"'
    for name in ("plan_edit", "plan_history", "plan_action_new"):
        page = client.get(reverse(name, args=["E2003"])).content.decode()
        assert back in page, name
        assert f"{org.employees['E2003'].name}的个人发展" in page, name


def test_the_agents_plan_to_accept_is_not_labelled_with_its_own_title(org):
    from serviceladder.audit.services import Actor
    from serviceladder.development.services.plans import plan_accept, plan_edit
    from serviceladder.development.todos_plans import ACCEPT_OWN
    from serviceladder.todos.registry import items_for

    switch_on(org, timezone.localdate() - dt.timedelta(days=10))
    plan_edit(
        actor=Actor(user=org.users["team_lead"]), employee=org.employees["E2003"], aspiration="转岗运营"
    )
    plan_accept(actor=Actor(user=org.users["team_lead"]), employee=org.employees["E2003"])
    [item] = [i for i in items_for(org.users["agent"]) if i.kind == ACCEPT_OWN]
    assert str(item.kind_label) != str(item.title)
