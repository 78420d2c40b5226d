"""The course catalogue pages (issue 17 item 1): everyone browses the active courses and enrols themselves
where a course allows it; HR creates and edits courses and grants trainers. Thin: access through
accounts.scoping, reads through learning.selectors.catalogue, writes through learning.services.catalogue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import (
    can_manage_catalogue,
    can_schedule_sessions,
    can_self_enrol,
    user_employee,
)
from serviceladder.audit.services import Actor
from serviceladder.core.errors import DomainError
from serviceladder.learning.models import Course
from serviceladder.learning.selectors import catalogue as selectors
from serviceladder.learning.selectors import enrolments as enrolment_selectors
from serviceladder.learning.services import catalogue as services
from serviceladder.web.access import can_open_learning, require
from serviceladder.web.methods import form_page, read_only

COURSE_CREATED = _("The course %(code)s is in the catalogue.")
COURSE_SAVED = _("The course %(code)s is saved.")
ENROLLED = _("You are enrolled in %(course)s; it is on your learning page.")
TRAINER_GRANTED = _("%(user)s now trains %(course)s.")
TRAINER_REVOKED = _("%(user)s no longer trains %(course)s.")
NO_SUCH_USER = _("No user has the login name or employee number %(value)s.")
FIX_BELOW = _("The course was not saved; see the fields marked below.")

STATUS_CHOICES = (("active", _("Active")), ("inactive", _("Inactive")), ("all", _("All")))


def _actor(request: HttpRequest) -> Actor:
    return Actor(user=request.user, channel="web")


def _competency_options() -> list[tuple[str, str]]:
    from serviceladder.core.i18n import pick

    return [(code, pick(zh, en)) for code, (zh, en) in sorted(services.policy_competencies().items())]


def _competency_names() -> dict[str, str]:
    return dict(_competency_options())


def _row(course: Course, mine: dict, user, names: dict[str, str]) -> dict:
    return {
        "c": course,
        "competencies": [
            (names.get(code, code), level) for code, level in sorted(course.competencies.items())
        ],
        "enrolment": mine.get(course.pk),
        "can_enrol": can_self_enrol(user, course) and course.pk not in mine,
    }


@read_only
def catalogue(request: HttpRequest) -> HttpResponse:
    """The catalogue with filters: text, delivery mode, competency, self-enrolment; HR also by status."""
    user = request.user
    require(can_open_learning(user))
    hr = can_manage_catalogue(user)
    filters = selectors.CatalogueFilters(
        q=request.GET.get("q", "").strip()[:100],
        mode=request.GET.get("mode", ""),
        competency=request.GET.get("competency", "")[:40],
        status=request.GET.get("status", "active") if hr else "active",
        self_enrol=request.GET.get("self_enrol") == "1",
    )
    names = _competency_names()
    mine = selectors.my_open_enrolments(user)
    rows = [_row(c, mine, user, names) for c in selectors.catalogue_courses(user, filters)]
    context = {
        "rows": rows,
        "filters": filters,
        "modes": Course.Mode.choices,
        "competencies": _competency_options(),
        "statuses": STATUS_CHOICES,
        "hr": hr,
        "has_employee": user_employee(user) is not None,
    }
    return render(request, "web/learning/catalogue.html", context)


@read_only
def course_detail(request: HttpRequest, code: str) -> HttpResponse:
    user = request.user
    require(can_open_learning(user))
    course = selectors.course_get(user, code)
    hr = can_manage_catalogue(user)
    mine = selectors.my_open_enrolments(user)
    names = _competency_names()
    me = user_employee(user)
    missing = services.missing_prerequisites(me, course) if me is not None else []
    context = {
        **_row(course, mine, user, names),
        "hr": hr,
        "missing": missing,
        "trainers": selectors.course_trainers(course) if hr else [],
        "sessions": enrolment_selectors.course_sessions(user, course),
        "can_schedule": course.active
        and course.mode != Course.Mode.ONLINE
        and can_schedule_sessions(user, course),
        "people": enrolment_selectors.course_people(user, course),
    }
    return render(request, "web/learning/course.html", context)


def _posted(request: HttpRequest, codes: list[str]) -> services.CourseData:
    post = request.POST
    competencies = {}
    for code in codes:
        level = post.get(f"competency:{code}", "").strip()
        if level:
            competencies[code] = level[:3]
    # a competency the page did not offer (a stale form) is reported, never dropped
    for key, value in post.items():
        if key.startswith("competency:") and key[11:] not in competencies and value.strip():
            competencies[key[11:][:40]] = value.strip()[:3]
    return services.CourseData(
        code=post.get("code", "")[:60],
        name_zh=post.get("name_zh", "")[:300],
        name_en=post.get("name_en", "")[:300],
        description_zh=post.get("description_zh", "")[:4000],
        description_en=post.get("description_en", "")[:4000],
        mode=post.get("mode", "")[:20],
        hours=post.get("hours", "")[:12],
        provider=post.get("provider", "")[:200],
        validity_months=post.get("validity_months", "")[:6],
        renewal_days=post.get("renewal_days", "")[:6],
        competencies=competencies,
        prerequisites=[v[:60] for v in post.getlist("prerequisites")][:100],
        self_enrol=post.get("self_enrol") == "1",
        active=post.get("active") == "1",
    )


def _form(request: HttpRequest, course: Course | None) -> HttpResponse:
    user = request.user
    require(can_manage_catalogue(user))
    options = _competency_options()
    data = services.course_form_values(course) if course is not None else services.CourseData()
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        data = _posted(request, [code for code, _name in options])
        try:
            if course is None:
                saved = services.course_create(actor=_actor(request), data=data)
                messages.success(request, COURSE_CREATED % {"code": saved.code})
            else:
                saved = services.course_update(actor=_actor(request), course=course, data=data)
                messages.success(request, COURSE_SAVED % {"code": saved.code})
            return redirect("learning_course", code=saved.code)
        except services.CourseInvalid as exc:
            errors = exc.errors
    others = Course.objects.exclude(pk=course.pk if course else None).only("code", "name_zh", "name_en")
    context = {
        "course": course,
        "data": data,
        "errors": errors,
        "error": FIX_BELOW if errors else "",
        "modes": Course.Mode.choices,
        "competencies": [(code, name, data.competencies.get(code, "")) for code, name in options],
        "unknown_competencies": sorted(set(data.competencies) - {code for code, _n in options}),
        "levels": ["1", "2", "3", "4", "5"],
        "others": others,
        "names_locked": course is not None and course.from_policy,
    }
    return render(request, "web/learning/course_form.html", context, status=400 if errors else 200)


@form_page
def course_new(request: HttpRequest) -> HttpResponse:
    return _form(request, None)


@form_page
def course_edit(request: HttpRequest, code: str) -> HttpResponse:
    require(can_manage_catalogue(request.user))
    return _form(request, selectors.course_get(request.user, code))


def _user_by(value: str):
    from serviceladder.org.models import Employee

    User = get_user_model()
    user = User.objects.filter(username=value).first()
    if user is None:
        employee = Employee.objects.filter(number=value).select_related("user").first()
        user = getattr(employee, "user", None) if employee else None
    return user


@form_page
def course_trainers(request: HttpRequest, code: str) -> HttpResponse:
    """HR grants and takes away trainer grants of a course (audited)."""
    user = request.user
    require(can_manage_catalogue(user))
    course = selectors.course_get(user, code)
    error = ""
    if request.method == "POST":
        value = request.POST.get("user", "").strip()[:150]
        trainer = _user_by(value) if value else None
        if trainer is None:
            error = str(NO_SUCH_USER % {"value": value or "—"})
        else:
            try:
                if request.POST.get("op") == "revoke":
                    services.trainer_revoke(actor=_actor(request), course=course, user=trainer)
                    messages.success(
                        request, TRAINER_REVOKED % {"user": trainer.get_username(), "course": course.name}
                    )
                else:
                    services.trainer_grant(actor=_actor(request), course=course, user=trainer)
                    messages.success(
                        request, TRAINER_GRANTED % {"user": trainer.get_username(), "course": course.name}
                    )
                return redirect("learning_course_trainers", code=course.code)
            except DomainError as exc:
                error = str(exc)
    context = {"course": course, "trainers": selectors.course_trainers(course), "error": error}
    return render(request, "web/learning/course_trainers.html", context, status=400 if error else 200)


@form_page
def course_enrol(request: HttpRequest, code: str) -> HttpResponse:
    """Enrol oneself in a course that allows it (POST); GET shows the course."""
    user = request.user
    require(can_open_learning(user))
    course = selectors.course_get(user, code)
    if request.method == "POST":
        try:
            services.course_self_enrol(actor=_actor(request), course=course)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, ENROLLED % {"course": course.name})
    return redirect("learning_course", code=course.code)
