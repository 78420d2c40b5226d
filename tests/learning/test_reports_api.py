"""/api/learning/… (issue 17, "Also"): enrolments, completions, a person's history and the reports, scoped
for every role (the route matrix in tests/web/pages.py covers status codes; here the rows each role gets)."""

from __future__ import annotations

import pytest
from django.test import Client

from serviceladder.api.services import api_token_create
from serviceladder.audit.services import Actor
from tests.learning.reports_data import add_learning
from tests.web.org import build_org

pytestmark = pytest.mark.django_db
DAY = "as_of=2026-06-15"


@pytest.fixture(autouse=True)
def _plain_http(settings):
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture
def org():
    org = build_org(months=1)
    add_learning(org)
    return org


@pytest.fixture
def api(org):
    def make(role: str) -> Client:
        user = org.users[role]
        key = api_token_create(actor=Actor(user=user, channel="web"), user=user, name="t").key
        return Client(headers={"Authorization": f"Bearer {key}"})

    return make


EXPECTED_PEOPLE = {
    "agent": {"E2003"},
    "team_lead": {"E2003", "E2004"},
    "department_head": {"E2003", "E2004", "E2005"},
    "hr": {"E2003", "E2004", "E2005", "E2006", "E2007", "E2011"},
    "management": set(),
    "admin": set(),
}


@pytest.mark.parametrize("role", list(EXPECTED_PEOPLE))
def test_enrolments_for_every_role(api, role):
    body = api(role).get(f"/api/learning/enrolments?{DAY}").json()
    assert {r["employee_number"] for r in body["items"]} == EXPECTED_PEOPLE[role]


def test_enrolments_filtered_and_paged(api):
    client = api("hr")
    body = client.get(f"/api/learning/enrolments?{DAY}&state=assigned").json()
    assert [(r["employee_number"], r["course_code"], r["overdue"]) for r in body["items"]] == [
        ("E2003", "c2", True),
        ("E2004", "c1", False),
    ]
    page = client.get(f"/api/learning/enrolments?{DAY}&page_size=4&page=3").json()
    assert (page["count"], page["pages"], len(page["items"])) == (9, 3, 1)
    only = client.get(f"/api/learning/completions?{DAY}&employee=E2004").json()
    assert [c["course_code"] for c in only["items"]] == ["c3", "c2", "c1"]


def test_completions_of_the_lead_team(api):
    body = api("team_lead").get(f"/api/learning/completions?{DAY}").json()
    assert sorted((c["employee_number"], c["course_code"]) for c in body["items"]) == [
        ("E2003", "c1"),
        ("E2004", "c1"),
        ("E2004", "c2"),
        ("E2004", "c3"),
    ]


def test_history(api):
    body = api("agent").get(f"/api/learning/people/E2003/history?{DAY}").json()
    assert [(e["course_code"], e["state"], e["overdue"]) for e in body["enrolments"]] == [
        ("c2", "assigned", True),
        ("c1", "completed", False),
    ]
    assert [c["course_code"] for c in body["completions"]] == ["c1"]
    assert [x["name"] for x in body["exam_results"]] == ["业务知识考核"]
    assert api("team_lead").get("/api/learning/people/E2006/history").status_code == 404


def test_report_for_a_head_and_refusal_for_an_agent(api):
    body = api("department_head").get(f"/api/learning/reports?{DAY}").json()
    assert {r["key"]: (r["enrolled"], r["completed"], r["overdue"]) for r in body["team"]} == {
        "a1": (3, 1, 1),
        "a2": (1, 1, 0),
    }
    assert body["totals"]["completion_rate"] == 50
    assert [p["employee_number"] for p in body["new_hires"]["people"]] == ["E2004", "E2005", "E2003"]
    refused = api("agent").get(f"/api/learning/reports?{DAY}")
    assert refused.status_code == 403
    assert refused.json()["code"] == "learning_report_not_allowed"


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", ["team_lead", "hr"])
def test_api_queries_do_not_grow_with_people(api, org, role):
    from tests.learning.test_reports_pages import _grow

    client = api(role)
    urls = [
        f"/api/learning/reports?{DAY}",
        f"/api/learning/enrolments?{DAY}",
        f"/api/learning/completions?{DAY}",
        f"/api/learning/people/E2003/history?{DAY}",
    ]
    _queries(client, "/api/me")  # the token's first use is recorded once
    before = [_queries(client, url) for url in urls]
    _grow(6)
    assert [_queries(client, url) for url in urls] == before


def test_a_trainer_reads_their_course_roster(api, org):
    from serviceladder.learning.models import Course, CourseTrainer

    CourseTrainer.objects.create(course=Course.objects.get(code="c2"), user=org.users["agent"])
    body = api("agent").get(f"/api/learning/enrolments?{DAY}").json()
    assert sorted((r["employee_number"], r["course_code"]) for r in body["items"]) == [
        ("E2003", "c1"),
        ("E2003", "c2"),
        ("E2004", "c2"),
        ("E2006", "c2"),
    ]
    completions = api("agent").get(f"/api/learning/completions?{DAY}").json()
    assert sorted((c["employee_number"], c["course_code"]) for c in completions["items"]) == [
        ("E2003", "c1"),
        ("E2004", "c2"),
        ("E2005", "c2"),
    ]
    # the reports stay for leads, heads, HR and management
    assert api("agent").get(f"/api/learning/reports?{DAY}").status_code == 403
