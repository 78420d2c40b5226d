"""Keep ladder.Track / ladder.Level rows in step with the stored policy versions.

The rows carry what the rest of the app joins on (code, track, rank, names, supervisory). Duties,
requirements, competencies and pay bands are read from the version's parsed content, never copied.
A level no current or future version mentions is marked `in_policy=False`, never deleted: people may hold it.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from serviceladder.ladder.models import Level, Track
from serviceladder.policy.models import PolicyVersion

RANK_PARKING = 10000  # ranks are unique per track; park rows here while reordering


def relevant_versions(today: dt.date) -> list[PolicyVersion]:
    """The version in force today plus every version that takes effect later, oldest first."""
    current = (
        PolicyVersion.objects.filter(effective_from__lte=today).order_by("-effective_from", "-number").first()
    )
    future = list(PolicyVersion.objects.filter(effective_from__gt=today).order_by("effective_from", "number"))
    return ([current] if current else []) + future


def ladder_sync(today: dt.date | None = None) -> dict[str, list[str]]:
    """Upsert tracks and levels; returns {"added": [...], "updated": [...], "retired": [...]} level codes."""
    from serviceladder.policy.selectors import policy_parsed

    today = today or timezone.localdate()
    tracks: dict[str, dict] = {}
    levels: dict[str, dict] = {}
    for version in relevant_versions(today):  # later versions win for names and order
        policy = policy_parsed(version)
        for order, track in enumerate(policy.tracks, start=1):
            tracks[track.code] = {
                "kind": track.kind,
                "name_zh": track.name_zh,
                "name_en": track.name_en,
                "order": order,
            }
            for rank, level in enumerate(track.levels, start=1):
                levels[level.code] = {
                    "track": track.code,
                    "rank": rank,
                    "name_zh": level.name_zh,
                    "name_en": level.name_en,
                    "is_supervisory": level.supervisory,
                }
    track_rows = {}
    for code, values in tracks.items():
        track_rows[code], _created = Track.objects.update_or_create(code=code, defaults=values)

    existing = {lv.code: lv for lv in Level.objects.all()}
    original_ranks = {code: lv.rank for code, lv in existing.items()}
    for lv in existing.values():  # free every rank before assigning the new order
        lv.rank = RANK_PARKING + lv.pk
        lv.save(update_fields=["rank"])
    report: dict[str, list[str]] = {"added": [], "updated": [], "retired": []}
    for code, values in levels.items():
        fields = {**values, "track": track_rows[values["track"]], "in_policy": True}
        row = existing.get(code)
        if row is None:
            Level.objects.create(code=code, **fields)
            report["added"].append(code)
            continue
        old_rank = original_ranks[code]
        changed = [k for k, v in fields.items() if k != "rank" and getattr(row, k) != v]
        for key, value in fields.items():
            setattr(row, key, value)
        row.save(update_fields=sorted({*changed, "rank"}))
        if changed or old_rank != values["rank"]:
            report["updated"].append(code)
    for code, row in existing.items():
        if code not in levels and row.in_policy:
            row.in_policy = False
            row.save(update_fields=["in_policy"])
            report["retired"].append(code)
    return report
