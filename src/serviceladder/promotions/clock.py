"""Today's date for the promotion process, in the configured time zone. One function so that tests (and a
what-if page) can fix the date the services and selectors work with; `on(day)` fixes it for a block of code
(the demo walks a past cycle through the services on the days it happened)."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone


def today() -> dt.date:
    return timezone.localdate()


def now() -> dt.datetime:
    return timezone.now()


@contextmanager
def on(day: dt.date) -> Iterator[None]:
    """Inside the block the process's today is `day` and its now 10:00 that day; afterwards whatever was
    there before (a test may have fixed the date too). One process, one thread: the demo loader, tests."""
    module = sys.modules[__name__]
    saved = module.today, module.now
    module.today = lambda: day
    module.now = lambda: timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
    try:
        yield
    finally:
        module.today, module.now = saved
