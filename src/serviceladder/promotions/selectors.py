"""Reads of the promotion process, already scoped (access.py over accounts.scoping) and with the related rows
loaded, so that no page or endpoint issues a query per row.

- cycles_visible_to(user)                          every cycle, for anyone with a role
- cycles_open_on(user, date)                       cycles accepting submissions on `date`
- applications_visible_to(user, cycle=, states=)   applicant: own; lead: own teams; head: department;
                                                   HR, management: all (admin: none — performance data)
- applications_awaiting(user, cycle=None)          the reviewer's inbox: cases waiting for their step
- application_get(user, pk)                        one case or NotFound
- application_timeline(user, application)          the whole history, oldest first
- attachments_for(user, application)               attachments, each with how the user may remove it
- cycle_funnel(user, cycle)                        applied → reviewed → approved → published → effective
- notice_entries(user, cycle=None, current_only=)  the public notice: names and from/to levels, no figures
- management_candidates(user, cycle, level)        ranked candidates + the level's quota use
- snapshot_comparison(user, application, today=)   the frozen eligibility vs today's (HR, management)
- pay_change_for(user, application)                the pay change, or None for those who may not see pay
- appeals_for(user, application)                   appeals; the appellant's name only for HR (and themselves)
- promotion_trainings_for(user, employee)          a person's promotion trainings (learning enrolments)
- allowed_actions(user, application)               the actions the user may take now (workflow)
- notice_application_get(user, pk)                 an application on the public notice (anyone with a role)
- appeal_get(user, pk)                             one appeal, for HR; NotFound for everyone else
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.people import PersonName, people_by_user_id
from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import can_see_pay, has_role, user_employee, user_roles
from serviceladder.core.errors import PermissionDeniedError
from serviceladder.ladder.models import Level
from serviceladder.learning.models import Enrolment
from serviceladder.org.models import Employee
from serviceladder.promotions import clock, rules
from serviceladder.promotions.access import (
    REMOVE_AS_HR,
    access_application,
    attachment_remover_or_none,
    can_see_appellant,
    can_see_notices,
    uploader_window_open,
)
from serviceladder.promotions.access import applications_visible_to as _visible
from serviceladder.promotions.models import (
    Appeal,
    ApplicationAttachment,
    PayChange,
    PromotionApplication,
    PromotionCycle,
    PromotionNotice,
    TransitionLog,
)
from serviceladder.promotions.states import QUOTA_STATES, Action, State
from serviceladder.promotions.workflow import allowed_actions, mover_label

__all__ = [
    "allowed_actions",
    "appeals_for",
    "application_get",
    "application_timeline",
    "attachments_for",
    "applications_awaiting",
    "applications_visible_to",
    "appeal_get",
    "cycle_funnel",
    "cycles_open_on",
    "cycles_visible_to",
    "management_candidates",
    "notice_application_get",
    "notice_entries",
    "pay_change_for",
    "snapshot_comparison",
    "promotion_trainings_for",
]

CANNOT_SEE_CANDIDATES = _("The ranked candidates are for management and HR.")
CANNOT_COMPARE = _("Comparing the snapshot with today's data is for HR and management.")
SCORE_MONTHS = 6  # months of performance score averaged for the management ranking


# --- cycles -------------------------------------------------------------------------------------------------


def cycles_visible_to(user) -> QuerySet[PromotionCycle]:
    if not user_roles(user):
        return PromotionCycle.objects.none()
    return PromotionCycle.objects.select_related("policy_version").order_by("-opens_on", "-pk")


def cycles_open_on(user, date: dt.date) -> QuerySet[PromotionCycle]:
    return cycles_visible_to(user).filter(opens_on__lte=date, closes_on__gte=date)


# --- applications -------------------------------------------------------------------------------------------


def applications_visible_to(
    user, *, cycle: PromotionCycle | None = None, states: list[str] | None = None
) -> QuerySet[PromotionApplication]:
    qs = _visible(user).select_related(
        "cycle",
        "applicant__team__department",
        "applicant__user",
        "from_level",
        "target_level",
        "nominated_by",
    )
    if cycle is not None:
        qs = qs.filter(cycle=cycle)
    if states:
        qs = qs.filter(state__in=states)
    return qs.order_by("-submitted_at", "-pk")


REVIEW_STATES = {
    Role.DEPARTMENT_HEAD: (State.SUBMITTED,),
    Role.HR: (State.SUBMITTED, State.DEPT_APPROVED, State.MGMT_APPROVED, State.ON_NOTICE, State.UNDER_APPEAL),
    Role.MANAGEMENT: (State.HR_APPROVED,),
}
NOT_REVIEW_ACTIONS = {Action.SUBMIT, Action.WITHDRAW, Action.APPEAL_FILE}


def applications_awaiting(user, *, cycle: PromotionCycle | None = None) -> list[PromotionApplication]:
    """The applications waiting for this user's review step (the reviewer's inbox), oldest first."""
    roles = user_roles(user)
    states = sorted({s for role, found in REVIEW_STATES.items() if role in roles for s in found})
    if not states:
        return []
    apps = applications_visible_to(user, cycle=cycle, states=states).order_by("submitted_at", "pk")
    return [a for a in apps if set(allowed_actions(user, a)) - NOT_REVIEW_ACTIONS]


def application_get(user, pk) -> PromotionApplication:
    return access_application(user, pk)


# --- timeline -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    kind: str  # created | transition | comment | assessment | appeal_answer | pay | attachment_removed
    actor: str  # the login name (the API's field); pages show `person`
    text: str = ""
    action: str = ""
    from_state: str = ""
    to_state: str = ""
    data: dict = field(default_factory=dict)
    actor_id: int | None = None
    person: PersonName | None = None  # the actor by name and role (None: hidden, e.g. an appellant)

    @property
    def action_label(self) -> str:
        return str(Action(self.action).label) if self.action else ""

    @property
    def from_label(self) -> str:
        return str(State(self.from_state).label) if self.from_state else ""

    @property
    def to_label(self) -> str:
        return str(State(self.to_state).label) if self.to_state else ""


def application_timeline(user, application: PromotionApplication) -> list[TimelineEntry]:
    """Every state change (who, when, from, to, opinion), comment, interview or assessment, appeal, pay
    adjustment and attachment removal (from its audit row) of the case, oldest first. An appellant is named
    to HR (and to themselves) only; appeal texts are for HR; pay only for those who may see the applicant's
    pay."""
    application = access_application(user, application.pk)
    application = PromotionApplication.objects.select_related("created_by", "nominated_by").get(
        pk=application.pk
    )
    hr = can_see_appellant(user)
    me = getattr(user, "pk", None)
    entries: list[TimelineEntry] = [
        TimelineEntry(
            at=application.created_at,
            kind="created",
            actor=application.created_by.get_username() if application.created_by else "",
            actor_id=application.created_by_id,
            data={"nominated_by": application.nominated_by.name if application.nominated_by else ""},
        )
    ]
    for log in TransitionLog.objects.filter(application=application).order_by("at", "pk"):
        entries.append(
            TimelineEntry(
                at=log.at,
                kind="transition",
                actor=mover_label(log, user) if log.actor_id != me else log.actor_label,
                actor_id=None
                if log.action == Action.APPEAL_FILE and not hr and log.actor_id != me
                else log.actor_id,
                text=log.opinion if (log.action != Action.APPEAL_FILE or hr) else "",
                action=log.action,
                from_state=log.from_state,
                to_state=log.to_state,
            )
        )
    for c in application.comments.all():
        entries.append(
            TimelineEntry(
                at=c.created_at, kind="comment", actor=c.author_label, actor_id=c.author_id, text=c.text
            )
        )
    for a in application.assessments.select_related("recorded_by", "scheduled_by"):
        entries.append(
            TimelineEntry(
                at=a.created_at,
                kind="assessment",
                actor=a.scheduled_by.get_username() if a.scheduled_by else "",
                actor_id=a.scheduled_by_id,
                text=a.result_note,
                data={
                    "kind": a.kind,
                    "scheduled_at": a.scheduled_at,
                    "scores": dict(a.scores),
                    "recorded_at": a.recorded_at,
                },
            )
        )
    for ap in application.appeals.select_related("answered_by"):
        if ap.answered_at is not None:
            entries.append(
                TimelineEntry(
                    at=ap.answered_at,
                    kind="appeal_answer",
                    actor=ap.answered_by.get_username() if ap.answered_by else "",
                    actor_id=ap.answered_by_id,
                    text=ap.answer,
                    data={"outcome": ap.outcome},
                )
            )
    for event in _attachment_removals(application):
        entries.append(
            TimelineEntry(
                at=event.at,
                kind="attachment_removed",
                actor=event.actor_label,
                actor_id=event.actor_id,
                text=event.reason,
                data={
                    "file": event.before.get("file", ""),
                    "size": event.before.get("size"),
                    "file_missing": bool(event.after.get("file_missing")),
                },
            )
        )
    pay = pay_change_for(user, application)
    if pay is not None and pay.adjusted_at is not None:
        entries.append(
            TimelineEntry(
                at=pay.adjusted_at,
                kind="pay",
                actor=pay.adjusted_by.get_username() if pay.adjusted_by else "",
                actor_id=pay.adjusted_by_id,
                text=pay.adjustment_reason,
                data={"final_amount": pay.final_amount, "proposed_amount": pay.proposed_amount},
            )
        )
    entries.sort(key=lambda e: e.at)
    people = people_by_user_id((e.actor_id for e in entries), viewer=user)
    return [
        replace(e, person=people.get(e.actor_id) or _hidden_or_label(e)) if e.actor_id or e.actor else e
        for e in entries
    ]


def _hidden_or_label(entry: TimelineEntry) -> PersonName:
    """An actor whose account is gone (its stored label) or hidden from the reader ("an appellant")."""
    return PersonName(name=entry.actor)


def _attachment_removals(application: PromotionApplication) -> QuerySet:
    from serviceladder.audit.models import AuditEvent
    from serviceladder.promotions.attachments import REMOVE_ACTION

    return AuditEvent.objects.filter(
        employee_id=application.applicant_id,  # the (employee, -at) index
        action=REMOVE_ACTION,
        object_type=PromotionApplication._meta.label_lower,
        object_id=str(application.pk),
    ).order_by("at", "pk")


# --- attachments --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttachmentView:
    attachment: ApplicationAttachment
    remove_as: str | None  # access.REMOVE_AS_UPLOADER / REMOVE_AS_HR, or None: this user may not remove it

    @property
    def reason_required(self) -> bool:
        return self.remove_as == REMOVE_AS_HR


def attachments_for(user, application: PromotionApplication) -> list[AttachmentView]:
    """The case's attachments (oldest first, with the uploader), each with how `user` may remove it now."""
    application = access_application(user, application.pk)
    window = uploader_window_open(application)
    return [
        AttachmentView(f, attachment_remover_or_none(user, application, f, window=window))
        for f in application.attachments.select_related("uploaded_by").order_by("uploaded_at", "pk")
    ]


# --- funnel -------------------------------------------------------------------------------------------------


FUNNEL_LABELS = {
    "applied": _("applied"),
    "reviewed": _("reviewed"),
    "approved": _("approved"),
    "published": _("published"),
    "effective": _("effective"),
}


@dataclass(frozen=True)
class Funnel:
    applied: int
    reviewed: int  # passed the department and HR reviews
    approved: int  # approved by management
    published: int
    effective: int
    rejected: int
    withdrawn: int
    in_progress: int

    def as_list(self) -> list[tuple[str, int]]:
        return [
            ("applied", self.applied),
            ("reviewed", self.reviewed),
            ("approved", self.approved),
            ("published", self.published),
            ("effective", self.effective),
        ]


def cycle_funnel(user, cycle: PromotionCycle) -> Funnel:
    """How many of the cycle's applications (those the user may see) ever reached each stage — an
    application sent back by an appeal still counts where it had been."""
    visible = _visible(user).filter(cycle=cycle)
    reached = dict(
        TransitionLog.objects.filter(application__in=visible)
        .values("to_state")
        .annotate(n=Count("application", distinct=True))
        .values_list("to_state", "n")
    )
    states = dict(visible.values("state").annotate(n=Count("pk")).values_list("state", "n"))
    return Funnel(
        applied=reached.get(State.SUBMITTED, 0),
        reviewed=reached.get(State.HR_APPROVED, 0),
        approved=reached.get(State.MGMT_APPROVED, 0),
        published=reached.get(State.ON_NOTICE, 0),
        effective=reached.get(State.EFFECTIVE, 0),
        rejected=states.get(State.REJECTED, 0),
        withdrawn=states.get(State.WITHDRAWN, 0),
        in_progress=sum(
            n
            for s, n in states.items()
            if s not in (State.REJECTED, State.WITHDRAWN, State.EFFECTIVE, State.DRAFT)
        ),
    )


# --- the public notice --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NoticeEntry:
    """One line of the public notice: a name and a move, nothing else (no figures, no pay)."""

    application_id: int
    name: str
    from_level: str
    to_level: str
    published_on: dt.date
    ends_on: dt.date
    provisional_years: tuple[int, ...]
    running: bool  # appeals may be filed today
    notice_id: int


def notice_entries(
    user, *, cycle: PromotionCycle | None = None, current_only: bool = False
) -> list[NoticeEntry]:
    """The public notice (policy 001 §6.5) for everyone in the organisation: applications now on notice or
    under appeal (and, unless `current_only`, those that became effective from a notice)."""
    if not can_see_notices(user):
        return []
    states = [State.ON_NOTICE, State.UNDER_APPEAL] + ([] if current_only else [State.EFFECTIVE])
    qs = PromotionApplication.objects.filter(state__in=states, notice__isnull=False).select_related(
        "applicant", "from_level", "target_level", "notice"
    )
    if cycle is not None:
        qs = qs.filter(cycle=cycle)
    today = clock.today()
    return [
        NoticeEntry(
            application_id=a.pk,
            name=a.applicant.name,
            from_level=a.from_level.name,
            to_level=a.target_level.name,
            published_on=a.notice.published_on,
            ends_on=a.notice.ends_on,
            provisional_years=tuple(a.notice.provisional_years),
            running=a.state in (State.ON_NOTICE, State.UNDER_APPEAL)
            and rules.notice_running(a.notice.ends_on, today),
            notice_id=a.notice_id,
        )
        for a in qs.order_by("-notice__published_on", "applicant__name")
    ]


def notices_visible_to(user) -> QuerySet[PromotionNotice]:
    if not can_see_notices(user):
        return PromotionNotice.objects.none()
    return PromotionNotice.objects.select_related("cycle").order_by("-published_on", "-pk")


# --- management: quota and ranking --------------------------------------------------------------------------


@dataclass(frozen=True)
class CandidateRow:
    application: PromotionApplication
    score: float | None  # mean performance score over the last SCORE_MONTHS months before today
    position: int  # 1 = first in management's order


@dataclass(frozen=True)
class LevelCandidates:
    level: Level
    quota: rules.QuotaUse
    candidates: list[CandidateRow]


def _mean_scores(employee_ids: list[int], as_of: dt.date) -> dict[int, float | None]:
    from serviceladder.metrics.models import MonthlyMetric
    from serviceladder.rules.periods import window

    months = window(as_of, SCORE_MONTHS)
    found: dict[int, list[float | None]] = {pk: [] for pk in employee_ids}
    for emp_id, score in MonthlyMetric.objects.filter(
        employee_id__in=employee_ids, month__in=months
    ).values_list("employee_id", "performance_score"):
        found[emp_id].append(score)
    return {pk: rules.mean_score(scores) for pk, scores in found.items()}


def management_candidates(
    user,
    cycle: PromotionCycle,
    *,
    states: tuple[str, ...] = (State.HR_APPROVED,),
    today: dt.date | None = None,
) -> list[LevelCandidates]:
    """Per target level: its quota and the approvals already using it, and the candidates awaiting
    management ranked by rules.rank_candidates (conditions met first, then the better performer)."""
    if not has_role(user, Role.MANAGEMENT, Role.HR):
        raise PermissionDeniedError(CANNOT_SEE_CANDIDATES)
    from serviceladder.promotions.services import quota_use

    today = today or clock.today()
    apps = list(
        applications_visible_to(user, cycle=cycle, states=list(states)).order_by("submitted_at", "pk")
    )
    scores = _mean_scores([a.applicant_id for a in apps], today)
    by_level: dict[int, list[PromotionApplication]] = {}
    for a in apps:
        by_level.setdefault(a.target_level_id, []).append(a)
    out = []
    for level_apps in by_level.values():
        level = level_apps[0].target_level
        ranked = rules.rank_candidates(
            rules.Candidate(a, not a.is_exception, scores.get(a.applicant_id)) for a in level_apps
        )
        out.append(
            LevelCandidates(
                level=level,
                quota=quota_use(cycle, level),
                candidates=[CandidateRow(c.key, c.score, i) for i, c in enumerate(ranked, start=1)],
            )
        )
    out.sort(key=lambda lc: (lc.level.track_id, lc.level.rank))
    return out


def quota_table(user, cycle: PromotionCycle) -> list[tuple[str, rules.QuotaUse]]:
    """Every level with a quota in the cycle: (level code, use). Counts only; anyone who sees the cycle."""
    if not user_roles(user):
        return []
    used = dict(
        cycle.applications.filter(state__in=QUOTA_STATES)
        .values("target_level__code")
        .annotate(n=Count("pk"))
        .values_list("target_level__code", "n")
    )
    return [(code, rules.QuotaUse(int(q), used.get(code, 0))) for code, q in sorted(cycle.quotas.items())]


# --- HR's check of the data ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckDifference:
    clause: str
    key: str
    at_submission: dict | None  # the frozen check (None: not there then)
    today: dict | None


@dataclass(frozen=True)
class SnapshotComparison:
    as_of: dt.date
    status_then: str
    status_today: str | None
    differences: list[CheckDifference]


def snapshot_comparison(
    user, application: PromotionApplication, *, today: dt.date | None = None
) -> SnapshotComparison:
    """Re-evaluate the applicant today (same policy version as the cycle) and list the checks whose status
    or figures differ from the snapshot frozen at submission (policy 001 §6.3: HR verifies the data)."""
    if not has_role(user, Role.HR, Role.MANAGEMENT):
        raise PermissionDeniedError(CANNOT_COMPARE)
    application = access_application(user, application.pk)
    from serviceladder.eligibility.engine import compile_policy, evaluate
    from serviceladder.eligibility.loading import load_facts
    from serviceladder.eligibility.serialize import decision_to_dict
    from serviceladder.policy.selectors import policy_parsed

    today = today or clock.today()
    snap = application.eligibility_snapshot or {}
    language = snap.get("language", "en")
    version = application.cycle.policy_version
    policy = policy_parsed(version)
    facts = load_facts(Employee.objects.filter(pk=application.applicant_id), as_of=today, policy=policy)
    decisions = evaluate(facts[0], compile_policy(policy, version.label), today) if facts else []
    now = next((d for d in decisions if d.to_level == application.target_level.code), None)
    now_dict = decision_to_dict(now, application.applicant, language) if now is not None else {"checks": []}
    then_checks = {(c["clause"], c["key"]): c for c in snap.get("checks", [])}
    now_checks = {(c["clause"], c["key"]): c for c in now_dict["checks"]}
    differences = []
    for key in [*then_checks, *(k for k in now_checks if k not in then_checks)]:
        a, b = then_checks.get(key), now_checks.get(key)
        if a is None or b is None or (a["status"], a["actual"]) != (b["status"], b["actual"]):
            differences.append(CheckDifference(key[0], key[1], a, b))
    return SnapshotComparison(
        as_of=today,
        status_then=snap.get("status", ""),
        status_today=now.status if now is not None else None,
        differences=differences,
    )


# --- pay, appeals, trainings --------------------------------------------------------------------------------


def pay_change_for(user, application: PromotionApplication) -> PayChange | None:
    """The pay change for the applicant themselves, HR and management (accounts.scoping.can_see_pay)."""
    if not can_see_pay(user, application.applicant):
        return None
    return PayChange.objects.filter(application=application).select_related("adjusted_by").first()


@dataclass(frozen=True)
class AppealView:
    appeal: Appeal
    appellant: str | None  # None: hidden from this user
    text: str | None  # the appeal's text: HR and the appellant


def appeals_for(user, application: PromotionApplication) -> list[AppealView]:
    """Appeals of a case the user may see; the appellant's identity and text for HR and the appellant only."""
    application = access_application(user, application.pk)
    hr = can_see_appellant(user)
    me = getattr(user, "pk", None)
    out = []
    for ap in application.appeals.select_related("appellant"):
        mine = ap.appellant_id == me
        out.append(
            AppealView(
                appeal=ap,
                appellant=ap.appellant.get_username() if (hr or mine) else None,
                text=ap.text if (hr or mine) else None,
            )
        )
    return out


def my_appeals(user) -> QuerySet[Appeal]:
    """The appeals the user filed (with their answers)."""
    return Appeal.objects.filter(appellant=user).select_related(
        "application__applicant", "application__target_level"
    )


def promotion_trainings_for(user, employee: Employee) -> QuerySet[Enrolment]:
    """The person's enrolments from promotions (learning.Enrolment with the application that assigned them),
    with their course and completion, newest first; to those who see the person's performance."""
    from serviceladder.accounts.scoping import can_see_performance

    if not can_see_performance(user, employee):
        return Enrolment.objects.none()
    return (
        Enrolment.objects.filter(Q(application__isnull=False) | Q(source=Enrolment.Source.PROMOTION))
        .filter(employee=employee)
        .select_related("course", "completion")
        .order_by("-assigned_on", "course__code")
    )


def my_open_application(user, cycle: PromotionCycle) -> PromotionApplication | None:
    me = user_employee(user)
    if me is None:
        return None
    return (
        PromotionApplication.objects.filter(cycle=cycle, applicant=me)
        .exclude(state__in=[State.REJECTED, State.WITHDRAWN])
        .select_related("target_level", "from_level")
        .first()
    )


def open_appeal_count(application: PromotionApplication) -> int:
    return application.appeals.filter(outcome=Appeal.Outcome.OPEN).count()


def notice_application_get(user, pk) -> PromotionApplication:
    """An application now on the public notice (or under appeal), for anyone in the organisation — the one
    case a person may reach without seeing the applicant's performance (to file an appeal). NotFound for
    anything else."""
    from serviceladder.promotions.errors import NotFound

    if not can_see_notices(user):
        raise NotFound()
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound() from None
    app = (
        PromotionApplication.objects.filter(
            pk=pk, state__in=[State.ON_NOTICE, State.UNDER_APPEAL], notice__isnull=False
        )
        .select_related("applicant__team__department", "from_level", "target_level", "notice", "cycle")
        .first()
    )
    if app is None:
        raise NotFound()
    return app


def appeal_get(user, pk) -> Appeal:
    """One appeal with its application, for HR (who answers appeals); NotFound for everyone else."""
    from serviceladder.promotions.errors import NotFound

    if not can_see_appellant(user):
        raise NotFound()
    try:
        return Appeal.objects.select_related("appellant", "application__applicant").get(pk=int(pk))
    except (Appeal.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None


def setbacks_of(employee_ids, since: dt.date, until: dt.date) -> dict[int, list[tuple[dt.date, str]]]:
    """employee id → the person's promotion setbacks dated `since`..`until` (local days): an application of
    theirs rejected ("rejected", the day of the transition), an appeal they filed dismissed ("appeal_lost",
    the day it was answered). Below the scoping layer (the wellbeing setback signal); two queries."""
    from collections import defaultdict

    from django.utils import timezone

    from serviceladder.promotions.models import Appeal, TransitionLog

    ids = list(employee_ids)
    out: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min))
    for emp_id, at in TransitionLog.objects.filter(
        application__applicant_id__in=ids, to_state=State.REJECTED, at__gte=start, at__lt=end
    ).values_list("application__applicant_id", "at"):
        out[emp_id].append((timezone.localdate(at), "rejected"))
    for emp_id, at in Appeal.objects.filter(
        appellant__employee__id__in=ids,
        outcome=Appeal.Outcome.DISMISSED,
        answered_at__gte=start,
        answered_at__lt=end,
    ).values_list("appellant__employee__id", "answered_at"):
        out[emp_id].append((timezone.localdate(at), "appeal_lost"))
    return dict(out)
