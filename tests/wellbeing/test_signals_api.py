"""/api/wellbeing over HTTP (issue 16): a person's newest stage and signals explained in the request's
language, a team's people, the heat map; the same scoping as the pages, for every role."""

import datetime as dt

import pytest
from django.test import Client

from serviceladder.api.services import api_token_create
from serviceladder.audit.services import Actor
from serviceladder.policy.services import policy_load
from tests.web.org import WEB_POLICY, build_org
from tests.wellbeing.signals_org import NEWEST, with_assessments

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _plain_http(settings):
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture
def org(db):
    return with_assessments(build_org())


@pytest.fixture
def api(org):
    def make(role: str, **headers) -> Client:
        user = org.users[role]
        key = api_token_create(actor=Actor(user=user, channel="web"), user=user, name="t").key
        return Client(headers={"Authorization": f"Bearer {key}", **headers})

    return make


PERSON = {
    "agent": 200,
    "team_lead": 200,
    "department_head": 200,
    "hr": 200,
    "management": 404,
    "admin": 404,
    "none": 404,
}


@pytest.mark.parametrize(("role", "status"), PERSON.items())
def test_who_reads_a_person(api, role, status):
    assert api(role).get("/api/wellbeing/people/E2003").status_code == status


def test_an_agent_may_not_read_another_person(api):
    assert api("agent").get("/api/wellbeing/people/E2004").status_code == 404
    assert api("team_lead").get("/api/wellbeing/people/E2006").status_code == 404
    assert api("hr").get("/api/wellbeing/people/E2006").status_code == 200


def test_the_person_explained_in_english_and_chinese(api):
    body = api("team_lead").get("/api/wellbeing/people/E2003").json()
    a = body["assessment"]
    assert (body["language"], a["month"], a["stage"], a["risk"]) == ("en", NEWEST, "plateau", "act")
    assert a["stage_reasons"][0]["decisive"] and a["stage_reasons"][0]["rule"] == "plateau"
    assert a["stage_reasons"][0]["text"] == "36 whole months in the level since 2023-10-01; 24 needed"
    assert sorted(a["fired"]) == ["complaints", "qa-slide"]
    slide = next(s for s in a["signals"] if s["code"] == "qa-slide")
    assert slide["fired"] and slide["months"] == ["2026-07", "2026-08", "2026-09", "2026-10"]
    assert slide["text"].startswith("QA score 80 in 2026-10, worse by 10 than the own average of 90")
    assert slide["explanation"]["code"] == "coaching.drop"
    zh = api("team_lead", **{"Accept-Language": "zh-hans"}).get("/api/wellbeing/people/E2003").json()
    slide = next(s for s in zh["assessment"]["signals"] if s["code"] == "qa-slide")
    assert zh["language"] == "zh" and slide["text"].startswith("2026年10月质检分为80")
    en = api("team_lead", **{"Accept-Language": "zh-hans"}).get("/api/wellbeing/people/E2003?language=en")
    assert en.json()["language"] == "en"


def test_unknown_and_no_assessment(api, org):
    body = api("team_lead").get("/api/wellbeing/people/E2004").json()
    unknown = [s for s in body["assessment"]["signals"] if s["status"] == "insufficient_data"]
    assert (
        body["assessment"]["risk"] == "unknown"
        and unknown[0]["text"] == "complaint rate: no figures for 2026-08"
    )
    assert api("department_head").get("/api/wellbeing/people/E2005").json()["assessment"] is None


def test_the_policy_keeps_the_risk_from_the_person(api, org):
    text = (
        WEB_POLICY.replace("name: web-test", "name: web-test-quiet")
        + "wellbeing:\n  agents_see_own_risk: false\n"
    )
    policy_load(actor=Actor(user=org.users["hr"]), text=text, effective=dt.date(2025, 1, 1))
    own = api("agent").get("/api/wellbeing/people/E2003").json()["assessment"]
    assert (own["stage"], own["risk"], own["fired"], own["signals"]) == ("plateau", None, [], [])
    assert api("team_lead").get("/api/wellbeing/people/E2003").json()["assessment"]["risk"] == "act"


TEAM = {
    "agent": 404,
    "team_lead": 200,
    "department_head": 200,
    "hr": 200,
    "management": 404,
    "admin": 404,
    "none": 404,
}


@pytest.mark.parametrize(("role", "status"), TEAM.items())
def test_who_reads_a_team(api, role, status):
    assert api(role).get("/api/wellbeing/teams/a1").status_code == status


def test_the_team(api):
    assert api("team_lead").get("/api/wellbeing/teams/b1").status_code == 404
    body = api("team_lead").get("/api/wellbeing/teams/a1").json()
    assert body["months"] == ["2026-08", "2026-09", "2026-10"]
    people = {p["person"]["number"]: p for p in body["people"]}
    assert set(people) == {"E2002", "E2003", "E2004"}
    li = people["E2003"]
    assert li["open_cases"] == 1 and li["assessment"]["risk"] == "act"
    assert [(h["month"], h["risk"], h["fired"]) for h in li["history"]] == [
        ("2026-08", "none", []),
        ("2026-09", "watch", ["qa-slide"]),
        ("2026-10", "act", ["qa-slide", "complaints"]),
    ]
    assert people["E2002"]["open_cases"] == 0


HEAT = {
    "agent": 403,
    "team_lead": 403,
    "department_head": 200,
    "hr": 200,
    "management": 200,
    "admin": 403,
    "none": 403,
}


@pytest.mark.parametrize(("role", "status"), HEAT.items())
def test_who_reads_the_heat_map(api, role, status):
    assert api(role).get("/api/wellbeing/heat-map").status_code == status


def test_the_heat_map(api):
    body = api("management").get("/api/wellbeing/heat-map").json()
    assert body["month"] == NEWEST and body["min_group"] == 5
    assert body["months"] == ["2026-10", "2026-09", "2026-08"]
    teams = {t["team"]["code"]: t for t in body["teams"]}
    assert teams["b1"]["counts"] == {"qa-slide": 2, "complaints": 0} and teams["b1"]["members"] == 6
    assert teams["a1"] == {**teams["a1"], "suppressed": True, "counts": None, "members": None}
    assert "E2003" not in str(body) and "李娜" not in str(body)
    head = api("department_head").get("/api/wellbeing/heat-map").json()
    assert {t["team"]["code"] for t in head["teams"]} == {"a1", "a2"}
    older = api("hr").get("/api/wellbeing/heat-map?month=2026-09").json()
    assert older["month"] == "2026-09"


def test_the_heat_map_refuses_a_month_without_assessments(api):
    response = api("hr").get("/api/wellbeing/heat-map?month=2025-01")
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "No assessment is stored for 2025-01; months with assessments: 2026-10, 2026-09, 2026-08."
    )
    bad = api("hr").get("/api/wellbeing/heat-map?month=2025-13")
    assert bad.status_code == 400 and "is not a month" in bad.json()["detail"]
