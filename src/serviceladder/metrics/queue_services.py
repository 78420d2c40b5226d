"""Writers for the queue figures (README "Queues"): called by the interactions import in its transaction."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from serviceladder.core.errors import ValidationFailed
from serviceladder.metrics.interactions.definitions import QUEUE_COLUMNS, MetricParams
from serviceladder.metrics.interactions.mapping import Mapping
from serviceladder.metrics.models import QueueMonthlyFigure
from serviceladder.org.models import Department

UNKNOWN_QUEUE_DEPARTMENT = _(
    "Mapping %(mapping)s: queue %(queue)s is assigned to department %(code)s, which does not exist "
    "(departments: %(allowed)s)."
)


def queue_departments(mapping: Mapping) -> dict[str, int]:
    """The mapping's `queues` as queue -> department id; ValidationFailed for a code no department has."""
    if not mapping.queues:
        return {}
    ids = dict(Department.objects.values_list("code", "id"))
    for queue, code in mapping.queues.items():
        if code not in ids:
            raise ValidationFailed(
                UNKNOWN_QUEUE_DEPARTMENT,
                mapping=mapping.name or "-",
                queue=queue,
                code=code,
                allowed=", ".join(sorted(ids)) or "-",
            )
    return {queue: ids[code] for queue, code in mapping.queues.items()}


def queue_figures_write(
    *, rows: list[tuple], months: list[str], departments: dict[str, int], params: MetricParams, source: dict
) -> int:
    """Replace the queue figures of `months` with `rows` (queue, month, *QUEUE_COLUMNS); inside the import's
    transaction. A month in `months` without rows loses its queue figures (its contacts are gone).

    `departments` (the import's mapping `queues:`) assigns queues; a queue it does not name keeps the
    department an earlier import assigned it (its latest month's), so a later file of another shape (a ticket
    export, a `--columns` update) never takes a queue away from its department head."""
    named = {queue for queue, *_rest in rows if queue not in departments}
    kept: dict[str, int] = {}
    earlier = (
        QueueMonthlyFigure.objects.filter(queue__in=named, department__isnull=False)
        .order_by("month")
        .values_list("queue", "department_id")
    )
    for queue, department_id in earlier:
        kept[queue] = department_id  # the latest month's assignment wins
    departments = {**kept, **departments}
    QueueMonthlyFigure.objects.filter(month__in=months).delete()
    stored = {**params.as_json(), **source}
    QueueMonthlyFigure.objects.bulk_create(
        [
            QueueMonthlyFigure(
                queue=queue,
                month=month,
                department_id=departments.get(queue),
                params=stored,
                **dict(zip(QUEUE_COLUMNS, values, strict=True)),
            )
            for queue, month, *values in rows
        ],
        batch_size=1000,
    )
    return len(rows)
