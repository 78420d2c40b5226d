"""Who gets which rows from `serviceladder development export`: the people whose development record the user
reads (accounts.scoping), a mentor's mentees (plans and goals only), management counts only, the
administrator nothing."""

from __future__ import annotations

import json

import pytest

from serviceladder.development.errors_export import COUNTS_NOT_ALLOWED, NOTHING_TO_EXPORT
from serviceladder.development.selectors.export import COUNT_COLUMNS
from tests.development.export_setup import METRIC_GOAL, csv_records, export_org, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(db):
    return export_org()


@pytest.mark.parametrize(
    ("username", "numbers"),
    [
        ("lina", {"E2003"}),  # an agent: their own row
        ("wangfang", {"E2002", "E2003", "E2004"}),  # a lead: their team
        ("zhoujg", {"E2001", "E2002", "E2003", "E2004", "E2005"}),  # a head: their department
        ("zhaomin", {f"E20{n:02d}" for n in range(1, 11)}),  # HR: everyone
        ("yanglei", {"E2006", "E2007", "E2010"}),  # department b's lead
    ],
)
def test_people_rows_follow_development_scoping(org, tmp_path, username, numbers):
    code, out = run(["--format", "csv", "--as", username], tmp_path)
    assert code == 0
    rows = csv_records(out)
    assert {r["employee_number"] for r in rows} == numbers
    assert {r["access"] for r in rows} == {"record"}


def test_a_department_narrows_the_rows(org, tmp_path):
    code, out = run(["--as", "zhaomin", "--department", "dept-b"], tmp_path)
    assert code == 0
    assert {r["employee_number"] for r in csv_records(out)} == {"E2006", "E2007", "E2010"}
    # a lead asking for another department gets nobody (the header only)
    code, out = run(["--as", "wangfang", "--department", "dept-b"], tmp_path)
    assert code == 0
    assert csv_records(out) == []


def test_a_mentor_gets_their_mentees_plan_and_goals_without_figures_or_due_dates(org, tmp_path):
    code, out = run(["--format", "json", "--as", "chenjing"], tmp_path)
    assert code == 0
    people = {p["employee_number"]: p for p in json.loads(out.read_text())["people"]}
    assert set(people) == {"E2006", "E2003"}  # their own record, their mentee
    assert people["E2006"]["access"] == "record"
    mentee = people["E2003"]
    assert mentee["access"] == "mentee"
    assert (mentee["plan_status"], mentee["target_level"], mentee["goals_total"]) == ("active", "L3", 2)
    # the cadence is not the mentor's business; the goal's status is, its figures are not (as on the API)
    assert [mentee[k] for k in ("next_conversation_due", "overdue", "direction_review_due")] == [None] * 3
    metric = next(g for g in mentee["goals"] if g["statement"] == METRIC_GOAL)
    assert metric["status"] in ("on_track", "off_track")
    assert (metric["figure"], metric["months_from"], metric["months_to"]) == (None, "", "")
    # the lead, who may see the performance, gets the figure
    code, out = run(["--format", "json", "--as", "wangfang"], tmp_path)
    lead_view = {p["employee_number"]: p for p in json.loads(out.read_text())["people"]}["E2003"]
    assert next(g for g in lead_view["goals"] if g["statement"] == METRIC_GOAL)["figure"] is not None


def test_management_gets_counts_per_department_and_no_person(org, tmp_path):
    code, out = run(["--format", "csv", "--as", "sunqiang"], tmp_path)
    assert code == 0
    text = out.read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(COUNT_COLUMNS)
    for number in org.employees:
        assert number not in text
    for person in org.employees.values():
        assert person.name not in text
    rows = {r["department"] or r["department_name"]: r for r in csv_records(out)}
    a = rows["dept-a"]
    # by team: the head E2001 has none, so counts under "no department"
    assert (a["people"], a["plans_draft"], a["plans_active"], a["plans_closed"]) == ("4", "1", "1", "0")
    assert (a["actions"], a["actions_done"], a["actions_done_share"]) == ("2", "1", "0.5")
    assert a["active_share"] == "0.25"
    # everyone in department a but E2003 has a conversation overdue (E2003's direction review is held)
    assert a["people_overdue"] == "3"
    whole = rows["whole organisation"]
    assert (whole["department"], whole["people"], whole["plans_active"]) == ("", "10", "1")
    assert whole["people_overdue"] == "9"


def test_management_counts_for_one_department_and_in_json(org, tmp_path):
    code, out = run(["--format", "json", "--as", "sunqiang", "--department", "dept-b"], tmp_path)
    assert code == 0
    departments = json.loads(out.read_text())["departments"]
    assert [d["department"] for d in departments] == ["dept-b"]
    assert departments[0]["people"] == 3
    assert departments[0]["active_share"] == 0.0
    assert departments[0]["actions_done_share"] is None


def test_hr_gets_counts_on_request_and_a_lead_may_not(org, tmp_path, capsys):
    code, out = run(["--counts", "--as", "zhaomin"], tmp_path)
    assert code == 0
    assert out.read_bytes().decode().splitlines()[0] == ",".join(COUNT_COLUMNS)
    code, out = run(["--counts", "--as", "wangfang"], tmp_path, "lead.csv")
    assert code == 2
    assert not out.exists()
    err = capsys.readouterr().err
    assert err == "serviceladder: " + str(COUNTS_NOT_ALLOWED % {"user": "wangfang"}) + "\n"


@pytest.mark.parametrize("username", ["sysadmin", "huangli"])
def test_the_administrator_and_a_user_without_a_role_are_refused(org, tmp_path, capsys, username):
    code, out = run(["--format", "json", "--as", username], tmp_path)
    assert code == 2
    assert not out.exists()
    err = capsys.readouterr().err
    assert err == "serviceladder: " + str(NOTHING_TO_EXPORT % {"user": username}) + "\n"
