"""The superior's ratings as competency confirmations (policy clause `competency_confirmation`): what the
person's profile lists and what eligibility reads. One mechanism: a confirmation is the superior's Rating of
a skill assessment (development.models.assessments); the older CompetencyConfirmation rows were migrated
into assessments (migration 0003)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from serviceladder.accounts.scoping import can_see_performance
from serviceladder.core.i18n import pick
from serviceladder.development.models import Rating
from serviceladder.development.models.assessments import GENERAL_NOTE
from serviceladder.org.models import Employee
from serviceladder.policy.selectors import policy_parsed


@dataclass(frozen=True)
class RatedCompetency:
    code: str
    name: str
    required: int
    rated: int | None

    @property
    def met(self) -> bool:
        return self.rated is not None and self.rated >= self.required


@dataclass(frozen=True)
class ConfirmationRecord:
    """What the profile shows of one superior rating."""

    target_level_code: str
    policy_version: object
    ratings: dict[str, int]
    confirmed_by: object
    confirmed_by_label: str
    confirmed_at: object
    note: str


@dataclass(frozen=True)
class ConfirmationView:
    record: ConfirmationRecord
    level_name: str
    rows: list[RatedCompetency]

    @property
    def all_met(self) -> bool:
        return all(r.met for r in self.rows)


def competency_confirmations(user, employee: Employee) -> list[ConfirmationView] | None:
    """The superior's ratings of the person, newest first, each with required vs rated; None when not
    visible."""
    if not can_see_performance(user, employee):
        return None
    out = []
    ratings = (
        Rating.objects.filter(assessment__employee=employee, group=Rating.Group.SUPERIOR)
        .select_related("assessment__policy_version", "rated_by")
        .order_by("-rated_at", "-pk")
    )
    for rating in ratings:
        a = rating.assessment
        policy = policy_parsed(a.policy_version)
        names = {c.code: pick(c.name_zh, c.name_en) for c in policy.competencies}
        found = policy.levels().get(a.target_level_code)
        profile = dict(found[1].competencies) if found else {}
        level_name = pick(found[1].name_zh, found[1].name_en) if found else a.target_level_code
        scores = {k: int(v) for k, v in rating.scores.items()}
        codes = list(profile) + [c for c in scores if c not in profile]
        rows = [RatedCompetency(c, names.get(c, c), profile.get(c, 0), scores.get(c)) for c in codes]
        record = ConfirmationRecord(
            target_level_code=a.target_level_code,
            policy_version=a.policy_version,
            ratings=scores,
            confirmed_by=rating.rated_by,
            confirmed_by_label=rating.rated_by_label,
            confirmed_at=rating.rated_at,
            note=rating.evidence.get(GENERAL_NOTE, ""),
        )
        out.append(ConfirmationView(record, level_name, rows))
    return out


def competency_ratings_as_of(
    employee_ids: Iterable[int], as_of: dt.date
) -> dict[int, dict[str, dict[str, int]]]:
    """employee id → target level code → competency code → the superior's latest rating (1–5) given on or
    before `as_of` (local date): what the `competency_confirmation` clause reads.

    Eligibility's loader reads it here, never development's models. Below the scoping layer: callers pass
    people they have already scoped."""
    out: dict[int, dict[str, dict[str, int]]] = defaultdict(dict)
    # Given on or before `as_of` (local date): before the next local midnight, a plain indexable bound.
    next_midnight = timezone.make_aware(dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time()))
    for emp_id, target, ratings in (
        Rating.objects.filter(
            assessment__employee_id__in=list(employee_ids),
            group=Rating.Group.SUPERIOR,
            rated_at__lt=next_midnight,
        )
        .order_by("rated_at", "pk")
        .values_list("assessment__employee_id", "assessment__target_level_code", "scores")
    ):
        out[emp_id][target] = {k: int(v) for k, v in ratings.items()}
    return out
