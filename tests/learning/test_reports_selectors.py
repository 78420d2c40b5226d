"""Learning reports (issue 17 item 6): figures computed by hand from tests/learning/reports_data.py, for each
reader's scope."""

from __future__ import annotations

import datetime as dt

import pytest

from serviceladder.core.errors import NotFoundOrForbidden, PermissionDeniedError
from serviceladder.learning.models import Completion, Enrolment
from serviceladder.learning.selectors import reports
from tests.learning.reports_data import AS_OF, add_learning
from tests.web.org import build_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    org = build_org(months=1)
    add_learning(org)
    return org


def _table(rows):
    return {r.key: (r.enrolled, r.completed, r.overdue, r.rate) for r in rows}


def test_team_rates_for_hr_leave_out_cancelled_and_leavers(org):
    rows = reports.by_team(org.users["hr"], as_of=AS_OF)
    # b1: E2006 failed + overdue, E2007 completed (E2011 left before the report day)
    assert _table(rows) == {"a1": (3, 1, 1, 33), "a2": (1, 1, 0, 100), "b1": (3, 1, 1, 33)}
    assert {r.key: r.people for r in rows} == {"a1": 2, "a2": 1, "b1": 2}


def test_lead_sees_only_their_team(org):
    lead = org.users["team_lead"]
    assert _table(reports.by_team(lead, as_of=AS_OF)) == {"a1": (3, 1, 1, 33)}
    assert _table(reports.by_course(lead, as_of=AS_OF)) == {"c1": (2, 1, 0, 50), "c2": (1, 0, 1, 0)}
    total = reports.totals(lead, as_of=AS_OF)
    assert (total.enrolled, total.completed, total.overdue, total.people) == (3, 1, 1, 1)


def test_head_sees_their_department(org):
    head = org.users["department_head"]
    assert _table(reports.by_department(head, as_of=AS_OF)) == {"dept-a": (4, 2, 1, 50)}
    assert _table(reports.by_team(head, as_of=AS_OF)) == {"a1": (3, 1, 1, 33), "a2": (1, 1, 0, 100)}


def test_hr_by_department_and_course(org):
    hr = org.users["hr"]
    assert _table(reports.by_department(hr, as_of=AS_OF)) == {
        "dept-a": (4, 2, 1, 50),
        "dept-b": (3, 1, 1, 33),
    }
    assert _table(reports.by_course(hr, as_of=AS_OF)) == {"c1": (5, 3, 0, 60), "c2": (2, 0, 2, 0)}


def test_overdue_is_strictly_before_the_report_day(org):
    hr = org.users["hr"]
    # E2006's c2 is due 2026-06-14: overdue on the 15th, not on the 14th
    assert reports.totals(hr, as_of=dt.date(2026, 6, 14)).overdue == 1
    assert reports.totals(hr, as_of=AS_OF).overdue == 2
    assert [(e.employee.number, e.course.code) for e in reports.overdue_enrolments(hr, as_of=AS_OF)] == [
        ("E2003", "c2"),
        ("E2006", "c2"),
    ]


def test_tenure_cohorts(org):
    rows = reports.by_tenure(org.users["hr"], as_of=AS_OF)
    assert [r.key for r in rows] == ["0-3", "3-6", "6-12", "12-24", "24+"]
    # 0-3: E2003 (1 month), E2005 (2 months: 16 March to 15 June); 6-12: E2004 (exactly 6 months);
    # 24+: E2001, E2002, E2006, E2007, E2008, E2009, E2010 (hired 2022; E2011 has left)
    assert {r.key: (r.people, r.enrolled, r.completed, r.overdue) for r in rows} == {
        "0-3": (2, 3, 2, 1),
        "3-6": (0, 0, 0, 0),
        "6-12": (1, 1, 0, 0),
        "12-24": (0, 0, 0, 0),
        "24+": (7, 3, 1, 1),
    }
    assert rows[1].rate is None


@pytest.mark.parametrize(
    ("hired", "as_of", "months", "cohort"),
    [
        (dt.date(2026, 6, 15), dt.date(2026, 6, 15), 0, "0-3"),
        (dt.date(2026, 3, 16), dt.date(2026, 6, 15), 2, "0-3"),
        (dt.date(2026, 3, 15), dt.date(2026, 6, 15), 3, "3-6"),
        (dt.date(2025, 6, 15), dt.date(2026, 6, 14), 11, "6-12"),
        (dt.date(2025, 6, 15), dt.date(2026, 6, 15), 12, "12-24"),
        (dt.date(2024, 6, 15), dt.date(2026, 6, 15), 24, "24+"),
        (dt.date(2026, 7, 1), dt.date(2026, 6, 15), 0, "0-3"),
    ],
)
def test_tenure_boundaries(hired, as_of, months, cohort):
    assert reports.tenure_months(hired, as_of) == months
    assert reports.cohort_key(months) == cohort


def test_new_hires_against_attrition(org):
    report = reports.new_hires(org.users["hr"], as_of=AS_OF, months=12)
    by_number = {p.employee.number: p for p in report.people}
    assert list(by_number) == ["E2011", "E2004", "E2005", "E2003"]
    assert by_number["E2011"].shares == {30: 33, 60: 33, 90: 33}
    assert (by_number["E2011"].left_on, by_number["E2011"].left_early) == (dt.date(2026, 1, 1), True)
    assert by_number["E2011"].share_at_leaving == 33
    # E2004: c1 on day 26, c2 on day 67, c3 on day 85
    assert by_number["E2004"].shares == {30: 33, 60: 33, 90: 100}
    assert by_number["E2005"].shares == {30: 33, 60: 33, 90: 67}
    # E2003 was hired 56 days before the report day: day 60 and 90 have not come
    assert by_number["E2003"].shares == {30: 33, 60: None, 90: None}
    assert not by_number["E2003"].left_early and by_number["E2003"].share_at_leaving is None
    assert report.summary() == [
        {"group": "stayed", "people": 3, "day_30": 33, "day_60": 33, "day_90": 84},
        {"group": "left_early", "people": 1, "day_30": 33, "day_60": 33, "day_90": 33},
    ]


def test_a_late_leaver_is_not_an_early_one(org):
    e2004 = org.employees["E2004"]
    e2004.leave_date = dt.date(2026, 6, 16)  # six months and a day after 15 December
    e2004.save(update_fields=["leave_date"])
    report = reports.new_hires(org.users["hr"], as_of=dt.date(2026, 6, 20), months=12)
    person = next(p for p in report.people if p.employee.number == "E2004")
    assert person.left_on == dt.date(2026, 6, 16) and not person.left_early
    assert person.share_at_leaving == 100


def test_new_hires_scope_and_listing(org):
    lead = reports.new_hires(org.users["team_lead"], as_of=AS_OF)
    assert [p.employee.number for p in lead.people] == ["E2004", "E2003"]
    assert [p.employee.number for p in lead.listed] == ["E2004", "E2003"]
    # management reads the figures, never a person
    management = reports.new_hires(org.users["management"], as_of=AS_OF)
    assert len(management.people) == 4 and management.listed == []


@pytest.mark.parametrize("role", ["agent", "admin", "none"])
def test_reports_refused_without_the_right(org, role):
    with pytest.raises(PermissionDeniedError):
        reports.by_course(org.users[role], as_of=AS_OF)
    with pytest.raises(PermissionDeniedError):
        reports.new_hires(org.users[role], as_of=AS_OF)


def test_history_of_a_person(org):
    h = reports.history(org.users["agent"], org.employees["E2003"], as_of=AS_OF)
    assert [(e.course.code, e.state) for e in h.enrolments] == [("c2", "assigned"), ("c1", "completed")]
    assert [c.course.code for c in h.completions] == ["c1"]
    assert [x.name for x in h.exams] == ["业务知识考核"]
    assert (h.overdue, h.open, h.valid_completions) == (1, 1, 1)


@pytest.mark.parametrize(
    ("role", "number"), [("management", "E2003"), ("team_lead", "E2006"), ("agent", "E2004")]
)
def test_history_hidden_outside_the_record(org, role, number):
    with pytest.raises(NotFoundOrForbidden):
        reports.history(org.users[role], org.employees[number], as_of=AS_OF)


def test_completion_valid_until_the_day_before_expiry(org):
    c = Completion.objects.filter(employee=org.employees["E2003"]).get()
    c.expires_on = dt.date(2026, 6, 15)
    assert reports.is_valid(c, dt.date(2026, 6, 14))
    assert not reports.is_valid(c, dt.date(2026, 6, 15))


def test_export_rows_are_scoped(org):
    lead_rows = reports.enrolment_rows(org.users["team_lead"], as_of=AS_OF)
    assert {r["employee_number"] for r in lead_rows} == {"E2003", "E2004"}
    overdue = [r for r in lead_rows if r["overdue"]]
    assert [(r["employee_number"], r["course_code"]) for r in overdue] == [("E2003", "c2")]
    assert len(reports.enrolment_rows(org.users["hr"], as_of=AS_OF)) == Enrolment.objects.count()
    assert reports.enrolment_rows(org.users["management"], as_of=AS_OF) == []
    agent = reports.completion_rows(org.users["agent"], as_of=AS_OF)
    assert [(r["employee_number"], r["course_code"], r["valid"]) for r in agent] == [("E2003", "c1", True)]
