"""Template helpers for text that follows the reader's language: names typed in one language with an
optional translation, and punctuation (a label's colon is "：" in Chinese, ":" in English)."""

from __future__ import annotations

from django import template

from serviceladder.core.i18n import localized as _localized
from serviceladder.core.i18n import reader_reads_chinese

register = template.Library()


@register.filter
def localized(original, other="") -> str:
    """`{{ training.name|localized:training.name_alt }}`: the name in the reader's language, else as typed."""
    return _localized(str(original or ""), str(other or ""))


def colon() -> str:
    """The colon after a label in the reader's language, with the space that follows it in English
    (a full-width colon carries its own)."""
    return "：" if reader_reads_chinese() else ": "


@register.filter
def label_colon(label) -> str:
    """`{{ _("Reason")|label_colon }}{{ value }}` (no space between): "Reason: …" in English, "原因：…" in
    Chinese."""
    return f"{label}{colon()}"


@register.simple_tag
def label_sep() -> str:
    """The colon between a label and its value, for a label that is not a plain string (no space after it)."""
    return colon()


@register.filter
def parenthesized(text) -> str:
    """`{{ status|parenthesized }}`: "(passed)" in English, "（已通过）" in Chinese."""
    return f"（{text}）" if reader_reads_chinese() else f"({text})"
