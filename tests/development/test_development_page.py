"""A person's development page: the person, their lead and HR open it; another agent and the
administrator do not (accounts.scoping: "not found", like someone unknown); a mentor does, and the
navigation leads there."""

import pytest
from django.urls import reverse

from tests.web.org import build_org

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("agent", 200),
        ("team_lead", 200),
        ("department_head", 200),
        ("hr", 200),
        ("management", 404),
        ("admin", 404),
    ],
)
def test_who_opens_an_agents_development_page(client, role, status):
    org = build_org()
    client.force_login(org.users[role])
    response = client.get(reverse("person_development", args=["E2003"]))
    assert response.status_code == status


def test_a_mentor_opens_their_mentees_page(client):
    from tests.development.plans_setup import plan_org

    org = plan_org()
    client.force_login(org.users["mentor"])
    assert client.get(reverse("person_development", args=["E2003"])).status_code == 200
    assert client.get(reverse("person_development", args=["E2004"])).status_code == 404


def test_an_agent_never_opens_another_agents_page(client):
    org = build_org()
    client.force_login(org.users["agent"])
    assert client.get(reverse("person_development", args=["E2004"])).status_code == 404


def test_my_development_leads_to_my_own_page(client):
    org = build_org()
    client.force_login(org.users["agent"])
    response = client.get(reverse("my_development"))
    assert response.status_code == 302
    assert response["Location"] == reverse("person_development", args=["E2003"])
