"""Steps already under way: approved, on public notice, or promoted and not yet in force.

A person whose promotion to a level is on notice still holds their old level, so the engine, which reads
levels and figures only, finds them eligible again for the step they have just taken. The app that knows
about such moves (promotions) registers a provider from its AppConfig.ready; the eligibility selectors ask
`pending_moves` and show those steps as under way, never as "eligible now". Eligibility imports no app
above it: the registry keeps the dependency pointing down.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class PendingMove:
    to_level: str  # level code
    state: str  # the provider's state code (e.g. promotions' "on_notice")
    label: str  # what is under way, in the reader's language (rendered when read)
    until: dt.date | None = None  # when it ends (the notice's last day, the new level's first day)
    url: str = ""  # where to read about it (for those who may)


# provider(employee pks, as_of) -> {employee pk: {to_level code: PendingMove}}
Provider = Callable[[list[int], dt.date], dict[int, dict[str, PendingMove]]]
_providers: list[Provider] = []


def pending_moves_provider_register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def pending_moves(employee_ids: Iterable[int], as_of: dt.date) -> dict[int, dict[str, PendingMove]]:
    """Every registered provider's moves under way on `as_of` for these people, by person and target level."""
    ids = list(employee_ids)
    found: dict[int, dict[str, PendingMove]] = {}
    if not ids:
        return found
    for provider in _providers:
        for pk, moves in provider(ids, as_of).items():
            found.setdefault(pk, {}).update(moves)
    return found
