"""The wellbeing signal clauses (issue 16 item 2): workload above the team median, a worsening streak, a
plateau without development, a stall after a setback, a low shared pulse answer. Boundaries by table, the
rest as properties: missing data never fires (insufficient, never "fine"), the verdict follows its
definition, and every explanation renders in both languages."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from serviceladder.rules import clauses, explain
from serviceladder.rules.clauses import FAIL, INSUFFICIENT, PASS, PulseAnswerFact, SetbackFact

M3 = ("2026-03", "2026-04", "2026-05")
M4 = ("2026-02", *M3)
AS_OF = dt.date(2026, 6, 1)


def rendered(check):
    for language in ("en", "zh"):
        assert explain.render_check(check, language)
    return check


def workload(values, medians, *, percent=25.0, sizes=10, min_sample=0, samples=None, min_team=3):
    figures = {}
    for i, (m, v) in enumerate(zip(M3, values, strict=True)):
        if v is not None:
            figures[m] = {"contacts": v}
            if samples is not None:
                figures[m]["contacts"] = v
                figures[m]["n"] = samples[i]
    team = {m: (med, sizes) for m, med in zip(M3, medians, strict=True) if med is not None}
    return rendered(
        clauses.workload_above_team_median(
            figures,
            team,
            M3,
            metric="contacts",
            field="contacts",
            sample_field="n" if samples is not None else None,
            percent=percent,
            min_sample=min_sample,
            min_team=min_team,
        )
    )


@pytest.mark.parametrize(
    ("values", "medians", "status"),
    [
        ((750, 750, 750), (600, 600, 600), PASS),  # exactly 25 % above counts
        ((749, 800, 900), (600, 600, 600), FAIL),  # one month just short
        ((900, 900, 749), (600, 600, 600), FAIL),  # the latest month short
        ((1, 1, 1), (0, 0, 0), PASS),  # any work is above a median of nothing
        ((0, 0, 0), (0, 0, 0), FAIL),  # none is not above none
        ((900, None, 900), (600, 600, 600), INSUFFICIENT),  # a missing month
        ((900, 900, 900), (600, None, 600), INSUFFICIENT),  # no team median that month
    ],
)
def test_workload_boundaries(values, medians, status):
    assert workload(values, medians).status == status


def test_workload_names_the_latest_month_not_above():
    check = workload((900, 700, 650), (600, 600, 600))
    assert check.code == "workload.not_above"
    assert check.values["month"] == "2026-05" and check.values["median"] == 600


def test_workload_a_team_too_small_is_insufficient():
    check = workload((900, 900, 900), (600, 600, 600), sizes=2)
    assert check.status == INSUFFICIENT and check.code == "workload.small_team"
    assert workload((900, 900, 900), (600, 600, 600), sizes=3).status == PASS


def test_workload_a_small_sample_is_insufficient():
    check = workload((900, 900, 900), (600, 600, 600), min_sample=50, samples=(60, 49, 60))
    assert check.status == INSUFFICIENT and check.code == "metric.small_sample"


@given(
    values=st.lists(st.integers(0, 2000), min_size=3, max_size=3),
    medians=st.lists(st.integers(0, 2000), min_size=3, max_size=3),
    percent=st.sampled_from([5.0, 10.0, 25.0, 50.0, 100.0]),
)
def test_workload_fires_exactly_when_every_month_is_above(values, medians, percent):
    check = workload(values, medians, percent=percent)
    expected = all(v >= m * (1 + percent / 100) and v > m for v, m in zip(values, medians, strict=True))
    assert (check.status == PASS) == expected


def worsening(values, *, lower=True, min_sample=0):
    figures = {m: {"aht_seconds": v} for m, v in zip(M4, values, strict=True) if v is not None}
    return rendered(
        clauses.metric_worsening_streak(
            figures,
            M4,
            metric="aht_seconds",
            field="aht_seconds",
            sample_field=None,
            lower_is_better=lower,
            min_sample=min_sample,
        )
    )


@pytest.mark.parametrize(
    ("values", "lower", "status"),
    [
        ((300, 301, 302, 303), True, PASS),  # handle time up each month
        ((300, 301, 301, 303), True, FAIL),  # a flat month breaks it
        ((300, 310, 320, 319), True, FAIL),  # the latest month better
        ((0.99, 0.98, 0.97, 0.96), False, PASS),  # attendance down each month
        ((0.99, 0.98, 0.99, 0.96), False, FAIL),
        ((300, None, 320, 330), True, INSUFFICIENT),
        ((None, 310, 320, 330), True, INSUFFICIENT),  # the base month counts too
    ],
)
def test_worsening_boundaries(values, lower, status):
    assert worsening(values, lower=lower).status == status


def test_worsening_names_the_month_that_broke_the_streak():
    check = worsening((300, 310, 305, 320))
    assert check.values["month"] == "2026-04" and check.values["streak"] == 1
    assert check.actual == 1


@given(st.lists(st.floats(100, 900, allow_nan=False), min_size=4, max_size=4), st.booleans())
def test_worsening_fires_exactly_on_a_strict_streak(values, lower):
    check = worsening(values, lower=lower)
    pairs = list(zip(values, values[1:], strict=False))
    r = clauses.rounded
    expected = all((r(b) > r(a)) if lower else (r(b) < r(a)) for a, b in pairs)
    assert (check.status == PASS) == expected


def plateau(start, typical=24, goals=0, talked=None, within=6, as_of=AS_OF):
    return rendered(
        clauses.plateau_without_development(
            start,
            typical,
            open_goals=goals,
            last_conversation=talked,
            conversation_months=within,
            as_of=as_of,
        )
    )


@pytest.mark.parametrize(
    ("start", "goals", "talked", "status", "code"),
    [
        (dt.date(2024, 6, 1), 0, None, FAIL, "plateau.within_typical"),  # exactly the typical 24 months
        (dt.date(2024, 5, 31), 0, None, FAIL, "plateau.within_typical"),  # a day earlier: still 24 whole
        (dt.date(2024, 5, 1), 0, None, PASS, "plateau.stuck"),  # 25 months
        (dt.date(2024, 5, 1), 1, None, FAIL, "plateau.open_goal"),
        (dt.date(2024, 5, 1), 0, dt.date(2025, 12, 1), FAIL, "plateau.recent_conversation"),  # exactly 6 back
        (dt.date(2024, 5, 1), 0, dt.date(2025, 11, 30), PASS, "plateau.stuck_talked"),  # a day earlier
        (None, 0, None, INSUFFICIENT, "tenure.no_history"),
    ],
)
def test_plateau_boundaries(start, goals, talked, status, code):
    check = plateau(start, goals=goals, talked=talked)
    assert (check.status, check.code) == (status, code)


def test_plateau_a_conversation_after_the_day_judged_does_not_count():
    assert plateau(dt.date(2020, 1, 1), talked=dt.date(2026, 6, 2)).status == PASS


def test_setback_boundaries():
    rejected = SetbackFact(dt.date(2026, 3, 1), "rejected")
    # It counts until the same day-of-month three months later.
    assert (
        rendered(clauses.stall_after_setback([rejected], months=3, as_of=dt.date(2026, 5, 31))).status == PASS
    )
    assert (
        rendered(clauses.stall_after_setback([rejected], months=3, as_of=dt.date(2026, 6, 1))).status == FAIL
    )
    lost = SetbackFact(dt.date(2026, 5, 20), "appeal_lost")
    check = rendered(clauses.stall_after_setback([rejected, lost], months=3, as_of=dt.date(2026, 5, 31)))
    assert check.code == "setback.appeal_lost" and check.values["count"] == 2
    check = clauses.stall_after_setback([rejected, lost], months=3, as_of=AS_OF)
    assert check.values["count"] == 1  # the rejection has stopped counting
    # A setback after the day judged, or none at all: does not fire, and is a fact, not missing data.
    later = SetbackFact(dt.date(2026, 6, 2), "rejected")
    assert clauses.stall_after_setback([later], months=3, as_of=AS_OF).status == FAIL
    assert clauses.stall_after_setback([], months=3, as_of=AS_OF).status == FAIL


def answer(month, value, theme="exhaustion", high_is_bad=True):
    return PulseAnswerFact(month, "q", theme, value, high_is_bad)


@pytest.mark.parametrize(
    ("answers", "status"),
    [
        ([answer("2026-05", 4)], PASS),  # exhaustion 4 of 5, "4 or worse" (higher is worse)
        ([answer("2026-05", 3)], FAIL),
        ([answer("2026-02", 5)], FAIL),  # outside the window
        ([answer("2026-05", 5, theme="respect")], FAIL),  # another theme
        ([answer("2026-05", 2, theme="respect", high_is_bad=False)], FAIL),  # another theme, low is bad
        ([], FAIL),  # nothing shared looks exactly like answers that were fine: never "unknown"
    ],
)
def test_pulse_boundaries(answers, status):
    assert rendered(clauses.pulse_shared_low(answers, M3, theme="exhaustion", value=4)).status == status


def test_pulse_low_is_bad_for_achievement():
    low = [answer("2026-04", 2, theme="achievement", high_is_bad=False)]
    assert clauses.pulse_shared_low(low, M3, theme="achievement", value=2).status == PASS
    assert clauses.pulse_shared_low(low, M3, theme="achievement", value=1).status == FAIL


def test_nothing_shared_explains_itself_like_answers_that_were_fine():
    fine = clauses.pulse_shared_low([answer("2026-05", 1)], M3, theme="exhaustion", value=4)
    none = clauses.pulse_shared_low([], M3, theme="exhaustion", value=4)
    assert (fine.status, fine.code, fine.values) == (none.status, none.code, none.values)


@given(
    days_ago=st.lists(st.integers(0, 400), max_size=4),
    months=st.integers(1, 12),
    later=st.integers(0, 200),
)
def test_a_setback_only_stops_counting_as_time_passes(days_ago, months, later):
    setbacks = [SetbackFact(AS_OF - dt.timedelta(days=d), "rejected") for d in days_ago]
    now = clauses.stall_after_setback(setbacks, months=months, as_of=AS_OF)
    then = clauses.stall_after_setback(setbacks, months=months, as_of=AS_OF + dt.timedelta(days=later))
    assert then.actual <= now.actual
    assert (now.status == PASS) == any(d.date <= AS_OF < clauses.add_months(d.date, months) for d in setbacks)


@given(
    answers=st.lists(
        st.tuples(st.sampled_from(M4), st.integers(1, 5), st.sampled_from(["exhaustion", "respect"])),
        max_size=5,
    ),
    value=st.integers(1, 5),
)
def test_the_pulse_signal_fires_exactly_on_a_bad_enough_answer_in_the_window(answers, value):
    facts = [PulseAnswerFact(m, "q", theme, v, theme == "exhaustion") for m, v, theme in answers]
    check = clauses.pulse_shared_low(facts, M3, theme="exhaustion", value=value)
    expected = any(m in M3 and theme == "exhaustion" and v >= value for m, v, theme in answers)
    assert (check.status == PASS) == expected
    assert check.status != INSUFFICIENT


@given(
    months_in_level=st.integers(0, 80),
    typical=st.integers(1, 60),
    goals=st.integers(0, 2),
    talked_days_ago=st.one_of(st.none(), st.integers(0, 800)),
)
def test_the_plateau_signal_fires_exactly_by_its_definition(months_in_level, typical, goals, talked_days_ago):
    start = clauses.add_months(AS_OF, -months_in_level)
    talked = None if talked_days_ago is None else AS_OF - dt.timedelta(days=talked_days_ago)
    check = plateau(start, typical=typical, goals=goals, talked=talked)
    recent = talked is not None and talked >= clauses.add_months(AS_OF, -6)
    assert (check.status == PASS) == (months_in_level > typical and goals == 0 and not recent)
