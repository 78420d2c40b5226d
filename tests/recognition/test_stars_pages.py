"""The star pages over HTTP (issue 15 item 1): HR computes a period from the form, a lead sees their team's
ratings with the borderline people and nominates one tier up, HR decides and publishes, the agent sees the
tier with its reasons, the wall shows only the top tiers, the profile and the team ranking show stars."""

from __future__ import annotations

import pytest
from django.urls import reverse

from serviceladder.recognition.models import StarPeriod, StarRating
from serviceladder.todos.registry import items_for as todos_for
from tests.recognition.stars_setup import PERIOD, default_figures, set_figures, stars_policy
from tests.web.org import build_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    org = build_org()
    stars_policy(org)
    default_figures(org)
    # E2003: 2 stars, one condition (the top-50 % rank among the L2 people) short of 3 -> borderline
    set_figures(org, E2003={"csat_mean": 4.65, "qa_score": 92})
    set_figures(
        org, **{n: {"csat_mean": 4.9, "qa_score": 95, "fcr_rate": 0.95} for n in ("E2001", "E2005", "E2007")}
    )
    # E2004: 1 star and two conditions short of 2: not borderline
    set_figures(org, E2004={"csat_mean": 4.2, "qa_score": 85})
    return org


def login(client, org, role, language="en"):
    client.force_login(org.users[role])
    client.cookies["serviceladder_language"] = language
    return client


def test_the_whole_flow_by_http(client, org):
    c = login(client, org, "hr")
    response = c.post(reverse("star_periods"), {"period": PERIOD})
    assert response.status_code == 302 and response["Location"] == reverse("star_period", args=[PERIOD])
    r3 = StarRating.objects.get(employee__number="E2003")
    assert r3.computed_stars == 2
    assert [i.kind for i in todos_for(org.users["hr"])].count("stars.publish") == 1
    lead_items = [i for i in todos_for(org.users["team_lead"]) if i.kind == "stars.borderline"]
    assert len(lead_items) == 1

    c = login(client, org, "team_lead")
    page = c.get(reverse("star_period", args=[PERIOD]) + "?mine=1").content.decode()
    assert "李娜" in page and "陈静" not in page  # E2003 in, another department's E2006 out
    assert page.count(">borderline<") == 1
    assert "Nominate for 3 stars" in page
    response = c.post(
        reverse("star_nominate", args=[PERIOD, r3.pk]),
        {"stars": "3", "reason": "客户表扬信三封", "back": "?mine=1"},
    )
    assert response["Location"].endswith("?mine=1")
    r3.refresh_from_db()
    assert (r3.nominated_stars, r3.decision) == (3, "pending")
    assert not [i for i in todos_for(org.users["team_lead"]) if i.kind == "stars.borderline"]

    c = login(client, org, "hr")
    assert any(i.kind == "stars.decide" for i in todos_for(org.users["hr"]))
    page = c.get(reverse("star_period", args=[PERIOD]) + "?pending=1").content.decode()
    assert "客户表扬信三封" in page and "disabled" in page  # publish waits for the decision
    c.post(reverse("star_decide", args=[PERIOD, r3.pk]), {"decision": "accept", "reason": "同意"})
    c.post(reverse("star_publish", args=[PERIOD]))
    assert StarPeriod.objects.get().state == "published"
    assert not [i for i in todos_for(org.users["hr"]) if i.kind.startswith("stars.")]

    c = login(client, org, "agent", "zh-hans")
    page = c.get(reverse("person_recognition", args=["E2003"])).content.decode()
    assert "★★★" in page and "满意度" in page  # the tier and its reasons, in Chinese
    wall = c.get(reverse("star_wall")).content.decode()
    assert "李娜" in wall  # 3 stars >= wall_min_stars 2
    assert "张伟" not in wall  # E2004: 1 star, below the wall
    profile = c.get(reverse("person", args=["E2003"])).content.decode()
    assert "★★★" in profile


def test_a_lead_cannot_decide_or_publish_and_an_agent_cannot_compute(client, org):
    c = login(client, org, "agent")
    assert c.post(reverse("star_periods"), {"period": PERIOD}).status_code == 403
    assert not StarPeriod.objects.exists()
    login(client, org, "hr").post(reverse("star_periods"), {"period": PERIOD})
    r3 = StarRating.objects.get(employee__number="E2003")
    c = login(client, org, "team_lead")
    assert c.post(reverse("star_publish", args=[PERIOD])).status_code == 403
    assert (
        c.post(
            reverse("star_decide", args=[PERIOD, r3.pk]), {"decision": "accept", "reason": "x"}
        ).status_code
        == 403
    )
    assert StarPeriod.objects.get().state == "computed"


def test_bad_period_in_the_form_says_why(client, org):
    c = login(client, org, "hr")
    page = c.post(reverse("star_periods"), {"period": "2026Q3"}, follow=True).content.decode()
    assert "rates by month" in page
    assert not StarPeriod.objects.exists()


def test_team_ranking_shows_published_stars(client, org):
    login(client, org, "hr").post(reverse("star_periods"), {"period": PERIOD})
    client.post(reverse("star_publish", args=[PERIOD]))
    c = login(client, org, "team_lead")
    page = c.get(reverse("team_ranking", args=["a1"]) + f"?month={PERIOD}").content.decode()
    assert "★★" in page and PERIOD in page
