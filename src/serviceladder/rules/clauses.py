"""One pure function per policy clause (policy file `transitions[].conditions`, after seed 001 §4–5).

Every function takes plain values, never looks at a database or a clock, and returns a CheckResult: the
status, what the policy requires, what the person has, the months looked at, the earliest date on which
time alone could make it pass (None when effort is needed or it already passes), and an explanation as a
message code with its values (rendered to text only when shown, by explain.py).

Missing data never passes: a month without the figure, or with fewer contacts than the policy's minimum
sample, makes the check `insufficient_data` and the explanation names the month.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from serviceladder.rules.facts import EducationFact, ExamFact, TrainingFact, ViolationFact
from serviceladder.rules.periods import (
    add_months,
    first_day,
    month_index,
    month_label,
    whole_months_between,
)

PASS = "pass"
FAIL = "fail"
INSUFFICIENT = "insufficient_data"

DEGREE_ORDER: tuple[str, ...] = ("secondary", "vocational", "associate", "bachelor", "master", "doctorate")
DEGREE_RANK = {d: i for i, d in enumerate(DEGREE_ORDER)}

# Comparisons are made on values rounded to 9 decimals so that a mean of 4.4, 4.5 and 4.6 is exactly 4.5.
_DIGITS = 9


class CheckResult(NamedTuple):
    clause: str  # the policy clause, e.g. "metric_threshold"
    status: str  # pass | fail | insufficient_data
    required: object
    actual: object
    months: tuple[str, ...]  # the months looked at ('YYYY-MM'), oldest first
    earliest: dt.date | None  # when time alone could make it pass (failures only)
    code: str  # message code, see messages.py
    values: dict  # the message's values
    key: str = ""  # tells two checks of one clause apart (the metric, the cap …)
    blocking: bool = False  # a failure neither time nor the person's results can fix on this ladder


_OPS = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt}


def rounded(value: float) -> float:
    """A figure as the comparisons see it (rounded to `_DIGITS` decimals); figures.py shows this value."""
    return round(value, _DIGITS)


def compare(op: str, actual: float, required: float) -> bool:
    """`actual op required` for the policy's four comparisons."""
    return _OPS[op](rounded(actual), rounded(required))


def min_months_in_level(level_start: dt.date | None, required: int, as_of: dt.date) -> CheckResult:
    """Clause `min_months_in_level` (seed 001 §4: "在…岗位工作满[X]年以上", time in the current level).

    Met on the same day-of-month `required` months after the level start; the anniversary day counts.
    """
    if level_start is None:
        return CheckResult(
            "min_months_in_level",
            INSUFFICIENT,
            required,
            None,
            (),
            None,
            "tenure.no_history",
            {"required": required},
        )
    met_on = add_months(level_start, required)
    actual = whole_months_between(level_start, as_of)
    values = {
        "months": actual,
        "required": required,
        "since": level_start.isoformat(),
        "met_on": met_on.isoformat(),
    }
    if as_of >= met_on:
        return CheckResult("min_months_in_level", PASS, required, actual, (), None, "tenure.pass", values)
    return CheckResult("min_months_in_level", FAIL, required, actual, (), met_on, "tenure.short", values)


def min_months_of_service(
    hire_date: dt.date, prior_months: int, required: int, as_of: dt.date
) -> CheckResult:
    """Clause `min_months_of_service` (seed 001 §4: overall service experience; prior experience counts).

    Met on the same day-of-month (required − prior experience) months after the hire date.
    """
    met_on = add_months(hire_date, max(required - prior_months, 0))
    actual = whole_months_between(hire_date, as_of) + prior_months
    values = {
        "months": actual,
        "required": required,
        "since": hire_date.isoformat(),
        "met_on": met_on.isoformat(),
    }
    if as_of >= met_on:
        return CheckResult("min_months_of_service", PASS, required, actual, (), None, "service.pass", values)
    return CheckResult("min_months_of_service", FAIL, required, actual, (), met_on, "service.short", values)


def metric_threshold(
    figures: Mapping[str, Mapping[str, float | int | None]],
    months: tuple[str, ...],
    *,
    metric: str,
    field: str,
    sample_field: str | None,
    op: str,
    value: float,
    aggregation: str,
    min_sample: int,
) -> CheckResult:
    """Clause `metric_thresholds[]` (seed 001 §5.1 performance: CSAT, response time, on-time and resolution
    rates, complaint rate, KPI completion over the last [X] months).

    `months` is the window of whole calendar months. Aggregations: mean (plain mean of the monthly figures),
    every_month and worst_month (each month must meet the threshold), latest (only the most recent month).
    A month without the figure, or with a sample below `min_sample`, makes the check insufficient.
    """
    if aggregation == "latest":
        months = months[-1:]
    key = metric
    no_sample: list[str] = []
    vals = []
    for m in months:
        row = figures.get(m)
        v = row.get(field) if row is not None else None
        if v is None:
            return _metric_insufficient(figures, months, metric, field, sample_field, value, min_sample)
        if min_sample:
            n = row.get(sample_field)
            if n is None:
                no_sample.append(m)
            elif n < min_sample:
                return _metric_insufficient(figures, months, metric, field, sample_field, value, min_sample)
        vals.append(v)
    if aggregation == "mean":
        actual = sum(vals) / len(vals)
        ok = compare(op, actual, value)
        values = {"metric": metric, "actual": actual, "op": op, "required": value, "window": len(months)}
        if no_sample:
            values["no_sample"] = no_sample
        if ok:
            return CheckResult(
                "metric_threshold", PASS, value, actual, months, None, "metric.mean", values, key
            )
        return CheckResult("metric_threshold", FAIL, value, actual, months, None, "metric.mean", values, key)
    failing = [(m, v) for m, v in zip(months, vals, strict=True) if not compare(op, v, value)]
    actual = min(vals) if op in (">=", ">") else max(vals)
    values = {"metric": metric, "actual": actual, "op": op, "required": value, "window": len(months)}
    if no_sample:
        values["no_sample"] = no_sample
    code = "metric.latest" if aggregation == "latest" else "metric.every_month"
    if not failing:
        return CheckResult("metric_threshold", PASS, value, actual, months, None, code, values, key)
    if aggregation != "latest":
        code = "metric.month_failed"
    last_bad, bad_value = failing[-1]
    # The failing month leaves the window `len(months)` months later (if the months after it meet the bar).
    earliest = first_day(month_index(last_bad) + len(months) + 1)
    values.update(
        month=last_bad, month_value=bad_value, failing=[m for m, _ in failing], earliest=earliest.isoformat()
    )
    return CheckResult("metric_threshold", FAIL, value, actual, months, earliest, code, values, key)


def _metric_insufficient(figures, months, metric, field, sample_field, value, min_sample) -> CheckResult:
    """The months of a metric threshold's window without the figure, or with too small a sample."""
    missing = []
    small = []
    for m in months:
        row = figures.get(m)
        v = row.get(field) if row is not None else None
        if v is None:
            missing.append(m)
            continue
        if min_sample:
            n = row.get(sample_field) if sample_field else None
            if n is not None and n < min_sample:
                small.append((m, n))
    if missing or small:
        return _pattern_insufficient(
            "metric_threshold", months, metric, value, missing, small, min_sample, sample_field
        )


def rank_streak(ranks: Mapping[str, float], months: tuple[str, ...], *, top_percent: float) -> CheckResult:
    """Clause `rank_streak` (seed 001 §3 "业绩优先": in the top X % of the peer group, inclusive, for N
    consecutive months). `months` are the last N whole months.

    When a month breaks the streak, the earliest complete streak starts the month after the last breaking
    month; the date is the first day after its final month.
    """
    need = len(months)
    pcts = [ranks.get(m) for m in months]
    if None in pcts:
        missing = [m for m, p in zip(months, pcts, strict=True) if p is None]
        values = {"top": top_percent, "need": need, "missing": missing}
        return CheckResult(
            "rank_streak", INSUFFICIENT, top_percent, None, months, None, "rank.missing", values
        )
    top = round(top_percent, _DIGITS)
    in_top = [round(p, _DIGITS) <= top for p in pcts]
    count = sum(in_top)
    if count == need:
        values = {"top": top_percent, "need": need, "worst": max(pcts)}
        return CheckResult("rank_streak", PASS, top_percent, need, months, None, "rank.pass", values)
    last_bad = max(i for i, ok in enumerate(in_top) if not ok)
    streak = need - 1 - last_bad
    earliest = first_day(month_index(months[last_bad]) + need + 1)
    values = {
        "top": top_percent,
        "need": need,
        "in_top": count,
        "streak": streak,
        "month": months[last_bad],
        "pct": pcts[last_bad],
        "earliest": earliest.isoformat(),
    }
    return CheckResult("rank_streak", FAIL, top_percent, streak, months, earliest, "rank.broken", values)


def exam_score(
    exams: Iterable[ExamFact],
    *,
    min_score: float,
    within_months: int,
    as_of: dt.date,
    exam: str | None = None,
    counts: str = "best",
) -> CheckResult:
    """Clause `exam` (seed 001 §5.2: the company's knowledge and skills exam, at least [X] points, taken
    within the last N months). Scores are compared on a 100-point scale.

    `exam` (a code of the policy's `exams:`): only results of that exam count; without one any exam result
    counts, as before exams had codes. `counts` (the exam's `counts:`): "best" takes the best result within
    the window, "latest" the most recent one (the best of that day when several share it)."""
    if counts not in ("best", "latest"):
        raise ValueError(f"counts must be 'best' or 'latest', not {counts!r}")
    exam = exam or None  # '' names no exam
    since = add_months(as_of, -within_months)
    recent = [
        (e.score * 100.0 / e.max_score, e.date)
        for e in exams
        if since <= e.date <= as_of and e.max_score and (exam is None or e.exam == exam)
    ]
    values: dict = {"required": min_score, "within": within_months}
    if exam:
        values["exam"] = exam
    if not recent:
        code = "exam.named.none" if exam else "exam.none"
        return CheckResult("exam_score", FAIL, min_score, None, (), None, code, values)
    if counts == "latest":
        score, date = max(recent, key=lambda r: (r[1], r[0]))
    else:
        score, date = max(recent)
    values.update(score=score, date=date.isoformat())
    if compare(">=", score, min_score):
        code = "exam.named.pass" if exam else "exam.pass"
        return CheckResult("exam_score", PASS, min_score, score, (), None, code, values)
    if counts == "latest":
        code = "exam.named.latest_low" if exam else "exam.latest_low"
    else:
        code = "exam.named.low" if exam else "exam.low"
    return CheckResult("exam_score", FAIL, min_score, score, (), None, code, values)


def competency_confirmation(
    confirmations: Mapping[str, Mapping[str, int]] | None, *, target_level: str, profile: Mapping[str, int]
) -> CheckResult:
    """Clause `competency_confirmation` (seed 001 §5.2: the level's competencies "经上级领导评估认可",
    confirmed by the direct superior against the target level's profile)."""
    rated = confirmations.get(target_level) if confirmations is not None else None
    if rated is None:
        values = {"level": target_level}
        return CheckResult(
            "competency_confirmation",
            INSUFFICIENT,
            profile,
            None,
            (),
            None,
            "competency.not_rated",
            values,
        )
    gaps = [(c, rated.get(c), need) for c, need in profile.items() if (rated.get(c) or 0) < need]
    if not gaps:
        values = {"level": target_level, "count": len(profile)}
        return CheckResult(
            "competency_confirmation", PASS, profile, rated, (), None, "competency.pass", values
        )
    values = {"level": target_level, "gaps": [list(g) for g in gaps], "count": len(gaps)}
    return CheckResult("competency_confirmation", FAIL, profile, rated, (), None, "competency.below", values)


def no_violations(violations: Iterable[ViolationFact], *, months: int, as_of: dt.date) -> CheckResult:
    """Clause `no_violations` (seed 001 §5.3 "无违规违纪行为": no disciplinary violation in the last N
    months).

    A violation stops counting on the same day-of-month N months after it (it clears on that day)."""
    recent = [v for v in violations if v.date <= as_of and add_months(v.date, months) > as_of]
    if not recent:
        return CheckResult("no_violations", PASS, months, 0, (), None, "violations.none", {"months": months})
    clears_on = max(add_months(v.date, months) for v in recent)
    latest = max(v.date for v in recent)
    values = {
        "months": months,
        "count": len(recent),
        "latest": latest.isoformat(),
        "clears_on": clears_on.isoformat(),
    }
    return CheckResult("no_violations", FAIL, months, len(recent), (), clears_on, "violations.recent", values)


def required_trainings(
    trainings: Iterable[TrainingFact], *, codes: tuple[str, ...], as_of: dt.date
) -> CheckResult:
    """Clause `trainings` (seed 001 §7.1: the trainings a transition asks for, completed before applying).

    A training with an expiry date is valid until the day before it expires."""
    valid = set()
    expired = set()
    for t in trainings:
        if t.completed_on <= as_of:
            if t.expires_on is None or t.expires_on > as_of:
                valid.add(t.code)
            else:
                expired.add(t.code)
    missing = [c for c in codes if c not in valid]
    if not missing:
        return CheckResult(
            "required_trainings", PASS, codes, codes, (), None, "training.pass", {"codes": list(codes)}
        )
    values = {"missing": missing, "expired": [c for c in missing if c in expired]}
    done = tuple(c for c in codes if c in valid)
    return CheckResult("required_trainings", FAIL, codes, done, (), None, "training.missing", values)


def _highest_degree(education: Iterable[EducationFact], as_of: dt.date) -> str | None:
    held = [
        e.degree
        for e in education
        if (e.completed_on is None or e.completed_on <= as_of) and e.degree in DEGREE_RANK
    ]
    return max(held, key=DEGREE_RANK.__getitem__, default=None)


def education_requirement(
    education: Iterable[EducationFact], *, min_degree: str, as_of: dt.date
) -> CheckResult:
    """Clause `education` (seed 001 §4 任职要求: a minimum degree for the target level)."""
    degree = _highest_degree(education, as_of)
    if degree is None:
        values = {"required": min_degree}
        return CheckResult(
            "education_requirement", INSUFFICIENT, min_degree, None, (), None, "education.unknown", values
        )
    values = {"required": min_degree, "degree": degree}
    if DEGREE_RANK[degree] >= DEGREE_RANK[min_degree]:
        return CheckResult(
            "education_requirement", PASS, min_degree, degree, (), None, "education.pass", values
        )
    return CheckResult(
        "education_requirement", FAIL, min_degree, degree, (), None, "education.below", values, "", True
    )


def education_cap(
    education: Iterable[EducationFact], *, below: str, highest_level: str, target_level: str, as_of: dt.date
) -> CheckResult:
    """Clause `education_caps[]` (policy-wide: people whose highest education is below a degree can reach at
    most a given level). Only called for target levels above the cap's highest level."""
    degree = _highest_degree(education, as_of)
    key = f"{below}:{highest_level}"
    values = {"below": below, "highest_level": highest_level, "level": target_level}
    if degree is None:
        return CheckResult(
            "education_cap", INSUFFICIENT, below, None, (), None, "education.unknown", values, key
        )
    values["degree"] = degree
    if DEGREE_RANK[degree] >= DEGREE_RANK[below]:
        return CheckResult("education_cap", PASS, below, degree, (), None, "cap.clear", values, key)
    return CheckResult("education_cap", FAIL, below, degree, (), None, "cap.blocked", values, key, True)


def team_metric(
    figures: Mapping[str, Mapping[str, float | int | None]],
    months: tuple[str, ...],
    *,
    metric: str,
    field: str,
    op: str,
    value: float | None,
    improvement: float | None,
    lower_is_better: bool,
) -> CheckResult:
    """Clause `team_conditions[]` (seed 001 §4 客服主管/经理: the results of the team the candidate leads).

    With `value`: the team's mean over the window meets it. With `improvement`: the latest month beats the
    same month one window earlier (for a 12-month window: a year ago) by at least that much (points of a
    rate; lower-is-better metrics count a fall as an improvement)."""
    key = metric
    if improvement is not None:
        then = month_label(month_index(months[-1]) - len(months))
        looked = (then, months[-1])
        old = (figures.get(then) or {}).get(field)
        new = (figures.get(months[-1]) or {}).get(field)
        if old is None or new is None:
            missing = [m for m, v in zip(looked, (old, new), strict=True) if v is None]
            values = {"metric": metric, "missing": missing}
            return CheckResult(
                "team_metric", INSUFFICIENT, improvement, None, looked, None, "team.missing", values, key
            )
        gain = (old - new) if lower_is_better else (new - old)
        values = {"metric": metric, "gain": gain, "required": improvement, "from": then, "to": months[-1]}
        status = PASS if compare(">=", gain, improvement) else FAIL
        return CheckResult(
            "team_metric", status, improvement, gain, looked, None, "team.improvement", values, key
        )
    vals = []
    missing = []
    for m in months:
        v = (figures.get(m) or {}).get(field)
        if v is None:
            missing.append(m)
        else:
            vals.append(v)
    if missing:
        values = {"metric": metric, "missing": missing}
        return CheckResult(
            "team_metric", INSUFFICIENT, value, None, months, None, "team.missing", values, key
        )
    actual = sum(vals) / len(vals)
    values = {"metric": metric, "actual": actual, "op": op, "required": value, "window": len(months)}
    status = PASS if compare(op, actual, value) else FAIL
    return CheckResult("team_metric", status, value, actual, months, None, "team.mean", values, key)


# stars (issue 15 item 1: star-service ratings 星级服务评选, one period at a time)


def period_rank(
    pcts: Mapping[str, float | None],
    sizes: Mapping[str, int | None],
    months: tuple[str, ...],
    *,
    top_percent: float,
    min_group: int,
) -> CheckResult:
    """Clause `stars.tiers[].conditions.rank` (seed 003: in the top X % of the peer group, inclusive, in
    every month of the rating period).

    `pcts` and `sizes` are the person's percentile and the size of the group ranked, month by month. A
    month without a rank is insufficient data. A top-% condition applies only in a peer group of at least
    `min_group` people (issue 15): a month with a smaller group is left out, and when every month is left
    out the condition is not applied — it passes, and its explanation says it was not applied and why.
    """
    need = len(months)
    top = round(top_percent, _DIGITS)
    missing, small, outside = [], [], []
    worst = None
    for m in months:
        pct = pcts.get(m)
        if pct is None:
            missing.append(m)
        elif (sizes.get(m) or 0) < min_group:
            small.append(m)
        else:
            if worst is None or pct > worst:
                worst = pct
            if round(pct, _DIGITS) > top:
                outside.append(m)
    if missing:
        values = {"top": top_percent, "missing": missing}
        return CheckResult(
            "period_rank", INSUFFICIENT, top_percent, None, months, None, "stars_rank.missing", values
        )
    if worst is None:
        size = max((sizes.get(m) or 0) for m in months)
        values = {"top": top_percent, "size": size, "min_group": min_group}
        return CheckResult(
            "period_rank", PASS, top_percent, None, months, None, "stars_rank.not_applied", values
        )
    values = {"top": top_percent, "pct": worst, "need": need, "applied": need - len(small)}
    if small:
        values["small"] = small
        values["min_group"] = min_group
    if not outside:
        code = "stars_rank.pass" if not small else "stars_rank.pass_partly_applied"
        return CheckResult("period_rank", PASS, top_percent, worst, months, None, code, values)
    values.update(month=outside[-1], pct=pcts[outside[-1]], failing=outside)
    return CheckResult("period_rank", FAIL, top_percent, worst, months, None, "stars_rank.outside", values)


def recognition_received(
    counts: Mapping[str, int], *, min_count: int, categories: tuple[str, ...] = ()
) -> CheckResult:
    """Clause `stars.tiers[].conditions.recognition` (issue 15: recognition received counts towards a tier):
    at least `min_count` recognitions (hidden ones are not counted by the caller) dated in the period, of
    the listed categories (any category when none is listed). No recognition is a count of zero, a fact,
    never missing data."""
    wanted = categories or tuple(counts)
    count = sum(counts.get(c, 0) for c in wanted)
    values = {"count": count, "required": min_count}
    code = "recognition.count"
    if categories:
        values["categories"] = list(categories)
        code = "recognition.count_in"
    status = PASS if count >= min_count else FAIL
    return CheckResult("recognition_received", status, min_count, count, (), None, code, values)


# coaching (issue 15 item 4; the wellbeing "quality slide" signal reuses the drop clause)
#
# These clauses describe a pattern in a person's own figures. PASS means the pattern is there (the coaching
# rule fires, the signal is raised); FAIL means it is not; missing figures or a sample below the minimum
# make the check insufficient, which never fires.


def _month_figures(
    figures: Mapping[str, Mapping[str, float | int | None]],
    months: tuple[str, ...],
    field: str,
    sample_field: str | None,
    min_sample: int,
) -> tuple[list[float], list[str], list[tuple[str, int]], list[str]]:
    """The months' values, the months without the figure, the months below the minimum sample, and the
    months without a sample size (those are not held against the person: an imported sheet may lack it)."""
    vals: list[float] = []
    missing: list[str] = []
    small: list[tuple[str, int]] = []
    no_sample: list[str] = []
    for m in months:
        row = figures.get(m)
        v = row.get(field) if row is not None else None
        if v is None:
            missing.append(m)
            continue
        if min_sample:
            n = row.get(sample_field) if sample_field else None
            if n is None:
                no_sample.append(m)
            elif n < min_sample:
                small.append((m, n))
        vals.append(v)
    return vals, missing, small, no_sample


def _pattern_insufficient(clause, months, metric, required, missing, small, min_sample, sample_field):
    if missing:
        values = {"metric": metric, "missing": missing}
        return CheckResult(
            clause, INSUFFICIENT, required, None, months, None, "metric.missing", values, metric
        )
    values = {
        "metric": metric,
        "month": small[0][0],
        "sample": small[0][1],
        "min_sample": min_sample,
        "sample_field": sample_field,
        "months_short": [m for m, _ in small],
    }
    return CheckResult(
        clause, INSUFFICIENT, required, None, months, None, "metric.small_sample", values, metric
    )


def metric_below_streak(
    figures: Mapping[str, Mapping[str, float | int | None]],
    months: tuple[str, ...],
    *,
    metric: str,
    field: str,
    sample_field: str | None,
    op: str,
    value: float,
    min_sample: int,
) -> CheckResult:
    """Clause `coaching.rules[] kind: below_threshold`: the metric misses its threshold (`op value` says
    what meeting it is, e.g. CSAT >= 4.2) in each of `months`, the last N whole months, oldest first.

    PASS: it missed in every month (the rule fires); FAIL: at least one month met it, the explanation names
    the latest such month. A month without the figure or with a sample below `min_sample`: insufficient.
    """
    vals, missing, small, no_sample = _month_figures(figures, months, field, sample_field, min_sample)
    if missing or small:
        return _pattern_insufficient(
            "metric_below_streak", months, metric, value, missing, small, min_sample, sample_field
        )
    # The month closest to meeting the threshold: the best of the months in the metric's own direction.
    best = max(vals) if op in (">=", ">") else min(vals)
    values = {"metric": metric, "actual": best, "op": op, "required": value, "window": len(months)}
    if no_sample:
        values["no_sample"] = no_sample
    met = [(m, v) for m, v in zip(months, vals, strict=True) if compare(op, v, value)]
    if not met:
        return CheckResult(
            "metric_below_streak", PASS, value, best, months, None, "coaching.below_streak", values, metric
        )
    month, month_value = met[-1]
    values.update(month=month, month_value=month_value)
    return CheckResult(
        "metric_below_streak", FAIL, value, best, months, None, "coaching.streak_broken", values, metric
    )


def metric_drop_against_own_average(
    figures: Mapping[str, Mapping[str, float | int | None]],
    months: tuple[str, ...],
    *,
    metric: str,
    field: str,
    sample_field: str | None,
    drop: float,
    lower_is_better: bool,
    min_sample: int,
) -> CheckResult:
    """Clause `coaching.rules[] kind: drop` (and the wellbeing "quality slide"): the latest of `months` is
    worse than the person's own mean of the months before it by at least `drop` (data units, > 0).

    `months` are the baseline months followed by the latest month, oldest first. Worse means lower, or
    higher for a metric where lower is better (handle time, response time, complaint rate). PASS: the drop
    is at least `drop` (fires); FAIL: it is smaller, or the figure held or improved. Any month without the
    figure or with a sample below `min_sample`: insufficient.
    """
    vals, missing, small, no_sample = _month_figures(figures, months, field, sample_field, min_sample)
    if len(months) < 2:
        raise ValueError("a drop needs at least one baseline month before the latest month")
    if missing or small:
        return _pattern_insufficient(
            "metric_drop_against_own_average", months, metric, drop, missing, small, min_sample, sample_field
        )
    latest = vals[-1]
    baseline = sum(vals[:-1]) / (len(vals) - 1)
    change = latest - baseline if lower_is_better else baseline - latest
    values = {
        "metric": metric,
        "latest": latest,
        "baseline": baseline,
        "change": change,
        "drop": drop,
        "window": len(months) - 1,
        "month": months[-1],
    }
    if no_sample:
        values["no_sample"] = no_sample
    fired = compare(">=", change, drop)
    return CheckResult(
        "metric_drop_against_own_average",
        PASS if fired else FAIL,
        drop,
        change,
        months,
        None,
        "coaching.drop" if fired else "coaching.no_drop",
        values,
        metric,
    )


# improvement plans


class BandMonth(NamedTuple):
    """A person's standing in one month, as the bottom band reads it."""

    pct: float  # percentile position in the peer group, 0 < pct <= 100, smaller is better
    group_size: int  # members of the group ranked that month


def bottom_band(
    standings: Mapping[str, BandMonth | None],
    months: tuple[str, ...],
    *,
    bottom_percent: float,
    min_group: int,
    hire_date: dt.date,
    min_months_of_service: int,
) -> CheckResult:
    """Clause `improvement_plans` (seed 003 末位: the bottom band): in the bottom X % of the peer group in
    each of the last N months. PASS means the person is in the band (a proposal for an improvement plan may
    open, for the lead and HR to review — never a sanction).

    The percentile convention is the peer ranking's (smaller is better, ties share the better position), so
    "bottom X %" is `pct > 100 − X`. It never fires on missing data (a month without a standing is
    insufficient data), in a group smaller than `min_group` in any month, or while any month of the window
    falls in the first `min_months_of_service` months of service (both: does not apply, a FAIL).
    """
    need = len(months)
    detail = [
        [m, s.pct, s.group_size] if (s := standings.get(m)) is not None else [m, None, None] for m in months
    ]
    base = {"bottom": bottom_percent, "need": need, "detail": detail}
    protected_until = add_months(hire_date, min_months_of_service)
    if first_day(month_index(months[0])) < protected_until:
        values = {
            **base,
            "since": hire_date.isoformat(),
            "required": min_months_of_service,
            "met_on": protected_until.isoformat(),
        }
        return CheckResult(
            "bottom_band", FAIL, bottom_percent, None, months, None, "band.new_in_service", values
        )
    missing = [m for m in months if standings.get(m) is None]
    if missing:
        values = {**base, "missing": missing}
        return CheckResult(
            "bottom_band", INSUFFICIENT, bottom_percent, None, months, None, "band.missing", values
        )
    small = [m for m in months if standings[m].group_size < min_group]
    if small:
        values = {**base, "month": small[-1], "size": standings[small[-1]].group_size, "min_group": min_group}
        return CheckResult(
            "bottom_band", FAIL, bottom_percent, None, months, None, "band.small_group", values
        )
    edge = round(100.0 - bottom_percent, _DIGITS)
    in_band = [round(standings[m].pct, _DIGITS) > edge for m in months]
    best = min(standings[m].pct for m in months)
    if all(in_band):
        values = {**base, "pct": best}
        return CheckResult("bottom_band", PASS, bottom_percent, need, months, None, "band.in", values)
    last_out = max(i for i, inside in enumerate(in_band) if not inside)
    values = {
        **base,
        "month": months[last_out],
        "pct": standings[months[last_out]].pct,
        "count": sum(in_band),
    }
    return CheckResult("bottom_band", FAIL, bottom_percent, sum(in_band), months, None, "band.out", values)


# wellbeing (issue 16 items 1–2: early-warning signals and the lifecycle stage)
#
# Signals, like the coaching clauses, describe a pattern: PASS means the signal fired, FAIL that it did not,
# INSUFFICIENT that the data could not tell (never "fine"). Stage rules PASS when the person is in that stage.
# The quality slide (`drop`) and a figure outside what is acceptable (`threshold`) are the coaching clauses
# above, defined once.


class SetbackFact(NamedTuple):
    """A career setback: an application rejected, or an appeal the person filed dismissed."""

    date: dt.date
    kind: str  # "rejected" | "appeal_lost"


class PulseAnswerFact(NamedTuple):
    """One answer a person chose to share with their lead (PulseShared), with its question's theme."""

    month: str  # the pulse cycle's month
    question: str
    theme: str
    value: int  # 1..5
    high_is_bad: bool  # exhaustion: a high answer is the bad one


def workload_above_team_median(
    figures: Mapping[str, Mapping[str, float | int | None]],
    team_medians: Mapping[str, tuple[float, int] | None],
    months: tuple[str, ...],
    *,
    metric: str,
    field: str,
    sample_field: str | None,
    percent: float,
    min_sample: int,
    min_team: int,
) -> CheckResult:
    """Clause `wellbeing.signals[] kind: workload` (seed 004: overload without achievement): the person's
    `metric` is above their team's median by `percent` % or more in each of `months` (oldest first).

    `team_medians` is month → (the team's median of the metric, how many members had the figure). A month
    without the person's figure or the team's median, with a sample below `min_sample`, or with fewer than
    `min_team` members behind the median is insufficient: a median of two people says nothing.
    """
    vals, missing, small, no_sample = _month_figures(figures, months, field, sample_field, min_sample)
    no_median = [m for m in months if team_medians.get(m) is None]
    if missing or small:
        return _pattern_insufficient(
            "workload_above_team_median", months, metric, percent, missing, small, min_sample, sample_field
        )
    if no_median:
        values = {"metric": metric, "missing": no_median}
        return CheckResult(
            "workload_above_team_median",
            INSUFFICIENT,
            percent,
            None,
            months,
            None,
            "workload.no_median",
            values,
            metric,
        )
    thin = [(m, team_medians[m][1]) for m in months if team_medians[m][1] < min_team]
    if thin:
        values = {"metric": metric, "month": thin[-1][0], "size": thin[-1][1], "min_team": min_team}
        return CheckResult(
            "workload_above_team_median",
            INSUFFICIENT,
            percent,
            None,
            months,
            None,
            "workload.small_team",
            values,
            metric,
        )
    detail = []
    above = []
    for m, v in zip(months, vals, strict=True):
        median = team_medians[m][0]
        # Above by X %: v ≥ median × (1 + X/100), and strictly above (a median of 0 is exceeded by any work).
        is_above = compare(">=", v, median * (1 + percent / 100)) and compare(">", v, median)
        share = (v / median - 1) * 100 if median else None
        detail.append([m, v, median])
        above.append((m, is_above, v, median, share))
    shares = [s for _, _, _, _, s in above if s is not None]
    least = min(shares) if shares else None
    values = {"metric": metric, "percent": percent, "window": len(months), "detail": detail, "least": least}
    if no_sample:
        values["no_sample"] = no_sample
    not_above = [a for a in above if not a[1]]
    if not not_above:
        return CheckResult(
            "workload_above_team_median", PASS, percent, least, months, None, "workload.above", values, metric
        )
    m, _, v, median, _share = not_above[-1]
    values.update(month=m, month_value=v, median=median)
    return CheckResult(
        "workload_above_team_median", FAIL, percent, least, months, None, "workload.not_above", values, metric
    )


def metric_worsening_streak(
    figures: Mapping[str, Mapping[str, float | int | None]],
    months: tuple[str, ...],
    *,
    metric: str,
    field: str,
    sample_field: str | None,
    lower_is_better: bool,
    min_sample: int,
) -> CheckResult:
    """Clause `wellbeing.signals[] kind: worsening` (seed 004 strain: handle time, attendance, after-call
    work getting worse month after month): each of the last N months is worse than the month before it.

    `months` are the N + 1 months looked at, oldest first (the first is the base the first month is compared
    with). Worse means higher for a metric where lower is better (handle time), else lower (attendance);
    an unchanged month breaks the streak. A month without the figure or below the sample: insufficient."""
    if len(months) < 2:
        raise ValueError("a worsening streak needs at least one month and the month before it")
    vals, missing, small, no_sample = _month_figures(figures, months, field, sample_field, min_sample)
    if missing or small:
        return _pattern_insufficient(
            "metric_worsening_streak", months, metric, None, missing, small, min_sample, sample_field
        )
    need = len(months) - 1
    worse = [
        compare(">", b, a) if lower_is_better else compare("<", b, a)
        for a, b in zip(vals, vals[1:], strict=False)
    ]
    values = {
        "metric": metric,
        "window": need,
        "first": vals[0],
        "last": vals[-1],
        "from": months[0],
        "to": months[-1],
        "detail": [[m, v] for m, v in zip(months, vals, strict=True)],
    }
    if no_sample:
        values["no_sample"] = no_sample
    if all(worse):
        return CheckResult(
            "metric_worsening_streak", PASS, need, need, months, None, "worsening.streak", values, metric
        )
    last_ok = max(i for i, w in enumerate(worse) if not w) + 1
    streak = need - last_ok
    values.update(month=months[last_ok], month_value=vals[last_ok], before=vals[last_ok - 1], streak=streak)
    return CheckResult(
        "metric_worsening_streak", FAIL, need, streak, months, None, "worsening.broken", values, metric
    )


def plateau_without_development(
    level_start: dt.date | None,
    typical_months: int,
    *,
    open_goals: int,
    last_conversation: dt.date | None,
    conversation_months: int,
    as_of: dt.date,
) -> CheckResult:
    """Clause `wellbeing.signals[] kind: plateau` (seed 004: no visible path; the four ways off a plateau):
    more whole months in the level than the typical time, no open development goal, and no career
    conversation in the last `conversation_months` months (a conversation on the day K months back counts
    as within them). No level history: insufficient."""
    if level_start is None:
        values = {"required": typical_months}
        return CheckResult(
            "plateau_without_development",
            INSUFFICIENT,
            typical_months,
            None,
            (),
            None,
            "tenure.no_history",
            values,
        )
    months = whole_months_between(level_start, as_of)
    since = add_months(as_of, -conversation_months)
    recent = last_conversation is not None and since <= last_conversation <= as_of
    values = {
        "months": months,
        "typical": typical_months,
        "since": level_start.isoformat(),
        "goals": open_goals,
        "within": conversation_months,
        "talked_on": last_conversation.isoformat() if last_conversation else None,
    }
    if months <= typical_months:
        code = "plateau.within_typical"
    elif open_goals:
        code = "plateau.open_goal"
    elif recent:
        code = "plateau.recent_conversation"
    else:
        code = "plateau.stuck" if last_conversation is None else "plateau.stuck_talked"
        return CheckResult(
            "plateau_without_development", PASS, typical_months, months, (), None, code, values
        )
    return CheckResult("plateau_without_development", FAIL, typical_months, months, (), None, code, values)


def stall_after_setback(setbacks: Iterable[SetbackFact], *, months: int, as_of: dt.date) -> CheckResult:
    """Clause `wellbeing.signals[] kind: setback`: an application rejected or an appeal lost within the last
    `months` months (it stops counting on the same day-of-month `months` later, like a violation). No
    setback on record is a fact (FAIL), never missing data."""
    recent = [s for s in setbacks if s.date <= as_of and add_months(s.date, months) > as_of]
    if not recent:
        return CheckResult(
            "stall_after_setback", FAIL, months, 0, (), None, "setback.none", {"months": months}
        )
    latest = max(recent)
    values = {"months": months, "count": len(recent), "latest": latest.date.isoformat(), "kind": latest.kind}
    code = "setback.rejected" if latest.kind == "rejected" else "setback.appeal_lost"
    return CheckResult("stall_after_setback", PASS, months, len(recent), (), None, code, values)


def pulse_shared_low(
    answers: Iterable[PulseAnswerFact], months: tuple[str, ...], *, theme: str, value: int
) -> CheckResult:
    """Clause `wellbeing.signals[] kind: pulse`: among the pulse answers the person chose to share with their
    lead in `months`, one on the `theme` is at `value` or worse (at or above it where a high answer is the
    bad one, exhaustion; at or below it otherwise).

    Nothing shared is FAIL, never insufficient data: a person who did not share (or did not answer) must
    look exactly like one whose answers were fine, so nobody can tell who declined."""
    window = set(months)
    mine = sorted(
        (a for a in answers if a.theme == theme and a.month in window), key=lambda a: (a.month, a.question)
    )
    low = [a for a in mine if (a.value >= value if a.high_is_bad else a.value <= value)]
    values = {"theme": theme, "value": value, "window": len(months)}
    if not low:
        return CheckResult("pulse_shared_low", FAIL, value, None, months, None, "pulse.not_low", values)
    worst = low[-1]
    values.update(month=worst.month, answer=worst.value, high_is_bad=worst.high_is_bad, count=len(low))
    code = "pulse.low_high_bad" if worst.high_is_bad else "pulse.low"
    return CheckResult("pulse_shared_low", PASS, value, worst.value, months, None, code, values)


# lifecycle stages (seed 004: entry, rise, maturity, plateau, decline). The percentile is the peer ranking's
# (smaller is better): a rising percentile is a falling standing.


def _pct_trend(pcts: Mapping[str, float | None], months: tuple[str, ...]):
    """The trend of the percentile over `months`: the mean of the window's earlier half against the mean of
    its later half (a middle month of an odd window counts in neither), so one noisy month does not make a
    stage. Returns (earlier mean, later mean, values for the explanation, the months of a half without any
    percentile)."""
    half = len(months) // 2
    early, late = months[:half], months[len(months) - half :]
    means = []
    for part in (early, late):
        got = [p for m in part if (p := pcts.get(m)) is not None]
        if not got:
            return None, None, {}, list(part)
        means.append(sum(got) / len(got))
    values = {"early": list(early), "late": list(late), "first": means[0], "last": means[1]}
    return means[0], means[1], values, []


def _short_trend(clause: str, points: float, months: tuple[str, ...]) -> CheckResult:
    """Fewer than two months in the current level within the trend window: a ranking among new peers
    says nothing about a trend yet (a fall right after a promotion is no decline)."""
    values = {"window": len(months), "in_level": list(months)}
    return CheckResult(clause, FAIL, points, None, months, None, "stage.short_trend", values)


def lifecycle_entry(hire_date: dt.date, *, entry_months: int, as_of: dt.date) -> CheckResult:
    """Stage rule `wellbeing.stages.entry_months`: in the first `entry_months` whole months of service."""
    months = whole_months_between(hire_date, as_of) if hire_date <= as_of else 0
    values = {"months": months, "required": entry_months, "since": hire_date.isoformat()}
    status = PASS if months < entry_months else FAIL
    code = "stage.entry" if status == PASS else "stage.past_entry"
    return CheckResult("lifecycle_entry", status, entry_months, months, (), None, code, values)


def lifecycle_decline(
    pcts: Mapping[str, float | None], months: tuple[str, ...], *, decline_points: float
) -> CheckResult:
    """Stage rule `wellbeing.stages.decline_points`: the percentile position fell by `decline_points` or
    more from the earlier half of `months` (the trend window, cut to the months in the current level by the
    caller) to its later half, each half's mean. A half without any percentile: insufficient; fewer than
    two months: too soon for a trend (FAIL)."""
    if len(months) < 2:
        return _short_trend("lifecycle_decline", decline_points, months)
    first, last, trend, missing = _pct_trend(pcts, months)
    if missing:
        values = {"missing": missing, "window": len(months)}
        return CheckResult(
            "lifecycle_decline", INSUFFICIENT, decline_points, None, months, None, "stage.no_trend", values
        )
    fall = last - first
    values = {**trend, "change": fall, "points": decline_points}
    status = PASS if compare(">=", fall, decline_points) else FAIL
    code = "stage.decline" if status == PASS else "stage.no_decline"
    return CheckResult("lifecycle_decline", status, decline_points, fall, months, None, code, values)


def lifecycle_plateau(
    level_start: dt.date | None,
    typical_months: int,
    pcts: Mapping[str, float | None],
    months: tuple[str, ...],
    *,
    rise_points: float,
    as_of: dt.date,
) -> CheckResult:
    """Stage rule `wellbeing.stages.typical_months_in_level`: more whole months in the level than the
    typical time, and the percentile did not climb by `rise_points` over the trend window. No level
    history, or a missing end of the trend while past the typical time: insufficient."""
    if level_start is None:
        values = {"required": typical_months}
        return CheckResult(
            "lifecycle_plateau", INSUFFICIENT, typical_months, None, (), None, "tenure.no_history", values
        )
    in_level = whole_months_between(level_start, as_of)
    values = {"months": in_level, "typical": typical_months, "since": level_start.isoformat()}
    if in_level <= typical_months:
        return CheckResult(
            "lifecycle_plateau", FAIL, typical_months, in_level, (), None, "stage.within_typical", values
        )
    first, last, trend, missing = _pct_trend(pcts, months)
    if missing:
        values.update(missing=missing, window=len(months))
        return CheckResult(
            "lifecycle_plateau",
            INSUFFICIENT,
            typical_months,
            in_level,
            months,
            None,
            "stage.no_trend",
            values,
        )
    climb = first - last
    values.update(trend, change=climb, points=rise_points)
    if compare(">=", climb, rise_points):
        return CheckResult(
            "lifecycle_plateau",
            FAIL,
            typical_months,
            in_level,
            months,
            None,
            "stage.past_typical_rising",
            values,
        )
    return CheckResult(
        "lifecycle_plateau", PASS, typical_months, in_level, months, None, "stage.plateau", values
    )


def lifecycle_rise(
    level_start: dt.date | None,
    min_months: int,
    pcts: Mapping[str, float | None],
    months: tuple[str, ...],
    *,
    rise_points: float,
    as_of: dt.date,
) -> CheckResult:
    """Stage rule `wellbeing.stages.rise_points`: still within the level's minimum time (the policy's
    `min_months_in_level` for the next step), or the percentile climbed by `rise_points` or more over the
    trend window. A missing end of the trend (past the minimum time): insufficient."""
    if level_start is not None and min_months:
        in_level = whole_months_between(level_start, as_of)
        if in_level < min_months:
            values = {"months": in_level, "required": min_months, "since": level_start.isoformat()}
            return CheckResult(
                "lifecycle_rise", PASS, min_months, in_level, (), None, "stage.new_in_level", values
            )
    if len(months) < 2:
        return _short_trend("lifecycle_rise", rise_points, months)
    first, last, trend, missing = _pct_trend(pcts, months)
    if missing:
        values = {"missing": missing, "window": len(months)}
        return CheckResult(
            "lifecycle_rise", INSUFFICIENT, rise_points, None, months, None, "stage.no_trend", values
        )
    climb = first - last
    values = {**trend, "change": climb, "points": rise_points}
    status = PASS if compare(">=", climb, rise_points) else FAIL
    code = "stage.rise" if status == PASS else "stage.no_rise"
    return CheckResult("lifecycle_rise", status, rise_points, climb, months, None, code, values)


def lifecycle_maturity(months_of_service: int) -> CheckResult:
    """Stage rule `maturity`, the fallback: past entry, neither declining, on a plateau nor rising."""
    values = {"months": months_of_service}
    return CheckResult(
        "lifecycle_maturity", PASS, None, months_of_service, (), None, "stage.maturity", values
    )
