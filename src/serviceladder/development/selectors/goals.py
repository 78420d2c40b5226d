"""Reads of SMART goals and their progress (issue 14 item 3).

A metric goal's figures come from `metrics.selectors.monthly_figures`, the one loader eligibility reads too,
and its status from rules.goals, which checks the frozen clause with eligibility's own function. Below the
scoping layer: callers pass goals of people they have already scoped (accounts.scoping.can_see_plan).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from serviceladder.development.models import Goal, GoalCheckIn, GoalJudgement, PlanVersion
from serviceladder.metrics.selectors import monthly_figures
from serviceladder.rules import goals as rules_goals
from serviceladder.rules.clauses import CheckResult
from serviceladder.rules.explain import format_month, render_check
from serviceladder.rules.progress import Progress, check_progress

IN_PROGRESS = "in_progress"  # a goal measured by check-ins, before its due date
TO_JUDGE = "to_judge"  # a goal measured by check-ins, due and not judged yet

STATUS_LABELS = {
    rules_goals.ON_TRACK: pgettext_lazy("goal status", "on track"),
    rules_goals.OFF_TRACK: pgettext_lazy("goal status", "off track"),
    rules_goals.INSUFFICIENT_DATA: pgettext_lazy("goal status", "not enough data yet"),
    rules_goals.AWAITING_FIGURES: pgettext_lazy("goal status", "waiting for the due month's figures"),
    rules_goals.ACHIEVED: pgettext_lazy("goal status", "achieved"),
    rules_goals.MISSED: pgettext_lazy("goal status", "missed"),
    rules_goals.UNKNOWN: pgettext_lazy("goal status", "unknown (not enough data)"),
    IN_PROGRESS: pgettext_lazy("goal status", "in progress"),
    TO_JUDGE: pgettext_lazy("goal status", "due: to be judged"),
}
# How the status reads as a colour (the .status-* classes of app.css).
STATUS_TONES = {
    rules_goals.ON_TRACK: "eligible",
    rules_goals.ACHIEVED: "eligible",
    rules_goals.OFF_TRACK: "not_yet",
    rules_goals.MISSED: "blocked",
    rules_goals.INSUFFICIENT_DATA: "insufficient_data",
    rules_goals.AWAITING_FIGURES: "insufficient_data",
    rules_goals.UNKNOWN: "insufficient_data",
    IN_PROGRESS: "not_yet",
    TO_JUDGE: "insufficient_data",
}
BY_HAND = _("Judged by hand.")


def _language() -> str:
    return "zh" if (get_language() or "en").lower().startswith("zh") else "en"


def goal_rule(goal: Goal):
    from serviceladder.development.services.goals import goal_rule as rule

    return rule(goal)


def goal_figures(goals: list[Goal], today: dt.date) -> dict[int, dict[str, dict]]:
    """employee id → month → figures for these metric goals, read once through the one loader."""
    months: set[str] = set()
    metrics: set[str] = set()
    ids: set[int] = set()
    for g in goals:
        if g.measure != Goal.Measure.METRIC:
            continue
        months.update(rules_goals.months_needed(goal_rule(g), g.due_date, today))
        metrics.add(g.clause["metric"])
        ids.add(g.version.plan.employee_id)
    if not ids:
        return {}
    return monthly_figures(sorted(ids), months=sorted(months), metrics=sorted(metrics))


def goal_statuses(goals: list[Goal], today: dt.date) -> dict[int, rules_goals.GoalStatus]:
    """goal id → its status today (metric goals only), from the stored monthly figures."""
    figures = goal_figures(goals, today)
    return {
        g.pk: rules_goals.goal_status(
            goal_rule(g), figures.get(g.version.plan.employee_id, {}), g.due_date, today
        )
        for g in goals
        if g.measure == Goal.Measure.METRIC
    }


@dataclass
class GoalView:
    goal: Goal
    status: str
    status_label: str
    tone: str
    final: bool
    judgement: GoalJudgement | None = None
    check: CheckResult | None = None
    as_of: dt.date | None = None
    explanation: str = ""
    progress: Progress | None = None
    months: str = ""
    figure: str = ""  # the figure against its threshold, as eligibility's bar shows it
    check_ins: list[GoalCheckIn] = field(default_factory=list)
    percent_done: int | None = None  # the latest check-in's

    @property
    def lineage(self) -> str:
        return str(self.goal.lineage)


def _months_text(months, language: str) -> str:
    if not months:
        return ""
    first, last = format_month(months[0], language), format_month(months[-1], language)
    return first if first == last else f"{first} – {last}"


def _figure_text(progress: Progress | None) -> str:
    if progress is None or progress.kind != "value":
        return ""
    return f"{progress.have} / {progress.need}"


def _metric_view(goal, status, judgement, language) -> GoalView:
    if judgement is not None:
        check = rules_goals.check_from_explanation(judgement.explanation) or status.check
        code, final, as_of = judgement.status, True, judgement.judged_on
    else:
        check, code, final, as_of = status.check, status.status, status.final, status.as_of
    progress = check_progress(check, as_of, language)
    return GoalView(
        goal=goal,
        status=code,
        status_label=str(STATUS_LABELS[code]),
        tone=STATUS_TONES[code],
        final=final,
        judgement=judgement,
        check=check,
        as_of=as_of,
        explanation=render_check(check, language),
        progress=progress,
        months=_months_text(check.months, language),
        figure=_figure_text(progress),
    )


def _manual_view(goal, judgement, check_ins, today) -> GoalView:
    if judgement is not None:
        code, final = judgement.status, True
    elif today >= goal.due_date:
        code, final = TO_JUDGE, False
    else:
        code, final = IN_PROGRESS, False
    latest = next((c.percent_done for c in check_ins if c.percent_done is not None), None)
    note = ""
    if judgement is not None:
        note = (judgement.explanation or {}).get("note", "")
    return GoalView(
        goal=goal,
        status=code,
        status_label=str(STATUS_LABELS[code]),
        tone=STATUS_TONES[code],
        final=final,
        judgement=judgement,
        explanation=note,
        check_ins=check_ins,
        percent_done=100 if code == rules_goals.ACHIEVED else latest,
    )


def goal_views(goals: list[Goal], today: dt.date, *, judge: bool = True) -> list[GoalView]:
    """Each goal with its status today, figure, months, explanation (in the active language), check-ins and
    judgement. With `judge`, a metric goal of an agreed plan whose judgement day has come and whose due
    month's figures exist is judged now, for good (the daily job does the same; whichever comes first)."""
    from serviceladder.development.services.goals import goal_record_judgement

    language = _language()
    lineages = [g.lineage for g in goals]
    judgements = {j.lineage: j for j in GoalJudgement.objects.filter(lineage__in=lineages)}
    check_ins = defaultdict(list)
    for c in GoalCheckIn.objects.filter(lineage__in=lineages).select_related("recorded_by"):
        check_ins[c.lineage].append(c)
    open_metric = [g for g in goals if g.measure == Goal.Measure.METRIC and g.lineage not in judgements]
    statuses = goal_statuses(open_metric, today)
    out = []
    for g in goals:
        judgement = judgements.get(g.lineage)
        if g.measure == Goal.Measure.METRIC:
            status = statuses.get(g.pk)
            if judgement is None and judge and status.final:
                judgement = goal_record_judgement(goal=g, status=status)
            out.append(_metric_view(g, status, judgement, language))
        else:
            out.append(_manual_view(g, judgement, check_ins[g.lineage], today))
    return out


def version_goals(version: PlanVersion) -> list[Goal]:
    return list(version.goals.select_related("owner", "version__plan__employee").order_by("position", "pk"))


def plan_goal_versions(employee) -> tuple[PlanVersion | None, PlanVersion | None]:
    """(the agreed version in force, the draft) of the person's open plan; either may be None."""
    from serviceladder.development.services.plan_drafts import open_plan

    plan = open_plan(employee)
    if plan is None:
        return None, None
    versions = {v.state: v for v in plan.versions.exclude(state=PlanVersion.State.SUPERSEDED)}
    return versions.get(PlanVersion.State.AGREED), versions.get(PlanVersion.State.DRAFT)


def find_goal(employee, lineage) -> Goal | None:
    """The goal with this lineage as the plan shows it now (agreed version first, else the draft)."""
    agreed, draft = plan_goal_versions(employee)
    for version in (agreed, draft):
        if version is None:
            continue
        goal = (
            version.goals.select_related("owner", "version__plan__employee").filter(lineage=lineage).first()
        )
        if goal is not None:
            return goal
    return None


def judged_on_text(view: GoalView) -> str:
    """The day of the judgement as the development pages write dates (2026-11-01, like the plan's)."""
    return view.judgement.judged_on.isoformat() if view.judgement else ""


def open_goal_counts(employee_ids, as_of: dt.date) -> dict[int, int]:
    """employee id → how many development goals the person has open on `as_of`: goals of the agreed version
    of a plan that is not closed, not judged for good yet (below the scoping layer; the wellbeing plateau
    signal reads it for many people in one query)."""
    from django.db.models import Count

    from serviceladder.development.models import DevelopmentPlan

    rows = (
        Goal.objects.filter(
            version__state=PlanVersion.State.AGREED,
            version__plan__employee_id__in=list(employee_ids),
            version__agreed_at__date__lte=as_of,
        )
        .exclude(version__plan__status=DevelopmentPlan.Status.CLOSED)
        .exclude(lineage__in=GoalJudgement.objects.filter(judged_on__lte=as_of).values("lineage"))
        .values_list("version__plan__employee_id")
        .annotate(n=Count("pk"))
    )
    return dict(rows)
