"""The directory through the API is scoped by accounts.scoping exactly like the pages: out of scope is 404,
pay only for the person themselves, HR and management."""

import pytest

from tests.web.org import PEOPLE, USERS

pytestmark = pytest.mark.django_db


def _numbers(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [p["number"] for p in response.json()["items"]]


def test_an_agents_token_cannot_read_another_agent(org, key_for, bearer):
    client = bearer(key_for("agent"))
    for number in ("E2004", "E2006", "E0000"):
        response = client.get(f"/api/people/{number}")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
        assert PEOPLE.get(number, ("",))[0] not in response.content.decode() or number == "E0000"
    assert client.get("/api/people/E2004/eligibility").status_code == 404


def test_an_agent_sees_their_own_record_and_pay(org, key_for, bearer):
    response = bearer(key_for("agent")).get("/api/people/E2003")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "李娜" and body["team"] == "a1" and body["department"] == "dept-a"
    assert body["pay"][0]["monthly_amount"] == "13579.24"


def test_a_team_lead_sees_a_member_but_not_their_pay(org, key_for, bearer):
    body = bearer(key_for("team_lead")).get("/api/people/E2004").json()
    assert body["name"] == "张伟"
    assert body["pay"] is None
    assert "14682" not in str(body)


@pytest.mark.parametrize("role", ["hr", "management"])
def test_hr_and_management_see_anyones_pay(org, key_for, bearer, role):
    body = bearer(key_for(role)).get("/api/people/E2006").json()
    assert body["pay"] == [{"monthly_amount": "16804.59", "currency": "CNY", "effective_from": "2024-01-01"}]


def test_an_administrator_sees_the_entry_but_no_pay_and_no_eligibility(org, key_for, bearer):
    client = bearer(key_for("admin"))
    assert client.get("/api/people/E2006").json()["pay"] is None
    assert client.get("/api/people/E2006/eligibility").status_code == 404


@pytest.mark.parametrize("role", list(USERS))
def test_the_list_holds_exactly_the_people_in_scope(org, key_for, bearer, role):
    numbers = _numbers(bearer(key_for(role)).get("/api/people", {"page_size": 100}))
    expected = USERS[role][3]
    if role in {"agent", "team_lead", "department_head", "hr", "management"}:
        assert set(numbers) == expected
    elif role == "admin":
        assert set(numbers) == set(PEOPLE)
    else:  # no role: nobody, not even themselves
        assert numbers == []


def test_the_list_is_paginated_and_filtered(org, key_for, bearer):
    client = bearer(key_for("hr"))
    first = client.get("/api/people", {"page_size": 4}).json()
    assert (first["count"], first["pages"], first["page"], len(first["items"])) == (10, 3, 1, 4)
    third = client.get("/api/people", {"page_size": 4, "page": 3}).json()
    assert [p["number"] for p in third["items"]] == ["E2009", "E2010"]
    assert client.get("/api/people", {"page_size": 4, "page": 9}).json()["items"] == []
    assert _numbers(client.get("/api/people", {"team": "b1"})) == ["E2006", "E2007", "E2010"]
    assert _numbers(client.get("/api/people", {"q": "张"})) == ["E2004"]
    levels = {p["number"]: p["level"] for p in first["items"]}
    assert levels["E2001"] == "L2" and levels["E2002"] == "L1"


@pytest.mark.parametrize(
    ("query", "field"), [({"page_size": 1000}, "page_size"), ({"page": 0}, "page"), ({"page": "x"}, "page")]
)
def test_bad_query_is_400_with_the_field(org, key_for, bearer, query, field):
    response = bearer(key_for("hr")).get("/api/people", query)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert [e["field"] for e in body["errors"]] == [field]
    assert body["errors"][0]["source"] == "query"
