"""Reads for the metrics app, scoped through accounts.scoping."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import QuerySet

from serviceladder.accounts.scoping import (
    can_see_queues,
    employees_with_performance_visible_to,
    queue_scope,
)
from serviceladder.core.errors import PermissionDeniedError
from serviceladder.metrics.models import ImportJob, MonthlyMetric, QueueMonthlyFigure
from serviceladder.metrics.provenance import describe
from serviceladder.org.models import Employee, Team
from serviceladder.rules.metrics import METRICS, sample_field

# Export columns: the employee-month, every figure, and the sample sizes behind them: `contacts` for the
# contact-based figures (FCR, AHT, response, resolution, complaint, after-call work, abusive), `csat_rated`
# for CSAT. An empty sample size means the source (a monthly sheet) did not provide one.
EXPORT_FIELDS: tuple[str, ...] = (
    "source",
    "contacts",
    "unanswered",
    "csat_mean",
    "csat_rated",
    "csat_top2_share",
    "fcr_rate",
    "aht_seconds",
    "first_response_seconds_mean",
    "on_time_response_rate",
    "resolution_rate",
    "complaint_rate",
    "acw_seconds",
    "abusive_rate",
    "kpi_completion",
    "attendance_rate",
    "kb_contributions",
    "qa_score",
    "exam_score",
    "supervisor_rating",
    "imported_score",
    "performance_score",
    "rank",
    "peer_size",
    "percentile",
    "peer_group",
)
# The last column names each figure's source ("fcr_rate: sheet kpi-05.xlsx; contacts: interactions (…)"):
# one month may mix interaction figures with a sheet's corrections.
EXPORT_COLUMNS: tuple[str, ...] = (
    "employee_number",
    "employee_name",
    "month",
    *EXPORT_FIELDS,
    "value_sources",
)
# The monthly figures a rule can read (MonthlyMetric columns with their sample sizes): every exported figure
# but the record-keeping ones and those the rules read from elsewhere (exam scores from the exam table).
FIGURE_FIELDS: tuple[str, ...] = tuple(
    f
    for f in EXPORT_FIELDS
    if f
    not in (
        "source",
        "unanswered",
        "exam_score",
        "imported_score",
        "rank",
        "peer_size",
        "percentile",
        "peer_group",
    )
)
_NOT_FIGURES = ("source", "performance_score", "rank", "peer_size", "percentile", "peer_group")
_FIGURES = tuple(f for f in EXPORT_FIELDS if f not in _NOT_FIGURES)


def metrics_for_export(user, *, month: str | None = None) -> QuerySet[MonthlyMetric]:
    qs = MonthlyMetric.objects.filter(employee__in=employees_with_performance_visible_to(user))
    if month:
        qs = qs.filter(month=month)
    return qs.select_related("employee").order_by("month", "employee__number")


def export_rows(user, *, month: str | None = None):
    for m in metrics_for_export(user, month=month).iterator(chunk_size=2000):
        sources = describe(m.params or {}, {f: getattr(m, f) for f in _FIGURES}, m.source)
        yield [m.employee.number, m.employee.name, m.month, *(getattr(m, f) for f in EXPORT_FIELDS), sources]


@dataclass
class RankingRow:
    employee: Employee
    metric: MonthlyMetric | None
    peer_label: str = ""


def _peer_labels(keys: set[str]) -> dict[str, str]:
    """ "CS2@aftersales" -> "中级客服 · 售后服务部" (level, then team or department, by name)."""
    from serviceladder.ladder.models import Level
    from serviceladder.org.models import Department

    levels = {lv.code: lv.name for lv in Level.objects.filter(code__in={k.split("@")[0] for k in keys})}
    places = {k.split("@", 1)[1] for k in keys if "@" in k}
    names = {d.code: d.name for d in Department.objects.filter(code__in=places)}
    names.update({t.code: t.name for t in Team.objects.filter(code__in=places - set(names))})
    labels = {}
    for key in keys:
        level, _sep, place = key.partition("@")
        parts = [levels.get(level, level)]
        if place:
            parts.append(names.get(place, place))
        labels[key] = " · ".join(parts)
    return labels


def ranking_months(team: Team) -> list[str]:
    return list(
        MonthlyMetric.objects.filter(employee__team=team)
        .order_by("-month")
        .values_list("month", flat=True)
        .distinct()
    )


def team_ranking(user, team: Team, month: str) -> list[RankingRow]:
    """The team's members (those the user may see) with their figures of `month`, best first: by the top %
    within their peer group, then by score. Scores compare a person with their own peer group only, so a
    peer group of one scores 100 and must not head the list for that."""
    members = list(employees_with_performance_visible_to(user).filter(team=team).order_by("number"))
    metrics = {
        m.employee_id: m
        for m in MonthlyMetric.objects.filter(employee__in=[e.pk for e in members], month=month)
    }
    labels = _peer_labels({m.peer_group for m in metrics.values() if m.peer_group})
    rows = [
        RankingRow(e, metrics.get(e.pk), labels.get(getattr(metrics.get(e.pk), "peer_group", ""), ""))
        for e in members
    ]

    def order(row: RankingRow):
        m = row.metric
        top = m.percentile if m and m.percentile is not None else None
        score = m.performance_score if m and m.performance_score is not None else None
        return (top is None, top or 0, score is None, -(score or 0), row.employee.number)

    return sorted(rows, key=order)


def import_jobs_for(user, *, limit: int = 10) -> QuerySet[ImportJob]:
    """The user's own recent uploads (an import's report names rows of people; it stays with its uploader)."""
    # The list shows names and states: the problem lists stay in the database.
    jobs = ImportJob.objects.filter(created_by=user).defer("problems", "report", "options")
    return jobs.order_by("-created_at", "-id")[:limit]


def queue_months(user) -> list[str]:
    """The months with queue figures the user may see, newest first (PermissionDeniedError: no queues)."""
    return list(
        QueueMonthlyFigure.objects.filter(queue_scope(user))
        .order_by("-month")
        .values_list("month", flat=True)
        .distinct()
    )


# `export queues`: one row per queue and month, as the Queues page shows them (rates are shares 0..1; the
# service level is empty when the export had no wait or first-response times).
QUEUE_EXPORT_COLUMNS: tuple[str, ...] = (
    "queue",
    "month",
    "department",
    "department_name",
    "offered",
    "answered",
    "abandoned",
    "unassigned",
    "abandon_rate",
    "service_level",
)


def queue_export_rows(user, *, month: str | None = None) -> list[list]:
    """The queue figures the user may see (the Queues page's scope), oldest month first then by queue;
    PermissionDeniedError for a user who may not see queues."""
    if not can_see_queues(user):
        raise PermissionDeniedError()
    rows = sorted(queue_figures(user, month=month), key=lambda r: (r.month, r.queue))
    return [
        [
            r.queue,
            r.month,
            r.department.code if r.department else None,
            r.department.name if r.department else None,
            r.offered,
            r.answered,
            r.abandoned,
            r.unassigned,
            r.abandon_rate,
            r.service_level,
        ]
        for r in rows
    ]


def queue_figures(user, *, month: str | None = None) -> list[QueueMonthlyFigure]:
    """Queue figures the user may see, newest month first then by queue; one month or all (None)."""
    qs = QueueMonthlyFigure.objects.filter(queue_scope(user)).select_related("department")
    if month is not None:
        qs = qs.filter(month=month)
    return list(qs.order_by("-month", "queue"))


def monthly_figures(
    employee_ids: Iterable[int], *, months: Sequence[str], metrics: Iterable[str]
) -> dict[int, dict[str, dict[str, float | None]]]:
    """employee id → month → figures, for the named policy metrics (rules.metrics names) and the sample
    size behind each (contacts, rated contacts), in data units (rates as shares, times in seconds).

    The one loader of monthly figures for every rule (eligibility's conditions, development's goals): the
    same rows, the same fields, so a goal and the condition it was made from read the same numbers. Below
    the scoping layer: callers pass people they have already scoped. A month with no row is absent; a
    figure the month does not have is None (the rules call both "insufficient data")."""
    wanted = {
        METRICS[m].data_field for m in metrics if m in METRICS and METRICS[m].data_field in FIGURE_FIELDS
    }
    wanted |= {sample_field(m) for m in metrics if m in METRICS}
    fields = tuple(f for f in FIGURE_FIELDS if f in wanted)
    out: dict[int, dict[str, dict[str, float | None]]] = defaultdict(dict)
    # Tuples zipped into dicts: much faster than .values() for the thousands of rows of a long list.
    for emp_id, month, *values in MonthlyMetric.objects.filter(
        employee_id__in=list(employee_ids), month__in=list(months)
    ).values_list("employee_id", "month", *fields):
        out[emp_id][month] = dict(zip(fields, values, strict=True))
    return out
