"""A readable diff of two policy files, by what people call things: "transition CS1→CS2: min_months_in_level
12 → 18; metric csat_mean threshold 4.5 → 4.6". Works on the raw YAML data, so values appear as written."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

ADDED = _("added")
REMOVED = _("removed")
NO_CHANGES = _("No differences.")


@dataclass(frozen=True)
class Change:
    group: str  # "transition CS1→CS2", "level CS3", "process"
    key: str  # "" when the whole group was added or removed
    old: Any
    new: Any
    path: str = ""  # the flattened key as in the file ("exam.min_score", "metric csat_mean.threshold")

    def render(self) -> str:
        if not self.key:
            return str(ADDED) if self.old is None else str(REMOVED)
        if self.old is _MISSING:
            return f"{self.key} {ADDED} ({_fmt(self.new)})"
        if self.new is _MISSING:
            return f"{self.key} {REMOVED} ({_fmt(self.old)})"
        return f"{self.key} {_fmt(self.old)} → {_fmt(self.new)}"


_MISSING = object()


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_fmt(v) for v in value) + "]"
    return str(value)


def _keyed(items: Any, key: str, prefix: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if not isinstance(items, list):
        return out
    for index, item in enumerate(items):
        name = item.get(key) if isinstance(item, dict) else None
        label = f"{prefix} {name}" if name is not None else f"{prefix} #{index + 1}"
        while label in out:
            label += "'"
        out[label] = item
    return out


def _conditions(cond: Any) -> dict[str, Any]:
    if not isinstance(cond, dict):
        return {}
    out = {k: v for k, v in cond.items() if k not in {"metric_thresholds", "team_conditions"}}
    for label, item in _keyed(cond.get("metric_thresholds"), "metric", "metric").items():
        out[label] = _rename_value(item)
    for label, item in _keyed(cond.get("team_conditions"), "metric", "team metric").items():
        out[label] = _rename_value(item)
    return out


def _rename_value(item: Any) -> Any:
    if not isinstance(item, dict):
        return item
    return {("threshold" if k == "value" else k): v for k, v in item.items() if k != "metric"}


def _groups(data: Any) -> dict[str, dict[str, Any]]:
    """Split a policy into named groups, each flattened to {key path: value}."""
    data = data if isinstance(data, dict) else {}
    special = {
        "tracks",
        "transitions",
        "competencies",
        "trainings",
        "exams",
        "development",
        "stars",
        "performance_pay",
    }
    special |= {"coaching", "wellbeing"}
    groups: dict[str, Any] = {"policy": {}}
    for key, value in data.items():
        if key in special:
            continue
        if isinstance(value, dict):
            groups[key] = value
        else:
            groups["policy"][key] = value
    for label, item in _keyed(data.get("competencies"), "code", "competency").items():
        groups[label] = item
    for label, item in _keyed(data.get("trainings"), "code", "training").items():
        groups[label] = item
    for label, item in _keyed(data.get("exams"), "code", "exam").items():  # issue 17: "exam knowledge-exam"
        groups[label] = item
    development = data.get("development")
    if isinstance(development, dict):  # its settings, then one group per plan template
        groups["development"] = {k: v for k, v in development.items() if k != "templates"}
        for label, item in _keyed(development.get("templates"), "code", "template").items():
            groups[label] = item
    groups.update(_recognition_groups(data))
    groups.update(_wellbeing_groups(data))
    for label, track in _keyed(data.get("tracks"), "code", "track").items():
        if not isinstance(track, dict):
            continue
        levels = track.get("levels") if isinstance(track.get("levels"), list) else []
        groups[label] = {
            **{k: v for k, v in track.items() if k != "levels"},
            "levels": [lv.get("code") for lv in levels if isinstance(lv, dict)],
        }
        for level_label, level in _keyed(levels, "code", "level").items():
            groups[level_label] = {k: v for k, v in level.items() if k != "code"}
    transitions = data.get("transitions") if isinstance(data.get("transitions"), list) else []
    for tr in transitions:
        if not isinstance(tr, dict):
            continue
        label = f"transition {tr.get('from')}→{tr.get('to')}"
        while label in groups:
            label += "'"
        groups[label] = {
            **{k: v for k, v in tr.items() if k not in {"from", "to", "conditions"}},
            **_conditions(tr.get("conditions")),
        }
    return {label: _flatten(value) for label, value in groups.items()}


def _recognition_groups(data: dict) -> dict[str, Any]:
    """Stars: the settings, then one group per tier ("star_tier 5") with its thresholds keyed by metric;
    performance pay: the settings with the base per level and the coefficients keyed by level and tier, score
    bands by their lower edge; coaching: the settings, then one group per rule ("coaching_rule csat-below").
    improvement_plans is a plain mapping and needs nothing special."""
    groups: dict[str, Any] = {}
    stars = data.get("stars")
    if isinstance(stars, dict):
        groups["stars"] = {k: v for k, v in stars.items() if k != "tiers"}
        for label, tier in _keyed(stars.get("tiers"), "stars", "star_tier").items():
            groups[label] = _conditions(tier.get("conditions")) if isinstance(tier, dict) else tier
    pay = data.get("performance_pay")
    if isinstance(pay, dict):
        settings = {k: v for k, v in pay.items() if k != "score_bands"}
        bands = pay.get("score_bands")
        if isinstance(bands, list):
            settings["score_bands"] = {
                str(b.get("from")) if isinstance(b, dict) else f"#{i + 1}": (
                    b.get("coefficient") if isinstance(b, dict) else b
                )
                for i, b in enumerate(bands)
            }
        groups["performance_pay"] = settings
    coaching = data.get("coaching")
    if isinstance(coaching, dict):
        groups["coaching"] = {k: v for k, v in coaching.items() if k != "rules"}
        for label, rule in _keyed(coaching.get("rules"), "code", "coaching_rule").items():
            groups[label] = {k: v for k, v in rule.items() if k != "code"} if isinstance(rule, dict) else rule
    return groups


def _wellbeing_groups(data: dict) -> dict[str, Any]:
    """Wellbeing: the settings (stages, pulse and voice flattened under them), then one group per signal
    ("wellbeing_signal workload") and per pulse question ("pulse_question exhaustion")."""
    groups: dict[str, Any] = {}
    wellbeing = data.get("wellbeing")
    if not isinstance(wellbeing, dict):
        return groups
    settings = {k: v for k, v in wellbeing.items() if k != "signals"}
    pulse = settings.get("pulse")
    questions = None
    if isinstance(pulse, dict):
        questions = pulse.get("questions")
        settings["pulse"] = {k: v for k, v in pulse.items() if k != "questions"}
    groups["wellbeing"] = settings
    for label, rule in _keyed(wellbeing.get("signals"), "code", "wellbeing_signal").items():
        groups[label] = {k: v for k, v in rule.items() if k != "code"} if isinstance(rule, dict) else rule
    for label, question in _keyed(questions, "code", "pulse_question").items():
        groups[label] = (
            {k: v for k, v in question.items() if k != "code"} if isinstance(question, dict) else question
        )
    return groups


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, sub in value.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(sub, dict) and sub:
                out.update(_flatten(sub, name))
            elif isinstance(sub, list) and sub and all(isinstance(x, dict) for x in sub):
                for index, item in enumerate(sub):
                    out.update(_flatten(item, f"{name}[{index}]"))
            else:
                out[name] = sub
        return out
    return {prefix or "value": value}


def diff_policies(old: Any, new: Any) -> list[tuple[str, list[Change]]]:
    """[(group, [changes])] in a stable order: groups as they appear in the new file, then removed ones."""
    a, b = _groups(old), _groups(new)
    labels = list(b) + [label for label in a if label not in b]
    result = []
    for label in labels:
        if label not in a:
            result.append((label, [Change(label, "", None, True)]))
            continue
        if label not in b:
            result.append((label, [Change(label, "", True, None)]))
            continue
        changes = []
        for key in list(b[label]) + [k for k in a[label] if k not in b[label]]:
            old_v, new_v = a[label].get(key, _MISSING), b[label].get(key, _MISSING)
            if old_v != new_v:
                changes.append(Change(label, _pretty_key(key), old_v, new_v, path=key))
        if changes:
            result.append((label, changes))
    return result


def is_missing(value: Any) -> bool:
    """Whether a Change's old or new side is absent (the key was added or removed)."""
    return value is _MISSING


def _pretty_key(key: str) -> str:
    # "metric csat_mean.threshold" reads better as "metric csat_mean threshold"
    for head in ("team metric ", "metric "):
        if key.startswith(head) and "." in key:
            first, rest = key.split(".", 1)
            return f"{first} {rest}"
    return key


def render_diff(old: Any, new: Any) -> list[str]:
    lines = [
        f"{group}: " + "; ".join(c.render() for c in changes) for group, changes in diff_policies(old, new)
    ]
    return lines or [str(NO_CHANGES)]
