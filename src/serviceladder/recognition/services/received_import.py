"""`serviceladder import recognition FILE`: customer compliments from CSV or XLSX (issue 15, item 2).

One row per compliment: employee number, date, text, and optionally the category (default customer praise;
the code, or its Chinese or English name) and the customer's reference (a ticket, an order, a call id). Each
row becomes a recognition "from a customer", dated that day, given by the importing user.

All rows or none: every problem (row, column, value, what is allowed) is reported and nothing is written:
an unknown employee, a date in the future or before the person's hire date, an empty or too long text, an
unknown category, a row repeated within the file, a compliment imported before. HR and administrators
(accounts.scoping IMPORT_ROLES["recognition"]). The people told are the recipients, once each.
"""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import require_import
from serviceladder.audit.services import Actor, audit_record
from serviceladder.notifications.services import notify
from serviceladder.org.imports import values
from serviceladder.org.imports.reader import INVALID, read_sheet
from serviceladder.org.imports.report import ErrorCollector, ImportResult
from serviceladder.org.models import Employee
from serviceladder.recognition.models import Recognition
from serviceladder.recognition.services.recognition import (
    NOTIFY_BODY,
    NOTIFY_TITLE_CUSTOMER,
    TEXT_MAX,
    person_recognition_url,
)

KIND = "recognition"
REFERENCE_MAX = Recognition._meta.get_field("customer_reference").max_length
UNKNOWN_EMPLOYEE = _("No employee has this number.")
FUTURE_DATE = _("A compliment cannot be dated after today (%(today)s).")
BEFORE_HIRE = _("The date is before this person's hire date (%(hired)s).")
DUPLICATE_ROW = _("The same compliment for the same person and day is already in row %(other)s.")
ALREADY_IMPORTED = _("This compliment for this person and day was already imported (from %(file)s).")


# The categories' Chinese names a sheet may use (besides the codes and the English names), as the product
# shows them; a few everyday synonyms too.
CATEGORY_NAMES_ZH = {
    "customer_praise": ("客户表扬", "客户好评", "客户赞扬"),
    "helping_colleague": ("帮助同事", "协助同事"),
    "knowledge_base": ("知识库贡献", "知识库"),
    "going_beyond": ("超越期望", "超出期望"),
}


def _categories() -> tuple[dict[str, str], str]:
    """Written category → code: the codes and both languages' names (any case), and what is allowed."""
    synonyms: dict[str, str] = {}
    for value, label in Recognition.Category.choices:
        synonyms[value.casefold()] = value
        for name in CATEGORY_NAMES_ZH[value]:
            synonyms[name] = value
        for language in ("en", "zh-hans"):
            with translation.override(language):
                synonyms[str(label).casefold()] = value
    allowed = ", ".join(f"{value} ({CATEGORY_NAMES_ZH[value][0]})" for value in Recognition.Category.values)
    return synonyms, allowed


def recognition_import(
    *, actor: Actor, data: bytes, file_name: str, reason: str = "", dry_run: bool = False
) -> ImportResult:
    """Check every row, then write one customer recognition per row; one audit row per recognition and one
    for the import; each recipient is told once."""
    if actor.user is not None:
        require_import(actor.user, KIND)
    result = ImportResult(kind=KIND, file=file_name, sha256=hashlib.sha256(data).hexdigest(), dry_run=dry_run)
    sheet = read_sheet(KIND, data, file_name)
    result.rows = len(sheet.records)
    errors = ErrorCollector(file_name)
    today = timezone.localdate()
    synonyms, allowed = _categories()
    numbers = {values.text(r["number"]) for r in sheet.records}
    employees = {e.number: e for e in Employee.objects.filter(number__in=numbers).select_related("user")}
    stored = {
        (r.recipient_id, r.date, r.text): r.imported_from
        for r in Recognition.objects.filter(
            recipient__in=list(employees.values()), source=Recognition.Source.CUSTOMER
        ).only("recipient_id", "date", "text", "imported_from")
    }
    seen: dict[tuple, int] = {}
    rows: list[tuple[Employee, object, str, str, str]] = []
    for rec in sheet.records:
        number = sheet.parse(errors, rec, "number", values.required_text, max_length=32)
        day = sheet.parse(errors, rec, "date", values.required_date)
        text = sheet.parse(errors, rec, "text", values.required_text, max_length=TEXT_MAX)
        category = Recognition.Category.CUSTOMER_PRAISE.value
        if sheet.has("category") and values.text(rec["category"]):
            category = sheet.parse(errors, rec, "category", values.choice, synonyms, allowed)
        reference = (
            sheet.parse(errors, rec, "customer_reference", values.text, max_length=REFERENCE_MAX)
            if sheet.has("customer_reference")
            else ""
        )
        employee = employees.get(number) if number is not INVALID else None
        if number is not INVALID and employee is None:
            errors.add(rec.number, sheet.column("number"), number, UNKNOWN_EMPLOYEE)
        if day is not INVALID and day > today:
            errors.add(
                rec.number, sheet.column("date"), day.isoformat(), FUTURE_DATE, today=today.isoformat()
            )
            day = INVALID
        if day is not INVALID and employee is not None and day < employee.hire_date:
            errors.add(
                rec.number,
                sheet.column("date"),
                day.isoformat(),
                BEFORE_HIRE,
                hired=employee.hire_date.isoformat(),
            )
            day = INVALID
        if employee is None or INVALID in (day, text, category, reference):
            continue
        key = (employee.pk, day, text)
        if key in seen:
            errors.add(rec.number, sheet.column("text"), text, DUPLICATE_ROW, other=seen[key])
            continue
        seen[key] = rec.number
        if key in stored:
            errors.add(rec.number, sheet.column("text"), text, ALREADY_IMPORTED, file=stored[key] or "—")
            continue
        rows.append((employee, day, text, category, reference))
    errors.raise_if_any()
    with transaction.atomic():
        told: dict[int, Employee] = {}
        for employee, day, text, category, reference in rows:
            recognition = Recognition.objects.create(
                recipient=employee,
                category=category,
                source=Recognition.Source.CUSTOMER,
                text=text,
                date=day,
                given_by=actor.user,
                customer_reference=reference,
                imported_from=file_name[:255],
            )
            audit_record(
                actor=actor,
                action="recognition.import_row",
                employee=employee,
                obj=recognition,
                after={
                    "category": category,
                    "date": day.isoformat(),
                    "customer_reference": reference,
                    "imported_from": file_name,
                },
                reason=reason,
            )
            result.created += 1
            told[employee.pk] = employee
        audit_record(actor=actor, action="import.recognition", after=result.as_audit(), reason=reason)
        if dry_run:
            transaction.set_rollback(True)
        else:
            users = [e.user for e in told.values() if e.user_id is not None]
            for user in users:
                notify(
                    recipients=[user],
                    kind="recognition.received",
                    title=NOTIFY_TITLE_CUSTOMER,
                    body=NOTIFY_BODY,
                    url=person_recognition_url(user.employee),
                    actor=actor,
                )
    return result
