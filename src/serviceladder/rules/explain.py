"""Render a check or a decision to Chinese or English text, only when it is shown."""

from __future__ import annotations

import datetime as dt

from serviceladder.rules.clauses import compare
from serviceladder.rules.figures import (
    PERCENTILE,
    POINTS,
    Display,
    digits_for,
    metric_display,
    shown,
    verdict_pairs,
)
from serviceladder.rules.figures import (
    SECONDS as SECONDS_DISPLAY,
)
from serviceladder.rules.figures import pair as figure_pair
from serviceladder.rules.messages import (
    DEGREE_LABELS,
    LIST_SEPARATOR,
    MESSAGES,
    METRIC_LABELS,
    NOTE_NO_SAMPLE,
    OPERATORS,
    PULSE_THEME_LABELS,
    RECOGNITION_CATEGORY_LABELS,
    SAMPLE_LABELS,
    UNIT_SUFFIX,
)


def _lang(language: str) -> str:
    return "zh" if language.lower().startswith("zh") else "en"


def _with_suffix(text: str, display: Display, lang: str) -> str:
    if display.suffix in UNIT_SUFFIX:
        return text + UNIT_SUFFIX[display.suffix][lang]
    return text + display.suffix


def readable_display(display: Display, *values) -> Display:
    """Times shown in minutes read in seconds when every figure shown together is under a minute ("24 s",
    never "0.4 min"); each figure of a sentence uses the same unit, so they compare at a glance."""
    if display.suffix != "minutes":
        return display
    present = [abs(float(v)) for v in values if v is not None]
    if present and all(v * display.multiply / display.divide < 1 for v in present):
        return SECONDS_DISPLAY
    return display


def format_metric(metric: str, value, language: str = "en", digits: int | None = None) -> str:
    """A data-unit value the way people read it: rates as %, response time in minutes (seconds under a
    minute), CSAT as 4.56. `digits` overrides the metric's usual decimals (figures.digits_for: next to a
    threshold)."""
    if value is None:
        return "—"
    display = metric_display(metric)
    if digits is None:
        display = readable_display(display, value)
    return _with_suffix(shown(value, display, digits), display, _lang(language))


def format_metric_pair(metric: str, actual, required, op: str, language: str = "en") -> tuple[str, str]:
    """A figure and its threshold side by side, with as many decimals as the verdict needs
    (figures.pair: 4.596 against "at least 4.6" reads 4.596, never 4.6)."""
    display, lang = readable_display(metric_display(metric), actual, required), _lang(language)
    actual_text, required_text = figure_pair(actual, required, op, display)
    return _with_suffix(actual_text, display, lang), _with_suffix(required_text, display, lang)


def format_points_pair(score: float, required: float) -> tuple[str, str]:
    """An exam score and the points needed, as format_metric_pair does for metrics."""
    return figure_pair(score, required, ">=", POINTS)


def format_month(month: str, language: str = "en") -> str:
    if _lang(language) == "zh":
        return f"{int(month[:4])}年{int(month[5:7])}月"
    return month


def format_date(value, language: str = "en") -> str:
    date = dt.date.fromisoformat(value) if isinstance(value, str) else value
    if _lang(language) == "zh":
        return f"{date.year}年{date.month}月{date.day}日"
    return date.isoformat()


def _join(items, lang: str) -> str:
    return LIST_SEPARATOR[lang].join(str(i) for i in items)


def _prepare(values: dict, lang: str) -> dict:
    """The values with numbers, months, dates and codes made readable."""
    out = dict(values)
    metric = values.get("metric")
    if metric is not None:
        # A figure next to its threshold shows the decimals its verdict needs (figures.py); the
        # improvement clause has no "op": its gain must be at least the required one.
        op = None if "op" in values else ">="
        pairs = verdict_pairs(values, ("actual", "month_value", "gain"), "required", op)
        figures = [values.get(name) for name in ("actual", "required", "month_value", "gain")]
        display = readable_display(metric_display(metric), *figures)
        digits = digits_for(display, pairs)
        for name in ("actual", "required", "month_value", "gain"):
            if name in out and out[name] is not None:
                out[name] = _with_suffix(shown(out[name], display, digits), display, lang)
    if metric is not None and "baseline" in values:
        # A drop against the person's own average: the change shows the decimals its verdict needs.
        change, drop = values["change"], values["drop"]
        pairs = [(change, drop, ">=", compare(">=", change, drop))]
        display = readable_display(
            metric_display(metric), values["latest"], values["baseline"], abs(change), drop
        )
        digits = digits_for(display, pairs)
        for name in ("latest", "baseline", "change", "drop"):
            out[name] = _with_suffix(shown(values[name], display, digits), display, lang)
    out.update(_prepare_wellbeing(values, lang))
    if metric is not None:
        out["metric"] = METRIC_LABELS.get(metric, {}).get(lang, metric)
    if "op" in out:
        out["op"] = OPERATORS[out["op"]][lang]
    for name in ("month", "from", "to"):
        if isinstance(out.get(name), str) and len(out[name]) == 7:
            out[name] = format_month(out[name], lang)
    for name in ("missing", "failing", "months_short", "small"):
        if isinstance(out.get(name), list) and out[name] and len(str(out[name][0])) == 7:
            out[name] = _join((format_month(m, lang) for m in out[name]), lang)
    for name in ("since", "met_on", "clears_on", "latest", "date", "earliest"):
        if isinstance(out.get(name), str) and len(out[name]) == 10:
            out[name] = format_date(out[name], lang)
    if "top" in out:
        # In the top X %: a month's rank must be at most X.
        digits = digits_for(PERCENTILE, verdict_pairs(values, ("pct",), "top", "<="))
        for name in ("top", "pct"):
            if name in out:
                out[name] = shown(out[name], PERCENTILE, digits) + "%"
    if "bottom" in out:
        # In the bottom X %: a month's position must be above 100 − X.
        for name in ("bottom", "pct"):
            if isinstance(values.get(name), int | float):
                out[name] = shown(values[name], PERCENTILE) + "%"
    if "sample_field" in out:
        out["sample_field"] = SAMPLE_LABELS.get(out["sample_field"], SAMPLE_LABELS[None])[lang]
    for name in ("degree", "below"):
        if name in out and out[name] in DEGREE_LABELS:
            out[name] = DEGREE_LABELS[out[name]][lang]
    if values.get("metric") is None and "required" in out and out["required"] in DEGREE_LABELS:
        out["required"] = DEGREE_LABELS[out["required"]][lang]
    if metric is None and ("score" in values or isinstance(values.get("required"), float)):
        # An exam: the best score against the points needed.
        digits = digits_for(POINTS, verdict_pairs(values, ("score",), "required", ">="))
        for name in ("score", "required"):
            if isinstance(values.get(name), int | float) and not isinstance(values[name], bool):
                out[name] = shown(values[name], POINTS, digits)
    if isinstance(out.get("categories"), list):
        out["categories"] = _join(
            (RECOGNITION_CATEGORY_LABELS.get(c, {}).get(lang, c) for c in out["categories"]), lang
        )
    if "gaps" in out:
        out["gaps"] = _join((f"{c} {have or 0}/{need}" for c, have, need in out["gaps"]), lang)
    for name in ("codes", "missing"):
        if isinstance(out.get(name), list):
            out[name] = _join(out[name], lang)
    return out


def _prepare_wellbeing(values: dict, lang: str) -> dict:
    """The wellbeing signals' and stages' own values: a team median and a streak's figures in the metric's
    unit, shares above the median as %, peer-group positions as percentiles and their change in points, a
    pulse theme's name."""
    out = {}
    metric = values.get("metric")
    if metric is not None:
        names = [n for n in ("median", "first", "last", "before", "month_value") if values.get(n) is not None]
        if names and ("median" in values or "before" in values or "first" in values):
            display = readable_display(metric_display(metric), *(values[n] for n in names))
            for name in names:
                out[name] = _with_suffix(shown(values[name], display), display, lang)
        for name in ("percent", "least"):
            if isinstance(values.get(name), int | float):
                out[name] = shown(values[name], PERCENTILE) + "%"
    elif "points" in values:
        for name in ("first", "last"):
            if isinstance(values.get(name), int | float):
                out[name] = shown(values[name], PERCENTILE) + "%"
        for name in ("change", "points"):
            if isinstance(values.get(name), int | float):
                out[name] = shown(values[name], PERCENTILE)
    for name in ("early", "late"):
        # A half of the trend window: "2026-06–2026-08" (one month alone when the half is one month).
        part = values.get(name)
        if isinstance(part, list) and part:
            ends = [format_month(part[0], lang), format_month(part[-1], lang)]
            out[name] = ends[0] if len(part) == 1 else "–".join(ends)
    if values.get("theme") in PULSE_THEME_LABELS:
        out["theme"] = PULSE_THEME_LABELS[values["theme"]][lang]
    if isinstance(values.get("talked_on"), str):
        out["talked_on"] = format_date(values["talked_on"], lang)
    return out


def render(code: str, values: dict, language: str = "en") -> str:
    """The message `code` with its `values` in zh or en."""
    lang = _lang(language)
    text = MESSAGES[code][lang].format(**_prepare(values, lang))
    if values.get("no_sample"):
        months = _join((format_month(m, lang) for m in values["no_sample"]), lang)
        text += NOTE_NO_SAMPLE[lang].format(months=months)
    return text


def render_check(check, language: str = "en") -> str:
    return render(check.code, check.values, language)


def render_decision(decision, language: str = "en") -> str:
    """One line: the decision's status (with the earliest date when time alone fixes it)."""
    if decision.status == "not_yet" and decision.earliest is not None:
        return render("decision.not_yet_on", {"date": decision.earliest.isoformat()}, language)
    return render(f"decision.{decision.status}", {}, language)
