"""Text kept as message ids and values, rendered in the reader's language when shown.

A notification is read later, by someone else, maybe in another language than the one of the person who
caused it. So notifications.services.notify does not keep only rendered text: it freezes title and body
into a small JSON value (a *spec*) and each page, e-mail or API answer renders it in its reader's language.
Like import jobs, the message id is the English source text, so a translation added to the catalogue later
also reaches the texts already stored.

What a caller passes (a notification's title or body):
- `Message(_("{name} applies for {level}."), name=..., level=names_of(level))`: translatable text with
  `str.format` values. A value may be plain text or a number (shown as is), a lazy translation
  (`Stage.label`), a `Names` pair (a level or department name known in both languages) or another Message;
- a lazy translation (`_("Promotion effective")`), or `format_lazy(_("..."), name=...)` (kept like a Message);
- plain text (a comment someone wrote): shown as is, to everyone.
Any other lazy text (pgettext_lazy, ngettext_lazy, ...) is rendered in each language at once when frozen.

A spec is a JSON string (plain text), a number, `{"msgid": ..., "params": {...}}` or `{"zh": ..., "en": ...}`.
"""

from __future__ import annotations

import logging
from typing import Any, NamedTuple

from django.conf import settings
from django.utils import text as django_text
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext

from serviceladder.core.i18n import pick, typed_pair

logger = logging.getLogger(__name__)


class Names(NamedTuple):
    """A name kept in both languages (levels, departments, teams); shown in the reader's."""

    zh: str
    en: str

    def __str__(self) -> str:
        return pick(self.zh, self.en)


def names_of(obj) -> Names:
    """The Chinese and English names of a model with `name_zh` and `name_en` (Level, Department, ...)."""
    return Names(obj.name_zh or "", obj.name_en or "")


def typed_names(original: str, other: str = "") -> Names:
    """A name someone typed in either language and its optional translation, as a Names pair: a reader of the
    original's language sees the original, the other reader the translation (else the original)."""
    return Names(*typed_pair(original, other))


def cycle_names(cycle) -> Names:
    """A promotion cycle's name and its translation (PromotionCycle.name, .name_alt)."""
    return typed_names(cycle.name, cycle.name_alt)


class Message:
    """Translatable text with values, rendered when shown. `str()` renders it in the active language."""

    __slots__ = ("params", "text")

    def __init__(self, text, /, **params) -> None:
        self.text = text
        self.params = params

    def __str__(self) -> str:
        return render(freeze(self))

    def __repr__(self) -> str:
        return f"Message({_source(self.text)!r}, **{self.params!r})"


def _source(text) -> str:
    """The message id of a lazy translation: its English text (the catalogue has no English entries)."""
    return _str_in(text, "en")


def freeze(value) -> Any:
    """A JSON-storable spec of `value` (see the module docstring); `render` turns it back into text."""
    if isinstance(value, Message):
        spec: dict[str, Any] = {"msgid": _source(value.text)}
        if value.params:
            spec["params"] = {key: freeze(v) for key, v in value.params.items()}
        return spec
    if isinstance(value, Names):
        return {"zh": value.zh, "en": value.en}
    if isinstance(value, Promise):
        return _freeze_lazy(value)
    if isinstance(value, bool) or value is None:
        return str(value) if value is not None else ""
    if isinstance(value, int | float):
        return value
    return str(value)


def _freeze_lazy(value: Promise) -> Any:
    # A lazy object names its function and arguments for pickling; that tells gettext_lazy and format_lazy
    # apart from the rest.
    try:
        _unpickle, (func, args, kwargs, *_types) = value.__reduce__()
    except (TypeError, ValueError):
        func, args, kwargs = None, (), {}
    if func is translation.gettext and len(args) == 1 and not kwargs:
        return {"msgid": str(args[0])}
    if func is getattr(django_text, "_format_lazy", object()) and len(args) == 1:
        return freeze(Message(args[0], **kwargs))
    zh = next((code for code, _name in settings.LANGUAGES if code.startswith("zh")), "zh-hans")
    return {"zh": _str_in(value, zh), "en": _str_in(value, "en")}


def _str_in(value, language: str) -> str:
    with translation.override(language):
        return str(value)


def render(spec) -> str:
    """The text of a spec in the active language. Never raises: a broken translation falls back to English."""
    if isinstance(spec, str):
        return spec
    if isinstance(spec, int | float):
        return str(spec)
    if not isinstance(spec, dict):
        return ""
    if "msgid" in spec:
        msgid = str(spec["msgid"])
        params = spec.get("params")
        if not params:
            return gettext(msgid) if msgid else ""
        values = {key: render(v) for key, v in params.items()}
        try:
            return gettext(msgid).format(**values)
        except (KeyError, IndexError, ValueError):
            logger.warning("translation of %r does not fit its values; shown in English", msgid)
            try:
                return msgid.format(**values)
            except (KeyError, IndexError, ValueError):
                return msgid
    if "zh" in spec or "en" in spec:
        return pick(str(spec.get("zh") or ""), str(spec.get("en") or ""))
    return ""


def render_in(spec, language: str) -> str:
    with translation.override(language):
        return render(spec)


def one_line(text: str, limit: int) -> str:
    """E-mail subjects and list titles are one line; a long title is shortened, not refused."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
