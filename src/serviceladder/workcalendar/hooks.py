"""What other apps do when years of a calendar become official (HR imports the schedule, or the package seeds
it): e.g. the voice channel recomputes the answer deadlines it counted on weekends only for such a year.

Low in the house: the calendar knows no app. An app registers one function from its `AppConfig.ready`:

    from serviceladder.workcalendar.hooks import on_years_official
    on_years_official("wellbeing.voice", recompute)   # recompute(*, actor, calendar, years) -> None

The calendar's services call `years_official(...)` inside their transaction, so a hook that raises undoes
the import: the calendar and the deadlines counted on it never disagree.
"""

from __future__ import annotations

from collections.abc import Callable

Hook = Callable[..., object]
_HOOKS: dict[str, Hook] = {}


def on_years_official(name: str, hook: Hook) -> None:
    _HOOKS[name] = hook


def years_official(*, actor, calendar: str, years) -> None:
    years = tuple(sorted(set(years)))
    if not years:
        return
    for name in sorted(_HOOKS):
        _HOOKS[name](actor=actor, calendar=calendar, years=years)
