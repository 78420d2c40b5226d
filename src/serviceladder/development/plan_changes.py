"""What changed between two versions of a development plan (the version history page). Pure: plain dicts in,
a list of changes out, so it is tested without a database.

A version is described by `version_snapshot`-shaped dicts: {"target": str, "horizons": {name: text},
"goals": {lineage: {field: value}}, "actions": {lineage: {field: value}}}. Goals and actions are matched by
lineage: one present only in the newer version was added, only in the older removed, in both with a
different field changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Change:
    kind: str  # "target", "horizon", "goal", "action"
    change: str  # "added", "removed", "changed"
    label: str  # the goal's statement, the action's title, the horizon's name
    fields: tuple[str, ...] = field(default=())  # for "changed": which fields differ
    before: str = ""
    after: str = ""


def _items(kind: str, old: dict, new: dict, label_key: str) -> list[Change]:
    out = []
    for lineage, item in new.items():
        if lineage not in old:
            out.append(Change(kind, "added", str(item.get(label_key, ""))))
            continue
        differ = tuple(k for k in item if item[k] != old[lineage].get(k))
        if differ:
            before = str(old[lineage].get(label_key, ""))
            after = str(item.get(label_key, ""))
            out.append(Change(kind, "changed", after, differ, before=before if before != after else ""))
    out.extend(
        Change(kind, "removed", str(item.get(label_key, ""))) for lin, item in old.items() if lin not in new
    )
    return out


def version_changes(old: dict, new: dict) -> list[Change]:
    """Changes from `old` to `new` (module docstring): target, horizons, goals, actions, in that order."""
    out: list[Change] = []
    if old.get("target", "") != new.get("target", ""):
        out.append(Change("target", "changed", "", before=old.get("target", ""), after=new.get("target", "")))
    for name, text in new.get("horizons", {}).items():
        before = old.get("horizons", {}).get(name, "")
        if before != text:
            out.append(Change("horizon", "changed", name, before=before, after=text))
    out.extend(_items("goal", old.get("goals", {}), new.get("goals", {}), "statement"))
    out.extend(_items("action", old.get("actions", {}), new.get("actions", {}), "title"))
    return out
