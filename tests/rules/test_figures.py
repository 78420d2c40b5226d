"""A figure shown next to its threshold never contradicts the verdict (figures.py, issue 12 item 6).

The verdict is clauses.compare; the shown numbers are read back from the rendered text and compared with the
same operator: they must relate exactly as the verdict says, in both languages, for every kind of figure."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from serviceladder.rules.clauses import compare, exam_score, metric_threshold, rank_streak
from serviceladder.rules.explain import format_metric_pair, format_points_pair, render, render_check
from serviceladder.rules.facts import ExamFact
from serviceladder.rules.figures import PERCENTILE, POINTS, SHARE, digits_for, max_digits, pair, shown
from serviceladder.rules.metrics import METRICS
from serviceladder.rules.progress import check_progress

OPS = (">=", ">", "<=", "<")
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_SHOWN = {
    ">=": Decimal.__ge__,
    ">": Decimal.__gt__,
    "<=": Decimal.__le__,
    "<": Decimal.__lt__,
}


def number(text: str) -> Decimal:
    """The number in a shown figure ("4.596", "89.996%", "60.003 min", "300.4秒")."""
    [found] = NUMBER.findall(text)
    return Decimal(found)


def agrees(op: str, actual_text: str, required_text: str, passed: bool) -> bool:
    return _SHOWN[op](number(actual_text), number(required_text)) == passed


# Thresholds the way policies write them (a few decimals) and figures right at, just beside and far from
# them: the 9th decimal the comparison rounds to, the 10th it rounds away, and ordinary means.
THRESHOLD = st.decimals(min_value=0, max_value=7200, places=3, allow_nan=False).map(float)
OFFSET = st.one_of(
    st.sampled_from([0.0, 1e-9, -1e-9, 4e-10, -4e-10, 6e-10, -6e-10, 1.5e-9, -1.5e-9, 1e-6, -1e-6]),
    st.floats(min_value=-1e-3, max_value=1e-3),
    st.floats(min_value=-100, max_value=100),
)


@given(
    metric=st.sampled_from(sorted(METRICS)),
    required=THRESHOLD,
    offset=OFFSET,
    op=st.sampled_from(OPS),
    language=st.sampled_from(("en", "zh")),
)
@example(metric="csat_mean", required=4.6, offset=-0.004, op=">=", language="en")  # the issue's case
@example(metric="fcr_rate", required=0.9, offset=-1e-9, op=">=", language="zh")
@example(metric="first_response_minutes", required=3600, offset=1e-9, op="<=", language="en")
def test_a_figure_and_its_threshold_never_contradict_the_verdict(metric, required, offset, op, language):
    actual = required + offset
    passed = compare(op, actual, required)
    actual_text, required_text = format_metric_pair(metric, actual, required, op, language)
    assert agrees(op, actual_text, required_text, passed), (actual, required, actual_text, required_text)


@given(
    metric=st.sampled_from(sorted(METRICS)),
    required=THRESHOLD,
    offset=OFFSET,
    op=st.sampled_from(OPS),
    language=st.sampled_from(("en", "zh")),
)
def test_rendered_explanations_never_contradict_the_verdict(metric, required, offset, op, language):
    """The same over the message text a person reads (path, lists, exports, API, what-if all render it)."""
    actual = required + offset
    values = {"metric": metric, "actual": actual, "op": op, "required": required, "window": 1}
    text = render("metric.latest", values, language)
    shown_actual, shown_required = (Decimal(n) for n in NUMBER.findall(text))
    assert _SHOWN[op](shown_actual, shown_required) == compare(op, actual, required), text


@given(
    required=st.decimals(min_value=0, max_value=100, places=1, allow_nan=False).map(float),
    offset=OFFSET,
)
def test_exam_scores_and_ranks_never_contradict_the_verdict(required, offset):
    actual = max(required + offset, 0.0)
    score_text, need_text = format_points_pair(actual, required)
    assert agrees(">=", score_text, need_text, compare(">=", actual, required))
    # a month's rank breaks a "top X %" streak when it is above X
    text = render(
        "rank.broken",
        {
            "top": required,
            "need": 3,
            "in_top": 2,
            "streak": 0,
            "month": "2026-05",
            "pct": actual,
            "earliest": "2026-09-01",
        },
        "en",
    )
    top, pct = re.search(r"top (\S+)%.*rank (\S+)% broke", text).groups()
    assert (Decimal(pct) <= Decimal(top)) == compare("<=", actual, required), text


@given(st.floats(min_value=0, max_value=7200), THRESHOLD, st.sampled_from(OPS))
def test_more_decimals_only_when_the_usual_ones_would_contradict(actual, required, op):
    """The fewest decimals: the usual ones whenever they already agree with the verdict, and never past the
    cap."""
    passed = compare(op, actual, required)
    usual = agrees(op, shown(actual, SHARE), shown(required, SHARE), passed)
    digits = digits_for(SHARE, [(actual, required, op, passed)])
    assert (digits == SHARE.digits) == usual
    assert SHARE.digits <= digits <= max_digits(SHARE)
    if digits > SHARE.digits:
        fewer = digits - 1
        assert not agrees(op, shown(actual, SHARE, fewer), shown(required, SHARE, fewer), passed)


def test_the_issues_case_and_the_boundary():
    # CSAT 4.596 against "at least 4.6": not met, and it shows as less.
    assert format_metric_pair("csat_mean", 4.596, 4.6, ">=", "en") == ("4.596", "4.6")
    # Exactly on the boundary it is met and shows as equal, at the usual decimals.
    assert format_metric_pair("csat_mean", 4.6, 4.6, ">=", "en") == ("4.6", "4.6")
    # A difference the comparison itself rounds away is no difference: met, shown equal.
    assert format_metric_pair("csat_mean", 4.6 - 4e-10, 4.6, ">=", "en") == ("4.6", "4.6")
    # Far from the threshold: the usual decimals.
    assert format_metric_pair("csat_mean", 4.2345, 4.6, ">=", "en") == ("4.23", "4.6")
    # "more than" on the boundary fails and shows equal; just above passes and shows more.
    assert pair(90.0, 90.0, ">", POINTS) == ("90", "90")
    assert pair(90.04, 90.0, ">", POINTS) == ("90.04", "90")
    assert pair(20.04, 20, "<=", PERCENTILE) == ("20.04", "20")


@pytest.mark.parametrize(
    ("metric", "actual", "required", "op", "language", "texts"),
    [
        ("fcr_rate", 0.89996, 0.9, ">=", "en", ("89.996%", "90%")),
        ("complaint_rate", 0.020001, 0.02, "<=", "zh", ("2.0001%", "2%")),
        ("aht_seconds", 300.4, 300, "<=", "zh", ("300.4秒", "300秒")),
        ("aht_seconds", 299.6, 300, "<", "en", ("299.6 s", "300 s")),
        ("first_response_minutes", 3600.2, 3600, "<=", "en", ("60.003 min", "60 min")),
        ("qa_score", 89.96, 90, ">=", "zh", ("89.96", "90")),
        ("kpi_completion", 0.99999, 1.0, ">=", "en", ("99.999%", "100%")),
    ],
)
def test_each_kind_of_figure_gets_the_decimals_it_needs(metric, actual, required, op, language, texts):
    assert format_metric_pair(metric, actual, required, op, language) == texts


MONTHS = ("2026-04", "2026-05", "2026-06")


def _csat(values, *, aggregation="mean", op=">="):
    figures = {m: {"csat_mean": v, "csat_rated": 100} for m, v in zip(MONTHS, values, strict=True)}
    return metric_threshold(
        figures,
        MONTHS,
        metric="csat_mean",
        field="csat_mean",
        sample_field="csat_rated",
        op=op,
        value=4.6,
        aggregation=aggregation,
        min_sample=30,
    )


def test_checks_render_the_decimals_their_verdict_needs_in_both_languages():
    check = _csat((4.596, 4.596, 4.596))
    assert check.status == "fail"
    assert "CSAT 4.596 over the last 3 months; at least 4.6 needed" in render_check(check, "en")
    assert "近3个月满意度4.596，需不低于4.6" in render_check(check, "zh")
    progress = check_progress(check, dt.date(2026, 7, 1), "en")
    assert (progress.have, progress.need) == ("4.596", "4.6")
    # a month that fails shows below the bar; the bar keeps the decimals it needs across the sentence
    every = _csat((4.7, 4.599, 4.8), aggregation="every_month")
    assert "2026-05 was 4.599" in render_check(every, "en") and "at least 4.6" in render_check(every, "en")
    assert "2026年5月为4.599" in render_check(every, "zh")
    # met on the boundary: shown equal
    assert "CSAT 4.6 over" in render_check(_csat((4.6, 4.6, 4.6)), "en")


def test_exam_and_rank_checks_in_both_languages():
    exam = exam_score(
        [ExamFact(dt.date(2026, 6, 1), 79.96, 100)], min_score=80, within_months=12, as_of=dt.date(2026, 7, 1)
    )
    assert exam.status == "fail"
    assert "best exam score in the last 12 months is 79.96; 80 needed" in render_check(exam, "en")
    assert "近12个月最好考试成绩79.96分，需达到80分" in render_check(exam, "zh")
    rank = rank_streak({"2026-04": 10, "2026-05": 20.04, "2026-06": 12}, MONTHS, top_percent=20)
    assert rank.status == "fail"
    assert "in the top 20% for 2 of 3" in render_check(rank, "en")
    assert "2026-05's rank 20.04% broke the streak" in render_check(rank, "en")
    assert "2026年5月排名20.04%中断了连续记录" in render_check(rank, "zh")
