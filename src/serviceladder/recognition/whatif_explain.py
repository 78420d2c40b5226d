"""Words of the stars and pay what-if, shared by the page and the command line."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from serviceladder.recognition.engine.whatif import (
    GAINED,
    LOST,
    NOT_RATED,
    STATUS,
    TIER_NOT_ELIGIBLE,
    UNCHANGED,
)
from serviceladder.rules.explain import render_check

KIND_LABELS = {
    GAINED: _("Tier up"),
    LOST: _("Tier down"),
    STATUS: _("Status changes"),
    UNCHANGED: _("Unchanged"),
}
NOT_RATED_LABEL = _("Not rated")
NOT_ELIGIBLE_LABEL = _("Not eligible yet")
NOT_ENOUGH_DATA = _("not enough data")
DROPPED = _("No longer a condition: %(text)s")
ADDED = _("New condition: %(text)s")
SIMULATED_NOTE = _(
    "The draft changes the stars section, so its side pays by the tiers the draft would compute for "
    "%(period)s (simulated, without nominations), not by the published ones."
)
LINE_HELD = _("held: no tier or score")
LINE_NOT_ENOUGH = _("not enough data")
NO_LINE = _("no line")
PAY_HIDDEN = _("Bonus figures are shown to HR and management only.")


def tier_label(key) -> str:
    """A key of the counts per tier: '4 stars', 'Not eligible yet', 'Not rated'."""
    if key == NOT_RATED:
        return str(NOT_RATED_LABEL)
    if key == TIER_NOT_ELIGIBLE:
        return str(NOT_ELIGIBLE_LABEL)
    return ngettext("%(n)s star", "%(n)s stars", key) % {"n": key}


def result_label(result) -> str:
    """One person's side: '3 stars', '2 stars (not enough data)', 'Not eligible yet', 'Not rated'."""
    from serviceladder.recognition.engine.stars import INSUFFICIENT_DATA
    from serviceladder.recognition.engine.whatif import tier_key

    label = tier_label(tier_key(result))
    if result is not None and result.status == INSUFFICIENT_DATA:
        label = f"{label} ({NOT_ENOUGH_DATA})"
    return label


def star_reasons(change, language: str) -> list[str]:
    """The conditions that changed the outcome, one line each (under the draft; under the policy in force
    for a condition the draft drops)."""
    lines = []
    for c in change.checks:
        if c.after is None:
            lines.append(str(DROPPED) % {"text": render_check(c.before, language)})
        elif c.before is None and change.before is not None and change.before.tiers:
            lines.append(str(ADDED) % {"text": render_check(c.after, language)})
        else:
            lines.append(render_check(c.after, language))
    return lines


def line_note(proposal) -> str:
    """Why a proposal's amount is what it is when it is not the rule's product: held, not enough data, or
    no line at all under that policy (its level has no base)."""
    from serviceladder.recognition.engine.pay import HELD, INSUFFICIENT

    if proposal is None:
        return str(NO_LINE)
    if proposal.status == HELD:
        return str(LINE_HELD)
    if proposal.status == INSUFFICIENT:
        return str(LINE_NOT_ENOUGH)
    return ""
