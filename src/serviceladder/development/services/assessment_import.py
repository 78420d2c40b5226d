"""`serviceladder import assessments FILE`: historic skill ratings from CSV or XLSX (issue 14, item 1).

Long format, one row per competency rated: employee number, target level, rater group (self | superior),
rated on (date), competency (code, or its Chinese or English name), rating 1–5, and optionally evidence and
the rater's name. The rows of one person, step and day form one assessment; each group's rows must cover
the step's competency profile (of the policy in force on that day) exactly once. Peer answers are never
imported (they are anonymous and only exist as the average of a closed round).

All rows or none: every problem (row, column, value, what is allowed) is reported and nothing is written.
HR only (accounts.scoping IMPORT_ROLES).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import require_import
from serviceladder.audit.services import Actor, audit_record
from serviceladder.development.errors import AssessmentInvalid
from serviceladder.development.models import Assessment, Rating
from serviceladder.development.services.assessments import RATE_ACTIONS, step_profile
from serviceladder.org.imports import values
from serviceladder.org.imports.reader import INVALID, read_sheet
from serviceladder.org.imports.report import ErrorCollector, ImportResult
from serviceladder.org.models import Employee
from serviceladder.policy.selectors import policy_parsed

KIND = "assessments"
UNKNOWN_EMPLOYEE = _("No employee has this number.")
FUTURE_DATE = _("A rating date cannot be after today (%(today)s).")
NOT_IN_PROFILE = _("Not a competency of the profile of %(level)s. Allowed: %(allowed)s.")
DUPLICATE_COMPETENCY = _(
    "This competency is rated twice for the same person, step, day and rater group (also row %(other)s)."
)
PROFILE_NOT_COVERED = _("The %(group)s rating of %(level)s on %(date)s misses competencies: %(missing)s.")
GROUPS = {
    "self": "self",
    "自评": "self",
    "本人": "self",
    "superior": "superior",
    "上级": "superior",
    "上级评价": "superior",
    "lead": "superior",
}
GROUPS_ALLOWED = "self, superior (自评, 上级)"


@dataclass
class _Group:
    first_row: int
    scores: dict[str, int] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    rater: str = ""


def _competency_lookup(policy) -> dict[str, str]:
    out = {}
    for c in policy.competencies:
        for name in (c.code, c.name_zh, c.name_en):
            if name:
                out[name.strip().casefold()] = c.code
    return out


def assessments_import(
    *, actor: Actor, data: bytes, file_name: str, reason: str = "", dry_run: bool = False
) -> ImportResult:
    """Check every row, then write one assessment per person, step and day with its self and superior
    ratings, dated that day; one audit row per assessment and one for the import."""
    if actor.user is not None:
        require_import(actor.user, KIND)
    result = ImportResult(kind=KIND, file=file_name, sha256=hashlib.sha256(data).hexdigest(), dry_run=dry_run)
    sheet = read_sheet(KIND, data, file_name)
    result.rows = len(sheet.records)
    errors = ErrorCollector(file_name)
    today = timezone.localdate()
    numbers = {values.text(r["number"]) for r in sheet.records}
    employees = {e.number: e for e in Employee.objects.filter(number__in=numbers)}
    # (number, target, day) → group → _Group
    found: dict[tuple[str, str, dt.date], dict[str, _Group]] = defaultdict(dict)
    checked: dict[tuple[str, str, dt.date], tuple] = {}
    for rec in sheet.records:
        number = sheet.parse(errors, rec, "number", values.required_text, max_length=32)
        target = sheet.parse(errors, rec, "target_level", values.code)
        group = sheet.parse(errors, rec, "group", values.choice, GROUPS, GROUPS_ALLOWED)
        rated_on = sheet.parse(errors, rec, "rated_on", values.required_date)
        competency = sheet.parse(errors, rec, "competency", values.required_text, max_length=200)
        rating = sheet.parse(errors, rec, "rating", values.whole_number, low=1, high=5)
        if rating is None:
            errors.add(rec.number, sheet.column("rating"), "", values.REQUIRED_VALUE)
            rating = INVALID
        evidence = (
            sheet.parse(errors, rec, "evidence", values.text, max_length=2000)
            if sheet.has("evidence")
            else ""
        )
        rater = sheet.parse(errors, rec, "rater", values.text, max_length=200) if sheet.has("rater") else ""
        employee = employees.get(number) if number is not INVALID else None
        if number is not INVALID and employee is None:
            errors.add(rec.number, sheet.column("number"), number, UNKNOWN_EMPLOYEE)
        if rated_on is not INVALID and rated_on > today:
            errors.add(
                rec.number,
                sheet.column("rated_on"),
                rated_on.isoformat(),
                FUTURE_DATE,
                today=today.isoformat(),
            )
            rated_on = INVALID
        if INVALID in (target, rated_on) or employee is None:
            continue
        key = (number, target, rated_on)
        if key not in checked:
            try:
                checked[key] = step_profile(employee, target, rated_on)
            except AssessmentInvalid as exc:
                checked[key] = None
                errors.add(rec.number, sheet.column("target_level"), target, exc.message, **exc.data)
        if checked[key] is None or INVALID in (group, competency, rating):
            continue
        version, profile = checked[key]
        policy = policy_parsed(version)
        code = _competency_lookup(policy).get(competency.strip().casefold())
        if code not in profile:
            errors.add(
                rec.number,
                sheet.column("competency"),
                competency,
                NOT_IN_PROFILE,
                level=target,
                allowed=", ".join(profile),
            )
            continue
        g = found[key].setdefault(group, _Group(first_row=rec.number))
        if code in g.scores:
            errors.add(
                rec.number, sheet.column("competency"), competency, DUPLICATE_COMPETENCY, other=g.rows[code]
            )
            continue
        g.scores[code], g.rows[code] = rating, rec.number
        if evidence:
            g.evidence[code] = evidence
        g.rater = g.rater or rater
    for key, groups in found.items():
        _version, profile = checked[key]
        for group, g in groups.items():
            missing = [c for c in profile if c not in g.scores]
            if missing:
                errors.add(
                    g.first_row,
                    sheet.column("competency"),
                    "",
                    PROFILE_NOT_COVERED,
                    group=group,
                    level=key[1],
                    date=key[2].isoformat(),
                    missing=", ".join(missing),
                )
    errors.raise_if_any()
    with transaction.atomic():
        for (number, target, day), groups in found.items():
            version, profile = checked[(number, target, day)]
            employee = employees[number]
            when = timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))
            assessment = Assessment.objects.create(
                employee=employee, target_level_code=target, policy_version=version, opened_by=actor.user
            )
            Assessment.objects.filter(pk=assessment.pk).update(opened_at=when)
            for group, g in groups.items():
                Rating.objects.create(
                    assessment=assessment,
                    group=group,
                    scores=g.scores,
                    evidence=g.evidence,
                    rated_at=when,
                    rated_by=None,
                    rated_by_label=g.rater or actor.label,
                )
                audit_record(
                    actor=actor,
                    action=RATE_ACTIONS[group],
                    employee=employee,
                    obj=assessment,
                    after={
                        "target_level": target,
                        "policy_version": version.label,
                        "ratings": g.scores,
                        "required": profile,
                        "rated_on": day.isoformat(),
                        "imported_from": file_name,
                    },
                    reason=reason,
                )
            result.created += 1
        audit_record(actor=actor, action="import.assessments", after=result.as_audit(), reason=reason)
        if dry_run:
            transaction.set_rollback(True)
    return result
