"""Cell parsers: take what the reader gives (text, number, date), return a value or raise CellError."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.translation import gettext_lazy as _

BAD_DATE = _("Not a date. Use YYYY-MM-DD, YYYY/MM/DD or YYYY年M月D日 (or a date cell).")
BAD_NUMBER = _("Not a number. Write digits, e.g. 8500 or 8500.50.")
BAD_WHOLE_NUMBER = _("Not a whole number between %(low)s and %(high)s.")
BAD_EMAIL = _("Not an e-mail address.")
BAD_CHOICE = _("Not one of the allowed values: %(allowed)s.")
BAD_LANGUAGE = _(
    "Not a language. Use a language code (zh, en, yue, ja …) or 中文 / 英语 / 粤语 / 日语 / 韩语."
)
REQUIRED_VALUE = _("This cell must not be empty.")
TOO_LONG = _("Too long: at most %(max)s characters.")
BAD_CODE = _("A code may contain only letters, digits, '-' and '_'.")


class CellError(Exception):
    def __init__(self, message: Any, **params: Any) -> None:
        self.message = message
        self.params = params
        super().__init__(str(message))


def text(raw: Any, *, max_length: int | None = None) -> str:
    """Cell as text. Whole numbers from spreadsheets (1001.0) read as "1001", so numbers work as codes."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    value = str(raw).strip()
    if max_length is not None and len(value) > max_length:
        raise CellError(TOO_LONG, max=max_length)
    return value


def required_text(raw: Any, *, max_length: int | None = None) -> str:
    value = text(raw, max_length=max_length)
    if not value:
        raise CellError(REQUIRED_VALUE)
    return value


def code(raw: Any, *, max_length: int = 40) -> str:
    value = required_text(raw, max_length=max_length)
    if not re.fullmatch(r"[-a-zA-Z0-9_]+", value):
        raise CellError(BAD_CODE)
    return value


_DATE_PATTERNS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
)


def date(raw: Any) -> dt.date | None:
    """YYYY-MM-DD, YYYY/MM/DD, YYYY年M月D日 or a real date cell; empty is None."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    value = str(raw).strip()
    if not value:
        return None
    # A CSV saved by Excel may add a midnight time: "2024/03/01 0:00".
    value = re.sub(r"\s+0{1,2}:00(:00)?$", "", value)
    for pattern in _DATE_PATTERNS:
        m = pattern.fullmatch(value)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                break
    raise CellError(BAD_DATE)


def required_date(raw: Any) -> dt.date:
    value = date(raw)
    if value is None:
        raise CellError(REQUIRED_VALUE)
    return value


def decimal(raw: Any) -> Decimal | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        raise CellError(BAD_NUMBER)
    if isinstance(raw, int | float):
        raw = repr(raw) if isinstance(raw, float) else str(raw)
    value = str(raw).strip().replace(",", "")
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise CellError(BAD_NUMBER) from None
    if not number.is_finite():
        raise CellError(BAD_NUMBER)
    return number


def whole_number(raw: Any, *, low: int, high: int) -> int | None:
    number = decimal(raw) if not isinstance(raw, str) or raw.strip() else None
    if number is None:
        return None
    if number != number.to_integral_value() or not low <= number <= high:
        raise CellError(BAD_WHOLE_NUMBER, low=low, high=high)
    return int(number)


def email(raw: Any) -> str:
    value = text(raw, max_length=254)
    if value:
        try:
            EmailValidator()(value)
        except ValidationError:
            raise CellError(BAD_EMAIL) from None
    return value


def split_list(raw: Any) -> list[str]:
    """ "电话、在线; email" → ["电话", "在线", "email"]: any of , ， ; ； 、 / | separates items."""
    return [p.strip() for p in re.split(r"[,，;；、/|]", text(raw)) if p.strip()]


def choice(raw: Any, synonyms: dict[str, str], allowed: str) -> str:
    """Map a written value (any case) to its stored code through `synonyms` (code → code included)."""
    value = text(raw).casefold()
    if value not in synonyms:
        raise CellError(BAD_CHOICE, allowed=allowed)
    return synonyms[value]


CHANNELS = {
    "call": "call",
    "phone": "call",
    "voice": "call",
    "电话": "call",
    "热线": "call",
    "chat": "chat",
    "im": "chat",
    "online": "chat",
    "在线": "chat",
    "在线客服": "chat",
    "聊天": "chat",
    "email": "email",
    "e-mail": "email",
    "邮件": "email",
    "ticket": "ticket",
    "工单": "ticket",
    "social": "social",
    "社交媒体": "social",
    "video": "video",
    "视频": "video",
}
CHANNELS_ALLOWED = "call (电话), chat (在线), email (邮件), ticket (工单), social (社交媒体), video (视频)"

LANGUAGE_NAMES = {
    "中文": "zh",
    "汉语": "zh",
    "普通话": "zh",
    "英语": "en",
    "英文": "en",
    "english": "en",
    "chinese": "zh",
    "mandarin": "zh",
    "粤语": "yue",
    "cantonese": "yue",
    "日语": "ja",
    "japanese": "ja",
    "韩语": "ko",
    "korean": "ko",
}


def channels(raw: Any) -> list[str]:
    result: list[str] = []
    for item in split_list(raw):
        code_ = choice(item, CHANNELS, CHANNELS_ALLOWED)
        if code_ not in result:
            result.append(code_)
    return result


def languages(raw: Any) -> list[str]:
    result: list[str] = []
    for item in split_list(raw):
        folded = item.casefold()
        if folded in LANGUAGE_NAMES:
            lang = LANGUAGE_NAMES[folded]
        elif re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{2,8})*", folded):
            lang = folded
        else:
            raise CellError(BAD_LANGUAGE)
        if lang not in result:
            result.append(lang)
    return result
