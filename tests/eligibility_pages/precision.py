"""A person whose figures sit just below the bars of WEB_POLICY's L1 → L2 step (CSAT at least 4.5 over six
months, an exam of at least 80): at the usual decimals they would read as met."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from serviceladder.metrics.models import MonthlyMetric
from serviceladder.org.models import ExamResult
from tests.factories import EmployeeFactory, LevelAssignmentFactory

AS_OF = "2026-07-01"
NUMBER = "E3101"
WINDOW = ("2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06")


def person_just_below(org):
    e = EmployeeFactory(number=NUMBER, name="差一点", team=org.teams["a1"], hire_date=dt.date(2022, 1, 1))
    LevelAssignmentFactory(employee=e, level=org.levels[0], effective_from=dt.date(2022, 1, 1))
    for month in WINDOW:
        MonthlyMetric.objects.create(
            employee=e,
            month=month,
            source=MonthlyMetric.Source.SHEET,
            contacts=300,
            csat_mean=4.496,
            csat_rated=120,
        )
    ExamResult.objects.create(
        employee=e, date=dt.date(2026, 5, 1), name="业务知识考核", score=Decimal("79.96")
    )
    return e
