"""Reads of the course catalogue (issue 17 item 1): the courses a reader may browse, filtered, with what the
pages show of each (prerequisites, trainers, the reader's own open enrolment), without N+1 queries.

Everyone with a role browses the active courses; HR (accounts.scoping.can_manage_catalogue) also sees the
inactive ones and the trainer grants."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from serviceladder.accounts.scoping import can_manage_catalogue, user_employee, user_roles
from serviceladder.core.errors import NotFoundOrForbidden
from serviceladder.learning.models import Course, CourseTrainer, Enrolment


@dataclass(frozen=True)
class CatalogueFilters:
    q: str = ""
    mode: str = ""
    competency: str = ""
    # "active" (default), "inactive", "all" — the last two for HR only
    status: str = "active"
    self_enrol: bool = False


def courses_visible_to(user) -> QuerySet[Course]:
    if not user_roles(user):
        return Course.objects.none()
    qs = Course.objects.all()
    return qs if can_manage_catalogue(user) else qs.filter(active=True)


def catalogue_courses(user, filters: CatalogueFilters = CatalogueFilters()) -> list[Course]:
    """The courses the reader browses, filtered, with their prerequisites (and, for HR, trainers)."""
    qs = courses_visible_to(user).prefetch_related(
        Prefetch("prerequisites", queryset=Course.objects.only("id", "code", "name_zh", "name_en"))
    )
    if can_manage_catalogue(user):
        qs = qs.prefetch_related(Prefetch("trainers", queryset=CourseTrainer.objects.select_related("user")))
        if filters.status == "inactive":
            qs = qs.filter(active=False)
        elif filters.status != "all":
            qs = qs.filter(active=True)
    if filters.q:
        q = filters.q.strip()
        qs = qs.filter(
            Q(code__icontains=q)
            | Q(name_zh__icontains=q)
            | Q(name_en__icontains=q)
            | Q(provider__icontains=q)
        )
    if filters.mode in Course.Mode.values:
        qs = qs.filter(mode=filters.mode)
    if filters.self_enrol:
        qs = qs.filter(self_enrol=True)
    courses = list(qs.order_by("code"))
    if filters.competency:
        # competencies is a JSON object; filter in Python (the catalogue holds tens of courses, not thousands)
        courses = [c for c in courses if filters.competency in (c.competencies or {})]
    return courses


def course_get(user, code: str) -> Course:
    """One course the reader may see; "not found" and "not allowed" look the same."""
    course = (
        courses_visible_to(user)
        .prefetch_related(
            Prefetch("prerequisites", queryset=Course.objects.only("id", "code", "name_zh", "name_en")),
            Prefetch("required_for", queryset=Course.objects.only("id", "code", "name_zh", "name_en")),
        )
        .filter(code=code)
        .first()
    )
    if course is None:
        raise NotFoundOrForbidden()
    return course


def course_trainers(course: Course) -> list[CourseTrainer]:
    return list(CourseTrainer.objects.filter(course=course).select_related("user", "granted_by"))


def my_open_enrolments(user) -> dict[int, Enrolment]:
    """{course id: the reader's open enrolment} (empty without an employee record)."""
    me = user_employee(user)
    if me is None:
        return {}
    return {
        e.course_id: e
        for e in Enrolment.objects.filter(employee=me, state__in=Enrolment.OPEN_STATES).only(
            "id", "course_id", "state", "due_on"
        )
    }
