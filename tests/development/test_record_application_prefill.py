"""The promotion application starts from the development record and the plan in force (issue 14, item 7):
"achievements" lists the record of the last year, "plan for the new role" the agreed plan's target, horizons
and goals — as text the applicant edits; the case page shows the plan and the record to the reviewers."""

import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse

from serviceladder.audit.services import Actor
from serviceladder.development.services.record import contribution_add
from serviceladder.promotions.models import PromotionApplication
from tests.development.mentoring_org import GOAL_TEXT, PLAN_TEXT, agreed_plan
from tests.promotions_web import builders

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("september")]
AGENT = "E2003"  # 李娜, L2 since 2024: eligible for L3 on the promotions clock's day (SEPTEMBER)


@pytest.fixture
def september(monkeypatch):
    """The promotions clock inside WEB_POLICY's September window (the cycle is open)."""
    monkeypatch.setattr("serviceladder.promotions.clock.today", lambda: builders.SEPTEMBER)


def _textarea(html: str, name: str) -> str:
    found = re.search(rf'<textarea id="f-{name}"[^>]*>(.*?)</textarea>', html, re.S)
    assert found, name
    return unescape(found.group(1))


def _record(org):
    actor = Actor(user=org.users["agent"])
    person = org.employees[AGENT]
    for kind, title, date, evidence in [
        ("kb_article", "Refund rules explained", dt.date(2026, 6, 2), "KB-1042"),
        ("customer_praise", "Thanked by a VIP customer", dt.date(2026, 8, 20), "ticket 88123"),
        ("process_improvement", "Old callback script", dt.date(2025, 3, 1), ""),  # over a year before
    ]:
        contribution_add(actor=actor, employee=person, kind=kind, title=title, date=date, evidence=evidence)


def test_the_application_form_is_prefilled_from_the_record_and_the_plan(client_for, org):
    cycle = builders.cycle(org)
    _record(org)
    agreed_plan(org, AGENT)
    html = client_for("agent").get(reverse("promotion_apply", args=[cycle.pk])).content.decode()
    assert "record and the plan in force: Achievements · Plan for the new role." in html
    achievements = _textarea(html, "achievements")
    assert achievements.splitlines() == [
        "- 2026-08-20 customer praise: Thanked by a VIP customer (evidence: ticket 88123)",
        "- 2026-06-02 knowledge-base article: Refund rules explained (evidence: KB-1042)",
    ]
    plan = _textarea(html, "plan")
    assert "Target: Senior agent" in plan
    assert f"short term (up to 6 months): {PLAN_TEXT}" in plan
    assert f"- {GOAL_TEXT} (due 2027-06-30)" in plan
    assert _textarea(html, "capability_growth") == ""


def test_the_prefill_is_chinese_for_a_chinese_reader(client_for, org):
    cycle = builders.cycle(org)
    _record(org)
    html = client_for("agent", "zh-hans").get(reverse("promotion_apply", args=[cycle.pk])).content.decode()
    achievements = _textarea(html, "achievements")
    assert "知识库文章：Refund rules explained" in achievements
    assert "customer praise" not in achievements


def test_without_a_record_or_plan_the_fields_start_empty(client_for, org):
    cycle = builders.cycle(org)
    html = client_for("agent").get(reverse("promotion_apply", args=[cycle.pk])).content.decode()
    assert 'id="prefilled"' not in html
    assert _textarea(html, "achievements") == "" and _textarea(html, "plan") == ""


def test_what_the_applicant_writes_is_kept_not_prefilled_again(client_for, org):
    cycle = builders.cycle(org)
    _record(org)
    client = client_for("agent")
    response = client.post(
        reverse("promotion_apply", args=[cycle.pk]),
        {**builders.FORM, "target_level": "L3", "achievements": "My own words"},
    )
    assert response.status_code == 302
    assert PromotionApplication.objects.get().achievements == "My own words"


def test_the_lead_nominating_sees_the_persons_record_prefilled(client_for, org):
    cycle = builders.cycle(org)
    _record(org)
    url = reverse("promotion_nominate", args=[cycle.pk]) + f"?person={AGENT}"
    html = client_for("team_lead").get(url).content.decode()
    assert "Refund rules explained" in _textarea(html, "achievements")
    # No plan in force: only the achievements were filled in, and the note says so.
    assert "plan in force: Achievements. Edit" in html and _textarea(html, "plan") == ""


@pytest.mark.parametrize(
    ("role", "sees"),
    [("agent", True), ("team_lead", True), ("department_head", True), ("hr", True), ("management", True)],
)
def test_the_case_page_shows_the_plan_and_record_to_whoever_opens_it(client_for, org, role, sees):
    _record(org)
    agreed_plan(org, AGENT)
    app = builders.submitted(org)
    html = client_for(role).get(reverse("promotion_application", args=[app.pk])).content.decode()
    assert ('id="development-plan"' in html) == sees
    assert (PLAN_TEXT in html and GOAL_TEXT in html and "Thanked by a VIP customer" in html) == sees
    assert "Old callback script" not in html


def test_the_case_page_says_when_no_plan_is_in_force(client_for, org):
    app = builders.submitted(org)
    html = client_for("department_head").get(reverse("promotion_application", args=[app.pk])).content.decode()
    assert "No agreed development plan is in force." in html
