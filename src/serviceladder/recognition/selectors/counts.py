"""How many recognitions each person received in a span of days, by category: what a star tier's
`recognition` condition counts. Hidden recognitions count for nothing. Below the scoping layer: callers pass
people they have already scoped (or a whole period's computation)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count

from serviceladder.recognition.models import Recognition


def recognition_counts(
    employee_ids: Iterable[int] | None, *, first_day: dt.date, last_day: dt.date
) -> dict[int, dict[str, int]]:
    """employee id → category → number of visible recognitions dated first_day..last_day (inclusive);
    everyone when `employee_ids` is None. People with none are absent."""
    qs = Recognition.objects.filter(date__gte=first_day, date__lte=last_day, hidden_at__isnull=True)
    if employee_ids is not None:
        qs = qs.filter(recipient_id__in=list(employee_ids))
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for emp_id, category, n in qs.values_list("recipient_id", "category").annotate(n=Count("pk")).order_by():
        out[emp_id][category] = n
    return dict(out)
