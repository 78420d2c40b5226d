"""Calendar tables: seeded CN data, import good and bad files, show, the working-day selector."""

import datetime as dt

import pytest
from openpyxl import Workbook

from serviceladder.accounts.roles import Role
from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.cli.main import main
from serviceladder.core.errors import PermissionDeniedError
from serviceladder.org.imports.report import ImportRejected
from serviceladder.org.imports.values import BAD_CHOICE, BAD_DATE
from serviceladder.workcalendar.models import CalendarDay, CalendarYear
from serviceladder.workcalendar.selectors import calendar_add_working_days
from serviceladder.workcalendar.services import DUPLICATE_DATE, calendar_import, calendar_seed
from tests.factories import user_with_roles

pytestmark = pytest.mark.django_db

GOOD_2027 = """date,kind,name
2027-01-01,休,元旦
2027-02-06,班,春节调休
2027-02-08,off,春节
2027-02-09,off,春节
"""


@pytest.fixture
def hr():
    return Actor(user=user_with_roles("hr-cal", Role.HR), channel="cli")


def test_cn_is_seeded_by_the_migration():
    assert CalendarYear.objects.get(calendar="CN", year=2025).status == "official"
    assert not CalendarYear.objects.filter(calendar="CN", year=2027).exists()
    assert CalendarDay.objects.get(calendar="CN", date=dt.date(2025, 10, 11)).kind == "work"


def test_known_answer_through_the_database():
    end = calendar_add_working_days(code="CN", start=dt.date(2025, 9, 29), n=5, count_start_day=True)
    assert end.date == dt.date(2025, 10, 11) and not end.provisional
    end = calendar_add_working_days(code="CN", start=dt.date(2025, 9, 29), n=5, count_start_day=False)
    assert end.date == dt.date(2025, 10, 13)


def test_import_marks_the_year_official_and_changes_answers(tmp_path, hr):
    before = calendar_add_working_days(code="CN", start=dt.date(2027, 2, 5), n=2, count_start_day=True)
    assert before.provisional and before.date == dt.date(2027, 2, 8)
    path = tmp_path / "cn2027.csv"
    path.write_text(GOOD_2027, encoding="utf-8")
    result = calendar_import(actor=hr, data=path.read_bytes(), file_name=path.name, calendar="CN")
    assert result.years == (2027,) and result.days == 4
    assert CalendarYear.objects.get(calendar="CN", year=2027).status == "official"
    after = calendar_add_working_days(code="CN", start=dt.date(2027, 2, 5), n=2, count_start_day=True)
    assert after.date == dt.date(2027, 2, 6) and not after.provisional  # Saturday is a working day
    assert AuditEvent.objects.filter(action="calendar.import").count() == 1


def test_import_xlsx(tmp_path, hr):
    book = Workbook()
    sheet = book.active
    sheet.append(["日期", "类型", "名称"])
    sheet.append([dt.datetime(2028, 1, 3), "off", "New Year"])
    path = tmp_path / "cn2028.xlsx"
    book.save(path)
    assert calendar_import(actor=hr, data=path.read_bytes(), file_name=path.name).years == (2028,)
    assert CalendarDay.objects.get(calendar="CN", date=dt.date(2028, 1, 3)).source == "import"


def test_bad_import_writes_nothing_and_reports_rows(tmp_path, hr):
    path = tmp_path / "bad.csv"
    path.write_text(
        "date,kind,name\n2027-01-01,off,a\n2027-13-01,off,b\n2027-02-01,maybe,c\n2027-01-01,work,d\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as info:
        calendar_import(actor=hr, data=path.read_bytes(), file_name=path.name)
    problems = [(p.row, p.column, p.value, p.message) for p in info.value.errors]
    assert problems == [
        (3, "date", "2027-13-01", BAD_DATE),
        (4, "kind", "maybe", BAD_CHOICE),
        (5, "date", "2027-01-01", DUPLICATE_DATE),
    ]
    assert info.value.errors[2].params == {"other": 2}
    assert not CalendarDay.objects.filter(date__year=2027).exists()
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not AuditEvent.objects.exists()


def test_only_hr_or_admin_may_import(tmp_path):
    path = tmp_path / "cn2027.csv"
    path.write_text(GOOD_2027, encoding="utf-8")
    with pytest.raises(PermissionDeniedError):
        calendar_import(
            actor=Actor(user=user_with_roles("agent-cal", Role.AGENT)),
            data=path.read_bytes(),
            file_name=path.name,
        )
    assert not CalendarDay.objects.filter(date__year=2027).exists()


def test_seed_other_country_and_skip_unknown_years(hr):
    assert calendar_seed(actor=hr, calendar="US", years=[2025]) == [2025]
    assert CalendarDay.objects.get(calendar="US", date=dt.date(2025, 7, 4)).kind == "off"
    assert calendar_seed(actor=hr, calendar="CN", years=[2099]) == []


def test_cli_show_and_import(tmp_path, capsys):
    user_with_roles("hr-cli-cal", Role.HR)
    assert main(["calendar", "show", "2027"]) == 0
    assert "PROVISIONAL" in capsys.readouterr().out
    assert main(["calendar", "show", "2025"]) == 0
    out = capsys.readouterr().out
    assert "official" in out and "2025-10-11" in out
    bad = tmp_path / "bad.csv"
    bad.write_text("date,kind,name\n2027-01-01,holiday?,x\n", encoding="utf-8")
    assert main(["calendar", "import", str(bad), "--as", "hr-cli-cal"]) == 2
    report_line = capsys.readouterr().err.splitlines()[-1].split()
    assert report_line[:3] == ["2", "kind", "holiday?"]
    good = tmp_path / "good.csv"
    good.write_text(GOOD_2027, encoding="utf-8")
    assert main(["calendar", "import", str(good), "--as", "hr-cli-cal"]) == 0
    capsys.readouterr()
    assert main(["calendar", "show", "2027"]) == 0
    assert "PROVISIONAL" not in capsys.readouterr().out
    assert main(["calendar", "workdays", "2030-01-01", "3"]) == 0
    assert "PROVISIONAL" in capsys.readouterr().out
