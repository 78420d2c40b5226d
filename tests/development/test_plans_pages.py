"""The plan pages over HTTP, per role: who reads the plan section and which buttons they get, who may post,
the version history, the `/development/` landing per role, both languages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from serviceladder.development.models import DevelopmentPlan, PlanAction, PlanVersion
from tests.development.plans_setup import ROLES, agreed_plan, as_, draft_plan, plan_org

pytestmark = pytest.mark.django_db

READ_PLAN = {"agent", "team_lead", "department_head", "hr", "mentor"}
EDIT_PLAN = {"agent", "team_lead", "hr"}


def _login(client, org, role, language="en"):
    client.force_login(org.users[role])
    client.cookies["serviceladder_language"] = language
    return client


@pytest.mark.parametrize("role", ROLES)
def test_who_reads_the_plan_and_which_buttons_they_get(client, role):
    org = plan_org()
    agreed_plan(org)
    _login(client, org, role)
    response = client.get(reverse("person_development", args=["E2003"]))
    if role not in READ_PLAN:
        assert response.status_code in (403, 404)
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert "读投诉案例" in html  # the action of the plan in force
    assert (f'href="{reverse("plan_edit", args=["E2003"])}"' in html) == (role in EDIT_PLAN)
    assert (f'href="{reverse("plan_close", args=["E2003"])}"' in html) == (role in {"team_lead", "hr"})
    assert (f'action="{reverse("plan_template", args=["E2003"])}"' in html) == (role in {"team_lead", "hr"})
    assert f'href="{reverse("plan_history", args=["E2003"])}"' in html


@pytest.mark.parametrize("role", ROLES)
def test_who_may_post_an_edit(client, role):
    org = plan_org()
    draft_plan(org)
    _login(client, org, role)
    url = reverse("plan_edit", args=["E2003"])
    response = client.post(url, {"target_level_code": "X1", "horizon_short": "转专家"})
    draft = PlanVersion.objects.get()
    if role in EDIT_PLAN:
        assert response.status_code == 302
        assert (draft.target_level_code, draft.horizon_short) == ("X1", "转专家")
    else:
        assert response.status_code in (403, 404)
        assert (draft.target_level_code, draft.horizon_short) == ("L3", "学")


def test_a_whole_agreement_by_clicks_in_chinese(client):
    org = plan_org()
    lead = _login(client, org, "team_lead", "zh-hans")
    number = "E2003"
    assert lead.post(reverse("plan_template", args=[number]), {"template": "new_hire"}).status_code == 302
    response = lead.post(
        reverse("plan_edit", args=[number]), {"target_level_code": "L3", "horizon_short": "学"}
    )
    assert response.status_code == 302
    page = lead.get(reverse("person_development", args=[number])).content.decode()
    assert "独立处理投诉电话" in page and "电话沟通技巧" in page and "发展计划" in page
    lead.post(reverse("plan_accept", args=[number]), {})
    agent = _login(client, org, "agent", "zh-hans")
    page = agent.get(reverse("person_development", args=[number])).content.decode()
    assert "接受此草稿" in page
    agent.post(reverse("plan_accept", args=[number]), {})
    plan = DevelopmentPlan.objects.get()
    assert plan.status == "active" and plan.template_code == "new_hire"
    history = agent.get(reverse("plan_history", args=[number]))
    assert history.status_code == 200 and "版本 1" in history.content.decode()


def test_an_action_form_error_is_shown_and_nothing_is_written(client):
    org = plan_org()
    draft_plan(org)
    lead = _login(client, org, "team_lead")
    data = {"kind": "rotation", "title": "轮岗", "start_date": "2027-03-01", "end_date": "2027-01-01"}
    response = lead.post(reverse("plan_action_new", args=["E2003"]), data)
    assert response.status_code == 400
    assert "is before the start date" in response.content.decode()
    assert PlanAction.objects.count() == 1
    response = lead.post(reverse("plan_action_new", args=["E2003"]), {**data, "end_date": "not-a-date"})
    assert response.status_code == 400 and "is not a date" in response.content.decode()


def test_progress_and_the_version_history_show_what_changed(client):
    org = plan_org()
    v1 = agreed_plan(org)
    agent = _login(client, org, "agent")
    lineage = v1.actions.get().lineage
    url = reverse("plan_action_progress", args=["E2003", lineage])
    assert agent.post(url, {"status": "done", "evidence": "笔记", "date": "2020-01-01"}).status_code == 302
    agent.post(
        reverse("plan_action_edit", args=["E2003", lineage]), {"kind": "self_study", "title": "读五十篇"}
    )
    agent.post(
        reverse("plan_action_new", args=["E2003"]),
        {"kind": "management_task", "title": "带早班", "task": "lead_shift"},
    )
    as_lead = _login(client, org, "team_lead")
    as_lead.post(reverse("plan_accept", args=["E2003"]), {})
    _login(client, org, "agent").post(reverse("plan_accept", args=["E2003"]), {})
    html = client.get(reverse("plan_history", args=["E2003"])).content.decode()
    assert "Action added" in html and "带早班" in html and "Action changed" in html
    page = client.get(reverse("person_development", args=["E2003"])).content.decode()
    assert "笔记" in page  # the progress recorded on the old version shows on the new one (lineage)


@pytest.mark.parametrize(
    ("role", "expect"),
    [
        ("agent", "own page"),
        ("mentor", "own page"),
        ("team_lead", {"E2003", "E2004"}),
        ("department_head", {"E2002", "E2003", "E2004", "E2005"}),
        ("hr", {"E2001", "E2003", "E2010"}),
        ("management", "counts"),
        ("admin", 403),
    ],
)
def test_the_development_landing_per_role(client, role, expect):
    org = plan_org()
    agreed_plan(org)
    _login(client, org, role)
    response = client.get(reverse("development"))
    if expect == "own page":
        me = org.users[role].employee
        html = response.content.decode()
        assert response.status_code == 200 and me.name in html and "Development plan" in html
        return
    if expect == 403:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    html = response.content.decode()
    if expect == "counts":
        assert "Plans in numbers" in html and "E2003" not in html  # numbers only, no names
        return
    for number in expect:
        assert number in html
    if role == "team_lead":
        assert "E2005" not in html and "E2006" not in html
    if role == "hr":
        assert "Plans in numbers" in html
        filtered = client.get(
            reverse("development"), {"department": "dept-b", "state": "none"}
        ).content.decode()
        assert "E2006" in filtered and "E2003" not in filtered


def test_the_host_lead_sees_what_their_team_hosts(client):
    from serviceladder.development.services.plan_actions import ActionInput, action_add
    from serviceladder.development.services.plans import plan_accept

    org = plan_org()
    draft_plan(org)
    person = org.employees["E2003"]
    action_add(
        actor=as_(org, "team_lead"),
        employee=person,
        data=ActionInput(
            kind="rotation",
            title="投诉组轮岗",
            start_date=org.employees["E2003"].hire_date,
            end_date=org.employees["E2003"].hire_date,
            host_team_id=org.teams["b1"].pk,
        ),
    )
    plan_accept(actor=as_(org, "team_lead"), employee=person)
    plan_accept(actor=as_(org, "agent"), employee=person)
    html = _login(client, org, "b1_lead").get(reverse("development")).content.decode()
    assert "Hosted by you" in html and "投诉组轮岗" in html


def test_the_counts_give_plans_by_state_and_the_share_of_actions_done():
    from serviceladder.development.selectors.plans import plan_counts
    from serviceladder.development.services.plan_actions import action_update_record
    from serviceladder.development.services.plans import plan_edit
    from serviceladder.org.selectors import today

    org = plan_org()
    v1 = agreed_plan(org)
    plan_edit(actor=as_(org, "hr"), employee=org.employees["E2004"], aspiration="转岗")
    action_update_record(
        actor=as_(org, "agent"),
        employee=org.employees["E2003"],
        lineage=v1.actions.get().lineage,
        status="done",
    )
    rows = {c.name: c for c in plan_counts(today())}
    dept_a = rows["Customer Service 1"]
    assert (dept_a.people, dept_a.by_state, dept_a.with_active) == (
        4,
        {"active": 1, "draft": 1},
        1,
    )  # teams a1, a2
    assert (dept_a.actions, dept_a.actions_done, dept_a.done_share) == (1, 1, 1.0)
    whole = rows["whole organisation"]
    assert (whole.people, whole.with_active, whole.actions_done) == (10, 1, 1)


def test_a_draft_without_a_target_says_to_choose_one_instead_of_offering_acceptance(client):
    from serviceladder.development.services.plan_templates import plan_template_apply

    org = plan_org()
    plan_template_apply(actor=as_(org, "team_lead"), employee=org.employees["E2003"], code="new_hire")
    accept = f'action="{reverse("plan_accept", args=["E2003"])}"'
    for role in ("agent", "team_lead"):
        html = _login(client, org, role, "zh-hans").get(reverse("person_development", args=["E2003"]))
        html = html.content.decode()
        assert accept not in html
        assert "请先通过“编辑目标与期限规划”选定目标方向，再接受草稿。" in html
    draft_plan(org)  # the same draft, now with a target
    html = _login(client, org, "agent").get(reverse("person_development", args=["E2003"])).content.decode()
    assert accept in html
    assert "Choose a target under" not in html


def test_an_action_without_dates_shows_one_dash(client):
    org = plan_org()
    draft_plan(org)  # its self-study action has no dates
    html = _login(client, org, "agent").get(reverse("person_development", args=["E2003"])).content.decode()
    assert 'data-label="Dates">—</td>' in html
    assert "— – —" not in html


def test_on_a_persons_development_page_only_development_is_the_current_section(client):
    org = plan_org()
    draft_plan(org)
    html = (
        _login(client, org, "team_lead").get(reverse("person_development", args=["E2003"])).content.decode()
    )
    assert html.count('aria-current="page"') == 1
    assert f'href="{reverse("development")}" aria-current="page"' in html
    profile = client.get(reverse("person", args=["E2003"])).content.decode()
    assert f'href="{reverse("people")}" aria-current="page"' in profile
