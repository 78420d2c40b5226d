"""The daily job's steps. An app registers each of its daily steps from its AppConfig.ready:

    from serviceladder.daily.registry import daily_step
    daily_step("development.reminders", reminders_send)

A step is a function of the day it runs for (a date), returning a small JSON-able dict of what it did
(counts). It must be safe to run for a past day (the job catches up missed days) and should be idempotent:
the job runs each (day, step) once, but a step that failed is tried again on the next run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

Step = Callable[[dt.date], dict | None]

_steps: dict[str, Step] = {}


def daily_step(name: str, fn: Step) -> None:
    """Register `fn` as the daily step `name` (registering the same name again replaces it)."""
    if not name or len(name) > 100:
        raise ImproperlyConfigured(f"a daily step needs a name of 1 to 100 characters, not {name!r}")
    _steps[name] = fn


def unregister(name: str) -> None:
    _steps.pop(name, None)


def steps() -> dict[str, Step]:
    """The registered steps by name, in name order (the order they run in)."""
    return dict(sorted(_steps.items()))
