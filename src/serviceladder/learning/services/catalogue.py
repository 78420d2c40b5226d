"""The course catalogue's writers (issue 17 item 1): the policy → catalogue sync, HR's course create and edit,
and trainer grants.

The policy's `trainings:` section stays the source of the codes a policy uses: loading a policy creates the
courses it defines (and the exams of its `exams:` section, rows only) and keeps their names current; HR then
adds modes, hours, providers, competencies, prerequisites and sessions in the product. A course the policy no
longer names is kept (people hold completions of it)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import can_manage_catalogue, user_roles
from serviceladder.audit.services import Actor, audit_record
from serviceladder.core.errors import DomainError, PermissionDeniedError
from serviceladder.learning.models import Course, CourseTrainer, Exam

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
CODE_MAX = 40
NAME_MAX = 200
HOURS_MAX = Decimal("2000")
VALIDITY_MAX = 240
RENEWAL_MAX = 365
RENEWAL_DEFAULT = 30
PROFICIENCY_MIN, PROFICIENCY_MAX = 1, 5

CODE_REQUIRED = _("Give the course a code.")
CODE_INVALID = _("A code is letters, digits, '-' and '_' (at most 40, starting with a letter or digit).")
CODE_TAKEN = _("Another course already has the code %(code)s.")
NAME_REQUIRED = _("Give the course a name in both languages.")
NAME_TOO_LONG = _("A name is at most 200 characters.")
MODE_INVALID = _("Unknown delivery mode %(value)s. Allowed: %(allowed)s.")
HOURS_INVALID = _("Hours are a number from 0 to 2000 (one decimal at most).")
VALIDITY_INVALID = _("The validity is a whole number of months from 1 to 240, or empty (never expires).")
RENEWAL_INVALID = _(
    "Renewal is a whole number of days from 0 to 365 before a completion expires (0: no automatic renewal; "
    "empty: 30)."
)
RENEWAL_TOO_LONG = _(
    "The renewal window must be shorter than the validity: at most %(max)s days for %(months)s months."
)
COMPETENCY_UNKNOWN = _("Unknown competency %(code)s. The policy's competencies: %(allowed)s.")
PROFICIENCY_INVALID = _("The proficiency for %(code)s is a whole number from 1 to 5.")
PREREQUISITE_UNKNOWN = _("No course has the code %(code)s.")
PREREQUISITE_SELF = _("A course cannot be its own prerequisite.")
PREREQUISITE_CYCLE = _(
    "%(code)s already requires this course (directly or through others): that would be a loop."
)
POLICY_NAMES_LOCKED = _("The policy defines this course's names; change them in the policy.")
NOT_ALLOWED = _("Only HR keeps the catalogue.")
TRAINER_NEEDS_ROLE = _("A trainer must be a user with a role in the product.")
TRAINER_ALREADY = _("%(user)s already trains %(course)s.")
TRAINER_NOT_GRANTED = _("%(user)s does not train %(course)s.")


class CourseInvalid(DomainError):
    """The course form or an import row broke one or more rules; `errors` maps each field to its messages."""

    code = "course_invalid"
    message = _("The course could not be saved: %(details)s")

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        super().__init__(details="; ".join(str(m) for msgs in errors.values() for m in msgs))


class TrainerGrantError(DomainError):
    code = "trainer_grant"
    message = _("The trainer grant could not be changed.")


# --- the policy → catalogue sync ---------------------------------------------------------------------------


def catalogue_sync(*, versions=None, today: dt.date | None = None) -> dict[str, list[str]]:
    """Create or update the courses the policy's `trainings:` define and the exams its `exams:` define.

    `versions`: the stored versions to read, oldest first, later ones winning for names (default: the version
    in force today and every later one, like the ladder). Names always follow the policy; hours and validity
    follow it when the policy gives them (HR's values stay otherwise). Returns the codes added and updated."""
    from serviceladder.policy.ladder_sync import relevant_versions
    from serviceladder.policy.selectors import policy_parsed

    if versions is None:
        versions = relevant_versions(today or timezone.localdate())
    trainings: dict[str, dict] = {}
    exams: dict[str, dict] = {}
    for version in versions:
        policy = policy_parsed(version)
        for t in policy.trainings:
            trainings[t.code] = course_fields(t)
        for e in policy.exams:
            exams[e.code] = {"name_zh": e.name_zh, "name_en": e.name_en, "counts": e.counts}
    courses_added, courses_updated = _sync_rows(Course, trainings, touched=("updated_at",))
    exams_added, exams_updated = _sync_rows(Exam, exams, touched=())
    return {
        "courses_added": courses_added,
        "courses_updated": courses_updated,
        "exams_added": exams_added,
        "exams_updated": exams_updated,
    }


def course_fields(training) -> dict:
    """A course's fields as a policy's `trainings:` entry gives them: its names always, its hours and
    validity when it says them (HR's values stay otherwise)."""
    values = {"name_zh": training.name_zh, "name_en": training.name_en}
    if training.hours is not None:
        values["hours"] = Decimal(training.hours)
    if training.validity_months is not None:
        values["validity_months"] = training.validity_months
    if training.renewal_days is not None:
        values["renewal_days"] = training.renewal_days
    return values


def _sync_rows(model, wanted: dict[str, dict], *, touched: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Create the rows of `model` (Course or Exam) the policy defines and bring the others to its values,
    marking each as the policy's. Returns the codes added and the codes updated."""
    added: list[str] = []
    updated: list[str] = []
    existing = {row.code: row for row in model.objects.filter(code__in=wanted)}
    for code, values in wanted.items():
        row = existing.get(code)
        if row is None:
            model.objects.create(code=code, from_policy=True, **values)
            added.append(code)
            continue
        changed = [name for name, value in values.items() if getattr(row, name) != value]
        for name in changed:
            setattr(row, name, values[name])
        if not row.from_policy:
            row.from_policy = True
            changed.append("from_policy")
        if changed:
            row.save(update_fields=[*changed, *touched])
            updated.append(code)
    return added, updated


# --- HR's course form --------------------------------------------------------------------------------------


@dataclass
class CourseData:
    """What the course form and an import row give, as text (validated by `course_clean`)."""

    code: str = ""
    name_zh: str = ""
    name_en: str = ""
    description_zh: str = ""
    description_en: str = ""
    mode: str = Course.Mode.CLASSROOM
    hours: str = ""
    provider: str = ""
    validity_months: str = ""
    # empty: RENEWAL_DEFAULT days (shortened to what a short validity allows)
    renewal_days: str = ""
    # {competency code: proficiency as text}
    competencies: dict[str, str] = field(default_factory=dict)
    prerequisites: list[str] = field(default_factory=list)
    self_enrol: bool = False
    active: bool = True


def policy_competencies(today: dt.date | None = None) -> dict[str, tuple[str, str]]:
    """{code: (name_zh, name_en)} of the competencies in the policy in force (and later versions); empty
    without a policy."""
    from serviceladder.policy.ladder_sync import relevant_versions
    from serviceladder.policy.selectors import policy_parsed

    out: dict[str, tuple[str, str]] = {}
    for version in relevant_versions(today or timezone.localdate()):
        for c in policy_parsed(version).competencies:
            out[c.code] = (c.name_zh, c.name_en)
    return out


def _requires(course_code: str, graph: dict[str, set[str]], target: str) -> bool:
    """Whether `course_code` requires `target` through the prerequisite graph (code → prerequisite codes)."""
    seen: set[str] = set()
    stack = [course_code]
    while stack:
        code = stack.pop()
        if code == target:
            return True
        if code in seen:
            continue
        seen.add(code)
        stack.extend(graph.get(code, ()))
    return False


def prerequisite_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for code, pre in Course.prerequisites.through.objects.values_list("from_course__code", "to_course__code"):
        graph.setdefault(code, set()).add(pre)
    return graph


def course_clean(
    data: CourseData,
    *,
    course: Course | None = None,
    competencies: dict[str, tuple[str, str]] | None = None,
    known_codes: set[str] | None = None,
    graph: dict[str, set[str]] | None = None,
) -> tuple[dict, dict[str, list[str]]]:
    """Check every field; returns (clean values, {field: [messages]}). `known_codes`: the course codes a
    prerequisite may name (default: the catalogue's); `graph`: the prerequisite graph (default: stored)."""
    errors: dict[str, list[str]] = {}

    def err(name: str, message, **values) -> None:
        errors.setdefault(name, []).append(str(message) % values if values else str(message))

    clean: dict = {}
    code = (data.code or "").strip() if course is None else course.code
    if course is None:
        if not code:
            err("code", CODE_REQUIRED)
        elif len(code) > CODE_MAX or not CODE_PATTERN.match(code):
            err("code", CODE_INVALID)
        elif Course.objects.filter(code__iexact=code).exists():
            err("code", CODE_TAKEN, code=code)
    clean["code"] = code
    for name in ("name_zh", "name_en"):
        value = (getattr(data, name) or "").strip()
        if course is not None and course.from_policy:
            if value and value != getattr(course, name):
                err(name, POLICY_NAMES_LOCKED)
            continue
        if not value:
            err(name, NAME_REQUIRED)
        elif len(value) > NAME_MAX:
            err(name, NAME_TOO_LONG)
        clean[name] = value
    clean["description_zh"] = (data.description_zh or "").strip()
    clean["description_en"] = (data.description_en or "").strip()
    if data.mode not in Course.Mode.values:
        err(
            "mode",
            MODE_INVALID,
            value=data.mode,
            allowed=", ".join(f"{v} ({label})" for v, label in Course.Mode.choices),
        )
    clean["mode"] = data.mode
    hours = (data.hours or "").strip()
    clean["hours"] = None
    if hours:
        try:
            value = Decimal(hours)
        except InvalidOperation:
            value = None
        if (
            value is None
            or not value.is_finite()
            or value < 0
            or value > HOURS_MAX
            or value != value.quantize(Decimal("0.1"))
        ):
            err("hours", HOURS_INVALID)
        else:
            clean["hours"] = value
    validity = (data.validity_months or "").strip()
    clean["validity_months"] = None
    if validity:
        if not validity.isdigit() or not 1 <= int(validity) <= VALIDITY_MAX:
            err("validity_months", VALIDITY_INVALID)
        else:
            clean["validity_months"] = int(validity)
    renewal = (data.renewal_days or "").strip()
    longest = renewal_days_max(clean["validity_months"])
    clean["renewal_days"] = RENEWAL_DEFAULT if longest is None else min(RENEWAL_DEFAULT, longest)
    if renewal and (not renewal.isdigit() or int(renewal) > RENEWAL_MAX):
        err("renewal_days", RENEWAL_INVALID)
    elif renewal and longest is not None and int(renewal) > longest:
        err("renewal_days", RENEWAL_TOO_LONG, max=longest, months=clean["validity_months"])
    elif renewal:
        clean["renewal_days"] = int(renewal)
    clean["provider"] = (data.provider or "").strip()[:200]
    known = policy_competencies() if competencies is None else competencies
    chosen: dict[str, int] = {}
    for comp, level in data.competencies.items():
        comp = comp.strip()
        if comp not in known:
            err("competencies", COMPETENCY_UNKNOWN, code=comp, allowed=", ".join(sorted(known)) or "—")
            continue
        level = str(level).strip()
        if not level.isdigit() or not PROFICIENCY_MIN <= int(level) <= PROFICIENCY_MAX:
            err("competencies", PROFICIENCY_INVALID, code=comp)
            continue
        chosen[comp] = int(level)
    clean["competencies"] = chosen
    codes = set(Course.objects.values_list("code", flat=True)) if known_codes is None else known_codes
    graph = prerequisite_graph() if graph is None else graph
    prerequisites: list[str] = []
    for pre in data.prerequisites:
        pre = pre.strip()
        if not pre or pre in prerequisites:
            continue
        if pre == code:
            err("prerequisites", PREREQUISITE_SELF)
        elif pre not in codes:
            err("prerequisites", PREREQUISITE_UNKNOWN, code=pre)
        elif code and _requires(pre, graph, code):
            err("prerequisites", PREREQUISITE_CYCLE, code=pre)
        else:
            prerequisites.append(pre)
    clean["prerequisites"] = prerequisites
    clean["self_enrol"] = bool(data.self_enrol)
    clean["active"] = bool(data.active)
    return clean, errors


def renewal_days_max(validity_months: int | None) -> int | None:
    """The longest renewal window a validity allows: it opens after the day of completion however short the
    months (None: no validity, so nothing to renew)."""
    from serviceladder.rules.periods import shortest_span_days

    if not validity_months:
        return None
    return min(RENEWAL_MAX, shortest_span_days(validity_months) - 1)


def course_form_values(course: Course | None) -> CourseData:
    """A course's current values as the form would show them (the defaults for a new one)."""
    if course is None:
        return CourseData()
    return CourseData(
        code=course.code,
        name_zh=course.name_zh,
        name_en=course.name_en,
        description_zh=course.description_zh,
        description_en=course.description_en,
        mode=course.mode,
        hours="" if course.hours is None else f"{course.hours.normalize():f}",
        provider=course.provider,
        validity_months="" if course.validity_months is None else str(course.validity_months),
        renewal_days=str(course.renewal_days),
        competencies={k: str(v) for k, v in course.competencies.items()},
        prerequisites=[p.code for p in course.prerequisites.all()],
        self_enrol=course.self_enrol,
        active=course.active,
    )


def _snapshot(course: Course) -> dict:
    return {
        "code": course.code,
        "name_zh": course.name_zh,
        "name_en": course.name_en,
        "mode": course.mode,
        "hours": str(Decimal(course.hours).quantize(Decimal("0.1"))) if course.hours is not None else None,
        "provider": course.provider,
        "validity_months": course.validity_months,
        "renewal_days": course.renewal_days,
        "competencies": dict(course.competencies),
        "prerequisites": sorted(course.prerequisites.values_list("code", flat=True)),
        "self_enrol": course.self_enrol,
        "active": course.active,
    }


def _require_hr(actor: Actor) -> None:
    if actor.user is not None and not can_manage_catalogue(actor.user):
        raise PermissionDeniedError(NOT_ALLOWED)


def _apply(course: Course, clean: dict) -> None:
    for name in (
        "name_zh",
        "name_en",
        "description_zh",
        "description_en",
        "mode",
        "hours",
        "provider",
        "validity_months",
        "renewal_days",
        "competencies",
        "self_enrol",
        "active",
    ):
        if name in clean:
            setattr(course, name, clean[name])


def course_create(*, actor: Actor, data: CourseData) -> Course:
    """A new catalogue course (HR; audited as `learning.course_create`). Raises CourseInvalid with every
    problem; nothing is written then."""
    _require_hr(actor)
    clean, errors = course_clean(data)
    if errors:
        raise CourseInvalid(errors)
    with transaction.atomic():
        course = Course(code=clean["code"])
        _apply(course, clean)
        course.save()
        course.prerequisites.set(Course.objects.filter(code__in=clean["prerequisites"]))
        audit_record(actor=actor, action="learning.course_create", obj=course, after=_snapshot(course))
    return course


def course_update(*, actor: Actor, course: Course, data: CourseData) -> Course:
    """Change a course (HR; audited as `learning.course_update` with before and after). Its code never
    changes; a course the policy defines keeps the policy's names."""
    _require_hr(actor)
    clean, errors = course_clean(data, course=course)
    if errors:
        raise CourseInvalid(errors)
    with transaction.atomic():
        course = Course.objects.select_for_update().get(pk=course.pk)
        before = _snapshot(course)
        _apply(course, clean)
        course.save()
        course.prerequisites.set(Course.objects.filter(code__in=clean["prerequisites"]))
        after = _snapshot(course)
        if after != before:
            audit_record(actor=actor, action="learning.course_update", obj=course, before=before, after=after)
    return course


# --- trainer grants ----------------------------------------------------------------------------------------


def trainer_grant(*, actor: Actor, course: Course, user) -> CourseTrainer:
    """Let `user` train `course`: see its sessions' rosters and mark them (HR; audited)."""
    _require_hr(actor)
    if not user_roles(user):
        raise TrainerGrantError(TRAINER_NEEDS_ROLE)
    with transaction.atomic():
        grant, created = CourseTrainer.objects.get_or_create(
            course=course, user=user, defaults={"granted_by": actor.user}
        )
        if not created:
            raise TrainerGrantError(TRAINER_ALREADY, user=user.get_username(), course=course.code)
        audit_record(
            actor=actor,
            action="learning.trainer_grant",
            obj=grant,
            after={"course": course.code, "username": user.get_username()},
        )
    return grant


def trainer_revoke(*, actor: Actor, course: Course, user) -> None:
    """Take a trainer grant away (HR; audited)."""
    _require_hr(actor)
    with transaction.atomic():
        deleted, _n = CourseTrainer.objects.filter(course=course, user=user).delete()
        if not deleted:
            raise TrainerGrantError(TRAINER_NOT_GRANTED, user=user.get_username(), course=course.code)
        audit_record(
            actor=actor,
            action="learning.trainer_revoke",
            before={"course": course.code, "username": user.get_username()},
        )


# --- self-enrolment from the catalogue ---------------------------------------------------------------------

SELF_ENROL_NOT_ALLOWED = _("This course does not take self-enrolment.")
PREREQUISITES_MISSING = _("Complete these courses first: %(courses)s.")
ALREADY_ENROLLED = _("You are already enrolled in this course.")


class SelfEnrolRefused(DomainError):
    code = "self_enrol_refused"
    message = SELF_ENROL_NOT_ALLOWED


def missing_prerequisites(employee, course: Course, *, today: dt.date | None = None) -> list[Course]:
    """The course's prerequisites the person holds no valid completion of today (the one check:
    learning.services.sessions.prerequisites_missing)."""
    from serviceladder.learning.services.sessions import prerequisites_missing

    return prerequisites_missing(employee, course, today or timezone.localdate())


def course_self_enrol(*, actor: Actor, course: Course):
    """Enrol the acting user in a course that takes self-enrolment (source `self`, through the one `enrol`
    service). Refused for a course that does not take it, when prerequisites are missing, and when the
    person is already enrolled; nothing is written then."""
    from serviceladder.accounts.scoping import can_self_enrol, user_employee
    from serviceladder.learning.models import Enrolment
    from serviceladder.learning.services.enrolments import enrol

    user = actor.user
    if user is None or not can_self_enrol(user, course):
        raise SelfEnrolRefused(SELF_ENROL_NOT_ALLOWED)
    employee = user_employee(user)
    missing = missing_prerequisites(employee, course)
    if missing:
        raise SelfEnrolRefused(PREREQUISITES_MISSING, courses=", ".join(c.name for c in missing))
    with transaction.atomic():
        enrolment, created = enrol(employee, course, source=Enrolment.Source.SELF, actor=actor)
        if not created:
            raise SelfEnrolRefused(ALREADY_ENROLLED)
    return enrolment
