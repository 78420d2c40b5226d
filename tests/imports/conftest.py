import csv
import datetime as dt
import io

import openpyxl
import pytest

from serviceladder.accounts.roles import Role
from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.org.models import Employee
from tests.factories import DepartmentFactory, LevelFactory, TeamFactory, user_with_roles

ZH_HEADER = ["工号", "姓名", "部门", "班组", "上级", "入职日期", "当前级别", "级别生效日期", "学历", "邮箱"]
EN_HEADER = [
    "Employee Number",
    "name",
    "DEPARTMENT",
    "team",
    "manager",
    "hire date",
    "level",
    "level_since",
    "education",
    "email",
]


def write_csv(path, rows, encoding="utf-8"):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path, rows, merge=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    wb.save(path)
    return path


def counts():
    return Employee.objects.count(), AuditEvent.objects.count()


@pytest.fixture
def org(db):
    cs = DepartmentFactory(code="cs", name_zh="客服部", name_en="Customer Service")
    sales = DepartmentFactory(code="sales", name_zh="销售部", name_en="Sales")
    return {
        "cs": cs,
        "sales": sales,
        "t1": TeamFactory(code="t1", department=cs, name_zh="一组", name_en="Team One"),
        "t2": TeamFactory(code="t2", department=cs, name_zh="二组", name_en="Team Two"),
        "s1": TeamFactory(code="s1", department=sales, name_zh="销售一组", name_en="Sales One"),
        "L1": LevelFactory(code="L1", rank=1, name_zh="初级客服", name_en="Junior agent"),
        "L2": LevelFactory(code="L2", rank=2, name_zh="中级客服", name_en="Intermediate agent"),
    }


@pytest.fixture
def hr(db):
    return user_with_roles("hr", Role.HR)


@pytest.fixture
def hr_actor(hr):
    return Actor(user=hr, channel="cli")


@pytest.fixture
def good_rows():
    return [
        ZH_HEADER,
        ["1001", "张伟", "客服部", "一组", "", "2023-03-01", "L2", "2024/01/01", "本科", "zhang@example.com"],
        ["1002", "李娜", "cs", "Team One", "1001", "2023年5月8日", "初级客服", "2023-05-08", "大专", ""],
        ["1003", "王芳", "Customer Service", "t2", "1001", "2024/02/29", "", "", "", ""],
    ]


TODAY = dt.date.today  # noqa: DTZ011
