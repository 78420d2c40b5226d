"""Typed values from what a form or a service call sends (text from a browser, or Python values from the CLI
and the demo), each refused with the caller's own domain error so the message names the field.

`error` is the caller's exception class, called as `error(message, **values)`: the services' errors take a
message constant and the values it names."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.dateparse import parse_datetime


def aware_datetime(raw, *, error, message, required: bool) -> dt.datetime | None:
    """A timezone-aware date and time from a datetime or text (YYYY-MM-DD HH:MM, or the T of a form)."""
    if raw in (None, ""):
        if required:
            raise error(message, found="—")
        return None
    value = raw
    if isinstance(raw, str):
        try:
            value = parse_datetime(raw.strip())
        except ValueError:
            value = None
    if not isinstance(value, dt.datetime):
        raise error(message, found=str(raw)[:40])
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def places(raw, *, error, message, limit: int) -> int | None:
    """A number of places from 1 to `limit`; None when left empty (no limit)."""
    if raw in (None, ""):
        return None
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise error(message, found=str(raw)[:40], limit=limit) from None
    if not 1 <= value <= limit:
        raise error(message, found=value, limit=limit)
    return value


def bounded_text(raw, limit: int, *, error, message) -> str:
    """The text without surrounding blanks, refused when longer than `limit`."""
    text = (raw or "").strip()
    if len(text) > limit:
        raise error(message, length=len(text), limit=limit)
    return text
