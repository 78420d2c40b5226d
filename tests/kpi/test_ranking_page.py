"""The team ranking page and the ranking stored after an import."""

import pytest
from django.urls import reverse

from serviceladder.accounts.roles import Role
from serviceladder.audit.services import Actor
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.metrics.services import metrics_sheet_import
from tests.factories import user_with_roles
from tests.kpi.conftest import csv_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def ranked(people, hr):
    rows = [["工号", "月份", "客户满意度", "首次解决率", "质检得分"]]
    rows += [["1001", "2025-05", "4.8", "0.9", "95"], ["1002", "2025-05", "4.1", "0.7", "80"]]
    rows += [["1001", "2025-04", "4.0", "0.6", "70"], ["1002", "2025-04", "4.5", "0.8", "90"]]
    metrics_sheet_import(actor=Actor(user=hr), data=csv_bytes(rows), file_name="kpi.csv")


def test_lead_sees_the_team_ranked_for_the_chosen_month(client, people, ranked, settings):
    settings.SECURE_SSL_REDIRECT = False
    lead = user_with_roles("lead", Role.TEAM_LEAD, employee=people["1000"])
    client.force_login(lead)
    url = reverse("team_ranking", args=["t1"])
    html = client.get(url).content.decode()  # latest month by default
    assert html.index("张伟") < html.index("李娜")
    assert "1 / 2" in html and 'value="2025-04"' in html
    html = client.get(url + "?month=2025-04").content.decode()
    assert html.index("李娜") < html.index("张伟")
    home = client.get(reverse("home")).content.decode()
    assert url in home


def test_the_top_percent_orders_the_list_not_a_score_from_a_peer_group_of_one(
    client, people, ranked, settings
):
    settings.SECURE_SSL_REDIRECT = False
    # 1002 alone in another peer group: the best of one scores 100 but is only in the "top 100 %".
    MonthlyMetric.objects.filter(employee__number="1002", month="2025-05").update(
        peer_group="other", performance_score=100.0, rank=1, peer_size=1, percentile=100.0
    )
    MonthlyMetric.objects.filter(employee__number="1001", month="2025-05").update(
        performance_score=90.0, rank=1, peer_size=4, percentile=25.0
    )
    client.force_login(user_with_roles("lead", Role.TEAM_LEAD, employee=people["1000"]))
    html = client.get(reverse("team_ranking", args=["t1"]) + "?month=2025-05").content.decode()
    assert html.index("张伟") < html.index("李娜")


def test_stored_ranks(people, ranked):
    may = {
        m.employee.number: m for m in MonthlyMetric.objects.filter(month="2025-05").select_related("employee")
    }
    assert (may["1001"].rank, may["1001"].percentile) == (1, 50.0)
    assert (may["1002"].rank, may["1002"].percentile) == (2, 100.0)
    # two agents, every weighted figure better for 1001: percentile normalisation gives 100 and 0
    assert may["1001"].performance_score == pytest.approx(100.0)
    assert may["1002"].performance_score == pytest.approx(0.0)


def test_agent_cannot_open_the_ranking(client, people, ranked):
    agent = user_with_roles("agent", Role.AGENT, employee=people["1001"])
    client.force_login(agent)
    assert client.get(reverse("team_ranking", args=["t1"])).status_code == 404
