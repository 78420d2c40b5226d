"""Today's date for the promotion process, in the configured time zone. One function so that tests (and a
what-if page) can fix the date the services and selectors work with."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    return timezone.localdate()


def now() -> dt.datetime:
    return timezone.now()
