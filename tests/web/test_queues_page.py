"""The Queues page and GET /api/queues: which queues each role sees (department scoping over HTTP)."""

import json

import pytest
from django.urls import reverse

from tests.web.org import ROLE_KEYS
from tests.web.pages import _queue_figures

pytestmark = pytest.mark.django_db

QUEUES = {"热线", "投诉", "NO_QUEUE"}
# role key -> the queues it sees (None: no page at all, 403).
SEES = {
    "agent": None,
    "team_lead": None,
    "department_head": {"热线"},  # heads dept-a: the queue the mapping assigned to it, nothing unassigned
    "hr": QUEUES,
    "management": QUEUES,
    "admin": None,  # no KPIs for administrators
    "none": None,
}


@pytest.mark.parametrize("role", ROLE_KEYS)
def test_each_role_sees_exactly_its_queues_on_the_page_and_in_the_api(client_for, org, role):
    _queue_figures(org, role)
    client = client_for(role)
    page = client.get(reverse("queues"), {"month": "all"})
    api = client.get(reverse("api:queues"))
    if SEES[role] is None:
        assert page.status_code == 403 and api.status_code == 403
        assert "热线" not in page.content.decode()
        return
    assert page.status_code == 200 and api.status_code == 200
    html = page.content.decode()
    assert {q for q in QUEUES if q in html} == SEES[role]
    items = json.loads(api.content)
    assert {i["queue"] for i in items} == SEES[role]
    assert len(items) == 2 * len(SEES[role])  # both months


@pytest.mark.parametrize("role", ROLE_KEYS)
def test_the_navigation_offers_queues_only_to_those_who_may_open_it(client_for, org, role):
    html = client_for(role).get(reverse("ladder")).content.decode()
    assert (f'href="{reverse("queues")}"' in html) == (SEES[role] is not None)


def test_a_department_head_without_a_department_sees_no_queue(client_for, org):
    department = org.departments["a"]
    department.head = None
    department.save(update_fields=["head"])
    _queue_figures(org, "department_head")
    client = client_for("department_head")
    assert json.loads(client.get(reverse("api:queues")).content) == []
    assert "热线" not in client.get(reverse("queues")).content.decode()


def test_the_page_shows_the_latest_month_and_filters_by_month(client_for, org):
    from serviceladder.metrics.models import QueueMonthlyFigure

    _queue_figures(org, "hr")
    QueueMonthlyFigure.objects.filter(month="2026-02", queue="热线").update(
        offered=40, answered=30, abandoned=10, unassigned=4, abandon_rate=0.25, service_level=None
    )
    client = client_for("hr")
    latest = client.get(reverse("queues")).content.decode()
    assert "25.0%" in latest and "4 without agent" in latest and 'value="2026-02" selected' in latest
    january = client.get(reverse("queues"), {"month": "2026-01"}).content.decode()
    assert "25.0%" not in january and "20.0%" in january and "70.0%" in january
    api = json.loads(client.get(reverse("api:queues"), {"month": "2026-02"}).content)
    hotline = next(i for i in api if i["queue"] == "热线")
    assert hotline == {
        "queue": "热线",
        "month": "2026-02",
        "department": "dept-a",
        "offered": 40,
        "answered": 30,
        "abandoned": 10,
        "unassigned": 4,
        "abandon_rate": 0.25,
        "service_level": None,
    }


def test_an_interactions_upload_report_counts_the_contacts_without_an_agent(client_for, org):
    from serviceladder.metrics.models import ImportJob

    job = ImportJob.objects.create(
        kind="interactions",
        file_name="calls.csv",
        created_by=org.users["hr"],
        status=ImportJob.Status.DONE,
        report={"rows_read": 8, "imported": 8, "unanswered": 4, "unassigned_unanswered": 3},
    )
    html = client_for("hr").get(reverse("import_job", args=[job.pk])).content.decode()
    assert "Unanswered without an agent (counted for their queue)" in html
    assert html.index("counted for their queue") < html.index("Contacts without a customer id")


def test_large_counts_are_grouped_by_thousands_in_english(client_for, org):
    from serviceladder.metrics.models import QueueMonthlyFigure

    _queue_figures(org, "hr")
    QueueMonthlyFigure.objects.filter(month="2026-02", queue="热线").update(
        offered=108734, answered=97500, abandoned=11234, unassigned=0
    )
    client = client_for("hr")
    client.cookies["serviceladder_language"] = "en"
    html = client.get(reverse("queues")).content.decode()
    assert "108,734" in html and "97,500" in html and "11,234" in html
    assert "108734" not in html
