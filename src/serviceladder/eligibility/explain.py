"""Render a check or a decision to Chinese or English text, only when it is shown."""

from __future__ import annotations

import datetime as dt

from serviceladder.eligibility.messages import (
    DEGREE_LABELS,
    LIST_SEPARATOR,
    MESSAGES,
    METRIC_LABELS,
    NOTE_NO_SAMPLE,
    OPERATORS,
    SAMPLE_LABELS,
    UNIT_SUFFIX,
)
from serviceladder.policy.metrics import METRICS, Unit


def _lang(language: str) -> str:
    return "zh" if language.lower().startswith("zh") else "en"


def _number(value: float, decimals: int = 2) -> str:
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_metric(metric: str, value, language: str = "en") -> str:
    """A data-unit value the way people read it: rates as %, response time in minutes, CSAT as 4.56."""
    if value is None:
        return "—"
    lang = _lang(language)
    spec = METRICS.get(metric)
    if spec is None:
        return _number(value)
    if spec.unit is Unit.RATE:
        return _number(value * 100) + "%"
    if spec.unit is Unit.MINUTES:
        return _number(value / 60) + UNIT_SUFFIX["minutes"][lang]
    if spec.unit is Unit.SECONDS:
        return _number(value, 0) + UNIT_SUFFIX["seconds"][lang]
    if spec.unit is Unit.SCORE:
        return _number(value, 1)
    return _number(value)


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
    for name in ("actual", "required", "month_value", "gain"):
        if name in out and metric is not None and out[name] is not None:
            out[name] = format_metric(metric, out[name], lang)
    if metric is not None:
        out["metric"] = METRIC_LABELS.get(metric, {}).get(lang, metric)
    if "op" in out:
        out["op"] = OPERATORS[out["op"]][lang]
    for name in ("month", "from", "to"):
        if isinstance(out.get(name), str) and len(out[name]) == 7:
            out[name] = format_month(out[name], lang)
    for name in ("missing", "failing", "months_short"):
        if isinstance(out.get(name), list) and out[name] and len(str(out[name][0])) == 7:
            out[name] = _join((format_month(m, lang) for m in out[name]), lang)
    for name in ("since", "met_on", "clears_on", "latest", "date", "earliest"):
        if isinstance(out.get(name), str) and len(out[name]) == 10:
            out[name] = format_date(out[name], lang)
    if "top" in out:
        out["top"] = _number(out["top"], 1) + "%"
    if "pct" in out:
        out["pct"] = _number(out["pct"], 1) + "%"
    if "sample_field" in out:
        out["sample_field"] = SAMPLE_LABELS.get(out["sample_field"], SAMPLE_LABELS[None])[lang]
    for name in ("degree", "below"):
        if name in out and out[name] in DEGREE_LABELS:
            out[name] = DEGREE_LABELS[out[name]][lang]
    if values.get("metric") is None and "required" in out and out["required"] in DEGREE_LABELS:
        out["required"] = DEGREE_LABELS[out["required"]][lang]
    if "score" in out:
        out["score"] = _number(out["score"], 1)
    if metric is None and isinstance(out.get("required"), float):
        out["required"] = _number(out["required"], 1)
    if "gaps" in out:
        out["gaps"] = _join((f"{c} {have or 0}/{need}" for c, have, need in out["gaps"]), lang)
    for name in ("codes", "missing"):
        if isinstance(out.get(name), list):
            out[name] = _join(out[name], lang)
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
