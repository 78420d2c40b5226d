"""Helpers shared by the promotion services (not part of the contract)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from serviceladder.audit.services import Actor
from serviceladder.ladder.models import Level
from serviceladder.org.models import Employee, LevelAssignment
from serviceladder.policy.schema import Policy
from serviceladder.policy.selectors import policy_parsed
from serviceladder.promotions import clock
from serviceladder.promotions.access import (
    is_own_application,
)
from serviceladder.promotions.errors import (
    NO_CURRENT_LEVEL,
    NO_SUCH_TRANSITION,
    OPINION_REQUIRED,
    OWN_APPLICATION,
    UNKNOWN_LEVEL,
    PromotionInvalid,
    StageNotAllowed,
)
from serviceladder.promotions.models import (
    PromotionApplication,
    PromotionCycle,
)
from serviceladder.promotions.notify import application_url, promotion_notify

FORM_FIELDS = ("achievements", "capability_growth", "role_understanding", "plan")
FORM_LABELS = {
    "achievements": _("achievements"),
    "capability_growth": _("growth in capability"),
    "role_understanding": _("understanding of the new role"),
    "plan": _("plan for the new role"),
}
MAX_ATTACHMENTS = 10
KIND_BY_TRACK = {"management": "promotion", "expert": "expert", "transfer": "transfer"}


# --- helpers ------------------------------------------------------------------------------------------------


def _today() -> dt.date:
    return clock.today()


def _policy(cycle: PromotionCycle) -> Policy:
    return policy_parsed(cycle.policy_version)


def _users_with_role(role: str) -> list:
    return list(get_user_model().objects.filter(role_grants__role=role, is_active=True).distinct())


def _department_head_user(employee: Employee):
    if employee.team_id is None:
        return None
    head = employee.team.department.head
    return head.user if head is not None and head.pk != employee.pk else None


def _applicant_side(application: PromotionApplication) -> list:
    """The applicant and the superior who nominated them."""
    users = [application.applicant.user]
    if application.nominated_by_id:
        users.append(application.nominated_by.user)
    return users


def _send(
    application: PromotionApplication,
    *,
    kind: str,
    recipients,
    title,
    body,
    actor: Actor,
    to_applicant: tuple | None = None,
) -> None:
    """Notify `recipients` of a step of `application`.

    `to_applicant` is (title, body) as the applicant reads them ("your application"): a person is never told
    about themselves in the third person. Without it everyone gets `title` and `body`.
    """
    url = application_url(application)
    own = application.applicant.user if to_applicant is not None else None
    if own is not None:
        others = [u for u in recipients if u is None or u.pk != own.pk]
        if len(others) != len(recipients):
            own_title, own_body = to_applicant
            promotion_notify(
                recipients=[own], kind=kind, title=own_title, body=own_body, url=url, actor=actor.user
            )
        recipients = others
    promotion_notify(recipients=recipients, kind=kind, title=title, body=body, url=url, actor=actor.user)


def _level(code_or_level: Level | str) -> Level:
    if isinstance(code_or_level, Level):
        return code_or_level
    level = Level.objects.filter(code=code_or_level).first()
    if level is None:
        raise PromotionInvalid(UNKNOWN_LEVEL, code=code_or_level)
    return level


def _current_level(employee: Employee, on: dt.date) -> Level:
    assignment = (
        LevelAssignment.objects.filter(employee=employee, effective_from__lte=on)
        .select_related("level")
        .order_by("-effective_from")
        .first()
    )
    if assignment is None:
        raise PromotionInvalid(NO_CURRENT_LEVEL, name=employee.name, date=on.isoformat())
    return assignment.level


def _kind_for(policy: Policy, from_level: Level, target: Level) -> str:
    """The policy must have a move from the current level to the target; its track names the kind."""
    if not any(t.to_level == target.code for t in policy.transitions_from(from_level.code)):
        raise PromotionInvalid(NO_SUCH_TRANSITION, from_level=from_level.name, to_level=target.name)
    track = policy.levels()[target.code][0]
    return KIND_BY_TRACK.get(track.kind, "promotion")


def _opinion(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise PromotionInvalid(OPINION_REQUIRED)
    return text


def _not_own(actor: Actor, application: PromotionApplication) -> None:
    if is_own_application(actor.user, application):
        raise StageNotAllowed(OWN_APPLICATION)


def _locked(application: PromotionApplication) -> PromotionApplication:
    return (
        PromotionApplication.objects.select_for_update(of=("self",))
        .select_related("applicant__team__department", "cycle")
        .get(pk=application.pk)
    )
