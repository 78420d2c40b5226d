"""Each policy clause on its own, table-driven, at the boundaries: exactly at the threshold, one step
short, a gap month, a sample below the minimum."""

import datetime as dt

import pytest

from serviceladder.rules import clauses
from serviceladder.rules.clauses import FAIL, INSUFFICIENT, PASS
from serviceladder.rules.facts import EducationFact, ExamFact, TrainingFact, ViolationFact
from serviceladder.rules.periods import add_months, whole_months_between, window

D = dt.date
AS_OF = D(2026, 7, 1)
W3 = ("2026-04", "2026-05", "2026-06")


def test_window_is_whole_months_before_the_month_of_the_date():
    assert window(D(2026, 7, 1), 3) == W3
    assert window(D(2026, 7, 31), 3) == W3
    assert window(D(2026, 1, 15), 2) == ("2025-11", "2025-12")


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2025, 9, 15), 12, D(2026, 9, 15)),
        (D(2026, 3, 10), -3, D(2025, 12, 10)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_last_day(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2025, 7, 1), D(2026, 7, 1), 12),
        (D(2025, 7, 1), D(2026, 6, 30), 11),
        (D(2025, 7, 15), D(2025, 8, 14), 0),
        (D(2025, 7, 15), D(2025, 8, 15), 1),
    ],
)
def test_whole_months_between_counts_the_anniversary_day(start, end, expected):
    assert whole_months_between(start, end) == expected


@pytest.mark.parametrize(
    ("start", "as_of", "status", "earliest"),
    [
        (D(2025, 7, 1), D(2026, 7, 1), PASS, None),  # exactly 12 months: the anniversary counts
        (D(2025, 7, 1), D(2026, 6, 30), FAIL, D(2026, 7, 1)),  # one day short
        (D(2025, 7, 2), D(2026, 7, 1), FAIL, D(2026, 7, 2)),
        (None, D(2026, 7, 1), INSUFFICIENT, None),
    ],
)
def test_min_months_in_level(start, as_of, status, earliest):
    r = clauses.min_months_in_level(start, 12, as_of)
    assert (r.status, r.earliest) == (status, earliest)


@pytest.mark.parametrize(
    ("hire", "prior", "as_of", "status", "earliest"),
    [
        (D(2025, 7, 1), 0, D(2026, 7, 1), PASS, None),
        (D(2025, 7, 1), 0, D(2026, 6, 30), FAIL, D(2026, 7, 1)),
        (D(2025, 7, 1), 6, D(2026, 1, 1), PASS, None),  # prior experience counts
        (D(2025, 7, 1), 6, D(2025, 12, 31), FAIL, D(2026, 1, 1)),
        (D(2025, 7, 1), 24, D(2025, 7, 1), PASS, None),
    ],
)
def test_min_months_of_service(hire, prior, as_of, status, earliest):
    r = clauses.min_months_of_service(hire, prior, 12, as_of)
    assert (r.status, r.earliest) == (status, earliest)


def _figures(values, samples=(100, 100, 100), field="csat_mean", sample_field="csat_rated"):
    out = {}
    for m, v, n in zip(W3, values, samples, strict=True):
        if v == "gap":
            continue
        out[m] = {field: v, sample_field: n}
    return out


def _metric(values, *, samples=(100, 100, 100), op=">=", value=4.5, aggregation="mean", min_sample=30, **kw):
    field = kw.get("field", "csat_mean")
    metric = kw.get("metric", "csat_mean")
    sample_field = kw.get("sample_field", "csat_rated")
    return clauses.metric_threshold(
        _figures(values, samples, field, sample_field),
        W3,
        metric=metric,
        field=field,
        sample_field=sample_field,
        op=op,
        value=value,
        aggregation=aggregation,
        min_sample=min_sample,
    )


@pytest.mark.parametrize(
    ("values", "samples", "op", "value", "aggregation", "status"),
    [
        ((4.5, 4.5, 4.5), (100, 100, 100), ">=", 4.5, "mean", PASS),  # exactly at the threshold
        ((4.4, 4.5, 4.6), (100, 100, 100), ">=", 4.5, "mean", PASS),  # mean exactly 4.5 despite floats
        ((4.5, 4.5, 4.49), (100, 100, 100), ">=", 4.5, "mean", FAIL),
        ((4.5, 4.5, 4.5), (100, 100, 100), ">", 4.5, "mean", FAIL),  # strictly more: at threshold fails
        ((4.6, 4.6, 4.6), (100, 100, 100), ">", 4.5, "mean", PASS),
        ((0.02, 0.02, 0.02), (100, 100, 100), "<=", 0.02, "mean", PASS),
        ((0.02, 0.02, 0.0201), (100, 100, 100), "<=", 0.02, "mean", FAIL),
        ((0.02, 0.02, 0.02), (100, 100, 100), "<", 0.02, "mean", FAIL),
        ((0.01, 0.01, 0.01), (100, 100, 100), "<", 0.02, "mean", PASS),
        ((5.0, "gap", 5.0), (100, 100, 100), ">=", 4.5, "mean", INSUFFICIENT),  # a gap month never passes
        ((5.0, None, 5.0), (100, 100, 100), ">=", 4.5, "mean", INSUFFICIENT),
        ((5.0, 5.0, 5.0), (100, 29, 100), ">=", 4.5, "mean", INSUFFICIENT),  # sample one below the minimum
        ((5.0, 5.0, 5.0), (100, 30, 100), ">=", 4.5, "mean", PASS),  # sample exactly at the minimum
        ((4.5, 4.5, 4.5), (100, 100, 100), ">=", 4.5, "every_month", PASS),
        ((4.9, 4.49, 4.9), (100, 100, 100), ">=", 4.5, "every_month", FAIL),
        ((4.9, 4.49, 4.9), (100, 100, 100), ">=", 4.5, "worst_month", FAIL),
        ((4.0, 4.0, 4.5), (100, 100, 100), ">=", 4.5, "latest", PASS),  # only the latest month counts
        (("gap", "gap", 4.5), (100, 100, 100), ">=", 4.5, "latest", PASS),
        ((4.9, 4.9, 4.4), (100, 100, 100), ">=", 4.5, "latest", FAIL),
        ((4.9, 4.9, "gap"), (100, 100, 100), ">=", 4.5, "latest", INSUFFICIENT),
    ],
)
def test_metric_threshold(values, samples, op, value, aggregation, status):
    assert _metric(values, samples=samples, op=op, value=value, aggregation=aggregation).status == status


def test_metric_threshold_names_the_gap_and_the_small_month():
    gap = _metric((5.0, "gap", 5.0))
    assert (gap.code, gap.values["missing"]) == ("metric.missing", ["2026-05"])
    small = _metric((5.0, 5.0, 5.0), samples=(30, 12, 50))  # April exactly at the minimum is enough
    assert (small.code, small.values["month"], small.values["sample"]) == (
        "metric.small_sample",
        "2026-05",
        12,
    )
    assert small.values["months_short"] == ["2026-05"]


def test_metric_threshold_without_sample_size_is_evaluated_and_says_so():
    r = clauses.metric_threshold(
        {m: {"csat_mean": 4.8} for m in W3},
        W3,
        metric="csat_mean",
        field="csat_mean",
        sample_field="csat_rated",
        op=">=",
        value=4.5,
        aggregation="mean",
        min_sample=30,
    )
    assert r.status == PASS
    assert r.values["no_sample"] == list(W3)


def test_every_month_failure_clears_when_the_month_leaves_the_window():
    r = _metric(
        (0.01, 0.025, 0.02),
        op="<=",
        value=0.02,
        aggregation="every_month",
        metric="complaint_rate",
        field="complaint_rate",
        sample_field="contacts",
    )
    assert r.status == FAIL
    assert r.values["month"] == "2026-05"
    assert r.earliest == D(2026, 9, 1)  # the window Jun–Aug no longer holds May


@pytest.mark.parametrize(
    ("ranks", "status", "earliest"),
    [
        ((20, 20, 20), PASS, None),  # exactly the top 20 %: inclusive
        ((10, 20.01, 15), FAIL, D(2026, 9, 1)),
        ((10, 27, 12), FAIL, D(2026, 9, 1)),
        ((27, 10, 12), FAIL, D(2026, 8, 1)),
        ((10, 12, 27), FAIL, D(2026, 10, 1)),
        ((10, None, 12), INSUFFICIENT, None),  # a gap month never counts as in the top
    ],
)
def test_rank_streak(ranks, status, earliest):
    r = clauses.rank_streak(
        {m: p for m, p in zip(W3, ranks, strict=True) if p is not None}, W3, top_percent=20
    )
    assert (r.status, r.earliest) == (status, earliest)


@pytest.mark.parametrize(
    ("exams", "status"),
    [
        ([ExamFact(D(2026, 6, 1), 80)], PASS),  # exactly the minimum
        ([ExamFact(D(2026, 6, 1), 79.99)], FAIL),
        ([ExamFact(D(2026, 6, 1), 40, 50)], PASS),  # 40 of 50 is 80 points
        ([ExamFact(D(2025, 7, 1), 95)], PASS),  # exactly 12 months ago still counts
        ([ExamFact(D(2025, 6, 30), 95)], FAIL),  # one day too old
        ([ExamFact(D(2026, 7, 2), 95)], FAIL),  # after the date: not yet taken
        ([ExamFact(AS_OF, 95)], PASS),  # taken on the date itself
        ([ExamFact(D(2026, 1, 1), 70), ExamFact(D(2026, 3, 1), 85)], PASS),  # the best attempt counts
        ([], FAIL),
    ],
)
def test_exam_score(exams, status):
    assert clauses.exam_score(exams, min_score=80, within_months=12, as_of=AS_OF).status == status


PROFILE = {"communication": 3, "coaching": 2}


@pytest.mark.parametrize(
    ("confirmations", "status"),
    [
        ({"L2": {"communication": 3, "coaching": 2}}, PASS),  # exactly the profile
        ({"L2": {"communication": 3, "coaching": 1}}, FAIL),
        ({"L2": {"communication": 4}}, FAIL),  # a competency not rated is below the profile
        ({"L3": {"communication": 5, "coaching": 5}}, INSUFFICIENT),  # rated for another level only
        (None, INSUFFICIENT),
    ],
)
def test_competency_confirmation(confirmations, status):
    r = clauses.competency_confirmation(confirmations, target_level="L2", profile=PROFILE)
    assert r.status == status


@pytest.mark.parametrize(
    ("dates", "as_of", "status", "earliest"),
    [
        ([D(2026, 3, 10)], D(2026, 9, 9), FAIL, D(2026, 9, 10)),
        ([D(2026, 3, 10)], D(2026, 9, 10), PASS, None),  # clears on the same day six months later
        ([D(2026, 3, 10), D(2026, 1, 5)], D(2026, 7, 1), FAIL, D(2026, 9, 10)),
        ([D(2026, 7, 2)], D(2026, 7, 1), PASS, None),  # after the date: not counted yet
        ([D(2026, 7, 1)], D(2026, 7, 1), FAIL, D(2027, 1, 1)),  # on the date itself: counted
    ],
)
def test_no_violations(dates, as_of, status, earliest):
    r = clauses.no_violations([ViolationFact(d) for d in dates], months=6, as_of=as_of)
    assert (r.status, r.earliest) == (status, earliest)


@pytest.mark.parametrize(
    ("trainings", "status"),
    [
        ([TrainingFact("t1", AS_OF)], PASS),  # completed on the day
        ([TrainingFact("t1", D(2026, 7, 2))], FAIL),
        ([TrainingFact("t1", D(2025, 1, 1), AS_OF)], FAIL),  # expires on the day: no longer valid
        ([TrainingFact("t1", D(2025, 1, 1), D(2026, 7, 2))], PASS),
        ([TrainingFact("t2", D(2025, 1, 1))], FAIL),
    ],
)
def test_required_trainings(trainings, status):
    assert clauses.required_trainings(trainings, codes=("t1",), as_of=AS_OF).status == status


@pytest.mark.parametrize(
    ("education", "status", "blocking"),
    [
        ([EducationFact("associate")], PASS, False),  # exactly the minimum
        ([EducationFact("bachelor", D(2020, 6, 30))], PASS, False),
        ([EducationFact("associate", AS_OF), EducationFact("secondary")], PASS, False),  # earned on the date
        ([EducationFact("vocational")], FAIL, True),
        (
            [EducationFact("bachelor", D(2026, 7, 2)), EducationFact("vocational")],
            FAIL,
            True,
        ),  # not yet earned
        ([], INSUFFICIENT, False),
    ],
)
def test_education_requirement(education, status, blocking):
    r = clauses.education_requirement(education, min_degree="associate", as_of=AS_OF)
    assert (r.status, r.blocking) == (status, blocking)


@pytest.mark.parametrize(
    ("education", "status", "blocking"),
    [
        ([EducationFact("bachelor")], PASS, False),  # exactly the degree the cap asks for
        ([EducationFact("associate")], FAIL, True),
        ([], INSUFFICIENT, False),
    ],
)
def test_education_cap(education, status, blocking):
    r = clauses.education_cap(education, below="bachelor", highest_level="L2", target_level="L3", as_of=AS_OF)
    assert (r.status, r.blocking) == (status, blocking)


def _team(values, *, op=">=", value=None, improvement=None, lower=False, months=W3):
    figures = {m: {"fcr_rate": v} for m, v in values.items()}
    return clauses.team_metric(
        figures,
        months,
        metric="fcr_rate",
        field="fcr_rate",
        op=op,
        value=value,
        improvement=improvement,
        lower_is_better=lower,
    )


@pytest.mark.parametrize(
    ("values", "op", "value", "status"),
    [
        ({"2026-04": 0.8, "2026-05": 0.8, "2026-06": 0.8}, ">=", 0.8, PASS),
        ({"2026-04": 0.8, "2026-05": 0.8, "2026-06": 0.79}, ">=", 0.8, FAIL),
        ({"2026-04": 0.8, "2026-05": 0.8, "2026-06": 0.8}, ">", 0.8, FAIL),
        ({"2026-04": 0.8, "2026-06": 0.9}, ">=", 0.8, INSUFFICIENT),
    ],
)
def test_team_metric_level(values, op, value, status):
    assert _team(values, op=op, value=value).status == status


@pytest.mark.parametrize(
    ("then", "now", "lower", "status"),
    [
        (0.78, 0.80, False, PASS),  # exactly two points up
        (0.78, 0.7999, False, FAIL),
        (0.80, 0.78, True, PASS),  # lower is better: a fall of two points is the improvement
        (None, 0.80, False, INSUFFICIENT),
    ],
)
def test_team_metric_improvement(then, now, lower, status):
    months = window(AS_OF, 12)
    values = {"2025-06": then, "2026-06": now}
    r = _team(
        {k: v for k, v in values.items() if v is not None}, improvement=0.02, lower=lower, months=months
    )
    assert r.status == status
    assert r.months == ("2025-06", "2026-06")
