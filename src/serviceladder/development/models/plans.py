"""Development plans (DOMAIN.md "Development planning"; seeds 002 and 003).

One open plan per person. What the person and their lead agree on is a *version* of the plan: the target
step, the three horizons, the goals and the actions. A draft version is edited until both accept the same
version; then it is agreed and in force, and the version it replaces is superseded (kept, never changed). A
change to an agreed plan is a new draft, copied from it, while the agreed version stays in force.

A goal or an action keeps one `lineage` across versions: what happens while the plan runs (check-ins, an
action's progress, a goal's final judgement) is recorded against the lineage, so it belongs to the goal or
the action whichever version shows it, and a new version never copies or loses it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Horizon(models.TextChoices):
    SHORT = "short", _("short term (up to 6 months)")
    MID = "mid", _("mid term (6 to 24 months)")
    LONG = "long", _("long term (2 to 5 years)")


class DevelopmentPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("plan status", "draft")
        ACTIVE = "active", pgettext_lazy("plan status", "active")
        CLOSED = "closed", pgettext_lazy("plan status", "closed")

    class Outcome(models.TextChoices):
        ACHIEVED = "achieved", pgettext_lazy("plan outcome", "achieved")
        CHANGED = "changed", pgettext_lazy("plan outcome", "changed")
        ABANDONED = "abandoned", pgettext_lazy("plan outcome", "abandoned")

    employee = models.ForeignKey("org.Employee", on_delete=models.PROTECT, related_name="development_plans")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    close_reason = models.TextField(_("reason for closing"), blank=True)
    template_code = models.CharField(_("template"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee"], condition=~Q(status="closed"), name="one_open_development_plan"
            ),
            models.CheckConstraint(
                condition=Q(status="closed") | Q(outcome=""), name="development_plan_outcome_only_when_closed"
            ),
        ]

    def __str__(self) -> str:
        return f"plan {self.pk} of {self.employee_id} ({self.status})"


class PlanVersion(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("plan version state", "draft")
        AGREED = "agreed", pgettext_lazy("plan version state", "agreed")
        SUPERSEDED = "superseded", pgettext_lazy("plan version state", "superseded")

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    # The target: a step the policy offers from the person's level (the level it leads to), or free text.
    target_level_code = models.CharField(_("target level"), max_length=40, blank=True)
    aspiration = models.CharField(_("aspiration"), max_length=300, blank=True)
    horizon_short = models.TextField(_("short term (up to 6 months)"), blank=True)
    horizon_mid = models.TextField(_("mid term (6 to 24 months)"), blank=True)
    horizon_long = models.TextField(_("long term (2 to 5 years)"), blank=True)
    agent_accepted_at = models.DateTimeField(_("accepted by the employee at"), null=True, blank=True)
    lead_accepted_at = models.DateTimeField(_("accepted by the lead at"), null=True, blank=True)
    lead_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agreed_at = models.DateTimeField(_("agreed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique"),
            models.UniqueConstraint(fields=["plan"], condition=Q(state="draft"), name="one_draft_per_plan"),
            models.UniqueConstraint(fields=["plan"], condition=Q(state="agreed"), name="one_agreed_per_plan"),
        ]

    def __str__(self) -> str:
        return f"plan {self.plan_id} v{self.number} ({self.state})"


class Goal(models.Model):
    """A SMART goal of one plan version. Measured either by a policy metric (a frozen copy of a
    `metric_threshold` clause's parameters in `clause`, judged by the rules kernel from the stored monthly
    figures) or by hand, with dated check-ins."""

    class Measure(models.TextChoices):
        METRIC = "metric", _("a policy metric")
        MANUAL = "manual", _("check-ins")

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="goals")
    lineage = models.UUIDField(default=uuid.uuid4, db_index=True)
    position = models.PositiveIntegerField(default=0)
    statement = models.TextField(_("goal"))
    owner = models.ForeignKey("org.Employee", on_delete=models.PROTECT, related_name="+")
    horizon = models.CharField(_("horizon"), max_length=5, choices=Horizon.choices, default=Horizon.SHORT)
    due_date = models.DateField(_("due date"))
    measure = models.CharField(_("measure"), max_length=10, choices=Measure.choices)
    # Metric measure: {"metric", "comparison", "value" (policy units, as text), "window", "aggregation",
    # "min_sample"}: the clause's parameters, frozen when the goal is made.
    clause = models.JSONField(_("measure parameters"), default=dict, blank=True)
    # Made from an unmet condition on My path: "A→B" transition and the clause it came from.
    source_step = models.CharField(max_length=90, blank=True)
    source_clause = models.CharField(max_length=60, blank=True)
    # Manual measure: what "done" looks like.
    done_when = models.CharField(_("done when"), max_length=300, blank=True)

    class Meta:
        ordering = ["version", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "lineage"], name="goal_once_per_version"),
            models.CheckConstraint(condition=Q(measure__in=["metric", "manual"]), name="goal_measure_known"),
        ]

    def __str__(self) -> str:
        return self.statement[:60]


class GoalCheckIn(models.Model):
    """A dated check-in on a goal (its lineage): how far along it is, in the words of whoever records it."""

    lineage = models.UUIDField(db_index=True)
    employee = models.ForeignKey("org.Employee", on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    percent_done = models.PositiveSmallIntegerField(_("percent done"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent_done__isnull=True) | Q(percent_done__lte=100),
                name="check_in_percent_range",
            )
        ]


class GoalJudgement(models.Model):
    """A goal's final status, judged once for good (first day after its due month once that month's
    figures exist; by hand for a manual measure): achieved, missed or unknown (not enough data)."""

    class Status(models.TextChoices):
        ACHIEVED = "achieved", pgettext_lazy("goal status", "achieved")
        MISSED = "missed", pgettext_lazy("goal status", "missed")
        UNKNOWN = "unknown", pgettext_lazy("goal status", "unknown (not enough data)")

    lineage = models.UUIDField(unique=True)
    employee = models.ForeignKey("org.Employee", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    judged_on = models.DateField(_("judged on"))
    # The structured explanation the rules gave (message code and values), rendered when shown.
    explanation = models.JSONField(default=dict, blank=True)
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )


class PlanAction(models.Model):
    """What the person does to close the gap: a training, a rotation, a project, a management task,
    mentoring, a cross-department visit or self-study, with dates."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("training")
        ROTATION = "rotation", _("job rotation")
        PROJECT = "project", _("project")
        MANAGEMENT_TASK = "management_task", _("management task")
        MENTORING = "mentoring", _("mentoring")
        VISIT = "visit", _("cross-department visit")
        SELF_STUDY = "self_study", _("self-study")

    class Task(models.TextChoices):
        LEAD_SHIFT = "lead_shift", _("lead a shift")
        NEWCOMER = "newcomer", _("onboard a newcomer")
        STUDY_GROUP = "study_group", _("run a study group")
        OTHER = "other", _("other")

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="actions")
    lineage = models.UUIDField(default=uuid.uuid4, db_index=True)
    position = models.PositiveIntegerField(default=0)
    goal_lineage = models.UUIDField(null=True, blank=True)  # the goal it serves, if any
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    horizon = models.CharField(_("horizon"), max_length=5, choices=Horizon.choices, default=Horizon.SHORT)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    # Training: a course code of the policy (or the learning catalogue, when it exists), else free text.
    course_code = models.CharField(_("course"), max_length=40, blank=True)
    # Rotation, visit: where; a management task may also name the team it happens in.
    host_team = models.ForeignKey(
        "org.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    host_lead = models.ForeignKey(
        "org.Employee", on_delete=models.PROTECT, null=True, blank=True, related_name="hosted_actions"
    )
    # Project: the person's role in it; management task: which one.
    role = models.CharField(_("role"), max_length=200, blank=True)
    task = models.CharField(_("task"), max_length=20, choices=Task.choices, blank=True)
    # Where it came from ("conversation:12", "template:new_hire"), for the record.
    source = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["version", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "lineage"], name="action_once_per_version"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="action_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ActionUpdate(models.Model):
    """A change of an action's status (its lineage), with the evidence; the latest one is its status."""

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("action status", "planned")
        IN_PROGRESS = "in_progress", pgettext_lazy("action status", "in progress")
        DONE = "done", pgettext_lazy("action status", "done")
        CANCELLED = "cancelled", pgettext_lazy("action status", "cancelled")

    lineage = models.UUIDField(db_index=True)
    employee = models.ForeignKey("org.Employee", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    evidence = models.TextField(_("evidence"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)  # a project's outcome, in the end
    date = models.DateField(_("date"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
