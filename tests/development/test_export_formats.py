"""`serviceladder development export`: each format's columns and values for a small organisation."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest

from serviceladder.development.cadence import add_months
from serviceladder.development.selectors.export import GOAL_COLUMNS, PERSON_COLUMNS
from tests.development.export_setup import (
    ASPIRATION,
    MANUAL_GOAL,
    METRIC_GOAL,
    SWITCHED_ON,
    csv_records,
    expected_fcr,
    export_org,
    run,
    today,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(db):
    return export_org()


def _by_number(records):
    return {r["employee_number"]: r for r in records}


def test_csv_has_one_row_per_person_with_plan_goals_actions_and_what_is_due(org, tmp_path):
    code, out = run(["--format", "csv", "--as", "zhaomin", "--language", "en"], tmp_path, "dev.csv")
    assert code == 0
    text = out.read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(PERSON_COLUMNS)
    rows = _by_number(csv_records(out))
    assert len(rows) == 10  # HR: everyone on the roster
    e3 = rows["E2003"]
    fcr = expected_fcr(org.employees["E2003"])
    assert {k: e3[k] for k in PERSON_COLUMNS} == {
        "employee_number": "E2003",
        "employee_name": "李娜",
        "team": "a1",
        "team_name": "Hotline 1",
        "department": "dept-a",
        "department_name": "Customer Service 1",
        "access": "record",
        "plan_status": "active",
        "plan_outcome": "",
        "version_in_force": "1",
        "agreed_on": today().isoformat(),
        "target_level": "L3",
        "target_level_name": "Senior agent",
        "aspiration": "",
        "draft_awaiting": "",
        "goals_total": "2",
        "goals_achieved": "0",
        "goals_missed": "0",
        "goals_unknown": "0",
        "goals_on_track": "1" if fcr >= 0.85 else "0",
        "goals_off_track": "0" if fcr >= 0.85 else "1",
        "goals_insufficient_data": "0",
        "goals_in_progress": "1",
        "goals_awaiting_judgement": "0",
        "actions_total": "2",
        "actions_done": "1",
        "next_conversation_due": (today() + dt.timedelta(days=40)).isoformat(),
        "overdue": "no",
        "direction_review_due": "",  # held
        "first_plan_due": "",  # has a plan
        "mentor": "陈静",
    }
    e4 = rows["E2004"]
    assert (e4["plan_status"], e4["version_in_force"], e4["draft_awaiting"]) == ("draft", "", "person")
    assert (e4["target_level"], e4["aspiration"], e4["goals_total"]) == ("", ASPIRATION, "0")
    # no conversation yet: the clock started on the switch-on day, so the first one is long overdue
    e5 = rows["E2005"]
    assert e5["plan_status"] == "none"
    assert e5["next_conversation_due"] == add_months(SWITCHED_ON, 3).isoformat()
    assert e5["direction_review_due"] == ""  # six months of service long before the switch-on: none owed
    assert e5["first_plan_due"] == (SWITCHED_ON + dt.timedelta(days=30)).isoformat()
    assert e5["overdue"] == "yes"


def test_csv_goal_rows_and_the_level_name_in_chinese(org, tmp_path):
    code, out = run(["--format", "csv", "--goals", "--as", "wangfang", "--language", "zh"], tmp_path, "g.csv")
    assert code == 0
    assert out.read_bytes().decode("utf-8-sig").splitlines()[0] == ",".join(GOAL_COLUMNS)
    goals = {g["statement"]: g for g in csv_records(out)}
    assert set(goals) == {METRIC_GOAL, MANUAL_GOAL}
    metric, manual = goals[METRIC_GOAL], goals[MANUAL_GOAL]
    fcr = expected_fcr(org.employees["E2003"])
    current = today().replace(day=1)
    last = current - dt.timedelta(days=1)
    first = add_months(last.replace(day=1), -2)
    assert metric["employee_number"] == "E2003"
    assert (metric["measure"], metric["metric"], metric["comparison"]) == ("metric", "fcr_rate", ">=")
    assert float(metric["threshold"]) == pytest.approx(0.85)
    assert float(metric["figure"]) == pytest.approx(fcr)
    assert metric["status"] == ("on_track" if fcr >= 0.85 else "off_track")
    assert (metric["final"], metric["judged_on"]) == ("no", "")
    assert (metric["months_from"], metric["months_to"]) == (first.strftime("%Y-%m"), last.strftime("%Y-%m"))
    assert metric["due_date"] == (today() + dt.timedelta(days=150)).isoformat()
    assert (manual["measure"], manual["status"], manual["percent_done"]) == ("manual", "in_progress", "40")
    assert (manual["figure"], manual["months_from"], manual["threshold"]) == ("", "", "")
    assert metric["version"] == manual["version"] == "1"
    # the person rows name the level in the chosen language
    code, out = run(["--format", "csv", "--as", "wangfang", "--language", "zh"], tmp_path, "p.csv")
    assert _by_number(csv_records(out))["E2003"]["target_level_name"] == "高级客服"


def test_json_is_nested_per_person_with_typed_values(org, tmp_path):
    code, out = run(["--format", "json", "--as", "wangfang", "--as-of", today().isoformat()], tmp_path)
    assert code == 0
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload["as_of"] == today().isoformat()
    people = _by_number(payload["people"])
    assert set(people) == {"E2002", "E2003", "E2004"}  # the lead's team, the lead included
    e3 = people["E2003"]
    assert set(e3) == {*PERSON_COLUMNS, "goals"}
    assert (e3["version_in_force"], e3["overdue"], e3["goals_total"]) == (1, False, 2)
    assert people["E2002"]["overdue"] is True
    assert people["E2002"]["version_in_force"] is None
    goals = {g["statement"]: g for g in e3["goals"]}
    assert set(goals[METRIC_GOAL]) == set(GOAL_COLUMNS)
    assert goals[METRIC_GOAL]["figure"] == pytest.approx(expected_fcr(org.employees["E2003"]))
    assert goals[METRIC_GOAL]["final"] is False
    assert goals[MANUAL_GOAL]["percent_done"] == 40
    assert people["E2004"]["goals"] == []


def test_xlsx_has_a_people_sheet_and_a_goals_sheet(org, tmp_path):
    code, out = run(["--format", "xlsx", "--as", "zhaomin"], tmp_path, "dev.xlsx")
    assert code == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["people", "goals"]
    people = [[c.value for c in row] for row in book["people"].iter_rows()]
    assert tuple(people[0]) == PERSON_COLUMNS
    e3 = dict(zip(PERSON_COLUMNS, next(r for r in people if r[0] == "E2003"), strict=True))
    assert (e3["plan_status"], e3["version_in_force"], e3["goals_total"], e3["overdue"]) == (
        "active",
        1,
        2,
        "no",
    )
    assert e3["agreed_on"].date() == today()  # a date cell
    goals = [[c.value for c in row] for row in book["goals"].iter_rows()]
    assert tuple(goals[0]) == GOAL_COLUMNS
    assert sorted(r[GOAL_COLUMNS.index("statement")] for r in goals[1:]) == sorted([METRIC_GOAL, MANUAL_GOAL])


def test_text_that_looks_like_a_formula_is_neutralised_in_both_sheets(org, tmp_path):
    from serviceladder.development.models import Goal

    Goal.objects.filter(statement=MANUAL_GOAL).update(statement='=HYPERLINK("http://x","y")')
    person = org.employees["E2004"]
    person.name = "@SUM(A1)"
    person.save(update_fields=["name"])
    code, out = run(["--format", "xlsx", "--as", "zhaomin"], tmp_path, "dev.xlsx")
    assert code == 0
    book = openpyxl.load_workbook(out)
    names = {c.value for row in book["people"].iter_rows() for c in row}
    statements = {c.value for row in book["goals"].iter_rows() for c in row}
    assert "'@SUM(A1)" in names and "@SUM(A1)" not in names
    assert '\'=HYPERLINK("http://x","y")' in statements
    code, out = run(["--format", "csv", "--goals", "--as", "zhaomin"], tmp_path, "g.csv")
    assert "'=HYPERLINK" in out.read_bytes().decode("utf-8-sig")


def test_a_judged_goal_and_a_closed_plan(org, tmp_path):
    from serviceladder.development.models import Goal, GoalJudgement
    from serviceladder.development.services.plans import plan_close
    from tests.development.plans_setup import as_

    e3 = org.employees["E2003"]
    manual = Goal.objects.get(statement=MANUAL_GOAL, version__state="agreed")
    GoalJudgement.objects.create(lineage=manual.lineage, employee=e3, status="achieved", judged_on=today())
    plan_close(actor=as_(org, "team_lead"), employee=e3, outcome="achieved", reason="升级了")
    code, out = run(["--format", "json", "--as", "zhaomin"], tmp_path)
    assert code == 0
    e3_row = _by_number(json.loads(out.read_text())["people"])["E2003"]
    assert (e3_row["plan_status"], e3_row["plan_outcome"], e3_row["version_in_force"]) == (
        "closed",
        "achieved",
        None,
    )
    assert e3_row["agreed_on"] == today().isoformat()  # the last agreement stays on record
    assert (e3_row["goals_achieved"], e3_row["goals_in_progress"]) == (1, 0)
    goal = next(g for g in e3_row["goals"] if g["statement"] == MANUAL_GOAL)
    assert (goal["status"], goal["final"], goal["judged_on"]) == ("achieved", True, today().isoformat())
    # the counts: one goal judged, achieved; not yet on the day before its judgement
    code, out = run(["--format", "json", "--as", "sunqiang"], tmp_path, "counts.json")
    a = next(d for d in json.loads(out.read_text())["departments"] if d["department"] == "dept-a")
    assert (a["goals_achieved"], a["goals_missed"], a["goals_achieved_share"], a["plans_closed"]) == (
        1,
        0,
        1.0,
        1,
    )
    day_before = (today() - dt.timedelta(days=1)).isoformat()
    code, out = run(["--format", "json", "--as", "sunqiang", "--as-of", day_before], tmp_path, "before.json")
    a = next(d for d in json.loads(out.read_text())["departments"] if d["department"] == "dept-a")
    assert (a["goals_achieved"], a["goals_achieved_share"]) == (0, None)
