"""Reads of curricula (issue 17 item 4): HR's list, a person's progress through the curricula they were
enrolled in (done / due / overdue per item), a lead's new hires' progress, and the overdue items a lead sees
on the home page. Callers check access (accounts.scoping) first; these read only what they are given."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from serviceladder.learning.errors_curricula import CurriculumNotFound
from serviceladder.learning.models import Completion, Curriculum, CurriculumItem, Enrolment
from serviceladder.org.models import Employee

DONE = "done"
DUE = "due"
OVERDUE = "overdue"
CLOSED = "closed"  # failed, expired or cancelled without a valid completion
NOT_YET = "not_enrolled"


def curricula_list() -> QuerySet[Curriculum]:
    return Curriculum.objects.annotate(item_count=Count("items")).order_by("trigger", "level_code", "code")


def curriculum_get(pk: int) -> Curriculum:
    found = Curriculum.objects.filter(pk=pk).first()
    if found is None:
        raise CurriculumNotFound()
    return found


def curriculum_items(curriculum: Curriculum) -> list[CurriculumItem]:
    return list(curriculum.items.select_related("course").order_by("position", "offset_days", "pk"))


@dataclass
class ItemProgress:
    item: CurriculumItem
    status: str
    due_on: dt.date | None
    enrolment: Enrolment | None
    completed_on: dt.date | None = None


@dataclass
class CurriculumProgress:
    curriculum: Curriculum
    start: dt.date | None
    items: list[ItemProgress] = field(default_factory=list)

    @property
    def done(self) -> int:
        return sum(1 for i in self.items if i.status == DONE)

    @property
    def overdue(self) -> int:
        return sum(1 for i in self.items if i.status == OVERDUE)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def next_due(self) -> ItemProgress | None:
        open_items = [i for i in self.items if i.status in (DUE, OVERDUE) and i.due_on]
        return min(open_items, key=lambda i: i.due_on) if open_items else None


def _status(enrolment: Enrolment | None, completed: bool, day: dt.date) -> str:
    if completed or (enrolment is not None and enrolment.state == Enrolment.State.COMPLETED):
        return DONE
    if enrolment is None:
        return NOT_YET
    if enrolment.state in Enrolment.OPEN_STATES:
        return OVERDUE if enrolment.due_on is not None and enrolment.due_on < day else DUE
    return CLOSED


def progress_for(employees: list[Employee], day: dt.date, *, trigger: str | None = None) -> dict:
    """employee id → [CurriculumProgress] for the curricula each person was enrolled in through (optionally
    only those of one trigger), in a fixed number of queries."""
    ids = [e.pk for e in employees]
    enrolments = list(
        Enrolment.objects.filter(employee_id__in=ids, curriculum_item__isnull=False)
        .select_related("curriculum_item__curriculum")
        .order_by("employee_id", "-assigned_on", "-pk")
    )
    curricula_of: dict[int, dict[int, Curriculum]] = {}
    by_item: dict[tuple[int, int], Enrolment] = {}
    for e in enrolments:
        curriculum = e.curriculum_item.curriculum
        if trigger is not None and curriculum.trigger != trigger:
            continue
        curricula_of.setdefault(e.employee_id, {})[curriculum.pk] = curriculum
        by_item.setdefault((e.employee_id, e.curriculum_item_id), e)
    all_ids = {c for cs in curricula_of.values() for c in cs}
    items_of: dict[int, list[CurriculumItem]] = {}
    for item in CurriculumItem.objects.filter(curriculum_id__in=all_ids).select_related("course"):
        items_of.setdefault(item.curriculum_id, []).append(item)
    for items in items_of.values():
        items.sort(key=lambda i: (i.position, i.offset_days, i.pk))
    # The person's other enrolments of the same courses (an item joined an open enrolment from elsewhere)
    # and valid completions of them count too.
    course_ids = {i.course_id for items in items_of.values() for i in items}
    other: dict[tuple[int, int], Enrolment] = {}
    for e in (
        Enrolment.objects.filter(employee_id__in=curricula_of, course_id__in=course_ids)
        .exclude(state=Enrolment.State.CANCELLED)
        .order_by("employee_id", "-assigned_on", "-pk")
    ):
        other.setdefault((e.employee_id, e.course_id), e)
    completed: dict[tuple[int, int], dt.date] = {}
    for employee_id, course_id, on in Completion.objects.filter(
        Q(expires_on__isnull=True) | Q(expires_on__gt=day),
        employee_id__in=curricula_of,
        course_id__in=course_ids,
        completed_on__lte=day,
    ).values_list("employee_id", "course_id", "completed_on"):
        key = (employee_id, course_id)
        completed[key] = max(on, completed.get(key, on))
    out: dict[int, list[CurriculumProgress]] = {pk: [] for pk in ids}
    for employee_id, curricula in curricula_of.items():
        for curriculum in sorted(curricula.values(), key=lambda c: (c.trigger, c.code)):
            progress = CurriculumProgress(curriculum=curriculum, start=None)
            for item in items_of.get(curriculum.pk, []):
                enrolment = by_item.get((employee_id, item.pk)) or other.get((employee_id, item.course_id))
                done_on = completed.get((employee_id, item.course_id))
                if enrolment is not None and enrolment.curriculum_item_id == item.pk and enrolment.due_on:
                    progress.start = enrolment.due_on - dt.timedelta(days=item.offset_days)
                progress.items.append(
                    ItemProgress(
                        item=item,
                        status=_status(enrolment, done_on is not None, day),
                        due_on=enrolment.due_on if enrolment is not None else None,
                        enrolment=enrolment,
                        completed_on=done_on,
                    )
                )
            out[employee_id].append(progress)
    return out


def person_progress(employee: Employee, day: dt.date) -> list[CurriculumProgress]:
    return progress_for([employee], day)[employee.pk]


def new_hires_progress(people: QuerySet[Employee], day: dt.date) -> list[tuple[Employee, CurriculumProgress]]:
    """(person, their new-hire curriculum progress) for the given people still employed who are on one,
    the most recently hired first."""
    staying = people.filter(Q(leave_date__isnull=True) | Q(leave_date__gt=day)).order_by(
        "-hire_date", "number"
    )
    employees = list(staying.filter(enrolments__curriculum_item__curriculum__trigger="hire").distinct())
    employees.sort(key=lambda e: (-e.hire_date.toordinal(), e.number))
    progress = progress_for(employees, day, trigger=Curriculum.Trigger.HIRE)
    return [(e, p) for e in employees for p in progress[e.pk]]


def overdue_items(people: QuerySet[Employee], day: dt.date) -> QuerySet[Enrolment]:
    """Open curriculum enrolments past their due date of the given people still employed."""
    return (
        Enrolment.objects.filter(
            Q(employee__leave_date__isnull=True) | Q(employee__leave_date__gt=day),
            employee__in=people,
            curriculum_item__isnull=False,
            state__in=Enrolment.OPEN_STATES,
            due_on__lt=day,
        )
        .select_related("employee", "course")
        .order_by("due_on", "pk")
    )


FOLLOWERS_SHOWN = 100


def curriculum_followers(
    curriculum: Curriculum, day: dt.date
) -> tuple[list[tuple[Employee, CurriculumProgress]], int]:
    """(person, progress) for the people still employed who were enrolled through this curriculum, the latest
    start first (at most FOLLOWERS_SHOWN), and how many there are in all. HR's reading: no scope here."""
    people = (
        Employee.objects.filter(Q(leave_date__isnull=True) | Q(leave_date__gt=day))
        .filter(enrolments__curriculum_item__curriculum=curriculum)
        .select_related("team")
        .distinct()
    )
    total = people.count()
    employees = list(people.order_by("-hire_date", "number")[:FOLLOWERS_SHOWN])
    progress = progress_for(employees, day)
    rows = [(e, p) for e in employees for p in progress[e.pk] if p.curriculum.pk == curriculum.pk]
    rows.sort(key=lambda row: (-(row[1].start or dt.date.min).toordinal(), row[0].number))
    return rows, total
