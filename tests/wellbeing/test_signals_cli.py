"""`serviceladder wellbeing signals` and `wellbeing scan`: the people the acting user may see, with their
stage, risk and reasons, in table, JSON, CSV and XLSX; bad input exits 2 with one line and writes nothing."""

import json

import pytest
from openpyxl import load_workbook

from serviceladder.cli.main import main
from serviceladder.wellbeing.models import WellbeingAssessment
from tests.web.org import WEB_POLICY
from tests.wellbeing.signals_setup import months, wellbeing_org

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def org():
    return wellbeing_org()


def test_hr_sees_everyone_with_the_reasons_in_json(org, capsys):
    assert main(["wellbeing", "signals", "--format", "json", "--as", "zhaomin", "--language", "en"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["month"] == months()[-1]
    people = {p["employee"]: p for p in data["people"]}
    assert set(people) == {"E2002", "E2003", "E2004", "E2006"}
    lina = people["E2003"]
    assert lina["risk"] == "act" and {"workload", "strain"} <= set(lina["fired"])
    workload = next(s for s in lina["signals"] if s["signal"] == "workload")
    assert "above the team median by 25% or more" in workload["explanation"]
    assert sum(c["decisive"] for c in lina["stage_checks"]) == 1
    # the CLI only reads: nothing stored
    assert WellbeingAssessment.objects.count() == 0


def test_a_lead_sees_their_team_only_in_the_table(org, capsys):
    assert main(["wellbeing", "signals", "--as", "wangfang", "--language", "zh"]) == 0
    out = capsys.readouterr().out
    assert "E2003" in out and "E2004" in out
    assert "E2006" not in out  # another department's team
    assert "接待量均高于团队中位数" in out


def test_an_agent_sees_their_own_row(org, capsys):
    assert main(["wellbeing", "signals", "--as", "lina", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2 and lines[1].startswith("E2003,")


def test_team_filter_and_xlsx(org, tmp_path, capsys):
    target = tmp_path / "signals.xlsx"
    assert (
        main(
            [
                "wellbeing",
                "signals",
                "--team",
                "a1",
                "--format",
                "xlsx",
                "--output",
                str(target),
                "--as",
                "zhaomin",
            ]
        )
        == 0
    )
    sheet = load_workbook(target).active
    numbers = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(numbers) == ["E2002", "E2003", "E2004"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--as-of", "yesterday"], "serviceladder: --as-of must be a date like 2026-07-01"),
        (["--format", "xlsx"], "serviceladder: --format xlsx needs --output FILE"),
        (["--team", "zz"], "serviceladder: There is no team zz among the people you may see."),
    ],
)
def test_bad_input_exits_2_with_one_line(org, capsys, argv, message):
    assert main(["wellbeing", "signals", "--as", "zhaomin", *argv]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [message]


def test_a_team_the_lead_may_not_see_is_refused_like_an_unknown_one(org, capsys):
    assert main(["wellbeing", "signals", "--as", "wangfang", "--team", "b1"]) == 2
    assert "no team b1" in capsys.readouterr().err


def test_scan_stores_the_month_and_refuses_a_month_not_ended(org, capsys):
    assert main(["wellbeing", "scan", "--month", months()[-1]]) == 0
    assert f"{months()[-1]}: 4 people assessed" in capsys.readouterr().out
    assert WellbeingAssessment.objects.count() == 4
    assert main(["wellbeing", "scan", "--month", "2999-01"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["serviceladder: Give the month as YYYY-MM, a month that has ended; found 2999-01."]
    assert WellbeingAssessment.objects.count() == 4


def test_without_wellbeing_in_the_policy(db, capsys):
    wellbeing_org(policy=WEB_POLICY)
    assert main(["wellbeing", "signals", "--as", "zhaomin"]) == 1
    assert "does not switch wellbeing on" in capsys.readouterr().err
    assert main(["wellbeing", "scan"]) == 0
    assert WellbeingAssessment.objects.count() == 0


def test_an_agent_does_not_see_their_own_risk_when_the_policy_says_so(db, capsys):
    from tests.wellbeing.signals_setup import WELLBEING_POLICY

    wellbeing_org(
        policy=WELLBEING_POLICY.replace(
            "wellbeing:\n  enabled: true\n", "wellbeing:\n  enabled: true\n  agents_see_own_risk: false\n"
        )
    )
    assert main(["wellbeing", "signals", "--as", "lina", "--format", "json"]) == 0
    [own] = json.loads(capsys.readouterr().out)["people"]
    assert own["employee"] == "E2003" and own["risk"] is None and own["fired"] is None
    assert own["stage"] and own["signals"]  # the stage and the signals themselves stay visible
    assert main(["wellbeing", "signals", "--as", "wangfang", "--format", "json"]) == 0
    lead_view = {p["employee"]: p for p in json.loads(capsys.readouterr().out)["people"]}
    assert lead_view["E2003"]["risk"] == "act"
