"""The assessments section of the development page and the rating forms over HTTP, for every role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from serviceladder.audit.services import Actor
from serviceladder.development.models import Rating
from serviceladder.development.services.assessments import assessment_rate
from tests.development.assessment_setup import load_policy

pytestmark = pytest.mark.django_db

SELF = reverse("assessment_rate", args=["E2003", "self"])
SUPERIOR = reverse("assessment_rate", args=["E2003", "superior"])
PEERS = reverse("assessment_peers", args=["E2003"])


@pytest.mark.parametrize(
    ("role", "status", "buttons"),
    [
        ("agent", 200, {SELF}),
        ("team_lead", 200, {SUPERIOR, PEERS}),
        ("department_head", 200, {SUPERIOR}),
        ("hr", 200, {SUPERIOR, PEERS}),
        ("management", 404, set()),
        ("admin", 404, set()),
    ],
)
def test_who_sees_the_section_and_which_buttons(client_for, org, role, status, buttons):
    load_policy(org)
    response = client_for(role).get(reverse("person_development", args=["E2003"]))
    assert response.status_code == status
    html = response.content.decode()
    if status == 200:
        assert "Skill assessments" in html
    for url in (SELF, SUPERIOR, PEERS):
        assert (url in html) == (url in buttons), (role, url)


def test_an_agent_never_sees_a_colleagues_assessments(client_for, org):
    load_policy(org)
    assert client_for("agent").get(reverse("person_development", args=["E2004"])).status_code == 404
    assert client_for("agent").get(reverse("assessment_rate", args=["E2004", "self"])).status_code == 404


def test_the_agent_rates_themselves_and_sees_the_radar_and_the_table(client_for, org):
    load_policy(org)
    client = client_for("agent")
    html = client.get(SELF).content.decode()
    assert '<option value="L3" selected>' in html and "Evidence (optional)" in html
    response = client.post(
        SELF, {"level": "L3", "r:communication": "3", "r:coaching": "3", "n:communication": "主持班前会"}
    )
    assert response.status_code == 302
    rating = Rating.objects.get()
    assert rating.group == "self" and rating.evidence == {"communication": "主持班前会"}
    assessment_rate(
        actor=Actor(user=org.users["team_lead"]),
        employee=org.employees["E2003"],
        target_level_code="L3",
        group="superior",
        scores={"communication": 2, "coaching": 3},
    )
    html = client.get(reverse("person_development", args=["E2003"])).content.decode()
    assert html.count('class="radar-series') == 3  # required, self, superior
    assert "主持班前会" in html
    # the accessible table: required 4, self 3 (gap +1), superior 2 (gap +2)
    row = html[html.index('<th scope="row">Communication</th>') :]
    row = row[: row.index("</tr>")]
    cells = [c.split(">", 1)[1].split("</td>")[0] for c in row.split('<td class="num"')[1:]]
    assert cells == ["4", "3", "+1", "2", "+2"]


def test_the_self_form_refuses_a_bad_rating_and_writes_nothing(client_for, org):
    load_policy(org)
    response = client_for("agent").post(SELF, {"level": "L3", "r:communication": "3"})
    assert response.status_code == 400 and "missing: coaching" in response.content.decode()
    assert not Rating.objects.exists()


def test_the_page_in_chinese(client_for, org):
    load_policy(org)
    assessment_rate(
        actor=Actor(user=org.users["team_lead"]),
        employee=org.employees["E2003"],
        target_level_code="L3",
        group="superior",
        scores={"communication": 4, "coaching": 3},
    )
    html = client_for("agent", "zh-hans").get(reverse("person_development", args=["E2003"])).content.decode()
    assert "沟通表达" in html and "高级客服" in html


def test_the_history_shows_how_each_gap_moved(client_for, org):
    load_policy(org)
    for scores in ({"communication": 2, "coaching": 2}, {"communication": 3, "coaching": 3}):
        assessment_rate(
            actor=Actor(user=org.users["team_lead"]),
            employee=org.employees["E2003"],
            target_level_code="L3",
            group="superior",
            scores=scores,
        )
    html = client_for("agent").get(reverse("person_development", args=["E2003"])).content.decode()
    assert "How the gaps to Senior agent moved" in html
    table = html[html.index('class="table table-dense history-table"') :]
    row = table[table.index('<th scope="row">Communication</th>') :]
    row = row[: row.index("</tr>")]
    assert "— / +2 / —" in row and "— / +1 / —" in row


def test_choose_peers_page_lists_only_colleagues_the_lead_sees(client_for, org):
    load_policy(org)
    html = client_for("team_lead").get(PEERS).content.decode()
    assert 'value="E2004"' in html
    for number in ("E2003", "E2002", "E2005", "E2006"):
        assert f'value="{number}"' not in html


@pytest.mark.parametrize(
    ("role", "number", "status"),
    [
        ("agent", "E2003", 200),
        ("agent", "E2004", 404),
        ("team_lead", "E2003", 200),
        ("department_head", "E2003", 200),
        ("hr", "E2003", 200),
        ("management", "E2003", 404),
        ("admin", "E2003", 404),
    ],
)
def test_the_assessments_api_per_role(client_for, org, role, number, status):
    load_policy(org)
    assessment_rate(
        actor=Actor(user=org.users["hr"]),
        employee=org.employees[number],
        target_level_code="L3" if number == "E2003" else "L2",
        group="superior",
        scores={"communication": 4, "coaching": 3}
        if number == "E2003"
        else {"communication": 3, "coaching": 2},
    )
    response = client_for(role).get(f"/api/people/{number}/assessments")
    assert response.status_code == status
    if status == 200:
        (item,) = response.json()["assessments"]
        comm = next(c for c in item["competencies"] if c["code"] == "communication")
        assert comm["required"] == 4 and comm["superior"] == 4 and comm["gap"]["superior"] == 0
        assert comm["self"] is None and comm["peer"] is None and item["peer_round"] == "none"
