"""Learning reports (issue 17 item 6): a person's learning history; a team's overdue count and completion
rate; completion by course, by department and by tenure cohort; new hires' curriculum progress against their
attrition. Every figure comes from a few aggregate queries whatever the head-count, scoped through
accounts.scoping (`learning_report_scope` for the figures, `employees_with_learning_visible_to` for rows that
name a person).

Definitions (the README says the same):
- an enrolment counts unless it was cancelled; it is *completed* when its state is completed or expired (it
  was completed, and the certification has since run out); it is *overdue* when it is still open and its due
  day is before the report's day;
- the people counted are those employed on the report's day (hired on or before it, not yet left);
- tenure is whole months from the hire date to the report's day;
- a new hire's curriculum items are those of the active on-hire curricula that apply to their hire date; an
  item is done by day N when the person has a completion of its course no later than N days after hire.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q, QuerySet

from serviceladder.accounts.scoping import (
    can_see_learning,
    can_see_learning_reports,
    employees_with_learning_visible_to,
    enrolments_visible_to,
    learning_report_scope,
)
from serviceladder.core.errors import NotFoundOrForbidden, PermissionDeniedError
from serviceladder.core.i18n import pick
from serviceladder.learning.models import Completion, Curriculum, Enrolment
from serviceladder.org.models import Department, Employee, ExamResult, Team
from serviceladder.rules.periods import add_months, whole_months_between

DONE_STATES = (Enrolment.State.COMPLETED, Enrolment.State.EXPIRED)
OPEN_STATES = tuple(Enrolment.OPEN_STATES)
# Tenure cohorts in whole months: [low, high); None is open-ended.
TENURE_COHORTS: tuple[tuple[int, int | None], ...] = ((0, 3), (3, 6), (6, 12), (12, 24), (24, None))
CHECKPOINTS = (30, 60, 90)
# A leaver "left early" when they left within this many months of their hire date.
EARLY_LEAVE_MONTHS = 6
GROUPINGS = ("team", "department", "course", "tenure")


def _share(part: int, whole: int) -> int | None:
    """A whole percentage, or None when there is nothing to count."""
    if not whole:
        return None
    return round(100 * part / whole)


@dataclass(frozen=True)
class Rate:
    """One row of a completion report: what it groups (a code and a name), its enrolments, how many are
    completed and how many overdue."""

    key: str
    name: str
    enrolled: int
    completed: int
    overdue: int
    people: int | None = None

    @property
    def rate(self) -> int | None:
        return _share(self.completed, self.enrolled)

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "name": self.name,
            "people": self.people,
            "enrolled": self.enrolled,
            "completed": self.completed,
            "overdue": self.overdue,
            "completion_rate": self.rate,
        }


def _require_reports(user) -> None:
    if not can_see_learning_reports(user):
        raise PermissionDeniedError()


def report_people(user, *, as_of: dt.date) -> QuerySet[Employee]:
    """The people a reader's learning figures count: in their report scope and employed on `as_of`."""
    _require_reports(user)
    qs = Employee.objects.filter(hire_date__lte=as_of).filter(
        Q(leave_date__isnull=True) | Q(leave_date__gt=as_of)
    )
    scope = learning_report_scope(user)
    return qs if scope is None else qs.filter(scope)


def _counted(user, as_of: dt.date) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(employee__in=report_people(user, as_of=as_of)).exclude(
        state=Enrolment.State.CANCELLED
    )


def _figures(qs: QuerySet[Enrolment], group: str, as_of: dt.date) -> dict:
    """{group value: (enrolled, completed, overdue, people)} in one query."""
    rows = qs.values(group).annotate(
        enrolled=Count("pk"),
        completed=Count("pk", filter=Q(state__in=DONE_STATES)),
        overdue=Count("pk", filter=Q(state__in=OPEN_STATES, due_on__lt=as_of)),
        people=Count("employee", distinct=True),
    )
    return {r[group]: (r["enrolled"], r["completed"], r["overdue"], r["people"]) for r in rows}


def _total(rows: list[Rate], key: str, name: str) -> Rate:
    return Rate(
        key=key,
        name=name,
        enrolled=sum(r.enrolled for r in rows),
        completed=sum(r.completed for r in rows),
        overdue=sum(r.overdue for r in rows),
    )


def totals(user, *, as_of: dt.date) -> Rate:
    """The reader's whole scope in one row: enrolments, completed, overdue and the people with an overdue
    enrolment."""
    qs = _counted(user, as_of)
    agg = qs.aggregate(
        enrolled=Count("pk"),
        completed=Count("pk", filter=Q(state__in=DONE_STATES)),
        overdue=Count("pk", filter=Q(state__in=OPEN_STATES, due_on__lt=as_of)),
        people=Count("employee", distinct=True, filter=Q(state__in=OPEN_STATES, due_on__lt=as_of)),
    )
    return Rate(
        key="all",
        name="",
        enrolled=agg["enrolled"],
        completed=agg["completed"],
        overdue=agg["overdue"],
        people=agg["people"],
    )


def by_team(user, *, as_of: dt.date) -> list[Rate]:
    """Each team in the reader's scope with its overdue count and completion rate (people without a team
    are left out). Two queries."""
    figures = _figures(_counted(user, as_of), "employee__team", as_of)
    teams = Team.objects.filter(pk__in=[k for k in figures if k is not None]).select_related("department")
    rows = [
        Rate(
            key=t.code,
            name=pick(t.name_zh, t.name_en),
            enrolled=f[0],
            completed=f[1],
            overdue=f[2],
            people=f[3],
        )
        for t in teams
        for f in [figures[t.pk]]
    ]
    return sorted(rows, key=lambda r: r.key)


def by_department(user, *, as_of: dt.date) -> list[Rate]:
    """Each department in the reader's scope. Two queries."""
    figures = _figures(_counted(user, as_of), "employee__team__department", as_of)
    departments = Department.objects.filter(pk__in=[k for k in figures if k is not None])
    rows = [
        Rate(
            key=d.code,
            name=pick(d.name_zh, d.name_en),
            enrolled=f[0],
            completed=f[1],
            overdue=f[2],
            people=f[3],
        )
        for d in departments
        for f in [figures[d.pk]]
    ]
    return sorted(rows, key=lambda r: r.key)


def by_course(user, *, as_of: dt.date) -> list[Rate]:
    """Each course people in the reader's scope are enrolled in. One query."""
    rows = (
        _counted(user, as_of)
        .values("course__code", "course__name_zh", "course__name_en")
        .annotate(
            enrolled=Count("pk"),
            completed=Count("pk", filter=Q(state__in=DONE_STATES)),
            overdue=Count("pk", filter=Q(state__in=OPEN_STATES, due_on__lt=as_of)),
            people=Count("employee", distinct=True),
        )
        .order_by("course__code")
    )
    return [
        Rate(
            key=r["course__code"],
            name=pick(r["course__name_zh"], r["course__name_en"]),
            enrolled=r["enrolled"],
            completed=r["completed"],
            overdue=r["overdue"],
            people=r["people"],
        )
        for r in rows
    ]


def tenure_months(hire_date: dt.date, as_of: dt.date) -> int:
    """Whole months from the hire date to `as_of` (0 before the first month is over)."""
    return whole_months_between(hire_date, as_of)


def cohort_key(months: int) -> str:
    for low, high in TENURE_COHORTS:
        if high is None or months < high:
            return f"{low}-{high}" if high is not None else f"{low}+"
    raise AssertionError("unreachable")


def by_tenure(user, *, as_of: dt.date) -> list[Rate]:
    """The tenure cohorts 0–3, 3–6, 6–12, 12–24 and 24+ months, each with its people, enrolments, completed
    and overdue. Two queries."""
    hired = dict(report_people(user, as_of=as_of).values_list("pk", "hire_date"))
    figures = _figures(_counted(user, as_of), "employee", as_of)
    sums = {cohort_key(low): [0, 0, 0, 0] for low, _high in TENURE_COHORTS}
    for pk, hire_date in hired.items():
        key = cohort_key(tenure_months(hire_date, as_of))
        enrolled, completed, overdue, _people = figures.get(pk, (0, 0, 0, 0))
        s = sums[key]
        s[0] += enrolled
        s[1] += completed
        s[2] += overdue
        s[3] += 1
    return [
        Rate(key=k, name=k, enrolled=s[0], completed=s[1], overdue=s[2], people=s[3]) for k, s in sums.items()
    ]


def grouped(user, by: str, *, as_of: dt.date) -> list[Rate]:
    return {"team": by_team, "department": by_department, "course": by_course, "tenure": by_tenure}[by](
        user, as_of=as_of
    )


def overdue_enrolments(user, *, as_of: dt.date, limit: int = 200) -> list[Enrolment]:
    """Open enrolments past their due day of the people whose record the reader sees (a lead: their team),
    oldest due first. One query."""
    _require_reports(user)
    people = report_people(user, as_of=as_of).filter(
        pk__in=employees_with_learning_visible_to(user).values("pk")
    )
    return list(
        Enrolment.objects.filter(employee__in=people, state__in=OPEN_STATES, due_on__lt=as_of)
        .select_related("employee", "course")
        .order_by("due_on", "employee__number", "pk")[:limit]
    )


# --- new hires against attrition ----------


@dataclass
class NewHire:
    employee: Employee
    items: int
    # {30: share %, …}; None when there are no items or the day has not come yet.
    shares: dict[int, int | None]
    left_on: dt.date | None
    left_early: bool
    # Share of the items done by the day they left (leavers only).
    share_at_leaving: int | None

    @property
    def share_list(self) -> list[int | None]:
        """The shares by day 30, 60 and 90 in that order (for templates)."""
        return [self.shares[n] for n in CHECKPOINTS]


@dataclass
class NewHireReport:
    as_of: dt.date
    months: int
    people: list[NewHire] = field(default_factory=list)
    # Only the people whose record the reader sees are listed; the figures count everyone in scope.
    listed: list[NewHire] = field(default_factory=list)

    def _group(self, early: bool | None) -> list[NewHire]:
        return [p for p in self.people if early is None or p.left_early == early]

    def summary(self) -> list[dict]:
        """Stayers (not left within six months) against early leavers: how many, and their average share
        of curriculum items done by day 30, 60 and 90 (over those the day has come for)."""
        out = []
        for key, early in (("stayed", False), ("left_early", True)):
            group = self._group(early)
            row = {"group": key, "people": len(group)}
            for day in CHECKPOINTS:
                values = [p.shares[day] for p in group if p.shares[day] is not None]
                row[f"day_{day}"] = round(sum(values) / len(values)) if values else None
            out.append(row)
        return out


def new_hires(user, *, as_of: dt.date, months: int = 12) -> NewHireReport:
    """People hired in the `months` before `as_of` (leavers included) with the share of their on-hire
    curriculum items done by day 30, 60 and 90, and who left within six months of hire and how far they got.
    Four queries."""
    _require_reports(user)
    since = add_months(as_of, -months)
    qs = Employee.objects.filter(hire_date__gt=since, hire_date__lte=as_of)
    scope = learning_report_scope(user)
    if scope is not None:
        qs = qs.filter(scope)
    people = list(qs.order_by("hire_date", "number"))
    curricula = list(
        Curriculum.objects.filter(trigger=Curriculum.Trigger.HIRE, active=True).prefetch_related("items")
    )
    course_ids = {item.course_id for c in curricula for item in c.items.all()}
    first_done: dict[tuple[int, int], dt.date] = {
        (r["employee"], r["course"]): r["first"]
        for r in Completion.objects.filter(employee__in=[p.pk for p in people], course__in=course_ids)
        .values("employee", "course")
        .annotate(first=Min("completed_on"))
    }
    report = NewHireReport(as_of=as_of, months=months)
    for person in people:
        items = {
            item.course_id for c in curricula if c.applies_from <= person.hire_date for item in c.items.all()
        }
        done = [first_done.get((person.pk, course)) for course in items]

        def share_by(day: dt.date, done=done, items=items) -> int | None:
            return _share(sum(1 for d in done if d is not None and d <= day), len(items))

        shares = {}
        for n in CHECKPOINTS:
            day = person.hire_date + dt.timedelta(days=n)
            shares[n] = share_by(day) if day <= as_of else None
        left_on = person.leave_date if person.leave_date and person.leave_date <= as_of else None
        report.people.append(
            NewHire(
                employee=person,
                items=len(items),
                shares=shares,
                left_on=left_on,
                left_early=left_on is not None
                and left_on <= add_months(person.hire_date, EARLY_LEAVE_MONTHS),
                share_at_leaving=share_by(left_on) if left_on is not None else None,
            )
        )
    visible = set(
        employees_with_learning_visible_to(user)
        .filter(pk__in=[p.pk for p in people])
        .values_list("pk", flat=True)
    )
    report.listed = [p for p in report.people if p.employee.pk in visible]
    return report


# --- a person's learning history ----------


@dataclass
class History:
    employee: Employee
    enrolments: list[Enrolment]
    completions: list[Completion]
    exams: list[ExamResult]
    as_of: dt.date

    @property
    def overdue(self) -> int:
        return sum(1 for e in self.enrolments if is_overdue(e, self.as_of))

    @property
    def open(self) -> int:
        return sum(1 for e in self.enrolments if e.state in OPEN_STATES)

    @property
    def valid_completions(self) -> int:
        return sum(1 for c in self.completions if is_valid(c, self.as_of))


def is_overdue(enrolment: Enrolment, as_of: dt.date) -> bool:
    return enrolment.state in OPEN_STATES and enrolment.due_on is not None and enrolment.due_on < as_of


def is_valid(completion: Completion, as_of: dt.date) -> bool:
    """A completion counts up to the day before its `expires_on`."""
    return completion.expires_on is None or as_of < completion.expires_on


def history(user, employee: Employee, *, as_of: dt.date) -> History:
    """A person's learning history: enrolments (states, dates), completions (with expiry) and exam results,
    newest first. The person, their lead and head, HR. Three queries after the access check."""
    if not can_see_learning(user, employee):
        raise NotFoundOrForbidden()
    return History(
        employee=employee,
        enrolments=list(
            Enrolment.objects.filter(employee=employee)
            .select_related("course", "completion")
            .order_by("-assigned_on", "-pk")
        ),
        completions=list(
            Completion.objects.filter(employee=employee)
            .select_related("course")
            .order_by("-completed_on", "-pk")
        ),
        exams=list(ExamResult.objects.filter(employee=employee).order_by("-date", "-pk")),
        as_of=as_of,
    )


# --- rows for the export and the API ----------


def enrolments_listed(user, *, employee: str = "", state: str = "") -> QuerySet[Enrolment]:
    """Every enrolment the reader sees (accounts.scoping.enrolments_visible_to), optionally of one employee
    number or in one state, ready for enrolment_record."""
    qs = enrolments_visible_to(user)
    if employee:
        qs = qs.filter(employee__number=employee)
    if state:
        qs = qs.filter(state=state)
    return qs.select_related("employee", "course", "completion").order_by(
        "employee__number", "course__code", "pk"
    )


def enrolment_rows(user, *, as_of: dt.date) -> list[dict]:
    """Every enrolment the reader sees, one flat record each."""
    return [enrolment_record(e, as_of) for e in enrolments_listed(user)]


def enrolment_record(e: Enrolment, as_of: dt.date) -> dict:
    completion = getattr(e, "completion", None)
    return {
        "id": e.pk,
        "employee_number": e.employee.number,
        "employee_name": e.employee.name,
        "course_code": e.course.code,
        "course_name": e.course.name,
        "state": e.state,
        "source": e.source,
        "assigned_on": e.assigned_on,
        "due_on": e.due_on,
        "overdue": is_overdue(e, as_of),
        "completed_on": completion.completed_on if completion is not None else None,
    }


def completions_visible_to(user) -> QuerySet[Completion]:
    """Completions of the people whose record the reader sees, and of the courses they train."""
    from serviceladder.accounts.scoping import trainer_course_ids

    people = Q(employee__in=employees_with_learning_visible_to(user))
    courses = trainer_course_ids(user)
    if courses:
        people |= Q(course_id__in=courses)
    return Completion.objects.filter(people)


def completions_listed(user, *, employee: str = "") -> QuerySet[Completion]:
    qs = completions_visible_to(user)
    if employee:
        qs = qs.filter(employee__number=employee)
    return qs.select_related("employee", "course").order_by("employee__number", "-completed_on", "pk")


def completion_rows(user, *, as_of: dt.date) -> list[dict]:
    return [completion_record(c, as_of) for c in completions_listed(user)]


def completion_record(c: Completion, as_of: dt.date) -> dict:
    return {
        "id": c.pk,
        "employee_number": c.employee.number,
        "employee_name": c.employee.name,
        "course_code": c.course.code if c.course_id is not None else "",
        "name": c.display_name,
        "kind": c.kind,
        "completed_on": c.completed_on,
        "expires_on": c.expires_on,
        "valid": is_valid(c, as_of),
        "score": c.score,
        "source": c.source,
    }
