"""The payroll file: CSV in UTF-8 with a BOM and XLSX, Chinese and English headers, employee numbers as text
and amounts as numbers, the rounding rule in the file, delta lines with their original month, formula
escaping that never touches numbers, approved months only; `serviceladder bonus` on the command line."""

import csv
import datetime as dt
import io
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from serviceladder.recognition import pay_errors as err
from serviceladder.recognition.models import BonusMonth
from serviceladder.recognition.pay_export import HEADER, render
from serviceladder.recognition.services import pay as services
from tests.recognition.pay_org import hr, pay_org, publish_stars

pytestmark = pytest.mark.django_db

OCT, NOV = "2026-10", "2026-11"


@pytest.fixture
def months(db):
    org = pay_org()
    e = org.employees["E2003"]
    e.name = '=HYPERLINK("http://x")'  # a name that would be a formula
    e.number = "0123"  # leading zero: stays text
    e.save()
    publish_stars(org, OCT, {"E2004": 1})
    publish_stars(org, NOV, {"E2004": 2})
    org.employees["E2003"] = e
    october = services.bonus_month_propose(actor=hr(org), month=OCT, on=dt.date(2026, 11, 3))
    line = october.lines.get(employee=org.employees["E2004"])
    services.bonus_line_adjust(actor=hr(org), line=line, adjustment=D("-96"), reason="-扣减: 迟到")
    services.bonus_month_approve(actor=hr(org), bonus_month=october)
    services.bonus_correction_create(
        actor=hr(org),
        bonus_month=october,
        employee=org.employees["E2004"],
        delta=D("-30.25"),
        reason="补扣",
    )
    nov = services.bonus_month_propose(actor=hr(org), month=NOV, on=dt.date(2026, 12, 3))
    return org, BonusMonth.objects.get(month=OCT), nov


def test_csv_has_a_bom_bilingual_headers_numbers_untouched_and_names_escaped(months):
    _org, october, _nov = months
    data = render(october, "csv")
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == HEADER and "金额 Amount" in rows[0] and "员工编号 Employee number" in rows[0]
    by_number = {r[0]: r for r in rows[1:]}
    agent = by_number["E2004"]  # L1, 1 star: 600 × 0.8 = 480, then −96
    assert agent[8] == "-96.00" and agent[9] == "384.00"  # a negative number is never quoted
    assert agent[11] == "'-扣减: 迟到"  # text starting with "-" is
    assert by_number["0123"][1].startswith("'=HYPERLINK")
    assert all(r[12] == "四舍五入至0.01 ROUND_HALF_UP to 0.01" for r in rows[1:])


def test_xlsx_numbers_are_numbers_employee_numbers_text_and_delta_lines_carry_their_month(months):
    _org, october, nov = months
    with pytest.raises(err.PayInvalid):
        render(nov, "xlsx")  # not approved
    services.bonus_month_approve(actor=hr(_org), bonus_month=nov)
    sheet = load_workbook(io.BytesIO(render(BonusMonth.objects.get(month=NOV), "xlsx"))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    numbers = {r[0]: r for r in rows[1:] if r[3] is None}
    cell_types = {(row[0].value, i): row[i].data_type for row in sheet.iter_rows(min_row=2) for i in (0, 9)}
    assert cell_types[("0123", 0)] == "s" and cell_types[("0123", 9)] == "n"
    # amounts keep their two decimals when Excel shows them (600.00, not 600)
    formats = {row[0].value: row[9].number_format for row in sheet.iter_rows(min_row=2)}
    assert formats["E2004"] == "0.00"
    assert numbers["E2004"][9] == 600  # 2 stars, coefficient 1
    delta = [r for r in rows[1:] if r[3] == OCT]
    assert len(delta) == 1 and delta[0][0] == "E2004" and delta[0][2] == NOV and delta[0][9] == -30.25
    assert delta[0][10] == "更正 correction" and delta[0][11] == "补扣"


def test_cli_propose_and_export(months, tmp_path, capsys):
    from serviceladder.cli.main import main

    org, october, _nov = months
    out = tmp_path / "oct.xlsx"
    assert (
        main(["bonus", "export", "--month", OCT, "--format", "xlsx", "--output", str(out), "--as", "zhaomin"])
        == 0
    )
    assert load_workbook(out).active["A1"].value == HEADER[0]
    assert main(["bonus", "export", "--month", NOV, "--format", "csv", "--as", "zhaomin"]) == 2
    assert "not approved" in capsys.readouterr().err
    assert main(["bonus", "propose", "--month", OCT, "--as", "zhaomin"]) == 2
    assert "frozen" in capsys.readouterr().err
    assert main(["bonus", "propose", "--month", "2026-1", "--as", "zhaomin"]) == 2
    assert main(["bonus", "export", "--month", OCT, "--as", "wangfang"]) == 2  # a lead: not allowed
    assert "Only HR" in capsys.readouterr().err
