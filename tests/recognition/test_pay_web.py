"""Performance-pay pages over HTTP: HR proposes, adjusts, approves and downloads; management reads the
lines and team totals only; the person sees their own bonus once the month is approved; leads and heads
see nothing of pay."""

import csv
import io
from decimal import Decimal as D

import pytest
from django.urls import reverse

from serviceladder.recognition.models import BonusLine, BonusMonth
from tests.recognition.pay_org import last_month, pay_org, publish_stars

pytestmark = pytest.mark.django_db

MONTH = last_month()


@pytest.fixture
def org(db):
    o = pay_org()
    publish_stars(o, MONTH, {"E2003": 1, "E2004": 3, "E2006": 2})
    return o


def _login(client, org, role, language="en"):
    client.force_login(org.users[role])
    client.cookies["serviceladder_language"] = language
    return client


def _propose(client, org):
    _login(client, org, "hr")
    return client.post(reverse("bonus_months"), {"month": MONTH})


def test_hr_proposes_adjusts_approves_and_downloads(client, org):
    r = _propose(client, org)
    assert r.status_code == 302 and r["Location"] == reverse("bonus_month", args=[MONTH])
    page = client.get(r["Location"]).content.decode()
    assert "720.00" in page and "900.00" in page  # E2003 L2 1 star; E2004 L1 3 stars
    line = BonusLine.objects.get(employee__number="E2003")
    url = reverse("bonus_line_adjust", args=[MONTH, line.pk])
    bad = client.post(url, {"adjustment": "200", "reason": "表现突出"})
    assert bad.status_code == 400 and "from -144.00 to 144.00" in bad.content.decode()
    no_reason = client.post(url, {"adjustment": "100", "reason": ""})
    assert no_reason.status_code == 400
    line.refresh_from_db()
    assert line.amount == D("720.00")
    ok = client.post(url, {"adjustment": "100.5", "reason": "表现突出"})
    assert ok.status_code == 302
    line.refresh_from_db()
    assert line.amount == D("820.50") and line.adjustment_reason == "表现突出"
    # not approved: no download yet
    assert client.get(reverse("bonus_export", args=[MONTH, "csv"])).status_code == 302
    assert client.post(reverse("bonus_month", args=[MONTH]), {"action": "approve"}).status_code == 302
    assert BonusMonth.objects.get(month=MONTH).state == "approved"
    # frozen: the adjust form is gone and a post is refused
    frozen = client.post(url, {"adjustment": "0", "reason": "x"})
    assert frozen.status_code == 400 and "frozen" in frozen.content.decode()
    response = client.get(reverse("bonus_export", args=[MONTH, "csv"]))
    assert response.status_code == 200 and response["Content-Disposition"].endswith(f'bonus-{MONTH}.csv"')
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][0] == "员工编号 Employee number" and rows[0][9] == "金额 Amount"
    by_number = {r[0]: r for r in rows[1:]}
    assert by_number["E2003"][9] == "820.50" and by_number["E2003"][11] == "表现突出"


def test_management_reads_lines_and_totals_but_changes_nothing(client, org):
    _propose(client, org)
    _login(client, org, "management")
    page = client.get(reverse("bonus_month", args=[MONTH])).content.decode()
    assert "720.00" in page and 'id="bonus-team-totals"' in page
    assert "bonus-approve" not in page and reverse("bonus_line_adjust", args=[MONTH, 1])[:-2] not in page
    assert client.post(reverse("bonus_month", args=[MONTH]), {"action": "approve"}).status_code == 403
    assert client.post(reverse("bonus_months"), {"month": MONTH}).status_code == 403
    assert client.get(reverse("bonus_export", args=[MONTH, "csv"])).status_code == 403
    assert BonusMonth.objects.get(month=MONTH).state == "proposed"


@pytest.mark.parametrize("role", ["team_lead", "department_head", "agent"])
def test_leads_heads_and_agents_get_no_pay_pages(client, org, role):
    _propose(client, org)
    _login(client, org, role)
    assert client.get(reverse("bonus_months")).status_code in (403, 404)
    assert client.get(reverse("bonus_month", args=[MONTH])).status_code in (403, 404)


def test_the_person_sees_their_own_bonus_only_once_approved_and_the_lead_never(client, org):
    _propose(client, org)
    person = reverse("person_recognition", args=["E2003"])
    _login(client, org, "agent")
    assert "pay-part" in client.get(person).content.decode()
    assert "720.00" not in client.get(person).content.decode()  # proposed: not yet
    _login(client, org, "hr")
    client.post(reverse("bonus_month", args=[MONTH]), {"action": "approve"})
    _login(client, org, "agent", "en")
    page = client.get(person).content.decode()
    assert "720.00" in page and "1 star (period" in page
    # the rounding rule in words, never the policy's code
    assert "halves rounded up" in page and "ROUND_HALF_UP" not in page
    assert "720.00" in client.get(reverse("recognition")).content.decode()  # the landing block
    _login(client, org, "team_lead")
    lead_view = client.get(person).content.decode()
    assert "pay-part" not in lead_view and "720.00" not in lead_view
    _login(client, org, "management")
    assert "720.00" in client.get(person).content.decode()


def test_chinese_pages_render(client, org):
    _propose(client, org)
    _login(client, org, "hr", "zh-hans")
    for url in (reverse("bonus_months"), reverse("bonus_month", args=[MONTH]), reverse("recognition")):
        assert client.get(url).status_code == 200


def test_hr_todos_propose_then_approve(client, org):
    from serviceladder.recognition.todos_pay import pay_todos

    hr = org.users["hr"]
    assert [i.kind for i in pay_todos(hr)] == ["recognition.bonus_propose"]
    assert pay_todos(org.users["management"]) == []
    _propose(client, org)
    assert [i.kind for i in pay_todos(hr)] == ["recognition.bonus_approve"]
    client.post(reverse("bonus_month", args=[MONTH]), {"action": "approve"})
    assert pay_todos(hr) == []


def test_correction_form_records_a_delta_for_the_next_month(client, org):
    _propose(client, org)
    client.post(reverse("bonus_month", args=[MONTH]), {"action": "approve"})
    url = reverse("bonus_correction_new", args=[MONTH])
    assert client.post(url, {"employee": "E2003", "delta": "abc", "reason": "x"}).status_code == 400
    r = client.post(url, {"employee": "E2003", "delta": "-20", "reason": "考勤更正"})
    assert r.status_code == 302
    page = client.get(reverse("bonus_month", args=[MONTH])).content.decode()
    assert "考勤更正" in page and "-20.00" in page


def test_the_month_page_does_not_query_per_line(client, org):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import EmployeeFactory, LevelAssignmentFactory

    def count() -> int:
        _propose(client, org)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("bonus_month", args=[MONTH])).status_code == 200
        return len(ctx)

    before = count()
    for i in range(6):
        e = EmployeeFactory(
            number=f"E39{i:02d}", team=org.teams["a2"], hire_date=org.employees["E2003"].hire_date
        )
        LevelAssignmentFactory(employee=e, level=org.levels[0], effective_from=e.hire_date)
    assert BonusLine.objects.count() == 10
    assert count() == before and BonusLine.objects.count() == 16
