"""Agents in an export matched to employees: by employee number, or by name (case and spacing aside), with
the employees' names closest to an unmatched one suggested."""

from __future__ import annotations

import datetime as dt
import difflib
import time
from dataclasses import dataclass, field

# Near misses are suggested for the unmatched agents a report shows first, within a time budget (difflib
# compares a name with every employee's: ~0.2 s per name among 10,000 employees).
NEAR_MISSES_FOR = 50
NEAR_MISSES_SECONDS = 2.0


@dataclass
class EmployeeLookup:
    by_number: dict[str, int]  # employee number -> employee id
    by_name: dict[str, list[str]] = field(default_factory=dict)  # name -> employee numbers
    # employee number -> (hire date, leave date or None): a contact outside those months is impossible
    employment: dict[str, tuple[dt.date, dt.date | None]] = field(default_factory=dict)
    # The company's today: a contact in a later month is impossible. None: months are not checked.
    today: dt.date | None = None


def name_key(name: str) -> str:
    """A name as `match: name` compares it: case, surrounding and repeated spaces aside."""
    return " ".join(name.split()).casefold()


def match_agents(con, lookup: EmployeeLookup, by: str, agent_rows: dict[str, int]):
    """Return (unmatched key -> rows, name -> number for name matching). Names match whatever their case
    and spacing ("joe smith " is "Joe Smith"); a name two employees share matches nobody."""
    unmatched: dict[str, int] = {}
    names: dict[str, str] = {}
    by_key: dict[str, list[str]] = {}
    if by == "name":
        for name, numbers in lookup.by_name.items():
            by_key.setdefault(name_key(name), []).extend(numbers)
    for key, n in agent_rows.items():
        if by == "number":
            if key not in lookup.by_number:
                unmatched[key] = n
        else:
            numbers = by_key.get(name_key(key), [])
            if len(numbers) == 1:
                names[key] = numbers[0]
            else:
                unmatched[key if not numbers else f"{key} ({'/'.join(sorted(numbers))})"] = n
    return unmatched, names


def near_misses(unmatched: dict[str, int], lookup: EmployeeLookup) -> dict[str, list[str]]:
    """For the unmatched names a report shows first (most rows first), the employees' names that are close
    to each (difflib, among employees' names only, case and spacing aside)."""
    names: dict[str, str] = {}
    for name in lookup.by_name:
        names.setdefault(name_key(name), name)
    keys = list(names)
    out: dict[str, list[str]] = {}
    shown = sorted(unmatched.items(), key=lambda kv: (-kv[1], kv[0]))[:NEAR_MISSES_FOR]
    until = time.monotonic() + NEAR_MISSES_SECONDS
    for agent, _rows in shown:
        if time.monotonic() > until:
            break
        key = name_key(agent)
        # One wrong character of a two- or three-character Chinese name is a near miss (ratio 0.5-0.67);
        # longer names need more in common, which also keeps difflib from scoring most of the staff.
        close = difflib.get_close_matches(key, keys, n=3, cutoff=0.5 if len(key) <= 4 else 0.75)
        close = [names[k] for k in close if k != key]  # a shared name is not a near miss
        if close:
            out[agent] = close
    return out
