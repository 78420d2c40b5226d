"""Read development records, scoped through accounts.scoping."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from serviceladder.accounts.scoping import can_see_performance
from serviceladder.core.i18n import pick
from serviceladder.development.models import CompetencyConfirmation
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
class ConfirmationView:
    record: CompetencyConfirmation
    level_name: str
    rows: list[RatedCompetency]

    @property
    def all_met(self) -> bool:
        return all(r.met for r in self.rows)


def competency_confirmations(user, employee: Employee) -> list[ConfirmationView] | None:
    """The person's confirmations, newest first, each with required vs rated; None when not visible."""
    if not can_see_performance(user, employee):
        return None
    out = []
    records = CompetencyConfirmation.objects.filter(employee=employee).select_related("policy_version")
    for record in records:
        policy = policy_parsed(record.policy_version)
        names = {c.code: pick(c.name_zh, c.name_en) for c in policy.competencies}
        found = policy.levels().get(record.target_level_code)
        profile = dict(found[1].competencies) if found else {}
        level_name = pick(found[1].name_zh, found[1].name_en) if found else record.target_level_code
        codes = list(profile) + [c for c in record.ratings if c not in profile]
        rows = [RatedCompetency(c, names.get(c, c), profile.get(c, 0), record.ratings.get(c)) for c in codes]
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
        CompetencyConfirmation.objects.filter(
            employee_id__in=list(employee_ids), confirmed_at__lt=next_midnight
        )
        .order_by("confirmed_at", "pk")
        .values_list("employee_id", "target_level_code", "ratings")
    ):
        out[emp_id][target] = {k: int(v) for k, v in ratings.items()}
    return out
