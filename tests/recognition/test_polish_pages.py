"""What people read on the issue-15 pages, looked at as a whole: amounts with thousands separators and the
rounding rule in words; a month held for unpublished stars says so and links the star period, which links
back to the month; the star to-dos and notifications carry the period; a coaching task names its rule in
words; the area is called Performance."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from serviceladder.recognition.models import BonusMonth, CoachingTask, StarPeriod
from serviceladder.recognition.selectors.pay import team_totals
from serviceladder.recognition.services.coaching import coaching_scan
from serviceladder.recognition.todos_stars import star_todos
from tests.recognition.coaching_setup import coaching_org
from tests.recognition.pay_org import last_month, pay_org, publish_stars

pytestmark = pytest.mark.django_db
MONTH = last_month()


def _login(client, org, role, language="en"):
    client.force_login(org.users[role])
    client.cookies["serviceladder_language"] = language
    return client


def _computed_only(org):
    """The month's star period computed but not yet published (the demo's last month)."""
    period = publish_stars(org, MONTH, {"E2003": 1, "E2004": 3, "E2006": 2})
    StarPeriod.objects.filter(pk=period.pk).update(state=StarPeriod.State.COMPUTED, published_at=None)
    return period


def test_a_month_held_for_unpublished_stars_links_the_period_and_back(client):
    org = pay_org()
    _computed_only(org)
    _login(client, org, "hr")
    client.post(reverse("bonus_months"), {"month": MONTH})
    month_url = reverse("bonus_month", args=[MONTH])
    page = client.get(month_url).content.decode()
    assert 'id="bonus-waiting-stars"' in page
    assert reverse("star_period", args=[MONTH]) in page
    assert f"because the star ratings of {MONTH} are not published yet" in page
    # the star period page leads HR back to the month its tiers pay in
    assert month_url in client.get(reverse("star_period", args=[MONTH])).content.decode()
    # a lead reads the period but nothing of pay
    _login(client, org, "team_lead")
    assert month_url not in client.get(reverse("star_period", args=[MONTH])).content.decode()


def test_no_notice_once_the_stars_are_published_and_amounts_read_as_money(client):
    org = pay_org()
    publish_stars(org, MONTH, {"E2003": 1, "E2004": 3, "E2006": 2})
    _login(client, org, "hr")
    client.post(reverse("bonus_months"), {"month": MONTH})
    page = client.get(reverse("bonus_month", args=[MONTH])).content.decode()
    assert 'id="bonus-waiting-stars"' not in page
    assert "halves rounded up" in page and "ROUND_HALF_UP" not in page
    totals = [t.total for t in team_totals(org.users["hr"], BonusMonth.objects.get(month=MONTH))]
    assert any(total >= 1000 for total in totals)
    for total in totals:
        assert f"{total:,.2f}" in page  # e.g. 1,620.00: the product's money format, not 1620.00


def test_star_todos_name_the_period(client):
    org = pay_org()
    _computed_only(org)
    for language in ("en", "zh-hans"):
        with translation.override(language):
            titles = [str(item.title) for item in star_todos(org.users["hr"])]
        assert titles and all(MONTH in t and "%(" not in t and "{" not in t for t in titles), titles


def test_the_area_is_called_performance_in_the_navigation(client):
    org = pay_org()
    page = _login(client, org, "agent").get(reverse("recognition")).content.decode()
    assert ">Performance</a>" in page and '<h1 class="page-title">Performance</h1>' in page


def test_a_coaching_task_names_its_rule_in_words(client):
    org = coaching_org()
    coaching_scan()
    task = CoachingTask.objects.filter(employee__number="E2003", rule_code="qa-drop").get()
    page = _login(client, org, "team_lead").get(reverse("coaching_task", args=[task.pk])).content.decode()
    assert "drop against own average" in page and "(qa-drop)" in page


def test_the_leads_borderline_todo_costs_the_same_whatever_the_number_of_people():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from serviceladder.recognition.models import StarRating

    org = pay_org()
    period = _computed_only(org)
    borderline = [{"stars": 2, "checks": [{"status": "fail"}, {"status": "pass"}]}]

    def make_borderline(numbers):
        StarRating.objects.filter(period=period, employee__number__in=numbers).update(
            status=StarRating.Status.RATED, computed_stars=1, explanation=borderline
        )

    def cost():
        with CaptureQueriesContext(connection) as ctx:
            items = star_todos(org.users["team_lead"])
        return len(ctx), items

    e2004 = StarRating.objects.get(period=period, employee__number="E2004")
    e2004.delete()
    make_borderline(["E2003"])
    cost()  # the reader's roles, cached for the request
    one, items = cost()
    assert "1" in str(items[0].title)
    e2004.pk = None
    e2004.save()
    make_borderline(["E2003", "E2004"])
    two, items = cost()
    assert "2" in str(items[0].title) and two == one


def test_pay_lines_and_their_explanation_name_the_level(client):
    from serviceladder.ladder.models import Level

    org = pay_org()
    publish_stars(org, MONTH, {"E2003": 1, "E2004": 3, "E2006": 2})
    _login(client, org, "hr")
    client.post(reverse("bonus_months"), {"month": MONTH})
    bm = BonusMonth.objects.get(month=MONTH)
    page = client.get(reverse("bonus_month", args=[MONTH])).content.decode()
    for line in bm.lines.all():
        assert f"<td>{Level.objects.get(code=line.level_code).name_en}</td>" in page
        assert f"<td>{line.level_code}</td>" not in page
    line = bm.lines.get(employee__number="E2003")
    adjust = client.get(reverse("bonus_line_adjust", args=[MONTH, line.pk])).content.decode()
    assert f"Base bonus for level {Level.objects.get(code=line.level_code).name_en}:" in adjust


@pytest.mark.parametrize(("role", "development"), [("team_lead", True), ("hr", True), ("management", False)])
def test_the_performance_page_links_the_profile_and_the_development_page_for_its_readers(
    client, role, development
):
    org = pay_org()
    page = _login(client, org, role).get(reverse("person_recognition", args=["E2003"])).content.decode()
    assert f'href="{reverse("person", args=["E2003"])}"' in page
    dev = reverse("person_development", args=["E2003"])
    assert (f'href="{dev}"' in page) is development
    assert (client.get(dev).status_code == 200) is development


def test_pay_columns_carry_the_currency_and_the_policy_page_is_not_marked_as_the_performance_area(client):
    org = pay_org()
    publish_stars(org, MONTH, {"E2003": 1})
    _login(client, org, "hr")
    client.post(reverse("bonus_months"), {"month": MONTH})
    page = client.get(reverse("bonus_month", args=[MONTH])).content.decode()
    assert page.count('<span class="muted small" translate="no">CNY</span></th>') == 4
    landing = client.get(reverse("recognition")).content.decode()
    assert '<span class="muted small" translate="no">CNY</span></p>' in landing
    area = f'<a href="{reverse("recognition")}" aria-current="page">'
    assert area in client.get(reverse("recognition")).content.decode()
    assert area in client.get(reverse("person_recognition", args=["E2003"])).content.decode()
    assert area not in client.get(reverse("policy_recognition")).content.decode()


def test_the_coaching_block_of_the_landing_shows_the_five_newest_and_links_the_rest(client):
    org = coaching_org()
    for month in range(1, 8):
        CoachingTask.objects.create(
            employee=org.employees["E2004"],
            rule_code="csat-below",
            metric="csat_mean",
            month=f"2025-{month:02d}",
        )
    page = _login(client, org, "team_lead").get(reverse("recognition")).content.decode()
    block = page[page.index('id="coaching"') :]
    assert len(re.findall(r'href="/recognition/coaching/\d+/"', block)) == 5
    assert reverse("coaching_list") in block and "2025-07" in block and "2025-01" not in block


def test_the_persons_own_bonus_on_the_landing_carries_the_currency(client):
    org = pay_org()
    publish_stars(org, MONTH, {"E2003": 1})
    _login(client, org, "hr")
    client.post(reverse("bonus_months"), {"month": MONTH})
    client.post(reverse("bonus_month", args=[MONTH]), {"action": "approve"})
    landing = _login(client, org, "agent").get(reverse("recognition")).content.decode()
    assert '720.00 <span class="muted small" translate="no">CNY</span>' in landing
