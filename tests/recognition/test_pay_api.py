"""Performance pay over the API: scoped reads, HR's writes, JSON problems for bad input, the export."""

import pytest
from django.urls import reverse

from serviceladder.recognition.models import BonusLine, BonusMonth
from tests.recognition.pay_org import last_month, pay_org, publish_stars

pytestmark = pytest.mark.django_db

MONTH = last_month()


@pytest.fixture
def org(db):
    o = pay_org()
    publish_stars(o, MONTH, {"E2003": 1})
    return o


def _as(client, org, role):
    client.force_login(org.users[role])
    return client


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def test_hr_proposes_adjusts_approves_and_exports(client, org):
    from django.test import Client

    client = Client(enforce_csrf_checks=False)
    _as(client, org, "hr")
    r = _post(client, reverse("api:bonus_propose", args=[MONTH]))
    assert r.status_code == 201 and r.json()["state"] == "proposed"
    lines = client.get(reverse("api:bonus_lines", args=[MONTH])).json()
    line = next(x for x in lines if x["number"] == "E2003")
    assert line["amount"] == "720.00" and line["rule"]["stars"] == 1
    bad = _post(client, reverse("api:bonus_adjust", args=[line["id"]]), {"adjustment": "300", "reason": "x"})
    assert bad.status_code == 400 and bad.json()["code"] == "bonus_invalid"
    ok = _post(
        client, reverse("api:bonus_adjust", args=[line["id"]]), {"adjustment": "-20", "reason": "迟到"}
    )
    assert ok.status_code == 200 and ok.json()["amount"] == "700.00"
    assert client.get(reverse("api:bonus_export", args=[MONTH])).status_code == 400  # not approved
    assert _post(client, reverse("api:bonus_approve", args=[MONTH])).status_code == 200
    frozen = _post(client, reverse("api:bonus_approve", args=[MONTH]))
    assert frozen.status_code == 400 and frozen.json()["code"] == "bonus_month_frozen"
    export = client.get(reverse("api:bonus_export", args=[MONTH]) + "?format=xlsx")
    assert export.status_code == 200 and export.content[:2] == b"PK"


@pytest.mark.parametrize("role", ["agent", "team_lead", "department_head", "management", "admin"])
def test_nobody_but_hr_writes(client, org, role):
    _as(client, org, "hr")
    _post(client, reverse("api:bonus_propose", args=[MONTH]))
    line = BonusLine.objects.get(employee__number="E2003")
    _as(client, org, role)
    assert _post(client, reverse("api:bonus_propose", args=[MONTH])).status_code in (403, 404)
    assert _post(client, reverse("api:bonus_approve", args=[MONTH])).status_code in (403, 404)
    adjust = _post(client, reverse("api:bonus_adjust", args=[line.pk]), {"adjustment": "1", "reason": "x"})
    assert adjust.status_code in (403, 404)
    line.refresh_from_db()
    assert line.adjustment == 0 and BonusMonth.objects.get().state == "proposed"
    months = client.get(reverse("api:bonus_months")).json()
    assert (months != []) is (role == "management")
