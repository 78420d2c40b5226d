"""Issue 11, item 3: everyone who sees a person sees their current level; the level-since date, the time in
level and the level history only those who see their performance (accounts.scoping.may_see_level_history) —
never an administrator. Per role, on every surface: profile, directory, search, the API list and detail."""

import pytest
from django.test import Client
from django.urls import reverse

from serviceladder.api.services import api_token_create
from serviceladder.audit.services import Actor

NUMBER = "E2003"  # 李娜: L2 (中级客服 / "Agent") since 2024-01-01, hired 2022-03-01
SINCE = "2024-01-01"
HISTORY_ROLES = {"agent", "team_lead", "department_head", "hr", "management"}
SEES_PERSON = {"agent", "team_lead", "department_head", "hr", "management", "admin"}


def _api(org, role) -> Client:
    user = org.users[role]
    key = api_token_create(actor=Actor(user=user, channel="web"), user=user, name="t").key
    return Client(headers={"Authorization": f"Bearer {key}"})


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(SEES_PERSON))
def test_profile_shows_the_level_to_all_and_its_date_only_with_the_history(client_for, org, role):
    html = client_for(role).get(reverse("person", kwargs={"number": NUMBER})).content.decode()
    assert "中级客服" in html or ">Agent<" in html, "the current level"
    if role in HISTORY_ROLES:
        assert SINCE in html and "Time in level" in html and "Level history" in html
    else:
        assert SINCE not in html and "Time in level" not in html and "Level history" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(SEES_PERSON - {"agent"}))
def test_directory_and_search_show_the_level_and_never_its_date(client_for, org, role):
    client = client_for(role)
    for response in (
        client.get(reverse("people")),
        client.get(reverse("people"), {"q": "李娜"}, headers={"HX-Request": "true"}),
    ):
        html = response.content.decode()
        assert response.status_code == 200 and "李娜" in html and ("中级客服" in html or "Agent" in html)
        assert SINCE not in html


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(SEES_PERSON))
def test_api_gives_the_level_to_all_and_level_since_only_with_the_history(org, role):
    client = _api(org, role)
    body = client.get(f"/api/people/{NUMBER}").json()
    assert body["level"] == "L2"
    assert body["level_since"] == (SINCE if role in HISTORY_ROLES else None)
    items = client.get("/api/people", {"q": NUMBER}).json()["items"]
    assert [(p["number"], p["level"]) for p in items] == [(NUMBER, "L2")]
    assert SINCE not in str(items)


@pytest.mark.django_db
def test_the_admin_sees_no_level_date_of_anyone(org):
    client = _api(org, "admin")
    for number in ("E2001", "E2002", "E2004", "E2006"):
        assert client.get(f"/api/people/{number}").json()["level_since"] is None
