"""Check pay, exam, violation and training sheets. Each row names an existing employee by number.

A training row is a learning.Completion (issue 17: one mechanism for every completion): it links to the
catalogue course whose code or name (either language, any case) matches its name or other-language name, and
then takes the course's validity when the row gives no expiry date. An import creates no courses.

Each kind has a natural key (employee + date + name …): a row whose key already exists with the same values is
unchanged, with other values it updates the record — except pay, where a second, different amount for the same
person and day is an error (pay history is corrected by a new dated record, never overwritten).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.core.batching import filter_in
from serviceladder.learning.models import Completion, Course
from serviceladder.learning.services.completions import expiry_for
from serviceladder.org.imports import values as v
from serviceladder.org.imports.reader import INVALID, Record, Sheet
from serviceladder.org.imports.report import ErrorCollector
from serviceladder.org.models import Employee, ExamResult, PayRecord, Violation
from serviceladder.policy.selectors import exam_code_for, exam_codes

UNKNOWN_EMPLOYEE = _("No employee with this number. Import the roster first.")
NAME_MISMATCH = _("Employee %(number)s is called %(name)s; check the number.")
DUPLICATE_ROW = _("The same record appears twice in this file (also row %(other)s).")
PAY_NOT_POSITIVE = _("The monthly amount must be greater than 0, with at most two decimals.")
PAY_CONFLICT = _("This person already has a different pay record (%(amount)s %(currency)s) from %(date)s.")
BAD_CURRENCY = _("A currency is a three-letter code such as CNY, HKD or USD.")
FUTURE_DATE = _("The date is in the future; it must be today (%(today)s) or earlier.")
BAD_SCORE = _("The score must be between 0 and the maximum score (%(max)s).")
BAD_MAX_SCORE = _("The maximum score must be greater than 0 and at most 9999.")
EXPIRES_BEFORE_COMPLETED = _("The expiry date is before the completion date (%(completed)s).")
UNKNOWN_EXAM_CODE = _("No exam with this code in the policy in force. Exam codes: %(allowed)s.")

TRAINING_KINDS = {
    "training": Completion.Kind.TRAINING,
    "培训": Completion.Kind.TRAINING,
    "certification": Completion.Kind.CERTIFICATION,
    "certificate": Completion.Kind.CERTIFICATION,
    "认证": Completion.Kind.CERTIFICATION,
    "证书": Completion.Kind.CERTIFICATION,
}
TRAINING_KINDS_ALLOWED = "training (培训), certification (认证)"

MODELS: dict[str, type[models.Model]] = {
    "pay": PayRecord,
    "exams": ExamResult,
    "violations": Violation,
    "trainings": Completion,
}


@dataclass
class RecordRow:
    row: int
    employee: Employee
    key: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)
    existing: models.Model | None = None

    def changes(self) -> dict[str, Any]:
        """Fields whose value differs from the stored record (all of them for a new record)."""
        if self.existing is None:
            return dict(self.values)
        return {k: val for k, val in self.values.items() if getattr(self.existing, k) != val}


def check_records(kind: str, sheet: Sheet, errors: ErrorCollector) -> list[RecordRow]:
    numbers = {v.text(r["number"]) for r in sheet.records}
    employees = {e.number: e for e in filter_in(Employee.objects.all(), "number", numbers)}
    today = timezone.localdate()
    parse_row = PARSERS[kind]
    if kind == "exams":
        # The policy in force's exams: a row's exam code, or its name matched onto one (exam_code).
        parse_row = partial(_exam, exam_codes=exam_codes(today))
    courses = _course_names() if kind == "trainings" else {}
    result: list[RecordRow] = []
    seen: dict[tuple, int] = {}
    for rec in sheet.records:
        before = len(errors.errors)
        employee = employee_of_row(sheet, rec, errors, employees)
        key, values = parse_row(sheet, rec, errors, today)
        if len(errors.errors) != before or employee is None:
            continue
        identity = (employee.pk, *sorted(key.items()))
        if identity in seen:
            errors.add(
                rec.number, sheet.column("number"), employee.number, DUPLICATE_ROW, other=seen[identity]
            )
            continue
        seen[identity] = rec.number
        if kind == "trainings":
            _link_course(key, values, courses)
        row = RecordRow(rec.number, employee, key, values)
        row.existing = MODELS[kind].objects.filter(employee=employee, **key).first()
        if kind == "pay" and row.existing is not None and row.changes():
            old = row.existing
            errors.add(
                rec.number,
                sheet.column("amount"),
                values["monthly_amount"],
                PAY_CONFLICT,
                amount=old.monthly_amount,
                currency=old.currency,
                date=old.effective_from,
            )
            continue
        result.append(row)
    return result


def employee_of_row(
    sheet: Sheet, rec: Record, errors: ErrorCollector, employees: dict[str, Employee]
) -> Employee | None:
    """The employee a row names by number (checked against an optional name column); None after an error."""
    number = sheet.parse(errors, rec, "number", v.required_text)
    if number is INVALID:
        return None
    employee = employees.get(number)
    if employee is None:
        errors.add(rec.number, sheet.column("number"), number, UNKNOWN_EMPLOYEE)
        return None
    if sheet.has("employee_name"):
        written = v.text(rec["employee_name"])
        if written and written != employee.name:
            errors.add(
                rec.number,
                sheet.column("employee_name"),
                written,
                NAME_MISMATCH,
                number=number,
                name=employee.name,
            )
    return employee


def _not_future(sheet, rec, errors, key, value, today) -> None:
    if value is not INVALID and value is not None and value > today:
        errors.add(rec.number, sheet.column(key), value, FUTURE_DATE, today=today)


def _pay(sheet: Sheet, rec: Record, errors: ErrorCollector, today) -> tuple[dict, dict]:
    amount = sheet.parse(errors, rec, "amount", v.decimal)
    if amount is None or (
        amount is not INVALID
        and (amount <= 0 or amount >= Decimal("1e10") or amount != amount.quantize(Decimal("0.01")))
    ):
        errors.add(rec.number, sheet.column("amount"), rec["amount"], PAY_NOT_POSITIVE)
    currency = (v.text(rec["currency"]) or "CNY").upper()
    if len(currency) != 3 or not currency.isascii() or not currency.isalpha():
        errors.add(rec.number, sheet.column("currency"), rec["currency"], BAD_CURRENCY)
    since = sheet.parse(errors, rec, "effective_from", v.required_date)
    reason = sheet.parse(errors, rec, "reason", v.text, max_length=300)
    return {"effective_from": since}, {"monthly_amount": amount, "currency": currency, "reason": reason}


def _exam(
    sheet: Sheet, rec: Record, errors: ErrorCollector, today, exam_codes: dict[str, str] | None = None
) -> tuple[dict, dict]:
    date = sheet.parse(errors, rec, "date", v.required_date)
    _not_future(sheet, rec, errors, "date", date, today)
    name = sheet.parse(errors, rec, "exam", v.required_text, max_length=200)
    max_score = sheet.parse(errors, rec, "max_score", v.decimal)
    if max_score is None:
        max_score = Decimal(100)
    elif max_score is not INVALID and not Decimal(0) < max_score <= Decimal(9999):
        errors.add(rec.number, sheet.column("max_score"), rec["max_score"], BAD_MAX_SCORE)
        max_score = INVALID
    score = sheet.parse(errors, rec, "score", v.decimal)
    if score is None or (
        score is not INVALID and max_score is not INVALID and not Decimal(0) <= score <= max_score
    ):
        errors.add(rec.number, sheet.column("score"), rec["score"], BAD_SCORE, max=max_score)
    name_alt = sheet.parse(errors, rec, "name_alt", v.text, max_length=200)
    exam_codes = exam_codes or {}
    code = sheet.parse(errors, rec, "exam_code", v.text, max_length=40) if sheet.has("exam_code") else ""
    known = set(exam_codes.values())
    if code and code is not INVALID and code not in known:
        allowed = ", ".join(sorted(known)) or "—"
        errors.add(rec.number, sheet.column("exam_code"), code, UNKNOWN_EXAM_CODE, allowed=allowed)
    elif code is not INVALID and name is not INVALID:
        code = exam_code_for(code, (name, name_alt if name_alt is not INVALID else ""), exam_codes)
    values = {"name_alt": name_alt, "score": score, "max_score": max_score}
    if code or sheet.has("exam_code"):  # a sheet without the column never clears a code already stored
        values["exam_code"] = code
    return {"date": date, "name": name}, values


def _violation(sheet: Sheet, rec: Record, errors: ErrorCollector, today) -> tuple[dict, dict]:
    date = sheet.parse(errors, rec, "date", v.required_date)
    _not_future(sheet, rec, errors, "date", date, today)
    kind = sheet.parse(errors, rec, "kind", v.required_text, max_length=100)
    description = sheet.parse(errors, rec, "description", v.text)
    return {"date": date, "kind": kind}, {"description": description}


def _training(sheet: Sheet, rec: Record, errors: ErrorCollector, today) -> tuple[dict, dict]:
    name = sheet.parse(errors, rec, "name", v.required_text, max_length=200)
    name_alt = sheet.parse(errors, rec, "name_alt", v.text, max_length=200)
    kind = sheet.parse(errors, rec, "kind", v.choice, TRAINING_KINDS, TRAINING_KINDS_ALLOWED)
    completed = sheet.parse(errors, rec, "completed_on", v.required_date)
    _not_future(sheet, rec, errors, "completed_on", completed, today)
    expires = sheet.parse(errors, rec, "expires_on", v.date)
    if expires not in (None, INVALID) and completed is not INVALID and expires < completed:
        errors.add(
            rec.number, sheet.column("expires_on"), expires, EXPIRES_BEFORE_COMPLETED, completed=completed
        )
    key = {"name": name, "completed_on": completed}
    return key, {"name_alt": name_alt, "kind": kind, "expires_on": expires}


def _course_names() -> dict[str, Course]:
    """Catalogue courses by code and by either name, lower-cased (read once per import)."""
    out: dict[str, Course] = {}
    for course in Course.objects.all():
        for name in (course.name_en, course.name_zh, course.code):
            if name:
                out[name.strip().lower()] = course
    return out


def _link_course(key: dict, values: dict, courses: dict[str, Course]) -> None:
    """The catalogue course a training row names (by its name, else its other-language name), and the expiry
    the course's validity gives when the row has none."""
    course = None
    for name in (key["name"], values["name_alt"]):
        course = courses.get(name.strip().lower()) if name else None
        if course is not None:
            break
    values["course"] = course
    if values["expires_on"] is None:
        values["expires_on"] = expiry_for(course, key["completed_on"])


PARSERS = {"pay": _pay, "exams": _exam, "violations": _violation, "trainings": _training}
