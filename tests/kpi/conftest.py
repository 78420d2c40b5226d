import datetime as dt

import pytest

from serviceladder.accounts.roles import Role
from serviceladder.audit.services import Actor
from serviceladder.ladder.models import Level
from serviceladder.policy.presets import preset_text
from serviceladder.policy.services import policy_load
from tests.factories import (
    DepartmentFactory,
    EmployeeFactory,
    LevelAssignmentFactory,
    TeamFactory,
    user_with_roles,
)


@pytest.fixture
def policy(db):
    policy_load(
        actor=Actor(user=None, channel="cli"),
        text=preset_text("cn-standard"),
        effective=dt.date(2020, 1, 1),
        source_name="preset:cn-standard",
    )


@pytest.fixture
def people(db, policy):
    """Team t1 (lead 1000) with three CS2 agents hired 2024-03, one of whom left in 2025-06."""
    dept = DepartmentFactory(code="cs", name_zh="客服部", name_en="Customer Service")
    team = TeamFactory(code="t1", department=dept, name_zh="一组", name_en="Team One")
    cs2 = Level.objects.get(code="CS2")
    out = {}
    for number, name, left in [
        ("1000", "组长", None),
        ("1001", "张伟", None),
        ("1002", "李娜", None),
        ("1003", "王芳", dt.date(2025, 6, 15)),
    ]:
        e = EmployeeFactory(
            number=number, name=name, team=team, hire_date=dt.date(2024, 3, 10), leave_date=left
        )
        LevelAssignmentFactory(employee=e, level=cs2, effective_from=dt.date(2024, 3, 10))
        out[number] = e
    team.lead = out["1000"]
    team.save(update_fields=["lead"])
    out["team"] = team
    return out


@pytest.fixture
def hr(db):
    return user_with_roles("hr", Role.HR)


@pytest.fixture
def hr_actor(hr):
    return Actor(user=hr, channel="cli")


def csv_bytes(rows) -> bytes:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")
