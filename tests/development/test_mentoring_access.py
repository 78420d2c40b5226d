"""What a mentor sees (issue 14, item 6): their mentee's development page, plan and goals — and nothing
else of them (KPIs, pay, profile, path, record, audit; API alike) — and, once the mentorship ends or its
end date passes, nothing at all."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from serviceladder.accounts import scoping
from serviceladder.audit.services import Actor
from serviceladder.development.models import Mentorship
from serviceladder.development.services.mentoring import mentorship_end
from serviceladder.development.services.record import contribution_add
from tests.development.mentoring_org import GOAL_TEXT, MENTEE, PLAN_TEXT, agreed_plan, pair

pytestmark = pytest.mark.django_db

# The mentee's pages and endpoints that show KPIs, pay, level history, eligibility or audit.
CLOSED_PAGES = ["person", "person_path", "person_audit", "employee_edit", "contribution_new"]
CLOSED_API = ["/api/people/{n}", "/api/people/{n}/eligibility", "/api/development/people/{n}/contributions"]


@pytest.fixture
def paired(org):
    agreed_plan(org)
    m = pair(org)
    contribution_add(
        actor=Actor(user=org.users["agent"]),
        employee=org.employees[MENTEE],
        kind="customer_praise",
        title="Praised by a VIP customer",
        date=timezone.localdate() - dt.timedelta(days=3),
    )
    return m


def test_the_mentor_opens_the_development_page_and_the_plan_with_its_goals(client_for, org, paired):
    client = client_for("mentor")
    page = client.get(reverse("person_development", args=[MENTEE]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="mentoring"' in html and f"/development/mentorships/{paired.pk}/" in html
    assert 'id="record"' not in html and "Praised by a VIP customer" not in html
    mentorship = client.get(reverse("mentorship", args=[paired.pk])).content.decode()
    assert PLAN_TEXT in mentorship and GOAL_TEXT in mentorship
    assert scoping.can_see_plan(org.users["mentor"], org.employees[MENTEE])


@pytest.mark.parametrize("name", CLOSED_PAGES)
def test_the_mentor_never_opens_the_mentees_other_pages(client_for, org, paired, name):
    response = client_for("mentor").get(reverse(name, args=[MENTEE]))
    assert response.status_code in (403, 404)


@pytest.mark.parametrize("url", CLOSED_API)
def test_the_mentor_gets_nothing_of_the_mentee_from_the_api(client_for, org, paired, url):
    response = client_for("mentor").get(url.format(n=MENTEE))
    assert response.status_code == 404
    assert "Praised" not in response.content.decode()


def test_mentoring_grants_no_kpis_pay_assessments_or_conversations(org, paired):
    mentor, mentee = org.users["mentor"], org.employees[MENTEE]
    assert not scoping.can_see_performance(mentor, mentee)
    assert not scoping.can_see_pay(mentor, mentee)
    assert not scoping.can_see_development(mentor, mentee)  # assessments, conversations, the record
    assert not scoping.employees_with_development_visible_to(mentor).filter(pk=mentee.pk).exists()


def _assert_sees_nothing(client, org, m):
    assert client.get(reverse("person_development", args=[MENTEE])).status_code == 404
    assert client.get(reverse("mentorship", args=[m.pk])).status_code == 404
    assert client.get(reverse("mentoring_session_new", args=[m.pk])).status_code == 404
    assert org.employees[MENTEE].name not in client.get(reverse("my_mentees")).content.decode()
    assert client.get("/api/development/mentorships").json() == []
    assert client.get(f"/api/development/mentorships/{m.pk}/sessions").status_code == 404
    assert not scoping.can_see_plan(org.users["mentor"], org.employees[MENTEE])


def test_after_the_mentorship_ends_the_mentor_sees_nothing(client_for, org, paired):
    client = client_for("mentor")
    assert client.get(reverse("person_development", args=[MENTEE])).status_code == 200
    mentorship_end(actor=Actor(user=org.users["team_lead"]), mentorship=paired)
    _assert_sees_nothing(client, org, paired)


def test_after_its_end_date_passes_the_mentor_sees_nothing(client_for, org, paired):
    Mentorship.objects.filter(pk=paired.pk).update(ends_on=timezone.localdate() - dt.timedelta(days=1))
    _assert_sees_nothing(client_for("mentor"), org, paired)


def test_a_mentor_of_someone_else_sees_nothing_of_this_mentee(client_for, org, paired):
    # 张伟 (E2004) mentors nobody; being a mentor of one person opens nobody else.
    from serviceladder.accounts.roles import Role
    from tests.factories import user_with_roles

    other = user_with_roles("zhangwei", Role.AGENT, employee=org.employees["E2004"])
    client = client_for("agent")
    client.force_login(other)
    assert client.get(reverse("person_development", args=[MENTEE])).status_code == 404
    assert client.get(reverse("mentorship", args=[paired.pk])).status_code == 404
