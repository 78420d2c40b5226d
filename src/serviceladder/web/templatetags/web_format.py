"""Formatting filters for KPIs and money: rates as %, CSAT on 1–5, AHT as mm:ss."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

from serviceladder.accounts.people import SYSTEM_PERSON, PersonName, people_by_user_id
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
def bar_width(value) -> str:
    """A progress bar's filled share in percent, 0–100, with a dot for decimals whatever the language."""
    value = _number(value)
    if value is None:
        return "0"
    return f"{min(max(value, 0.0), 100.0):g}"


def _person_name(context, who, fallback: str = "") -> PersonName:
    if isinstance(who, PersonName):
        return who
    if who is None:
        return PersonName(name=fallback) if fallback and fallback != "system" else SYSTEM_PERSON
    if isinstance(who, str):
        return PersonName(name=who)
    request = context.get("request")
    cache = getattr(request, "_serviceladder_people", None) if request is not None else None
    if cache is None:
        cache = {}
        if request is not None:
            request._serviceladder_people = cache
    if who.pk not in cache:
        cache.update(people_by_user_id([who.pk], viewer=getattr(request, "user", None)))
    return cache.get(who.pk) or PersonName(name=fallback or who.get_username())


@register.simple_tag(takes_context=True)
def person_text(context, who, fallback: str = "") -> str:
    """The same person as plain text ("丁思玉 · Team lead"), for sentences: {% person_text u as who %}."""
    return str(_person_name(context, who, fallback))


@register.inclusion_tag("web/includes/person.html", takes_context=True)
def person(context, who, fallback: str = ""):
    """A person as people read them: the employee's name and role, never the login name.

    `who` is a user, a PersonName or None (the system, or `fallback`: a stored label of a deleted account).
    Names are looked up once per user and request, so a list of many rows by a few people costs a few queries;
    a person the reader may not see is shown by their role alone (accounts.people).
    """
    return {"p": _person_name(context, who, fallback)}


@register.filter
def local_date(value) -> str:
    """A date as the eligibility texts write it: 2027-05-01 in English, 2027年5月1日 in Chinese."""
    from django.utils.translation import get_language

    from serviceladder.rules.explain import format_date

    return format_date(value, get_language() or "en") if value else ""
