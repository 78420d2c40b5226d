"""Retention of wellbeing data (issue 16, "Roles and access"): the daily job purges what is older than the
policy's `wellbeing.retention_months` (the policy in force on the day):

- the comments of pulse cycles closed before the cut-off are blanked (the 1–5 answers stay: they are
  anonymous and make the trends across cycles);
- the answers people shared with their lead in those cycles are deleted;
- cases closed before the cut-off are deleted with their actions and follow-ups.

The audit log is never touched: its wellbeing rows hold ids and field names only, never the words. One
system event records how much was purged."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from serviceladder.audit.services import SYSTEM, audit_record
from serviceladder.policy.errors import NoPolicyInForce
from serviceladder.policy.selectors import policy_in_force
from serviceladder.rules.periods import add_months
from serviceladder.wellbeing.models import Case, PulseCycle, PulseResponse, PulseShared


def retention_cutoff(today: dt.date, months: int) -> dt.datetime:
    """The first instant kept: the same day `months` months ago, at local midnight."""
    day = add_months(today, -months)
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day))


def _old_cycles(cutoff: dt.datetime):
    """Closed cycles whose closing is before the cut-off (the closing date when no closing time was kept)."""
    return PulseCycle.objects.filter(state=PulseCycle.State.CLOSED).filter(
        Q(closed_at__lt=cutoff) | Q(closed_at__isnull=True, closes_on__lt=cutoff.date())
    )


@transaction.atomic
def retention_purge(*, today: dt.date) -> dict[str, int]:
    """Purge the wellbeing data past its retention on `today`; safe to run again (it finds nothing)."""
    try:
        months = policy_in_force(today).wellbeing.retention_months
    except NoPolicyInForce:
        return {"comments": 0, "shared": 0, "cases": 0}
    cutoff = retention_cutoff(today, months)
    cycles = _old_cycles(cutoff)
    comments = PulseResponse.objects.filter(cycle__in=cycles).exclude(comment="").update(comment="")
    shared, _by_model = PulseShared.objects.filter(cycle__in=cycles).delete()
    case_ids = list(
        Case.objects.filter(state=Case.State.CLOSED, closed_at__lt=cutoff).values_list("pk", flat=True)
    )
    Case.objects.filter(pk__in=case_ids).delete()
    counts = {"comments": comments, "shared": shared, "cases": len(case_ids)}
    if any(counts.values()):
        audit_record(
            actor=SYSTEM,
            action="wellbeing.retention_purge",
            after={
                **counts,
                "retention_months": months,
                "cutoff": cutoff.date().isoformat(),
                "case_ids": case_ids,
            },
        )
    return counts
