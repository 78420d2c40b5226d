"""The one peer-standing loader of issue 15: groups by the level held at the month's end, ranks by the
policy's performance score, and never ranks a person without a score."""

import datetime as dt

import pytest
import yaml

from serviceladder.metrics.models import MonthlyMetric
from serviceladder.policy.presets import preset_text
from serviceladder.policy.schema import Policy
from serviceladder.recognition.selectors.standing import peer_standing
from tests.factories import (
    DepartmentFactory,
    EmployeeFactory,
    LevelAssignmentFactory,
    LevelFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


def _policy(method: str) -> Policy:
    data = yaml.safe_load(preset_text("cn-standard"))
    data["performance_score"] = (
        {"method": method, "weights": {"csat_mean": 1}} if method == "weighted" else {"method": "imported"}
    )
    return Policy.model_validate(data)


def _person(number, team, level, *, moved_up_on=None, higher=None):
    e = EmployeeFactory(number=number, team=team, hire_date=dt.date(2024, 1, 1))
    LevelAssignmentFactory(employee=e, level=level, effective_from=dt.date(2024, 1, 1))
    if moved_up_on:
        LevelAssignmentFactory(employee=e, level=higher, effective_from=moved_up_on)
    return e


def test_ranks_within_level_and_department_by_the_imported_score():
    l1, l2 = LevelFactory(code="L1", rank=1), LevelFactory(code="L2", rank=2)
    team = TeamFactory(code="t1", department=DepartmentFactory(code="d1"))
    other = TeamFactory(code="t2", department=DepartmentFactory(code="d2"))
    a = _person("A1", team, l1)
    b = _person("B1", team, l1)
    c = _person("C1", team, l1, moved_up_on=dt.date(2026, 10, 31), higher=l2)  # L2 at October's end
    d = _person("D1", other, l1)
    e = _person("E1", team, l1)
    for emp, score in ((a, 90), (b, 70), (c, 95), (d, 99), (e, None)):
        MonthlyMetric.objects.create(employee=emp, month="2026-10", performance_score=score)
    found = peer_standing(_policy("imported"), months=["2026-10"], peer_group="level_department")
    assert found[a.pk]["2026-10"].pct == 50.0 and found[a.pk]["2026-10"].group_size == 2
    assert found[b.pk]["2026-10"].pct == 100.0
    assert found[c.pk]["2026-10"].level_code == "L2" and found[c.pk]["2026-10"].group_size == 1
    assert found[d.pk]["2026-10"].group_size == 1  # another department is another group
    assert e.pk not in found  # no score, no standing
    company = peer_standing(_policy("imported"), months=["2026-10"], peer_group="level_company")
    assert company[d.pk]["2026-10"].pct == pytest.approx(100 / 3)


def test_recognition_counts_leave_out_hidden_ones_and_other_days():
    from django.utils import timezone

    from serviceladder.recognition.models import Recognition
    from serviceladder.recognition.selectors.counts import recognition_counts

    e = EmployeeFactory(number="R1")
    for day, category, hidden in (
        (dt.date(2026, 10, 1), "customer_praise", False),
        (dt.date(2026, 10, 31), "customer_praise", False),
        (dt.date(2026, 10, 15), "going_beyond", True),
        (dt.date(2026, 11, 1), "going_beyond", False),
    ):
        Recognition.objects.create(
            recipient=e,
            category=category,
            source="customer",
            text="谢谢",
            date=day,
            hidden_at=timezone.now() if hidden else None,
        )
    found = recognition_counts([e.pk], first_day=dt.date(2026, 10, 1), last_day=dt.date(2026, 10, 31))
    assert found == {e.pk: {"customer_praise": 2}}
