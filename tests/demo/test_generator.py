"""The demo generator is pure: these tests need no database."""

import datetime as dt
from decimal import Decimal

import pytest

from serviceladder.demo.generator import LEVELS, MIN_MONTHS_BEFORE_NEXT, generate, month_index

TODAY = dt.date(2026, 5, 14)


@pytest.fixture(scope="module")
def org():
    return generate(seed=7, agents=320, months=18, today=TODAY)


def test_same_seed_gives_identical_data(org):
    assert generate(seed=7, agents=320, months=18, today=TODAY) == org


def test_different_seed_gives_different_data(org):
    other = generate(seed=8, agents=320, months=18, today=TODAY)
    assert [p.name for p in other.people] != [p.name for p in org.people]
    assert other != org


def test_number_of_months_does_not_change_the_people(org):
    short = generate(seed=7, agents=320, months=6, today=TODAY)
    assert [(p.number, p.name, p.hire_date, p.levels) for p in short.people] == [
        (p.number, p.name, p.hire_date, p.levels) for p in org.people
    ]


def test_months_end_with_the_last_complete_month(org):
    assert len(org.months) == 18
    assert org.months[-1] == "2026-04"
    assert org.months[0] == "2024-11"


def test_minimum_size_and_every_level_is_held(org):
    frontline = [p for p in org.people if p.role == "agent"]
    assert len(org.departments) >= 3
    assert len(org.teams) >= 12
    assert len(frontline) == 320
    held = {p.current_level for p in org.people}
    assert {level.code for level in LEVELS} <= held
    assert {p.current_level for p in org.people if p.role == "lead"} == {"CS4"}
    assert {p.current_level for p in org.people if p.role == "head"} == {"CS5"}
    # Most frontline people are on the first three service levels.
    assert sum(p.current_level in {"CS1", "CS2", "CS3"} for p in frontline) > 0.7 * len(frontline)


def test_structure_links_are_consistent(org):
    people = {p.number: p for p in org.people}
    assert len(people) == len(org.people)
    for team in org.teams:
        assert people[team.lead].team == team.code
        assert people[team.lead].manager == next(d.head for d in org.departments if d.code == team.department)
    for p in org.people:
        if p.role == "agent":
            assert people[p.manager].number == next(t.lead for t in org.teams if t.code == p.team)


def test_level_history_follows_hire_dates_and_minimum_times(org):
    promoted_in_period = 0
    window_start = dt.date(2024, 11, 1)
    for p in org.people:
        if p.role == "staff":
            assert p.levels == []
            continue
        assert p.levels[0].effective_from == p.hire_date
        for before, after in zip(p.levels, p.levels[1:], strict=False):
            months = month_index(after.effective_from) - month_index(before.effective_from)
            assert months >= MIN_MONTHS_BEFORE_NEXT[before.level]
        assert p.levels[-1].effective_from <= TODAY
        promoted_in_period += any(c.effective_from >= window_start for c in p.levels[1:])
    assert 0.1 * len(org.people) < promoted_in_period < 0.6 * len(org.people)


def test_hire_dates_span_six_years_and_some_have_experience(org):
    hires = [p.hire_date for p in org.people]
    assert max(hires) <= TODAY
    assert (max(hires) - min(hires)).days > 5 * 365
    assert min(hires) >= dt.date(2020, 1, 1)
    assert 0.2 < sum(p.prior_experience_months > 0 for p in org.people) / len(org.people) < 0.9


def test_metrics_are_in_range_and_never_before_hire(org):
    rows = 0
    for p in org.people:
        hire_month = f"{p.hire_date:%Y-%m}"
        for m in p.metrics:
            rows += 1
            assert m.month >= hire_month
            assert 3.8 <= m.csat_mean <= 4.9
            assert 20 <= m.csat_rated <= 200
            assert 0.6 <= m.fcr_rate <= 0.9
            assert 180 <= m.aht_seconds <= 600
            assert 10 <= m.first_response_seconds_mean <= 120
            assert 0 <= m.complaint_rate <= 0.05
            assert 0.7 <= m.kpi_completion <= 1.3
            assert 70 <= m.qa_score <= 100
            assert 1 <= m.supervisor_rating <= 5
            assert (
                0 < m.on_time_response_rate <= 1 and 0 < m.resolution_rate <= 1 and 0 < m.attendance_rate <= 1
            )
        if p.role in {"head", "staff"}:
            assert p.metrics == []
    assert rows > 300 * 12


def test_trends_differ_between_people(org):
    def csat_change(p):
        return sum(m.csat_mean for m in p.metrics[-6:]) / 6 - sum(m.csat_mean for m in p.metrics[:6]) / 6

    full = [p for p in org.people if len(p.metrics) == 18]
    improvers = [csat_change(p) for p in full if p.trend == "improver"]
    decliners = [csat_change(p) for p in full if p.trend == "decliner"]
    assert improvers and decliners
    assert sum(improvers) / len(improvers) > 0.05 > -0.05 > sum(decliners) / len(decliners)


def test_pay_is_decimal_cny_and_follows_levels(org):
    for p in org.people:
        assert p.pay, p.number
        dates = [x.effective_from for x in p.pay]
        assert dates == sorted(dates) and len(set(dates)) == len(dates)
        for x in p.pay:
            assert isinstance(x.monthly_amount, Decimal) and x.currency == "CNY"
        amounts = [x.monthly_amount for x in p.pay]
        assert amounts == sorted(amounts)  # in this demo nobody's pay goes down
    mean_l4 = [p.pay[-1].monthly_amount for p in org.people if p.current_level == "CS4"]
    mean_l1 = [p.pay[-1].monthly_amount for p in org.people if p.current_level == "CS1"]
    assert min(mean_l4) > max(mean_l1)


def test_other_records_exist_in_realistic_shares(org):
    n = len(org.people)
    with_violations = sum(bool(p.violations) for p in org.people)
    assert 0.02 * n <= with_violations <= 0.1 * n
    assert sum(bool(p.exams) for p in org.people) > 0.8 * 320
    assert all(p.education for p in org.people)
    assert all(p.trainings for p in org.people if (TODAY - p.hire_date).days > 30)  # induction training
    assert any(t.kind == "certification" for p in org.people for t in p.trainings)
    assert {"phone", "chat", "email", "ticket"} <= {c for p in org.people for c in p.channels}
    assert {"zh", "en", "yue"} <= {lang for p in org.people for lang in p.languages}
    for p in org.people:
        for e in p.exams:
            assert e.date <= TODAY and Decimal(0) <= e.score <= e.max_score


def test_logins_point_at_the_right_people(org):
    logins = {login.username: login for login in org.logins}
    assert set(logins) == {"agent", "lead", "head", "hr", "management", "admin"}
    agent = org.person(logins["agent"].employee)
    lead_team = next(t for t in org.teams if t.lead == logins["lead"].employee)
    assert agent.team == lead_team.code
    head_dept = next(d for d in org.departments if d.head == logins["head"].employee)
    assert lead_team.department == head_dept.code
    assert set(logins["admin"].roles) == {"admin"}


@pytest.mark.parametrize("agents, months", [(19, 6), (40, 0), (40, 73)])
def test_sizes_out_of_range_are_refused(agents, months):
    with pytest.raises(ValueError):
        generate(seed=1, agents=agents, months=months, today=TODAY)


def test_small_organisation_still_has_every_level():
    small = generate(seed=3, agents=20, months=2, today=TODAY)
    assert {level.code for level in LEVELS} <= {p.current_level for p in small.people}
    assert all(any(p.team == t.code and p.role == "agent" for p in small.people) for t in small.teams)
