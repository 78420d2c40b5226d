"""What the promotion process asks of a person, for the to-do registry (registered in apps.py).

Every item comes from a scoped read: the review steps from selectors.applications_awaiting (access.py over
accounts.scoping: a head sees their department's cases, HR stands in where a department has no other head,
management sees the cases approved by HR); HR's own work (appeals, the notice, finalising, quotas) needs the
HR role; a person's own drafts, nominations, interviews and trainings are found through their employee
record only.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import user_employee, user_roles
from serviceladder.core.translatable import Message, Names, cycle_names, names_of
from serviceladder.ladder.models import Level
from serviceladder.learning.models import Enrolment
from serviceladder.policy.selectors import policy_parsed
from serviceladder.promotions import clock
from serviceladder.promotions.models import (
    Appeal,
    Assessment,
    PromotionApplication,
    PromotionCycle,
    PromotionNotice,
)
from serviceladder.promotions.states import State
from serviceladder.todos.registry import TodoItem

DEPARTMENT_REVIEW = "promotions.department_review"
HR_REVIEW = "promotions.hr_review"
MANAGEMENT_APPROVAL = "promotions.management_approval"
PUBLISH = "promotions.publish"
FINALISE = "promotions.finalise"
APPEAL = "promotions.appeal"
DRAFT = "promotions.draft"
QUOTA = "promotions.quota"
ASSESSMENT = "promotions.assessment"
TRAINING = "promotions.training"

KINDS = {
    DEPARTMENT_REVIEW: _("Department review"),
    HR_REVIEW: _("HR review"),
    MANAGEMENT_APPROVAL: _("Management approval"),
    PUBLISH: _("Public notice"),
    FINALISE: _("Finalisation"),
    APPEAL: _("Appeal"),
    DRAFT: _("Application to submit"),
    QUOTA: _("Quota"),
    ASSESSMENT: _("Interview or assessment"),
    TRAINING: _("Promotion training"),
}

CASE_TITLE = _("{name}: {from_level} → {to_level}")
PUBLISH_TITLE = _("Publish the notice of {cycle}")
PUBLISH_DETAIL = _("Approved by management, not yet published: {count}")
FINALISE_TITLE = _("Finalise {name}'s promotion: {from_level} → {to_level}")
APPEAL_TITLE = _("Answer an appeal against {name}'s promotion to {level}")
OWN_DRAFT_TITLE = _("Submit your application for {level}")
NOMINATION_DRAFT_TITLE = _("Submit your nomination of {name} for {level}")
DRAFT_DETAIL = _("{cycle} accepts applications until {date}")
QUOTA_TITLE = _("Set the quotas of {cycle}")
QUOTA_DETAIL = _("No quota yet for: {levels}")
ASSESSMENT_TITLE = _("{kind} for your application for {level}: {time}")
TRAINING_TITLE = _("Complete the promotion training {training}")

REVIEW_KINDS = {
    State.SUBMITTED: (DEPARTMENT_REVIEW, "department"),
    State.DEPT_APPROVED: (HR_REVIEW, "hr"),
    State.HR_APPROVED: (MANAGEMENT_APPROVAL, "management"),
}
# Quotas can change while a cycle has no notice and is not closed (services.cycles.quotas_frozen).
AWAITING_DECISION = (State.SUBMITTED, State.DEPT_APPROVED, State.HR_APPROVED)


def _case_url(application_id: int, anchor: str = "") -> str:
    url = reverse("promotion_application", args=[application_id])
    return f"{url}#{anchor}" if anchor else url


def _local_date(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value is not None else None


def _case_title(app: PromotionApplication) -> Message:
    return Message(
        CASE_TITLE,
        name=app.applicant.name,
        from_level=names_of(app.from_level),
        to_level=names_of(app.target_level),
    )


def _reviews(user, today: dt.date) -> list[TodoItem]:
    """The department, HR and management steps waiting for this user, the notice to publish (one item per
    cycle) and the promotions to finalise once their notice is over."""
    from serviceladder.promotions.selectors import applications_awaiting

    items: list[TodoItem] = []
    publish: dict[int, list[PromotionApplication]] = {}
    on_notice: list[PromotionApplication] = []
    for app in applications_awaiting(user):
        if app.state in REVIEW_KINDS:
            kind, anchor = REVIEW_KINDS[app.state]
            items.append(
                TodoItem(
                    kind=kind,
                    title=_case_title(app),
                    detail=cycle_names(app.cycle),
                    url=_case_url(app.pk, anchor),
                    since=_local_date(app.updated_at),
                    key=f"application:{app.pk}",
                )
            )
        elif app.state == State.MGMT_APPROVED:
            publish.setdefault(app.cycle_id, []).append(app)
        elif app.state == State.ON_NOTICE and app.notice_id is not None:
            on_notice.append(app)
    for apps in publish.values():
        cycle = apps[0].cycle
        items.append(
            TodoItem(
                kind=PUBLISH,
                title=Message(PUBLISH_TITLE, cycle=cycle_names(cycle)),
                detail=Message(PUBLISH_DETAIL, count=len(apps)),
                url=reverse("promotion_cycle", args=[cycle.pk]) + "#publish",
                since=min(_local_date(a.updated_at) for a in apps),
                key=f"cycle:{cycle.pk}",
            )
        )
    ends = dict(
        PromotionNotice.objects.filter(pk__in={a.notice_id for a in on_notice}).values_list("pk", "ends_on")
    )
    for app in on_notice:
        ends_on = ends.get(app.notice_id)
        if ends_on is None or ends_on >= today:  # the notice is still running
            continue
        items.append(
            TodoItem(
                kind=FINALISE,
                title=Message(
                    FINALISE_TITLE,
                    name=app.applicant.name,
                    from_level=names_of(app.from_level),
                    to_level=names_of(app.target_level),
                ),
                detail=cycle_names(app.cycle),
                url=_case_url(app.pk, "notice"),
                since=ends_on + dt.timedelta(days=1),
                key=f"application:{app.pk}",
            )
        )
    return items


def _appeals(user) -> list[TodoItem]:
    """Open appeals, each due on its answer date (HR answers them; the page names the appellant)."""
    from serviceladder.promotions.page_selectors import appeal_inbox

    url = reverse("promotion_appeals")
    return [
        TodoItem(
            kind=APPEAL,
            title=Message(
                APPEAL_TITLE,
                name=appeal.application.applicant.name,
                level=names_of(appeal.application.target_level),
            ),
            url=f"{url}#appeal-{appeal.pk}",
            due=appeal.answer_due_on,
            since=_local_date(appeal.filed_at),
            key=f"appeal:{appeal.pk}",
        )
        for appeal in appeal_inbox(user).filter(outcome=Appeal.Outcome.OPEN)
    ]


class NameList:
    """Names joined as the reader's language lists them (rendered when shown)."""

    def __init__(self, names) -> None:
        self.names = tuple(names)

    def __str__(self) -> str:
        separator = "、" if (get_language() or "").lower().startswith("zh") else ", "
        return separator.join(str(n) for n in self.names)


def _quotas(today: dt.date) -> list[TodoItem]:
    """Cycles whose quotas can still change with target levels that have no quota, due when the window
    closes (one item per cycle, the levels listed)."""
    awaiting = PromotionApplication.objects.filter(cycle=OuterRef("pk"), state__in=AWAITING_DECISION)
    cycles = (
        PromotionCycle.objects.select_related("policy_version")
        .filter(~Exists(PromotionNotice.objects.filter(cycle=OuterRef("pk"))))
        .filter(Q(closes_on__gte=today) | Exists(awaiting))
        .order_by("closes_on", "pk")
    )
    missing: list[tuple[PromotionCycle, list[str]]] = []
    for cycle in cycles:
        policy = policy_parsed(cycle.policy_version)
        codes = [
            c for c in dict.fromkeys(t.to_level for t in policy.transitions) if cycle.quotas.get(c) is None
        ]
        if codes:
            missing.append((cycle, codes))
    levels = {
        lv.code: lv for lv in Level.objects.filter(code__in={c for _cy, codes in missing for c in codes})
    }
    return [
        TodoItem(
            kind=QUOTA,
            title=Message(QUOTA_TITLE, cycle=cycle_names(cycle)),
            detail=Message(
                QUOTA_DETAIL, levels=NameList(names_of(levels[c]) if c in levels else c for c in codes)
            ),
            url=reverse("promotion_cycle_quotas", args=[cycle.pk]),
            due=cycle.closes_on,
            key=f"cycle:{cycle.pk}",
        )
        for cycle, codes in missing
    ]


def _drafts(me, today: dt.date) -> list[TodoItem]:
    """The person's own drafts and the nominations they started, while the cycle accepts submissions."""
    drafts = (
        PromotionApplication.objects.filter(Q(applicant=me) | Q(nominated_by=me), state=State.DRAFT)
        .filter(cycle__opens_on__lte=today, cycle__closes_on__gte=today)
        .select_related("cycle", "applicant", "target_level")
        .order_by("pk")
    )
    items = []
    for app in drafts:
        if app.applicant_id == me.pk:
            title = Message(OWN_DRAFT_TITLE, level=names_of(app.target_level))
        else:
            title = Message(NOMINATION_DRAFT_TITLE, name=app.applicant.name, level=names_of(app.target_level))
        items.append(
            TodoItem(
                kind=DRAFT,
                title=title,
                detail=Message(
                    DRAFT_DETAIL, cycle=cycle_names(app.cycle), date=app.cycle.closes_on.isoformat()
                ),
                url=_case_url(app.pk),
                due=app.cycle.closes_on,
                since=_local_date(app.created_at),
                key=f"application:{app.pk}",
            )
        )
    return items


def _assessments(me) -> list[TodoItem]:
    """Interviews and assessments HR scheduled for the person's open applications, not yet held."""
    found = (
        Assessment.objects.filter(
            application__applicant=me,
            application__state=State.DEPT_APPROVED,
            recorded_at__isnull=True,
            scheduled_at__gte=clock.now() - dt.timedelta(hours=12),
        )
        .select_related("application__target_level")
        .order_by("scheduled_at", "pk")
    )
    return [
        TodoItem(
            kind=ASSESSMENT,
            title=Message(
                ASSESSMENT_TITLE,
                kind=Assessment.Kind(a.kind).label,
                level=names_of(a.application.target_level),
                time=timezone.localtime(a.scheduled_at).strftime("%Y-%m-%d %H:%M"),
            ),
            url=_case_url(a.application_id),
            due=timezone.localdate(a.scheduled_at),
            key=f"assessment:{a.pk}",
        )
        for a in found
    ]


def _trainings(me) -> list[TodoItem]:
    """Promotion trainings (learning enrolments a finalisation made) the person has not finished yet."""
    open_ones = (
        Enrolment.objects.filter(Q(application__isnull=False) | Q(source=Enrolment.Source.PROMOTION))
        .filter(employee=me, state__in=Enrolment.OPEN_STATES)
        .select_related("course")
        .order_by("assigned_on", "pk")
    )
    return [
        TodoItem(
            kind=TRAINING,
            title=Message(TRAINING_TITLE, training=Names(t.course.name_zh, t.course.name_en)),
            url=_case_url(t.application_id, "trainings")
            if t.application_id
            else reverse("person_learning", args=[me.number]),
            since=t.assigned_on,
            due=t.due_on,
            key=f"training:{t.pk}",
        )
        for t in open_ones
    ]


def promotion_todos(user) -> list[TodoItem]:
    """Everything the promotion process waits for `user` to do."""
    roles = user_roles(user)
    if not roles:
        return []
    today = clock.today()
    items: list[TodoItem] = []
    if roles & {Role.DEPARTMENT_HEAD, Role.HR, Role.MANAGEMENT}:
        items += _reviews(user, today)
    if Role.HR in roles:
        items += _appeals(user)
        items += _quotas(today)
    me = user_employee(user)
    if me is not None:
        items += _drafts(me, today)
        items += _assessments(me)
        items += _trainings(me)
    return items
