"""Writers for development records."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from serviceladder.accounts.scoping import can_confirm_competencies, user_employee
from serviceladder.audit.services import Actor, audit_record
from serviceladder.development.errors import (
    CANNOT_CONFIRM_SELF,
    NO_PROFILE,
    RATING_OUT_OF_RANGE,
    RATINGS_INCOMPLETE,
    RATINGS_UNKNOWN,
    UNKNOWN_TARGET_LEVEL,
    ConfirmationInvalid,
    ConfirmationNotAllowed,
)
from serviceladder.development.models import CompetencyConfirmation
from serviceladder.org.models import Employee
from serviceladder.policy.selectors import policy_parsed, policy_version_in_force


def _clean_ratings(profile: dict[str, int], ratings: dict[str, object]) -> dict[str, int]:
    missing = [c for c in profile if c not in ratings or ratings[c] in (None, "")]
    if missing:
        raise ConfirmationInvalid(RATINGS_INCOMPLETE, missing=", ".join(missing))
    unknown = [c for c in ratings if c not in profile]
    if unknown:
        raise ConfirmationInvalid(RATINGS_UNKNOWN, unknown=", ".join(unknown))
    clean: dict[str, int] = {}
    for code in profile:
        raw = ratings[code]
        try:
            value = int(str(raw))
        except ValueError:
            value = 0
        if isinstance(raw, bool) or str(value) != str(raw).strip() or not 1 <= value <= 5:
            raise ConfirmationInvalid(RATING_OUT_OF_RANGE, competency=code, value=raw)
        clean[code] = value
    return clean


@transaction.atomic
def competency_confirm(
    *, actor: Actor, employee: Employee, target_level_code: str, ratings: dict[str, object], note: str = ""
) -> CompetencyConfirmation:
    """Record the superior's rating of `employee` against the target level's competency profile.

    Policy clause `competency_confirmation`. Allowed for the person's team lead (Team.lead), their
    department head, or HR — never for the person themselves. Audited in the same transaction.
    """
    me = user_employee(actor.user)
    if me is not None and me.pk == employee.pk:
        raise ConfirmationNotAllowed(CANNOT_CONFIRM_SELF)
    if not can_confirm_competencies(actor.user, employee):
        raise ConfirmationNotAllowed()
    version = policy_version_in_force(timezone.localdate())
    found = policy_parsed(version).levels().get(target_level_code)
    if found is None:
        raise ConfirmationInvalid(UNKNOWN_TARGET_LEVEL, code=target_level_code)
    profile = found[1].competencies
    if not profile:
        raise ConfirmationInvalid(NO_PROFILE, code=target_level_code)
    clean = _clean_ratings(profile, ratings)
    record = CompetencyConfirmation.objects.create(
        employee=employee,
        target_level_code=target_level_code,
        policy_version=version,
        ratings=clean,
        confirmed_by=actor.user,
        confirmed_by_label=actor.label,
        note=note.strip(),
    )
    audit_record(
        actor=actor,
        action="competency.confirm",
        employee=employee,
        obj=record,
        after={
            "target_level": target_level_code,
            "policy_version": version.label,
            "ratings": clean,
            "required": dict(profile),
        },
        reason=note.strip(),
    )
    return record
