"""`serviceladder import assessments FILE`: historic self and superior ratings, long format; atomic; every
bad row reported with row, column, value and what is allowed; exit 2."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from serviceladder.audit.models import AuditEvent
from serviceladder.cli.main import main
from serviceladder.development.models import Assessment, Rating
from serviceladder.development.selectors.confirmations import competency_ratings_as_of
from tests.development.assessment_setup import load_policy

pytestmark = pytest.mark.django_db

HEADER = "工号,目标级别,评价方,评价日期,能力项,评分,依据\n"
GOOD = (
    HEADER
    + "E2004,L2,self,2024-06-03,communication,2,\n"
    + "E2004,L2,self,2024-06-03,辅导,2,\n"
    + "E2004,L2,上级,2024-06-03,Communication,3,带教新人\n"
    + "E2004,L2,上级,2024-06-03,coaching,1,\n"
    + "E2004,L2,superior,2025-01-06,communication,3,\n"
    + "E2004,L2,superior,2025-01-06,coaching,2,\n"
    + "E2003,X1,superior,2025-02-03,communication,3,\n"
)


def _run(tmp_path, text: str, name="ratings.csv", data: bytes | None = None):
    path = tmp_path / name
    path.write_bytes(data if data is not None else text.encode("utf-8"))
    return main(["import", "assessments", str(path), "--as", "zhaomin"])


def test_a_good_file_makes_one_assessment_per_person_step_and_day(org, tmp_path, capsys):
    load_policy(org)
    assert _run(tmp_path, GOOD) == 0
    assert "3 assessments created" in capsys.readouterr().out
    assert Assessment.objects.count() == 3 and Rating.objects.count() == 4
    first = Assessment.objects.get(employee__number="E2004", opened_at__date=dt.date(2024, 6, 3))
    groups = {r.group: r for r in first.ratings.all()}
    assert groups["self"].scores == {"communication": 2, "coaching": 2}
    assert groups["superior"].scores == {"communication": 3, "coaching": 1}
    assert groups["superior"].evidence == {"communication": "带教新人"}
    assert groups["superior"].rated_at.date() == dt.date(2024, 6, 3)
    emp = org.employees["E2004"].pk
    assert competency_ratings_as_of([emp], dt.date(2024, 12, 31))[emp] == {
        "L2": {"communication": 3, "coaching": 1}
    }
    assert competency_ratings_as_of([emp], dt.date(2025, 1, 6))[emp] == {
        "L2": {"communication": 3, "coaching": 2}
    }
    assert AuditEvent.objects.filter(action="import.assessments").count() == 1
    assert AuditEvent.objects.filter(action="assessment.rate_superior").count() == 3


def test_an_xlsx_file_with_english_headers(org, tmp_path):
    load_policy(org)
    book = Workbook()
    sheet = book.active
    sheet.append(["Employee number", "Target level", "Rater group", "Rated on", "Competency", "Rating"])
    sheet.append(["E2003", "X1", "superior", dt.date(2025, 2, 3), "communication", 4])
    buffer = io.BytesIO()
    book.save(buffer)
    assert _run(tmp_path, "", name="ratings.xlsx", data=buffer.getvalue()) == 0
    assert Rating.objects.get().scores == {"communication": 4}


BAD_ROWS = [
    ("E9999,L2,self,2024-06-03,communication,2,", "工号", "E9999", "No employee has this number"),
    ("E2004,L2,peer,2024-06-03,communication,2,", "评价方", "peer", "self, superior"),
    ("E2004,L2,self,2024-13-01,communication,2,", "评价日期", "2024-13-01", "Not a date"),
    ("E2004,L2,self,2099-01-04,communication,2,", "评价日期", "2099-01-04", "cannot be after today"),
    ("E2004,L2,self,2024-06-03,leadership,2,", "能力项", "leadership", "Allowed: communication, coaching"),
    ("E2004,L2,self,2024-06-03,communication,6,", "评分", "6", "between 1 and 5"),
    ("E2004,L2,self,2024-06-03,communication,3.5,", "评分", "3.5", "between 1 and 5"),
    ("E2004,L2,self,2024-06-03,communication,,", "评分", "", "must not be empty"),
    ("E2004,L3,self,2024-06-03,communication,2,", "目标级别", "L3", "allowed: L2"),
    ("E2004,NOPE,self,2024-06-03,communication,2,", "目标级别", "NOPE", "no level NOPE"),
    ("E2004,L2,self,2023-06-01,communication,2,", "目标级别", "L2", "No policy is in force"),
    ("E2004,L2,上级,2024-06-03,communication,3,", "能力项", "communication", "also row 4"),
]


@pytest.mark.parametrize(("row", "column", "value", "reason"), BAD_ROWS)
def test_each_kind_of_bad_row_is_reported_and_nothing_written(
    org, tmp_path, capsys, row, column, value, reason
):
    load_policy(org)
    assert _run(tmp_path, GOOD + row + "\n") == 2
    err = capsys.readouterr().err
    line = next(x for x in err.splitlines() if x.startswith("9 "))  # the 8th data row is row 9
    assert column in line and value in line and reason in line, err
    assert not Assessment.objects.exists() and not Rating.objects.exists()
    assert not AuditEvent.objects.filter(
        action__in=["import.assessments", "assessment.rate_superior"]
    ).exists()


def test_a_rating_that_misses_a_competency_of_the_profile(org, tmp_path, capsys):
    load_policy(org)
    assert _run(tmp_path, HEADER + "E2004,L2,self,2024-06-03,communication,2,\n") == 2
    err = capsys.readouterr().err
    assert "misses competencies: coaching" in err and err.splitlines()[-1].startswith("2 ")
    assert not Assessment.objects.exists()


def test_every_bad_row_is_listed_at_once(org, tmp_path, capsys):
    load_policy(org)
    text = GOOD + "\n".join(r[0] for r in BAD_ROWS[:6]) + "\n"
    assert _run(tmp_path, text) == 2
    err = capsys.readouterr().err
    for number in range(9, 15):
        assert any(x.startswith(f"{number} ") for x in err.splitlines()), (number, err)
    assert not Assessment.objects.exists()


def test_an_unknown_column_is_refused(org, tmp_path, capsys):
    load_policy(org)
    assert _run(tmp_path, GOOD.replace("依据", "备注栏")) == 2
    assert "Unknown column" in capsys.readouterr().err


def test_only_hr_imports(org, tmp_path, capsys):
    load_policy(org)
    path = tmp_path / "ratings.csv"
    path.write_text(GOOD, encoding="utf-8")
    assert main(["import", "assessments", str(path), "--as", "wangfang"]) == 2
    assert not Assessment.objects.exists()
