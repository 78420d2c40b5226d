"""The pay rule applied to policy content: pay bands and pay figures only for HR and management.

Pure: parsed policy data (or its YAML text) in, a copy without any pay figure out. Every view of policy
content for someone else (the stored file, the diff, …) goes through here, so the figures are never in the
response at all — not hidden by the page, absent from it. Comments of a file may mention pay, so a redacted
file is written out again from its data (comments and layout are not kept; the values and their order are).
"""

from __future__ import annotations

import copy
from typing import Any

import yaml

HIDDEN = "(hidden)"


def _level_dicts(data: dict):
    for track in data.get("tracks") or []:
        if not isinstance(track, dict):
            continue
        for level in track.get("levels") or []:
            if isinstance(level, dict):
                yield level


def has_pay(data: Any) -> bool:
    """Whether the parsed policy holds any pay band or pay figure."""
    if not isinstance(data, dict):
        return False
    return redact_pay(data) != data


def redact_pay(data: Any) -> Any:
    """A copy of the parsed policy with every pay band and pay figure replaced by HIDDEN.

    Covered: `tracks[].levels[].pay_band` (min, max, currency), `process.pay_rule.min_ratio` (the least
    raise a promotion brings) and the bonus amounts of `performance_pay` (base per level, cap).
    Anything that is not a mapping is returned unchanged.
    """
    if not isinstance(data, dict):
        return data
    out = copy.deepcopy(data)
    for level in _level_dicts(out):
        if "pay_band" in level and level["pay_band"] is not None:
            level["pay_band"] = HIDDEN
    process = out.get("process")
    if isinstance(process, dict):
        rule = process.get("pay_rule")
        if isinstance(rule, dict) and "min_ratio" in rule:
            rule["min_ratio"] = HIDDEN
    pay = out.get("performance_pay")
    if isinstance(pay, dict):  # bonus amounts (the coefficients are not pay figures and stay)
        bases = pay.get("base_by_level")
        if isinstance(bases, dict):
            pay["base_by_level"] = dict.fromkeys(bases, HIDDEN)
        if pay.get("cap") is not None:
            pay["cap"] = HIDDEN
    return out


def redact_pay_text(text: str, *, note: str) -> tuple[str, bool]:
    """The YAML text as someone without pay rights may read it, and whether anything was hidden.

    Without pay content the text is returned as stored. Otherwise it is written out again from the redacted
    data (so no comment can carry a figure), starting with `note` as a YAML comment.
    """
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return f"# {note}\n", True  # stored versions are valid; never echo what could not be checked
    if not has_pay(data):
        return text, False
    body = yaml.safe_dump(redact_pay(data), sort_keys=False, allow_unicode=True, width=110)
    return f"# {note}\n{body}", True
