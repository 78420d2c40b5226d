"""THE transition table of a development plan (DOMAIN.md "Development planning"; issue 14 item 2).

    (no plan) ──edit / apply_template──► draft ──both accept the same version (agree)──► active
                                            │                                            │
                                          close                       edit / apply_template: a new draft
                                            ▼                         while the agreed version stays in force;
                                         closed ◄──────────close─────── discard_draft; update_action
                                  (achieved, changed, abandoned, with a reason)

The plan's status is the row's `status`; before the first edit a person has no open plan (NONE). Accepting
is a step of one side; when both sides have accepted the same draft, `agree` follows in the same
transaction: the draft becomes the agreed version, the version it replaces is superseded, the plan is
active. `plans.plan_step` is the only function that checks a step, and it reads this table. Each step names
the side that may take it (resolved through accounts.scoping in plans.py).
"""

from __future__ import annotations

from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _

NONE = "none"  # no open plan yet


class Action(models.TextChoices):
    EDIT = "edit", _("Edit the draft")
    APPLY_TEMPLATE = "apply_template", _("Apply a template")
    ACCEPT_PERSON = "accept_person", _("Accept (the person)")
    ACCEPT_LEAD = "accept_lead", _("Accept (the lead)")
    AGREE = "agree", _("Agreed: both accepted the same version")
    DISCARD_DRAFT = "discard_draft", _("Discard the draft")
    CLOSE = "close", _("Close the plan")
    UPDATE_ACTION = "update_action", _("Record an action's progress")


class Side(models.TextChoices):
    """Who may take a step."""

    PERSON = "person", _("the person")
    LEAD = "lead", _("the person's lead or HR")
    PERSON_OR_LEAD = "person_or_lead", _("the person, their lead or HR")
    BOTH_ACCEPTED = "both_accepted", _("nobody: follows when both have accepted")


class Step(NamedTuple):
    to_status: str
    side: str


DRAFT, ACTIVE, CLOSED = "draft", "active", "closed"
A = Action
TRANSITIONS: dict[tuple[str, str], Step] = {
    (NONE, A.EDIT): Step(DRAFT, Side.PERSON_OR_LEAD),
    (NONE, A.APPLY_TEMPLATE): Step(DRAFT, Side.LEAD),
    (DRAFT, A.EDIT): Step(DRAFT, Side.PERSON_OR_LEAD),
    (DRAFT, A.APPLY_TEMPLATE): Step(DRAFT, Side.LEAD),
    (DRAFT, A.ACCEPT_PERSON): Step(DRAFT, Side.PERSON),
    (DRAFT, A.ACCEPT_LEAD): Step(DRAFT, Side.LEAD),
    (DRAFT, A.AGREE): Step(ACTIVE, Side.BOTH_ACCEPTED),
    (DRAFT, A.CLOSE): Step(CLOSED, Side.LEAD),
    (ACTIVE, A.EDIT): Step(ACTIVE, Side.PERSON_OR_LEAD),
    (ACTIVE, A.APPLY_TEMPLATE): Step(ACTIVE, Side.LEAD),
    (ACTIVE, A.ACCEPT_PERSON): Step(ACTIVE, Side.PERSON),
    (ACTIVE, A.ACCEPT_LEAD): Step(ACTIVE, Side.LEAD),
    (ACTIVE, A.AGREE): Step(ACTIVE, Side.BOTH_ACCEPTED),
    (ACTIVE, A.DISCARD_DRAFT): Step(ACTIVE, Side.PERSON_OR_LEAD),
    (ACTIVE, A.UPDATE_ACTION): Step(ACTIVE, Side.PERSON_OR_LEAD),
    (ACTIVE, A.CLOSE): Step(CLOSED, Side.LEAD),
}
del A

# Steps that need an open draft (accepting or discarding nothing is refused).
NEED_DRAFT = frozenset({Action.ACCEPT_PERSON, Action.ACCEPT_LEAD, Action.AGREE, Action.DISCARD_DRAFT})


def step_for(status: str, action: str) -> Step | None:
    return TRANSITIONS.get((status, action))


def actions_from(status: str) -> list[str]:
    """The actions the table allows from `status` (who may take them is plans.py's answer)."""
    return [a for (s, a) in TRANSITIONS if s == status]
