"""Progress bars of conditions (eligibility.progress): pure, one table per clause kind."""

import datetime as dt

import pytest

from serviceladder.rules import clauses
from serviceladder.rules.facts import ExamFact, TrainingFact, ViolationFact
from serviceladder.rules.progress import COUNT, MET, MONTHS, NO_DATA, SCORE, VALUE, check_progress

AS_OF = dt.date(2026, 7, 1)
MONTHS3 = ("2026-04", "2026-05", "2026-06")


def _metric(values, *, op, required, metric="csat_mean", field="csat_mean", aggregation="mean"):
    figures = {
        m: {field: v, "contacts": 500, "csat_rated": 100} for m, v in zip(MONTHS3, values, strict=True)
    }
    return clauses.metric_threshold(
        figures,
        MONTHS3,
        metric=metric,
        field=field,
        sample_field=None,
        op=op,
        value=required,
        aggregation=aggregation,
        min_sample=0,
    )


@pytest.mark.parametrize(
    ("start", "fraction", "have"),
    [
        (dt.date(2025, 9, 1), 10 / 12, 10),  # 10 of 12 months
        (dt.date(2025, 7, 2), 11 / 12, 11),  # one day short of the anniversary: 11 whole months
        (dt.date(2025, 7, 1), 1.0, 12),  # the anniversary day counts
        (dt.date(2024, 1, 1), 1.0, 12),  # more than needed still shows 12 of 12
    ],
)
def test_tenure_is_months_reached_over_months_needed(start, fraction, have):
    p = check_progress(clauses.min_months_in_level(start, 12, AS_OF), AS_OF)
    assert p.kind == MONTHS and (p.have, p.need) == (have, 12)
    assert p.fraction == pytest.approx(fraction)


def test_at_least_compares_actual_with_required():
    p = check_progress(_metric((4.2, 4.2, 4.2), op=">=", required=4.5), AS_OF)
    assert p.kind == VALUE and p.fraction == pytest.approx(4.2 / 4.5)
    assert (p.have, p.need) == ("4.2", "4.5")


def test_at_most_runs_the_other_way():
    # a complaint rate of 1.25 % against "at most 1 %" is 80 % of the way; 0.5 % passes (full bar)
    failing = _metric((0.0125,) * 3, op="<=", required=0.01, metric="complaint_rate", field="complaint_rate")
    assert check_progress(failing, AS_OF).fraction == pytest.approx(0.8)
    assert check_progress(failing, AS_OF, "en").have == "1.25%"
    passing = _metric((0.005,) * 3, op="<=", required=0.01, metric="complaint_rate", field="complaint_rate")
    assert check_progress(passing, AS_OF).fraction == 1.0


def test_a_failing_check_never_shows_a_full_bar():
    nearly = _metric((4.4999, 4.4999, 4.4999), op=">=", required=4.5)
    assert nearly.status == clauses.FAIL
    assert check_progress(nearly, AS_OF).fraction == 0.99
    exactly = _metric((4.5, 4.5, 4.5), op=">=", required=4.5)
    assert check_progress(exactly, AS_OF).fraction == 1.0


def test_every_month_uses_the_weakest_month():
    check = _metric((4.6, 4.0, 4.7), op=">=", required=4.5, aggregation="every_month")
    assert check_progress(check, AS_OF).fraction == pytest.approx(4.0 / 4.5)


def test_missing_figures_are_no_data_and_empty():
    check = clauses.metric_threshold(
        {},
        MONTHS3,
        metric="csat_mean",
        field="csat_mean",
        sample_field=None,
        op=">=",
        value=4.5,
        aggregation="mean",
        min_sample=0,
    )
    p = check_progress(check, AS_OF)
    assert (p.kind, p.fraction) == (NO_DATA, 0.0)


def test_rank_streak_counts_the_months_of_the_current_streak():
    check = clauses.rank_streak({"2026-04": 10, "2026-05": 27, "2026-06": 12}, MONTHS3, top_percent=20)
    p = check_progress(check, AS_OF)
    assert (p.kind, p.have, p.need) == (MONTHS, 1, 3)
    assert p.fraction == pytest.approx(1 / 3)


def test_a_violation_counts_clean_months():
    check = clauses.no_violations([ViolationFact(dt.date(2026, 3, 10))], months=6, as_of=AS_OF)
    p = check_progress(check, AS_OF)
    assert (p.kind, p.have, p.need) == (MONTHS, 3, 6)
    clean = clauses.no_violations([], months=6, as_of=AS_OF)
    assert check_progress(clean, AS_OF).fraction == 1.0


def test_exam_score_against_the_required_score():
    low = clauses.exam_score([ExamFact(dt.date(2026, 3, 1), 72)], min_score=80, within_months=12, as_of=AS_OF)
    p = check_progress(low, AS_OF)
    assert (p.kind, p.have, p.need) == (SCORE, 72.0, 80.0) and p.fraction == pytest.approx(0.9)
    none = clauses.exam_score([], min_score=80, within_months=12, as_of=AS_OF)
    assert check_progress(none, AS_OF).have is None and check_progress(none, AS_OF).fraction == 0.0


def test_trainings_and_competencies_are_counted():
    trainings = clauses.required_trainings(
        [TrainingFact("basics", dt.date(2025, 1, 1))], codes=("basics", "coaching"), as_of=AS_OF
    )
    p = check_progress(trainings, AS_OF)
    assert (p.kind, p.have, p.need, p.unit) == (COUNT, 1, 2, "trainings") and p.fraction == 0.5
    profile = {"communication": 3, "coaching": 2, "tools": 2}
    below = clauses.competency_confirmation(
        {"L2": {"communication": 3, "coaching": 1, "tools": 2}}, target_level="L2", profile=profile
    )
    p = check_progress(below, AS_OF)
    assert (p.kind, p.have, p.need, p.unit) == (COUNT, 2, 3, "competencies")
    unrated = clauses.competency_confirmation({}, target_level="L2", profile=profile)
    assert check_progress(unrated, AS_OF).kind == NO_DATA


def test_team_improvement_below_zero_is_an_empty_bar():
    figures = {"2025-06": {"fcr_rate": 0.80}, "2026-06": {"fcr_rate": 0.78}}
    check = clauses.team_metric(
        figures,
        tuple(f"2025-{m:02d}" for m in range(7, 13)) + tuple(f"2026-{m:02d}" for m in range(1, 7)),
        metric="fcr_rate",
        field="fcr_rate",
        op=">=",
        value=None,
        improvement=0.02,
        lower_is_better=False,
    )
    assert check.status == clauses.FAIL
    assert check_progress(check, AS_OF).fraction == 0.0


def test_education_is_met_or_not():
    from serviceladder.rules.facts import EducationFact

    below = clauses.education_requirement([EducationFact("associate")], min_degree="bachelor", as_of=AS_OF)
    p = check_progress(below, AS_OF)
    assert (p.kind, p.fraction) == (MET, 0.0)
