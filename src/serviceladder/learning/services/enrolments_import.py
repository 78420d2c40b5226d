"""`serviceladder import enrolments FILE`: put people on courses from CSV or XLSX (issue 17 item 2).

One row per enrolment: employee number, course code, and optionally a due date and a note. Each row goes
through enrol() (source "import"): a person already on the course keeps their open enrolment (its due date
moves earlier when the row's is sooner).

All rows or none: every problem (row, column, value, what is allowed) is reported and nothing is written: an
unknown employee, an unknown or inactive course, a due date before today, a prerequisite not completed, a
row repeated within the file. HR and administrators (accounts.scoping IMPORT_ROLES["enrolments"])."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import require_import
from serviceladder.audit.services import Actor, audit_record
from serviceladder.learning.models import Course, Enrolment
from serviceladder.learning.services.enrolments import enrol
from serviceladder.learning.services.sessions import prerequisites_missing
from serviceladder.org.imports import values
from serviceladder.org.imports.reader import INVALID, read_sheet
from serviceladder.org.imports.report import ErrorCollector, ImportResult
from serviceladder.org.models import Employee

KIND = "enrolments"
NOTE_MAX = 500
UNKNOWN_EMPLOYEE = _("No employee has this number.")
UNKNOWN_COURSE = _("No course has this code; the catalogue's codes are listed on the Learning pages.")
INACTIVE_COURSE = _("This course is no longer offered.")
PAST_DUE = _("The due date is before today (%(today)s).")
MISSING_PREREQUISITES = _("This person has not completed the prerequisites: %(missing)s.")
DUPLICATE_ROW = _("The same person and course are already in row %(other)s.")


def enrolments_import(
    *, actor: Actor, data: bytes, file_name: str, reason: str = "", dry_run: bool = False
) -> ImportResult:
    """Check every row, then enrol each person (one learning.enrol audit row per new enrolment and one for the
    import). Counts: created (new enrolments), updated (an open one's due date moved earlier), unchanged."""
    if actor.user is not None:
        require_import(actor.user, KIND)
    result = ImportResult(kind=KIND, file=file_name, sha256=hashlib.sha256(data).hexdigest(), dry_run=dry_run)
    sheet = read_sheet(KIND, data, file_name)
    result.rows = len(sheet.records)
    errors = ErrorCollector(file_name)
    today = timezone.localdate()
    numbers = {values.text(r["number"]) for r in sheet.records}
    codes = {values.text(r["course"]) for r in sheet.records}
    employees = {e.number: e for e in Employee.objects.filter(number__in=numbers)}
    courses = {c.code: c for c in Course.objects.filter(code__in=codes).prefetch_related("prerequisites")}
    seen: dict[tuple, int] = {}
    rows = []
    for rec in sheet.records:
        number = sheet.parse(errors, rec, "number", values.required_text, max_length=32)
        code = sheet.parse(errors, rec, "course", values.required_text, max_length=40)
        due = sheet.parse(errors, rec, "due_on", values.date) if sheet.has("due_on") else None
        note = sheet.parse(errors, rec, "note", values.text, max_length=NOTE_MAX) if sheet.has("note") else ""
        employee = employees.get(number) if number is not INVALID else None
        if number is not INVALID and employee is None:
            errors.add(rec.number, sheet.column("number"), number, UNKNOWN_EMPLOYEE)
        course = courses.get(code) if code is not INVALID else None
        if code is not INVALID and course is None:
            errors.add(rec.number, sheet.column("course"), code, UNKNOWN_COURSE)
        elif course is not None and not course.active:
            errors.add(rec.number, sheet.column("course"), code, INACTIVE_COURSE)
            course = None
        if due not in (None, INVALID) and due < today:
            errors.add(rec.number, sheet.column("due_on"), due.isoformat(), PAST_DUE, today=today.isoformat())
            due = INVALID
        if employee is None or course is None or INVALID in (due, note):
            continue
        key = (employee.pk, course.pk)
        if key in seen:
            errors.add(rec.number, sheet.column("course"), code, DUPLICATE_ROW, other=seen[key])
            continue
        seen[key] = rec.number
        missing = prerequisites_missing(employee, course, today)
        if missing:
            errors.add(
                rec.number,
                sheet.column("course"),
                code,
                MISSING_PREREQUISITES,
                missing=", ".join(c.code for c in missing),
            )
            continue
        rows.append((employee, course, due, note))
    errors.raise_if_any()
    with transaction.atomic():
        for employee, course, due, note in rows:
            before = Enrolment.objects.filter(
                employee=employee, course=course, state__in=Enrolment.OPEN_STATES
            )
            old_due = before.values_list("due_on", flat=True).first()
            enrolment, created = enrol(
                employee, course, source=Enrolment.Source.IMPORT, actor=actor, due_on=due, note=note
            )
            if created:
                result.created += 1
            elif enrolment.due_on != old_due:
                result.updated += 1
            else:
                result.unchanged += 1
        audit_record(actor=actor, action="import.enrolments", after=result.as_audit(), reason=reason)
        if dry_run:
            transaction.set_rollback(True)
    return result
