"""Writers for people data. Each import is one transaction: check every row, then write, then audit.

Any problem in any row rejects the whole file (ImportRejected lists them all) and nothing is written.
A dry run does all the checks and counts, then rolls back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.logins import logins_of_leavers_deactivate
from serviceladder.accounts.scoping import can_edit_employee_records, require_import
from serviceladder.audit.services import Actor, audit_record, changed_fields, private_fields
from serviceladder.core.batching import filter_in
from serviceladder.core.errors import NotFoundOrForbidden, PermissionDeniedError, ValidationFailed
from serviceladder.core.translatable import freeze, render_in
from serviceladder.learning.models import Completion
from serviceladder.learning.services.completions import record_completion
from serviceladder.org.imports.columns import KINDS, HeaderMap
from serviceladder.org.imports.reader import Record, Sheet, read_sheet
from serviceladder.org.imports.records import MODELS, check_records
from serviceladder.org.imports.report import ErrorCollector, ImportResult
from serviceladder.org.imports.roster import RosterRow, check_roster
from serviceladder.org.imports.teams import TeamRow, check_teams
from serviceladder.org.models import Department, Education, Employee, LevelAssignment, Team

IMPORT_KINDS = ("roster", "teams", "pay", "exams", "violations", "trainings")
RECORD_EDIT_DENIED = _("Only HR edits an employee's record.")
RECORD_REASON_MISSING = _("Give a reason for the change: it is written to the audit log.")
# The roster columns HR edits in the browser (all but the employee number, which names the record).
RECORD_FIELDS = tuple(col.key for col, _required in KINDS["roster"] if col.key != "number")


def _run_import(
    *,
    kind: str,
    actor: Actor,
    data: bytes,
    file_name: str,
    reason: str,
    dry_run: bool,
    apply: Callable[[Sheet, ErrorCollector, ImportResult, Actor, str], None],
) -> ImportResult:
    if actor.user is not None:  # the system itself (demo loader) may import
        require_import(actor.user, kind)
    result = ImportResult(kind=kind, file=file_name, sha256=hashlib.sha256(data).hexdigest(), dry_run=dry_run)
    sheet = read_sheet(kind, data, file_name)
    result.rows = len(sheet.records)
    with transaction.atomic():
        apply(sheet, ErrorCollector(file_name), result, actor, reason or f"import {kind} {file_name}")
        audit_record(actor=actor, action=f"import.{kind}", after=result.as_audit(), reason=reason)
        if kind == "roster":
            logins_of_leavers_deactivate(actor=actor)
        if dry_run:
            transaction.set_rollback(True)
    return result


def roster_import(
    *, actor: Actor, data: bytes, file_name: str, reason: str = "", dry_run: bool = False
) -> ImportResult:
    """Create or update employees by employee number; one audit event per changed person."""
    return _run_import(
        kind="roster",
        actor=actor,
        data=data,
        file_name=file_name,
        reason=reason,
        dry_run=dry_run,
        apply=_roster,
    )


def teams_import(
    *, actor: Actor, data: bytes, file_name: str, reason: str = "", dry_run: bool = False
) -> ImportResult:
    """Create or update departments and teams (and their leads and heads) by code."""
    return _run_import(
        kind="teams",
        actor=actor,
        data=data,
        file_name=file_name,
        reason=reason,
        dry_run=dry_run,
        apply=_teams,
    )


def records_import(
    *, kind: str, actor: Actor, data: bytes, file_name: str, reason: str = "", dry_run: bool = False
) -> ImportResult:
    """Import dated records for existing employees: kind is pay, exams, violations or trainings."""
    if kind not in MODELS:
        raise ValueError(kind)

    def apply(sheet, errors, result, actor, reason):
        _records(kind, sheet, errors, result, actor, reason)

    return _run_import(
        kind=kind, actor=actor, data=data, file_name=file_name, reason=reason, dry_run=dry_run, apply=apply
    )


# --- roster -------------------------------------------------------------------------------------------------


def _snapshot(employee: Employee | None, level: LevelAssignment | None, education: Education | None) -> dict:
    if employee is None:
        return {}
    return {
        "name": employee.name,
        "team": employee.team.code if employee.team_id else None,
        "manager": employee.manager.number if employee.manager_id else None,
        "hire_date": employee.hire_date,
        "leave_date": employee.leave_date,
        "prior_experience_months": employee.prior_experience_months,
        "channels": employee.channels,
        "languages": employee.languages,
        "email": employee.email,
        "level": level.level.code if level else None,
        "level_since": level.effective_from if level else None,
        "education": education.degree if education else None,
        "education_date": education.completed_on if education else None,
    }


def _wanted(row: RosterRow, sheet: Sheet, before: dict) -> dict:
    after = dict(before)
    after.update(name=row.name, team=row.team.code, hire_date=row.hire_date)
    optional = {
        "manager": row.manager_number,
        "leave_date": row.leave_date,
        "prior_experience_months": row.prior_experience_months,
        "channels": row.channels,
        "languages": row.languages,
        "email": row.email,
    }
    after.update({k: val for k, val in optional.items() if sheet.has(k)})
    after.setdefault("prior_experience_months", 0)
    if row.level is not None:  # a blank level keeps the level history as it is
        after.update(level=row.level.code, level_since=row.level_since)
    if row.education is not None:
        if sheet.has("education_date"):
            after["education_date"] = row.education_date
        elif before.get("education") != row.education:
            after["education_date"] = None
        after["education"] = row.education
    return after


def _roster(sheet: Sheet, errors: ErrorCollector, result: ImportResult, actor: Actor, reason: str) -> None:
    rows = check_roster(sheet, errors)
    errors.raise_if_any()
    numbers = [r.number for r in rows]
    locked = Employee.objects.select_for_update(of=("self",)).select_related("team", "manager")
    existing = {e.number: e for e in filter_in(locked, "number", numbers)}
    levels: dict[int, LevelAssignment] = {}
    for a in filter_in(LevelAssignment.objects.select_related("level"), "employee__number", numbers):
        if a.employee_id not in levels or a.effective_from > levels[a.employee_id].effective_from:
            levels[a.employee_id] = a
    educations: dict[int, Education] = {}
    for ed in sorted(filter_in(Education.objects.all(), "employee__number", numbers), key=lambda ed: ed.pk):
        educations[ed.employee_id] = ed  # the last recorded one is the current one
    plans: list[tuple[RosterRow, Employee, dict, dict]] = []
    for row in rows:
        employee = existing.get(row.number)
        pk = employee.pk if employee else None
        before = _snapshot(employee, levels.get(pk), educations.get(pk))
        after = _wanted(row, sheet, before)
        if employee is None:
            employee = Employee(number=row.number)
            result.created += 1
        elif before == after:
            result.unchanged += 1
            continue
        else:
            result.updated += 1
        fields = {
            "name": row.name,
            "team": row.team,
            "hire_date": row.hire_date,
            "leave_date": after.get("leave_date"),
            "prior_experience_months": after["prior_experience_months"],
            "channels": after.get("channels") or [],
            "languages": after.get("languages") or [],
            "email": after.get("email") or "",
        }
        for name, value in fields.items():
            setattr(employee, name, value)
        if employee.pk is None:
            employee.save()
        else:
            employee.save(update_fields=[n for n in fields if before.get(n) != after.get(n)] or ["name"])
        plans.append((row, employee, before, after))
    managers = {a.get("manager") for *_, a in plans} - {None}
    by_number = {e.number: e for e in filter_in(Employee.objects.all(), "number", managers)}
    for _row, employee, before, after in plans:
        if after.get("manager") != before.get("manager"):
            employee.manager = by_number.get(after.get("manager"))
            employee.save(update_fields=["manager"])
        _roster_level(employee, before, after, levels.get(employee.pk), actor, reason)
        if (before.get("education"), before.get("education_date")) != (
            after.get("education"),
            after.get("education_date"),
        ):
            Education.objects.create(
                employee=employee, degree=after["education"], completed_on=after["education_date"]
            )
        if before:
            old, new = changed_fields(before, after)
            audit_record(
                actor=actor,
                action="org.employee.update",
                employee=employee,
                obj=employee,
                before=old,
                after=new,
                reason=reason,
            )
        else:
            new = {k: val for k, val in after.items() if val not in (None, "", [])}
            audit_record(
                actor=actor,
                action="org.employee.create",
                employee=employee,
                obj=employee,
                after=new,
                reason=reason,
            )


def _roster_level(employee, before, after, latest: LevelAssignment | None, actor, reason) -> None:
    """A new level starts a new assignment; the same level with another date corrects the latest one."""
    if (before.get("level"), before.get("level_since")) == (after.get("level"), after.get("level_since")):
        return
    if after.get("level") is None:
        return
    from serviceladder.ladder.models import Level

    level = Level.objects.get(code=after["level"])
    if latest is not None and latest.level_id == level.pk:
        old = {"level": level.code, "effective_from": latest.effective_from}
        latest.effective_from = after["level_since"]
        latest.save(update_fields=["effective_from"])
        audit_record(
            actor=actor,
            action="org.level.correct",
            employee=employee,
            obj=latest,
            before=old,
            after={"level": level.code, "effective_from": latest.effective_from},
            reason=reason,
        )
        return
    assignment, _created = LevelAssignment.objects.update_or_create(
        employee=employee,
        effective_from=after["level_since"],
        defaults={"level": level, "reason": reason[:300]},
    )
    old = {"level": before.get("level"), "effective_from": before.get("level_since")} if before else {}
    audit_record(
        actor=actor,
        action="org.level.assign",
        employee=employee,
        obj=assignment,
        before=old,
        after={"level": level.code, "effective_from": assignment.effective_from},
        reason=reason,
    )


def employee_record_update(*, actor: Actor, number: str, values: dict[str, Any], reason: str) -> ImportResult:
    """HR changes one employee's roster fields in the browser: checked exactly as a roster row is (the same
    checks and messages, ImportRejected listing every problem), written and audited as the roster import
    writes (org.employee.update with before, after and the reason). A leave date that has come switches the
    person's login off. `values` holds the roster columns by key (RECORD_FIELDS), as typed."""
    if actor.user is not None and not can_edit_employee_records(actor.user):
        raise PermissionDeniedError(RECORD_EDIT_DENIED)
    reason = " ".join((reason or "").split())[:500]
    if not reason:
        raise ValidationFailed(RECORD_REASON_MISSING)
    if not Employee.objects.filter(number=number).exists():
        raise NotFoundOrForbidden()
    cells = {"number": number, **{k: values.get(k) for k in RECORD_FIELDS}}
    file_name = f"{number}"
    headers = HeaderMap(index={k: i for i, k in enumerate(cells)}, written={k: k for k in cells})
    sheet = Sheet(file_name, headers, [Record(1, cells)])
    result = ImportResult(kind="roster", file=file_name, sha256="", rows=1)
    with transaction.atomic():
        _roster(sheet, ErrorCollector(file_name), result, actor, reason)
        logins_of_leavers_deactivate(actor=actor)
    return result


# --- teams --------------------------------------------------------------------------------------------------


def _save_audited(obj, wanted: dict[str, Any], action: str, actor: Actor, reason: str) -> str:
    """Create or update `obj` with `wanted` field values and audit what changed; returns the outcome."""
    creating = obj.pk is None
    before = {k: _plain(getattr(obj, k)) for k in wanted} if not creating else {}
    after = {k: _plain(val) for k, val in wanted.items()}
    if not creating and before == after:
        return "unchanged"
    for k, val in wanted.items():
        setattr(obj, k, val)
    if creating:
        obj.save()
    else:
        obj.save(update_fields=[k for k in wanted if before[k] != after[k]])
    old, new = changed_fields(before, after)
    audit_record(
        actor=actor,
        action=f"{action}.{'create' if creating else 'update'}",
        obj=obj,
        before=old,
        after=new,
        reason=reason,
    )
    return "created" if creating else "updated"


def _plain(value: Any) -> Any:
    if isinstance(value, Employee):
        return value.number
    if isinstance(value, Department | Team):
        return value.code
    return value


def _teams(sheet: Sheet, errors: ErrorCollector, result: ImportResult, actor: Actor, reason: str) -> None:
    rows = check_teams(sheet, errors)
    errors.raise_if_any()
    by_department: dict[str, list[TeamRow]] = {}
    for row in rows:
        by_department.setdefault(row.department_code, []).append(row)
    departments: dict[str, Department] = {}
    for code, group in by_department.items():
        department = Department.objects.select_for_update().filter(code=code).first() or Department(code=code)
        wanted: dict[str, Any] = {"name_zh": group[0].department_name_zh}
        name_en = next((r.department_name_en for r in group if r.department_name_en), "")
        head = next((r.head for r in group if r.head), None)
        if name_en:
            wanted["name_en"] = name_en
        if head:
            wanted["head"] = head
        _save_audited(department, wanted, "org.department", actor, reason)
        departments[code] = department
    for row in rows:
        team = Team.objects.select_for_update().filter(code=row.team_code).first() or Team(code=row.team_code)
        wanted = {"department": departments[row.department_code], "name_zh": row.team_name_zh}
        if row.team_name_en:
            wanted["name_en"] = row.team_name_en
        if row.lead:
            wanted["lead"] = row.lead
        outcome = _save_audited(team, wanted, "org.team", actor, reason)
        setattr(result, outcome, getattr(result, outcome) + 1)


# --- pay, exams, violations, trainings ----------------------------------------------------------------------


# Free text about a person that a retention purge may erase: the audit log keeps only its fingerprint.
PRIVATE_RECORD_TEXT = {"violations": ("description",)}


def _records(
    kind: str, sheet: Sheet, errors: ErrorCollector, result: ImportResult, actor: Actor, reason: str
):
    rows = check_records(kind, sheet, errors)
    errors.raise_if_any()
    model = MODELS[kind]
    action = f"org.{model._meta.model_name}"
    for row in rows:
        changes = row.changes()
        if row.existing is not None and not changes:
            result.unchanged += 1
            continue
        if kind == "trainings" and row.existing is None:
            # A new completion goes through learning's one writer; the row's own event is audited below.
            obj = record_completion(
                row.employee,
                actor=actor,
                **row.key,
                **row.values,
                source=Completion.Source.IMPORT,
                audit=False,
            )
        else:
            obj = row.existing or model(employee=row.employee, **row.key)
        before = {k: getattr(obj, k) for k in changes} if row.existing else {}
        for k, val in changes.items():
            setattr(obj, k, val)
        if row.existing is None:
            if obj.pk is None:
                obj.save()
            result.created += 1
            after = {**row.key, **row.values}
        else:
            obj.save(update_fields=list(changes))
            result.updated += 1
            after = changes
        if kind == "trainings":
            before, after = _course_codes(before), _course_codes(after)
        private = PRIVATE_RECORD_TEXT.get(kind, ())
        audit_record(
            actor=actor,
            action=f"{action}.{'update' if row.existing else 'create'}",
            employee=row.employee,
            obj=obj,
            before=private_fields(before, private),
            after=private_fields(after, private),
            reason=reason,
        )


def _course_codes(values: dict) -> dict:
    """Audit values with a completion's course as its code."""
    if "course" not in values:
        return values
    course = values["course"]
    return {**values, "course": course.code if course is not None else ""}


# --- single changes (promotion finalisation) ----------------------------------------------------------------


def _product_reason(reason) -> tuple[str, dict | str]:
    """(text, message) of a reason: typed text as it is; a core.translatable Message (or lazy text) written
    by the product also kept as message and values, its text in the source language (English)."""
    if isinstance(reason, str):
        return reason, {}
    spec = freeze(reason)
    return render_in(spec, "en"), spec


def employee_level_assign(
    *,
    actor: Actor,
    employee: Employee,
    level,
    effective_from,
    reason="",
) -> LevelAssignment:
    """Record that `employee` holds `level` from `effective_from` on; audited like the roster import's
    level changes (org.level.assign). Call inside the caller's transaction; the caller checks the rights.
    Raises IntegrityError when the person already has a level change on that day (the caller reports it).

    `reason` is text someone typed, or a core.translatable Message written by the product (shown in the
    reader's language)."""
    reason, reason_message = _product_reason(reason)
    previous = (
        LevelAssignment.objects.filter(employee=employee, effective_from__lt=effective_from)
        .select_related("level")
        .order_by("-effective_from")
        .first()
    )
    assignment = LevelAssignment.objects.create(
        employee=employee,
        level=level,
        effective_from=effective_from,
        reason=reason[:300],
        reason_message=reason_message,
    )
    audit_record(
        actor=actor,
        action="org.level.assign",
        employee=employee,
        obj=assignment,
        before={"level": previous.level.code, "effective_from": previous.effective_from} if previous else {},
        after={"level": level.code, "effective_from": effective_from},
        reason=reason,
    )
    return assignment


def employee_pay_set(*, actor: Actor, employee: Employee, amount, currency: str, effective_from, reason=""):
    """Record monthly pay from `effective_from` on; audited like the pay import (org.payrecord.create).
    Call inside the caller's transaction; the caller checks the rights. `reason` as for a level."""
    from serviceladder.org.models import PayRecord

    reason, reason_message = _product_reason(reason)
    record = PayRecord.objects.create(
        employee=employee,
        monthly_amount=amount,
        currency=currency,
        effective_from=effective_from,
        reason=reason[:300],
        reason_message=reason_message,
    )
    audit_record(
        actor=actor,
        action="org.payrecord.create",
        employee=employee,
        obj=record,
        after={"monthly_amount": amount, "currency": currency, "effective_from": effective_from},
        reason=reason,
    )
    return record
