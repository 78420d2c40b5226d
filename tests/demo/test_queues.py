"""The demo's queue figures: one queue per department and month, consistent, scoped like real ones."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from serviceladder.audit.services import Actor
from serviceladder.demo.generator import generate
from serviceladder.demo.loader import demo_load
from serviceladder.metrics import selectors
from serviceladder.metrics.models import MonthlyMetric, QueueMonthlyFigure
from serviceladder.org.models import Department

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_queue_per_department_and_month_and_heads_see_their_own():
    org = generate(seed=3, agents=20, months=2, today=dt.date(2026, 5, 14))
    demo_load(org=org, actor=Actor(user=None, channel="cli"))
    figures = list(QueueMonthlyFigure.objects.select_related("department"))
    assert len(figures) == Department.objects.count() * len(org.months)
    for f in figures:
        handled = sum(
            MonthlyMetric.objects.filter(month=f.month, employee__team__department=f.department).values_list(
                "contacts", flat=True
            )
        )
        assert f.answered == handled and f.offered == f.answered + f.abandoned
        assert 0 <= f.unassigned <= f.abandoned
        assert f.abandon_rate == pytest.approx(f.abandoned / f.offered)
        assert 0 < f.service_level <= f.answered / f.offered
    head = get_user_model().objects.get(username="head")
    department = Department.objects.get(head__user=head)
    assert {f.department for f in selectors.queue_figures(head)} == {department}
