"""The demo's recognition: six months of colleague and lead thanks and imported customer compliments, in
Chinese, never dated before a person's hire date or in the future; the login agent received some; one is
hidden with a reason and counts for nothing."""

import datetime as dt

import pytest
from django.db.models import Count

from serviceladder.audit.services import Actor
from serviceladder.demo.generator import generate
from serviceladder.demo.loader import demo_load
from serviceladder.recognition.models import Recognition
from serviceladder.recognition.selectors.counts import recognition_counts

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 5, 14)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_demo_has_a_realistic_mix_of_recognition():
    org = generate(seed=7, agents=60, months=6, today=TODAY)
    demo_load(org=org, actor=Actor(user=None, channel="cli"))
    rows = Recognition.objects.select_related("recipient")
    by_source = dict(rows.values_list("source").annotate(n=Count("pk")).order_by())
    assert by_source["customer"] >= 10 and by_source["lead"] >= 3 and by_source["colleague"] >= 3
    assert set(rows.values_list("category", flat=True)) == set(Recognition.Category.values)
    assert all(TODAY - dt.timedelta(days=183) <= r.date <= TODAY for r in rows)
    assert all(r.date >= r.recipient.hire_date for r in rows)
    assert all(r.given_by_id is not None for r in rows)
    customer = rows.filter(source="customer")
    assert all(r.customer_reference and r.imported_from.startswith("客户表扬-") for r in customer)
    agent = next(login.employee for login in org.logins if login.username == "agent")
    received = rows.filter(recipient__number=agent)
    assert {"customer", "lead"} <= set(received.values_list("source", flat=True))
    [hidden] = rows.filter(hidden_at__isnull=False)
    assert hidden.hidden_reason and hidden.hidden_by is not None
    counts = recognition_counts(
        [hidden.recipient_id], first_day=TODAY - dt.timedelta(days=183), last_day=TODAY
    )
    visible = rows.filter(recipient=hidden.recipient, hidden_at__isnull=True).count()
    assert sum(counts.get(hidden.recipient_id, {}).values()) == visible
