"""Formatting filters for KPIs and money: rates as %, CSAT on 1–5, AHT as mm:ss."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

from serviceladder.web import labels

register = template.Library()
DASH = "—"


def _number(value) -> float | None:
    """Templates hand filters '' for a missing value (e.g. a month with no row): show a dash, never crash."""
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


@register.filter
def pct(value, digits: int = 1) -> str:
    value = _number(value)
    if value is None:
        return DASH
    return f"{value * 100:.{digits}f}%"


@register.filter
def score(value, digits: int = 2) -> str:
    value = _number(value)
    if value is None:
        return DASH
    return f"{value:.{digits}f}"


@register.filter
def mmss(seconds) -> str:
    seconds = _number(seconds)
    if seconds is None:
        return DASH
    total = int(round(seconds))
    return f"{total // 60}:{total % 60:02d}"


@register.filter
def money(amount) -> str:
    if amount is None:
        return DASH
    return intcomma(f"{Decimal(amount):.2f}", use_l10n=False)


@register.filter
def role_label(code: str) -> str:
    return labels.role_label(code)


@register.filter
def channel_label(code: str) -> str:
    return str(labels.CHANNELS.get(code, code))


@register.simple_tag
def audit_action(code: str):
    label, translated = labels.audit_action_label(code)
    return {"label": label, "translated": translated, "code": code}


@register.filter
def audit_changes(event) -> list:
    return labels.audit_changes(event.before or {}, event.after or {})


@register.filter
def bar_width(value) -> str:
    """A progress bar's filled share in percent, 0–100, with a dot for decimals whatever the language."""
    value = _number(value)
    if value is None:
        return "0"
    return f"{min(max(value, 0.0), 100.0):g}"


@register.filter
def local_date(value) -> str:
    """A date as the eligibility texts write it: 2027-05-01 in English, 2027年5月1日 in Chinese."""
    from django.utils.translation import get_language

    from serviceladder.eligibility.explain import format_date

    return format_date(value, get_language() or "en") if value else ""
