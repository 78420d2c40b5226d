"""/api/stars (issue 15 item 1): HR computes and publishes, the lead nominates, HR decides; a lead reads only
their people; errors are JSON problems and write nothing."""

from __future__ import annotations

import json

import pytest

from serviceladder.recognition.models import StarPeriod, StarRating
from tests.recognition.stars_setup import PERIOD, default_figures, set_figures, stars_policy
from tests.web.org import build_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    org = build_org()
    stars_policy(org)
    default_figures(org)
    set_figures(org, E2003={"csat_mean": 4.4, "qa_score": 90})
    return org


def as_user(client, org, role):
    client.force_login(org.users[role])
    return client


def post(client, url, body=None):
    return client.post(url, data=json.dumps(body or {}), content_type="application/json")


def test_flow_over_the_api(client, org):
    c = as_user(client, org, "hr")
    response = post(c, f"/api/stars/periods/{PERIOD}/compute")
    assert response.status_code == 200, response.content
    ratings = {r["employee"]: r for r in response.json()["ratings"]}
    assert ratings["E2003"]["computed_stars"] == 2 and len(ratings) == 10
    rid = ratings["E2003"]["id"]
    c = as_user(client, org, "team_lead")
    mine = client.get(f"/api/stars/periods/{PERIOD}").json()["ratings"]
    assert {r["employee"] for r in mine} == {"E2002", "E2003", "E2004"}
    bad = post(c, f"/api/stars/periods/{PERIOD}/ratings/{rid}/nominate", {"stars": 4, "reason": "好"})
    assert bad.status_code == 400 and bad.json()["code"] == "stars_invalid"
    assert StarRating.objects.get(pk=rid).nominated_stars is None
    ok = post(c, f"/api/stars/periods/{PERIOD}/ratings/{rid}/nominate", {"stars": 3, "reason": "客户表扬"})
    assert ok.status_code == 200 and ok.json()["decision"] == "pending"
    assert post(c, f"/api/stars/periods/{PERIOD}/publish").status_code == 403
    c = as_user(client, org, "hr")
    decided = post(
        c, f"/api/stars/periods/{PERIOD}/ratings/{rid}/decide", {"accept": False, "reason": "证据不足"}
    )
    assert decided.json()["decision"] == "declined"
    published = post(c, f"/api/stars/periods/{PERIOD}/publish")
    assert published.status_code == 200 and published.json()["state"] == "published"
    assert StarRating.objects.get(pk=rid).final_stars == 2
    assert [p["code"] for p in client.get("/api/stars/periods").json()] == [PERIOD]


def test_agent_cannot_compute_or_list(client, org):
    c = as_user(client, org, "agent")
    assert post(c, f"/api/stars/periods/{PERIOD}/compute").status_code == 403
    assert c.get("/api/stars/periods").status_code == 403
    assert not StarPeriod.objects.exists()


def test_unknown_period_is_404(client, org):
    assert as_user(client, org, "hr").get("/api/stars/periods/2026-09").status_code == 404
