"""`serviceladder import courses FILE`: catalogue courses from CSV or XLSX (issue 17 item 1).

One row per course: code, names in both languages, and optionally the delivery mode (the code, or its Chinese
or English name), hours, provider, validity in months, competencies ("communication:3; coaching:2", codes of
the policy's competencies), prerequisites (course codes, from the catalogue or from other rows of the file),
self-enrolment and active (yes/no, 是/否), descriptions. A code already in the catalogue updates that course
(a course the policy defines keeps the policy's names); a new code creates one.

All rows or none: every problem (row, column, value, what is allowed) is reported and nothing is written. The
same rules as HR's course form (learning.services.catalogue.course_clean). HR only
(accounts.scoping IMPORT_ROLES["courses"]); one audit row per course created or changed, and one for the file.
"""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import require_import
from serviceladder.audit.services import Actor, audit_record
from serviceladder.learning.models import Course
from serviceladder.learning.services.catalogue import (
    CourseData,
    _apply,
    _requires,
    _snapshot,
    course_clean,
    course_form_values,
    policy_competencies,
    prerequisite_graph,
)
from serviceladder.org.imports import values
from serviceladder.org.imports.reader import INVALID, read_sheet
from serviceladder.org.imports.report import ErrorCollector, ImportResult

KIND = "courses"
DUPLICATE_CODE = _("The course %(code)s is already in row %(other)s.")
BAD_COMPETENCY_LIST = _(
    "Write competencies as code:proficiency, separated by ';' (e.g. communication:3; coaching:2)."
)
PREREQUISITE_LOOP = _("The prerequisites of the file make a loop through %(code)s.")

YES = {"yes", "y", "true", "1", "是", "允许", "启用", "x", "✓"}
NO = {"no", "n", "false", "0", "否", "不允许", "停用"}
BOOLEAN_ALLOWED = "yes/no, 是/否"

# course_clean's field → the file's column key
FIELD_COLUMN = {
    "code": "code",
    "name_zh": "name_zh",
    "name_en": "name_en",
    "mode": "mode",
    "hours": "hours",
    "validity_months": "validity_months",
    "renewal_days": "renewal_days",
    "competencies": "competencies",
    "prerequisites": "prerequisites",
}


# Everyday Chinese names a sheet may use besides the product's own
MODE_SYNONYMS_ZH = {
    "classroom": ("课堂", "面授", "内训", "线下"),
    "online": ("在线", "网课", "网络课程", "e-learning"),
    "external": ("外训", "外部"),
    "mentor": ("导师", "师带徒"),
    "on_the_job": ("在岗", "岗位实践", "on the job"),
}


def _modes() -> tuple[dict[str, str], str]:
    synonyms: dict[str, str] = {
        name.casefold(): code for code, names in MODE_SYNONYMS_ZH.items() for name in names
    }
    for value, label in Course.Mode.choices:
        synonyms[value.casefold()] = value
        for language in ("en", "zh-hans"):
            with translation.override(language):
                synonyms[str(label).casefold()] = value
    with translation.override("zh-hans"):
        allowed = ", ".join(f"{value} ({label})" for value, label in Course.Mode.choices)
    return synonyms, allowed


def _boolean(raw, default: bool) -> bool:
    value = values.text(raw).casefold()
    if not value:
        return default
    if value in YES:
        return True
    if value in NO:
        return False
    raise values.CellError(values.BAD_CHOICE, allowed=BOOLEAN_ALLOWED)


def _competencies(raw) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values.split_list(raw):
        code, sep, level = item.replace("：", ":").replace("=", ":").partition(":")
        if not sep or not code.strip() or not level.strip():
            raise values.CellError(BAD_COMPETENCY_LIST)
        out[code.strip()] = level.strip()
    return out


def courses_import(
    *, actor: Actor, data: bytes, file_name: str, reason: str = "", dry_run: bool = False
) -> ImportResult:
    """Check every row, then create or update one course per row (all rows or none)."""
    if actor.user is not None:
        require_import(actor.user, KIND)
    result = ImportResult(kind=KIND, file=file_name, sha256=hashlib.sha256(data).hexdigest(), dry_run=dry_run)
    sheet = read_sheet(KIND, data, file_name)
    result.rows = len(sheet.records)
    errors = ErrorCollector(file_name)
    mode_synonyms, mode_allowed = _modes()
    competencies = policy_competencies()
    existing = {c.code: c for c in Course.objects.prefetch_related("prerequisites")}
    file_codes = {values.text(r["code"]) for r in sheet.records} - {""}
    known = set(existing) | file_codes
    graph = prerequisite_graph()
    seen: dict[str, int] = {}
    parsed: list[tuple[int, Course | None, dict]] = []
    for rec in sheet.records:
        code = sheet.parse(errors, rec, "code", values.required_text, max_length=60)
        if code is INVALID:
            continue
        if code in seen:
            errors.add(rec.number, sheet.column("code"), code, DUPLICATE_CODE, code=code, other=seen[code])
            continue
        seen[code] = rec.number
        course = existing.get(code)

        def opt(key, parser, *args, default="", rec=rec):
            return sheet.parse(errors, rec, key, parser, *args) if sheet.has(key) else default

        mode = course.mode if course else Course.Mode.CLASSROOM
        if sheet.has("mode") and values.text(rec["mode"]):
            mode = sheet.parse(errors, rec, "mode", values.choice, mode_synonyms, mode_allowed)
        comps = opt("competencies", _competencies, default=None)
        self_enrol = opt("self_enrol", _boolean, course.self_enrol if course else False, default=None)
        active = opt("active", _boolean, course.active if course else True, default=None)
        if INVALID in (mode, comps, self_enrol, active):
            continue
        text_of = {
            key: values.text(rec[key]) if sheet.has(key) else None
            for key in (
                "name_zh",
                "name_en",
                "hours",
                "provider",
                "validity_months",
                "renewal_days",
                "description_zh",
                "description_en",
            )
        }
        base = course_form_values(course)
        data_ = CourseData(
            code=code,
            name_zh=text_of["name_zh"] if text_of["name_zh"] is not None else base.name_zh,
            name_en=text_of["name_en"] if text_of["name_en"] is not None else base.name_en,
            description_zh=text_of["description_zh"]
            if text_of["description_zh"] is not None
            else base.description_zh,
            description_en=text_of["description_en"]
            if text_of["description_en"] is not None
            else base.description_en,
            mode=mode,
            hours=text_of["hours"] if text_of["hours"] is not None else base.hours,
            provider=text_of["provider"] if text_of["provider"] is not None else base.provider,
            validity_months=text_of["validity_months"]
            if text_of["validity_months"] is not None
            else base.validity_months,
            renewal_days=text_of["renewal_days"]
            if text_of["renewal_days"] is not None
            else base.renewal_days,
            competencies=comps if comps is not None else base.competencies,
            prerequisites=values.split_list(rec["prerequisites"])
            if sheet.has("prerequisites")
            else base.prerequisites,
            self_enrol=self_enrol if self_enrol is not None else base.self_enrol,
            active=active if active is not None else base.active,
        )
        if course is None:
            # course_clean checks "taken" against the database; a new code only clashes with itself here
            clean, problems = course_clean(data_, competencies=competencies, known_codes=known, graph=graph)
        else:
            clean, problems = course_clean(
                data_, course=course, competencies=competencies, known_codes=known, graph=graph
            )
        for field, messages in problems.items():
            column = FIELD_COLUMN.get(field, field)
            shown = values.text(rec[column]) if sheet.has(column) else ""
            for message in messages:
                errors.add(rec.number, sheet.column(column), shown, message)
        if not problems:
            parsed.append((rec.number, course, clean))
    # prerequisites between rows of the file: the graph after the import must have no loop
    if not errors:
        after = {code: set(pres) for code, pres in graph.items()}
        for _row, _course, clean in parsed:
            after[clean["code"]] = set(clean["prerequisites"])
        for row, _course, clean in parsed:
            for pre in clean["prerequisites"]:
                if _requires(pre, after, clean["code"]):
                    errors.add(row, sheet.column("prerequisites"), pre, PREREQUISITE_LOOP, code=clean["code"])
                    break
    errors.raise_if_any()
    with transaction.atomic():
        by_code: dict[str, Course] = dict(existing)
        changes: list[tuple[Course, dict | None, dict]] = []
        for _row, course, clean in parsed:
            before = _snapshot(course) if course is not None else None
            if course is None:
                course = Course(code=clean["code"])
            _apply(course, clean)
            course.save()
            by_code[course.code] = course
            changes.append((course, before, clean))
        for course, before, clean in changes:
            course.prerequisites.set([by_code[code] for code in clean["prerequisites"]])
            after = _snapshot(course)
            if before is None:
                result.created += 1
                audit_record(
                    actor=actor, action="learning.course_create", obj=course, after=after, reason=reason
                )
            elif after != before:
                result.updated += 1
                audit_record(
                    actor=actor,
                    action="learning.course_update",
                    obj=course,
                    before=before,
                    after=after,
                    reason=reason,
                )
            else:
                result.unchanged += 1
        if dry_run:
            transaction.set_rollback(True)
            return result
        audit_record(actor=actor, action="learning.courses_import", after=result.as_audit(), reason=reason)
    return result
