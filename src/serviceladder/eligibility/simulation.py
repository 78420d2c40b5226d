"""The what-if selector: a draft policy against the policy in force, for the people a user may see.

Reads only. The draft is validated exactly like `policy validate` (every problem with its key path and line)
and then lives in memory: no policy version, ladder row or audit event is ever written, so a draft that
renames levels or changes windows cannot disturb anything. Both policies are evaluated on the same date
over the same facts, read from the database once for the union of the months both need.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from serviceladder.core.batching import filter_in
from serviceladder.eligibility.engine import (
    BLOCKED,
    ELIGIBLE,
    INSUFFICIENT_DATA,
    NOT_YET,
    compile_policy,
    evaluate_many,
)
from serviceladder.eligibility.loading import evaluated_employees, load_facts_many
from serviceladder.eligibility.whatif import (
    ADDED,
    BETTER,
    GAINED,
    LOST,
    REMOVED,
    UNCHANGED,
    WORSE,
    Change,
    Comparison,
    compare,
)
from serviceladder.org.models import Employee, Team
from serviceladder.policy.schema import Policy
from serviceladder.policy.selectors import policy_parsed, policy_version_in_force
from serviceladder.policy.validation import parse_policy
from serviceladder.rules.explain import render_check

DRAFT_LABEL = "draft"

STATUS_LABELS = {
    ELIGIBLE: _("Eligible"),
    NOT_YET: _("Not yet"),
    INSUFFICIENT_DATA: _("Not enough data"),
    BLOCKED: _("Blocked"),
}
KIND_LABELS = {
    GAINED: _("Becomes eligible"),
    BETTER: _("Closer"),
    LOST: _("No longer eligible"),
    WORSE: _("Further away"),
    ADDED: _("New step"),
    REMOVED: _("Step removed"),
    UNCHANGED: _("Unchanged"),
}
NOT_OPEN = _("not open")
STEP_ONLY_IN_DRAFT = _("Only the draft opens this step.")
STEP_NOT_IN_DRAFT = _("The draft does not open this step.")
NEW_CONDITION = _("New condition: %(text)s")
DROPPED_CONDITION = _("No longer a condition: %(text)s")


@dataclass(frozen=True)
class WhatIf:
    as_of: dt.date
    current_version: str  # "v3"
    current: Policy
    current_content: str  # the stored file of that version
    draft: Policy
    comparison: Comparison
    people_count: int  # everyone evaluated
    people: dict[str, Employee]  # employee number → employee (team and department loaded), changed rows only
    teams: dict[str, Team]  # team code → team, for every team evaluated
    # level code → how many people hold it while the draft does not define it (the draft opens no step
    # for them: usually a renamed level)
    unknown_levels: dict[str, int]


def whatif_simulate(user, *, draft_text: str, as_of: dt.date, department: str | None = None) -> WhatIf:
    """Evaluate the policy in force on `as_of` and the draft for everyone whose performance `user` may see
    (accounts.scoping), employed on that date, and compare the two.

    Raises PolicyInvalid (with every issue) for a draft that is not a valid policy file, NoPolicyInForce
    when no version applies on `as_of`."""
    draft = parse_policy(draft_text)
    version = policy_version_in_force(as_of)
    current = policy_parsed(version)
    employees = evaluated_employees(user, as_of=as_of, department=department).select_related(
        "team__department"
    )
    facts_now, facts_draft = load_facts_many(employees, as_of=as_of, policies=(current, draft))
    before = evaluate_many(facts_now, compile_policy(current, version.label), as_of)
    after = evaluate_many(facts_draft, compile_policy(draft, DRAFT_LABEL), as_of)
    comparison = compare(before, after, teams={f.employee: f.team for f in facts_now})

    draft_levels = draft.levels()
    unknown: dict[str, int] = {}
    for f in facts_now:
        held = f.level_on(as_of)
        if held is not None and held[0] not in draft_levels:
            unknown[held[0]] = unknown.get(held[0], 0) + 1
    changed = {c.employee for c in comparison.changes if c.kind != UNCHANGED}
    people = {e.number: e for e in filter_in(employees, "number", changed)}
    teams = {t.code: t for t in Team.objects.filter(code__in={f.team for f in facts_now if f.team})}
    return WhatIf(
        as_of,
        version.label,
        current,
        version.content,
        draft,
        comparison,
        len(facts_now),
        people,
        teams,
        dict(sorted(unknown.items())),
    )


def explain_change(change: Change, language: str) -> list[str]:
    """What changed, one line each: a step open under one policy only, then every condition that flipped
    (its text under the draft, or under the policy in force when the draft drops it)."""
    lines = []
    if change.before is None:
        lines.append(str(STEP_ONLY_IN_DRAFT))
    elif change.after is None:
        lines.append(str(STEP_NOT_IN_DRAFT))
    for c in change.checks:
        if c.after is None:
            if change.after is not None:
                lines.append(str(DROPPED_CONDITION) % {"text": render_check(c.before, language)})
        elif c.before is None and change.before is not None:
            lines.append(str(NEW_CONDITION) % {"text": render_check(c.after, language)})
        else:
            lines.append(render_check(c.after, language))
    return lines
