"""Curricula by stage (issue 17 item 4): HR creates and changes curricula (an ordered set of catalogue
courses, each due a number of days after the start), and the daily step enrols the people a curriculum
applies to — new hires (start: the hire date) and people who entered the curriculum's level (start: the day
the level took effect) — through the one `enrol()`. It is idempotent: an item a person was ever enrolled in
through the curriculum is never enrolled again. A curriculum created or changed applies at once (same step,
today).

Overdue curriculum items remind the person and their lead once (Enrolment.overdue_reminded_on, claimed by
an update so two servers never both send)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import can_manage_catalogue
from serviceladder.audit.services import Actor, audit_record
from serviceladder.core.translatable import Message, names_of
from serviceladder.learning.errors_curricula import (
    APPLIES_FROM_INVALID,
    CODE_INVALID,
    CODE_TAKEN,
    ITEM_COURSE_UNKNOWN,
    ITEM_DUPLICATE,
    ITEM_OFFSET_INVALID,
    ITEMS_REQUIRED,
    LEVEL_REQUIRED,
    LEVEL_UNKNOWN,
    NAME_REQUIRED,
    NO_POLICY,
    TRIGGER_INVALID,
    CurriculumInvalid,
    CurriculumNotAllowed,
)
from serviceladder.learning.models import Completion, Course, Curriculum, CurriculumItem, Enrolment
from serviceladder.learning.services.enrolments import enrol
from serviceladder.org.models import Employee, LevelAssignment

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
NAME_LIMIT = 200
OFFSET_LIMIT = 730

REMINDER_KIND = "learning.curriculum_overdue"
REMINDER_TITLE = _("Overdue: {course} for {name} (due {date})")
REMINDER_BODY = _(
    "This course of the curriculum {curriculum} is past its due date. Book a session or finish it, or talk "
    "it over with your lead."
)


def _clean(
    *,
    code: str,
    name_zh: str,
    name_en: str,
    trigger: str,
    level_code: str,
    applies_from,
    items: Sequence[tuple[str, object]],
    today: dt.date,
    curriculum: Curriculum | None = None,
) -> dict:
    code = (code or "").strip()
    if not CODE.match(code):
        raise CurriculumInvalid(CODE_INVALID, found=code or "—")
    taken = Curriculum.objects.filter(code__iexact=code)
    if curriculum is not None:
        taken = taken.exclude(pk=curriculum.pk)
    if taken.exists():
        raise CurriculumInvalid(CODE_TAKEN, code=code)
    name_zh, name_en = (name_zh or "").strip(), (name_en or "").strip()
    if not name_zh or not name_en or len(name_zh) > NAME_LIMIT or len(name_en) > NAME_LIMIT:
        raise CurriculumInvalid(NAME_REQUIRED, limit=NAME_LIMIT)
    if trigger not in Curriculum.Trigger.values:
        raise CurriculumInvalid(
            TRIGGER_INVALID, found=trigger or "—", allowed=", ".join(Curriculum.Trigger.values)
        )
    level_code = (level_code or "").strip()
    if trigger == Curriculum.Trigger.LEVEL:
        if not level_code:
            raise CurriculumInvalid(LEVEL_REQUIRED)
        from serviceladder.policy.errors import NoPolicyInForce
        from serviceladder.policy.selectors import policy_in_force

        try:
            levels = policy_in_force(today).levels()
        except NoPolicyInForce:
            raise CurriculumInvalid(NO_POLICY) from None
        if level_code not in levels:
            raise CurriculumInvalid(LEVEL_UNKNOWN, found=level_code, allowed=", ".join(levels))
    else:
        level_code = ""
    if not isinstance(applies_from, dt.date):
        try:
            applies_from = dt.date.fromisoformat(str(applies_from or "").strip())
        except ValueError:
            raise CurriculumInvalid(APPLIES_FROM_INVALID, found=applies_from or "—") from None
    rows = [(str(c or "").strip(), o) for c, o in items]
    if not rows:
        raise CurriculumInvalid(ITEMS_REQUIRED)
    courses = {c.code: c for c in Course.objects.filter(code__in=[c for c, _o in rows], active=True)}
    cleaned, first_row = [], {}
    for row, (course_code, offset) in enumerate(rows, start=1):
        course = courses.get(course_code)
        if course is None:
            raise CurriculumInvalid(ITEM_COURSE_UNKNOWN, row=row, found=course_code or "—")
        if course_code in first_row:
            raise CurriculumInvalid(ITEM_DUPLICATE, row=row, course=course_code, first=first_row[course_code])
        first_row[course_code] = row
        text = str(offset if offset is not None else "").strip()
        if not re.fullmatch(r"\d{1,4}", text) or int(text) > OFFSET_LIMIT:
            raise CurriculumInvalid(ITEM_OFFSET_INVALID, row=row, limit=OFFSET_LIMIT, found=text or "—")
        cleaned.append((course, int(text)))
    return {
        "code": code,
        "name_zh": name_zh,
        "name_en": name_en,
        "trigger": trigger,
        "level_code": level_code,
        "applies_from": applies_from,
        "items": cleaned,
    }


def _summary(curriculum: Curriculum, items: Iterable[tuple[Course, int]]) -> dict:
    return {
        "code": curriculum.code,
        "trigger": curriculum.trigger,
        "level_code": curriculum.level_code,
        "applies_from": curriculum.applies_from.isoformat(),
        "active": curriculum.active,
        "items": [f"{course.code}+{offset}" for course, offset in items],
    }


def _current_items(curriculum: Curriculum) -> list[tuple[Course, int]]:
    return [(i.course, i.offset_days) for i in curriculum.items.select_related("course")]


def curriculum_create(
    *,
    actor: Actor,
    code: str,
    name_zh: str,
    name_en: str,
    trigger: str,
    level_code: str = "",
    applies_from,
    items: Sequence[tuple[str, object]],
    active: bool = True,
    today: dt.date | None = None,
) -> Curriculum:
    """A new curriculum with its items in the given order (audited as `learning.curriculum_create`); the
    people it already applies to are enrolled at once. `items`: (course code, days after the start)."""
    if not can_manage_catalogue(actor.user):
        raise CurriculumNotAllowed()
    today = today or timezone.localdate()
    data = _clean(
        code=code,
        name_zh=name_zh,
        name_en=name_en,
        trigger=trigger,
        level_code=level_code,
        applies_from=applies_from,
        items=items,
        today=today,
    )
    rows = data.pop("items")
    with transaction.atomic():
        curriculum = Curriculum.objects.create(active=active, **data)
        CurriculumItem.objects.bulk_create(
            CurriculumItem(curriculum=curriculum, course=course, offset_days=offset, position=i)
            for i, (course, offset) in enumerate(rows)
        )
        audit_record(
            actor=actor, action="learning.curriculum_create", obj=curriculum, after=_summary(curriculum, rows)
        )
        _apply(today, [curriculum], actor=Actor(actor.user, actor.channel))
    return curriculum


def curriculum_edit(
    *,
    actor: Actor,
    curriculum: Curriculum,
    code: str,
    name_zh: str,
    name_en: str,
    trigger: str,
    level_code: str = "",
    applies_from,
    items: Sequence[tuple[str, object]],
    active: bool = True,
    today: dt.date | None = None,
) -> Curriculum:
    """Change a curriculum (audited as `learning.curriculum_edit` with before and after). An item kept keeps
    its enrolments; a course removed leaves the enrolments already made (they stay open until done or
    cancelled); a course added is enrolled at once for the people the curriculum applies to."""
    if not can_manage_catalogue(actor.user):
        raise CurriculumNotAllowed()
    today = today or timezone.localdate()
    data = _clean(
        code=code,
        name_zh=name_zh,
        name_en=name_en,
        trigger=trigger,
        level_code=level_code,
        applies_from=applies_from,
        items=items,
        today=today,
        curriculum=curriculum,
    )
    rows = data.pop("items")
    with transaction.atomic():
        curriculum = Curriculum.objects.select_for_update().get(pk=curriculum.pk)
        before = _summary(curriculum, _current_items(curriculum))
        for field, value in data.items():
            setattr(curriculum, field, value)
        curriculum.active = active
        curriculum.save(update_fields=[*data.keys(), "active"])
        existing = {i.course_id: i for i in curriculum.items.all()}
        keep = set()
        for position, (course, offset) in enumerate(rows):
            item = existing.get(course.pk)
            if item is None:
                CurriculumItem.objects.create(
                    curriculum=curriculum, course=course, offset_days=offset, position=position
                )
            else:
                keep.add(item.pk)
                if (item.offset_days, item.position) != (offset, position):
                    item.offset_days, item.position = offset, position
                    item.save(update_fields=["offset_days", "position"])
        curriculum.items.exclude(pk__in=keep).exclude(course__in=[c for c, _o in rows]).delete()
        after = _summary(curriculum, rows)
        if after != before:
            audit_record(
                actor=actor, action="learning.curriculum_edit", obj=curriculum, before=before, after=after
            )
        _apply(today, [curriculum], actor=Actor(actor.user, actor.channel))
    return curriculum


def _anchors(curriculum: Curriculum, day: dt.date) -> dict[int, tuple[Employee, dt.date]]:
    """employee id → (employee, start) for the people `curriculum` applies to on `day`: still employed
    (no leave date on or before `day`), started on or after `applies_from` and not after `day`."""
    staying = Q(leave_date__isnull=True) | Q(leave_date__gt=day)
    if curriculum.trigger == Curriculum.Trigger.HIRE:
        people = Employee.objects.filter(staying, hire_date__gte=curriculum.applies_from, hire_date__lte=day)
        return {e.pk: (e, e.hire_date) for e in people.select_related("team")}
    # Entering a level: the person's level on `day` is the curriculum's, taken on or after applies_from.
    latest: dict[int, LevelAssignment] = {}
    entered = LevelAssignment.objects.filter(
        level__code=curriculum.level_code,
        effective_from__gte=curriculum.applies_from,
        effective_from__lte=day,
    ).values("employee_id")
    assignments = (
        LevelAssignment.objects.filter(
            effective_from__lte=day, employee__in=Employee.objects.filter(staying, pk__in=entered)
        )
        .select_related("level", "employee")
        .order_by("employee_id", "-effective_from")
    )
    for assignment in assignments:
        latest.setdefault(assignment.employee_id, assignment)
    return {
        a.employee_id: (a.employee, a.effective_from)
        for a in latest.values()
        if a.level.code == curriculum.level_code and a.effective_from >= curriculum.applies_from
    }


def _apply(day: dt.date, curricula: Iterable[Curriculum], *, actor: Actor) -> int:
    created = 0
    for curriculum in curricula:
        if not curriculum.active or curriculum.applies_from > day:
            continue
        items = [i for i in curriculum.items.select_related("course") if i.course.active]
        people = _anchors(curriculum, day)
        if not items or not people:
            continue
        done = set(
            Enrolment.objects.filter(curriculum_item__in=items, employee_id__in=people).values_list(
                "employee_id", "curriculum_item_id"
            )
        )
        # A course already completed and still valid is not taken again.
        valid = set(
            Completion.objects.filter(
                Q(expires_on__isnull=True) | Q(expires_on__gt=day),
                employee_id__in=people,
                course__in=[i.course for i in items],
            ).values_list("employee_id", "course_id")
        )
        for employee_id, (employee, start) in sorted(people.items()):
            for item in items:
                if (employee_id, item.pk) in done or (employee_id, item.course_id) in valid:
                    continue
                _enrolment, new = enrol(
                    employee,
                    item.course,
                    source=Enrolment.Source.CURRICULUM,
                    actor=actor,
                    due_on=start + dt.timedelta(days=item.offset_days),
                    assigned_on=day,
                    curriculum_item=item,
                )
                created += new
    return created


def apply_curricula(day: dt.date) -> dict:
    """The daily step: enrol everyone an active curriculum applies to on `day` in the items they were never
    enrolled in through it. Running it again the same day (or any later day) adds nothing new."""
    with transaction.atomic():
        created = _apply(day, Curriculum.objects.filter(active=True), actor=Actor(None, "system"))
    return {"enrolled": created}


def curriculum_reminders_send(day: dt.date) -> dict:
    """The daily step: for each open curriculum enrolment past its due date on `day`, one notification to the
    person and their lead, exactly once (Enrolment.overdue_reminded_on is claimed by an update first)."""
    from serviceladder.notifications.services import notify

    sent = 0
    due = (
        Enrolment.objects.filter(
            Q(employee__leave_date__isnull=True) | Q(employee__leave_date__gt=day),
            curriculum_item__isnull=False,
            state__in=Enrolment.OPEN_STATES,
            due_on__lt=day,
            overdue_reminded_on__isnull=True,
        )
        .select_related(
            "employee__user", "employee__team__lead__user", "course", "curriculum_item__curriculum"
        )
        .order_by("pk")
    )
    actor = Actor(None, "system")
    for enrolment in due:
        with transaction.atomic():
            claimed = Enrolment.objects.filter(pk=enrolment.pk, overdue_reminded_on__isnull=True).update(
                overdue_reminded_on=day
            )
            if not claimed:  # another server (or the enrolments' own reminder) sent it
                continue
            employee = enrolment.employee
            team = employee.team
            lead = team.lead if team is not None and team.lead_id != employee.pk else None
            recipients = [u for u in (employee.user, lead.user if lead else None) if u and u.is_active]
            if not recipients:
                continue
            curriculum = enrolment.curriculum_item.curriculum
            notify(
                recipients=recipients,
                kind=REMINDER_KIND,
                title=Message(
                    REMINDER_TITLE,
                    course=names_of(enrolment.course),
                    name=employee.name,
                    date=enrolment.due_on.isoformat(),
                ),
                body=Message(REMINDER_BODY, curriculum=names_of(curriculum)),
                url=reverse("person_learning", kwargs={"number": employee.number}) + "#curricula",
                actor=actor,
            )
            sent += 1
    return {"sent": sent}
