"""Writers for skill assessments (issue 14, item 1): the person's self-rating, the superior's rating (the
competency confirmation the `competency_confirmation` clause reads), the peer round and its closing.

Each rating is against the competency profile of a step the policy in force offers from the person's
current level. A rating lands in the newest assessment of that step (under the same policy version) that
has no rating of its group yet; otherwise a new assessment is opened, so every re-rating is kept as history.

Peer anonymity: a peer's answer is stored without author or time; its invitation only records that it was
answered; the answer is not audited on its own (an audit row has an actor and a time). At closing the
average is computed once, from at least `min_answers` answers, and the single answers are deleted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from serviceladder.accounts.scoping import (
    can_confirm_competencies,
    can_edit_own_development,
    can_lead_development,
    user_employee,
)
from serviceladder.audit.services import SYSTEM, Actor, audit_record
from serviceladder.development.errors import (
    ALREADY_ANSWERED,
    CANNOT_CHOOSE_PEERS,
    CANNOT_CONFIRM_SELF,
    CANNOT_RATE_SELF_FOR_OTHER,
    EVIDENCE_LIMIT,
    EVIDENCE_TOO_LONG,
    EVIDENCE_UNKNOWN,
    NO_PEERS,
    NO_POLICY,
    NO_PROFILE,
    NOT_A_NEXT_STEP,
    NOT_INVITED,
    PEER_CLOSING_DATE,
    PEER_IS_CHOOSER,
    PEER_IS_PERSON,
    PEER_RATING_OFF,
    PEER_ROUND_EXISTS,
    PEER_UNKNOWN,
    RATING_OUT_OF_RANGE,
    RATINGS_INCOMPLETE,
    RATINGS_UNKNOWN,
    ROUND_CLOSED,
    TOO_MANY_PEERS,
    UNKNOWN_TARGET_LEVEL,
    AssessmentInvalid,
    AssessmentNotAllowed,
)
from serviceladder.development.models import Assessment, PeerInvitation, Rating
from serviceladder.development.models.assessments import GENERAL_NOTE
from serviceladder.development.selectors.assessments import next_steps, peer_candidates
from serviceladder.org.models import Employee
from serviceladder.org.selectors import level_as_of
from serviceladder.policy.errors import NoPolicyInForce
from serviceladder.policy.models import PolicyVersion
from serviceladder.policy.selectors import policy_parsed, policy_version_in_force

LATEST_CLOSING_DAYS = 60  # a peer round lasts at most this long (the policy's round_days is at most 60)
RATE_ACTIONS = {"self": "assessment.rate_self", "superior": "assessment.rate_superior"}


def clean_scores(profile: Mapping[str, int], scores: Mapping[str, object]) -> dict[str, int]:
    """Whole numbers 1–5 for exactly the competencies of `profile` (AssessmentInvalid otherwise)."""
    missing = [c for c in profile if c not in scores or scores[c] in (None, "")]
    if missing:
        raise AssessmentInvalid(RATINGS_INCOMPLETE, missing=", ".join(missing))
    unknown = [c for c in scores if c not in profile]
    if unknown:
        raise AssessmentInvalid(RATINGS_UNKNOWN, unknown=", ".join(unknown))
    clean: dict[str, int] = {}
    for code in profile:
        raw = scores[code]
        try:
            value = int(str(raw).strip())
        except ValueError:
            value = 0
        if isinstance(raw, bool) or str(value) != str(raw).strip() or not 1 <= value <= 5:
            raise AssessmentInvalid(RATING_OUT_OF_RANGE, competency=code, value=raw)
        clean[code] = value
    return clean


def clean_evidence(profile: Mapping[str, int], evidence: Mapping[str, object] | None) -> dict[str, str]:
    """Optional notes per competency of the profile, trimmed; empty ones dropped."""
    evidence = evidence or {}
    unknown = [c for c in evidence if c not in profile]
    if unknown:
        raise AssessmentInvalid(EVIDENCE_UNKNOWN, unknown=", ".join(unknown))
    clean = {}
    for code, note in evidence.items():
        text = str(note or "").strip()
        if len(text) > EVIDENCE_LIMIT:
            raise AssessmentInvalid(
                EVIDENCE_TOO_LONG, limit=EVIDENCE_LIMIT, competency=code, length=len(text)
            )
        if text:
            clean[code] = text
    return clean


def step_profile(employee: Employee, target_level_code: str, as_of: dt.date) -> tuple[PolicyVersion, dict]:
    """The policy version in force on `as_of` and the competency profile of the step to `target_level_code`,
    which must be a step that version offers from the person's level on `as_of`."""
    try:
        version = policy_version_in_force(as_of)
    except NoPolicyInForce:
        raise AssessmentInvalid(NO_POLICY) from None
    policy = policy_parsed(version)
    found = policy.levels().get(target_level_code)
    if found is None:
        raise AssessmentInvalid(UNKNOWN_TARGET_LEVEL, code=target_level_code)
    profile = dict(found[1].competencies)
    if not profile:
        raise AssessmentInvalid(NO_PROFILE, code=target_level_code)
    current = level_as_of(employee, as_of)
    allowed = [code for code, _name in next_steps(policy, current.level.code if current else None)]
    if target_level_code not in allowed:
        raise AssessmentInvalid(NOT_A_NEXT_STEP, code=target_level_code, allowed=", ".join(allowed) or "—")
    return version, profile


def _assessment_for(
    *, actor: Actor, employee: Employee, target: str, version: PolicyVersion, free: Q
) -> Assessment:
    """The newest assessment of this step under `version` for which `free` holds, else a new one."""
    found = (
        Assessment.objects.select_for_update()
        .filter(employee=employee, target_level_code=target, policy_version=version)
        .filter(free)
        .order_by("-opened_at", "-pk")
        .first()
    )
    if found is not None:
        return found
    return Assessment.objects.create(
        employee=employee, target_level_code=target, policy_version=version, opened_by=actor.user
    )


def write_rating(
    *,
    actor: Actor,
    employee: Employee,
    target_level_code: str,
    version: PolicyVersion,
    group: str,
    scores: dict[str, int],
    evidence: dict[str, str],
    rated_at: dt.datetime,
    rated_by_label: str,
) -> Rating:
    """Store a checked self or superior rating in the newest assessment of the step without one of its
    group (or a new assessment). Callers have checked the rater and the values, and audit."""
    assessment = _assessment_for(
        actor=actor,
        employee=employee,
        target=target_level_code,
        version=version,
        free=~Q(ratings__group=group),
    )
    if assessment.opened_at > rated_at:  # a historic rating dates its new assessment
        Assessment.objects.filter(pk=assessment.pk, ratings__isnull=True).update(opened_at=rated_at)
    return Rating.objects.create(
        assessment=assessment,
        group=group,
        scores=scores,
        evidence=evidence,
        rated_at=rated_at,
        rated_by=actor.user,
        rated_by_label=rated_by_label,
    )


def _check_rater(actor: Actor, employee: Employee, group: str) -> None:
    me = user_employee(actor.user)
    if group == Rating.Group.SELF:
        if not can_edit_own_development(actor.user, employee):
            raise AssessmentNotAllowed(CANNOT_RATE_SELF_FOR_OTHER)
        return
    if me is not None and me.pk == employee.pk:
        raise AssessmentNotAllowed(CANNOT_CONFIRM_SELF)
    if not can_confirm_competencies(actor.user, employee):
        raise AssessmentNotAllowed()


@transaction.atomic
def assessment_rate(
    *,
    actor: Actor,
    employee: Employee,
    target_level_code: str,
    group: str,
    scores: Mapping[str, object],
    evidence: Mapping[str, object] | None = None,
    note: str = "",
    rated_on: dt.date | None = None,
) -> Rating:
    """Record the person's self-rating (`group="self"`, by the person only) or their superior's rating
    (`group="superior"`: team lead, department head or HR, never the person; policy clause
    `competency_confirmation` reads it) against the profile of a step from the person's current level.

    `rated_on` is for historic ratings (the import): the profile and the step are those of that day.
    Audited in the same transaction."""
    if group not in (Rating.Group.SELF, Rating.Group.SUPERIOR):
        raise AssessmentInvalid(RATINGS_UNKNOWN, unknown=group)
    _check_rater(actor, employee, group)
    today = timezone.localdate()
    as_of = rated_on or today
    version, profile = step_profile(employee, target_level_code, as_of)
    clean = clean_scores(profile, scores)
    notes = clean_evidence(profile, evidence)
    note = note.strip()
    if len(note) > EVIDENCE_LIMIT:
        raise AssessmentInvalid(EVIDENCE_TOO_LONG, limit=EVIDENCE_LIMIT, competency="—", length=len(note))
    if note:
        notes[GENERAL_NOTE] = note
    rated_at = timezone.now()
    if rated_on is not None and rated_on != today:
        rated_at = timezone.make_aware(dt.datetime.combine(rated_on, dt.time(12, 0)))
    rating = write_rating(
        actor=actor,
        employee=employee,
        target_level_code=target_level_code,
        version=version,
        group=group,
        scores=clean,
        evidence=notes,
        rated_at=rated_at,
        rated_by_label=actor.label,
    )
    audit_record(
        actor=actor,
        action=RATE_ACTIONS[group],
        employee=employee,
        obj=rating.assessment,
        after={
            "target_level": target_level_code,
            "policy_version": version.label,
            "ratings": clean,
            "required": profile,
            "rated_on": as_of.isoformat(),
        },
        reason=note,
    )
    return rating


@transaction.atomic
def peer_round_open(
    *,
    actor: Actor,
    employee: Employee,
    target_level_code: str,
    peer_numbers: Iterable[str],
    closes_on: dt.date | None = None,
) -> Assessment:
    """The lead (team lead; the head for a leadless team; HR) chooses up to `max_peers` colleagues to rate
    the person anonymously until `closes_on` (default: today + the policy's `round_days`)."""
    if not can_lead_development(actor.user, employee):
        raise AssessmentNotAllowed(CANNOT_CHOOSE_PEERS)
    today = timezone.localdate()
    version, _profile = step_profile(employee, target_level_code, today)
    rules = policy_parsed(version).development.peer_rating
    if not rules.enabled:
        raise AssessmentInvalid(PEER_RATING_OFF)
    numbers = list(dict.fromkeys(n.strip() for n in peer_numbers if n and n.strip()))
    if not numbers:
        raise AssessmentInvalid(NO_PEERS)
    if len(numbers) > rules.max_peers:
        raise AssessmentInvalid(TOO_MANY_PEERS, limit=rules.max_peers, count=len(numbers))
    me = user_employee(actor.user)
    if employee.number in numbers:
        raise AssessmentInvalid(PEER_IS_PERSON)
    if me is not None and me.number in numbers:
        raise AssessmentInvalid(PEER_IS_CHOOSER)
    candidates = {e.number: e for e in peer_candidates(employee, user=actor.user, as_of=today)}
    for number in numbers:
        if number not in candidates:
            raise AssessmentInvalid(PEER_UNKNOWN, number=number)
    latest = today + dt.timedelta(days=LATEST_CLOSING_DAYS)
    closes_on = closes_on or today + dt.timedelta(days=rules.round_days)
    if not today < closes_on <= latest:
        raise AssessmentInvalid(PEER_CLOSING_DATE, latest=latest.isoformat(), value=closes_on.isoformat())
    assessment = _assessment_for(
        actor=actor,
        employee=employee,
        target=target_level_code,
        version=version,
        free=Q(peer_closes_on__isnull=True),
    )
    if assessment.peer_closes_on is not None:  # pragma: no cover - excluded by the filter above
        raise AssessmentInvalid(PEER_ROUND_EXISTS)
    assessment.peer_closes_on = closes_on
    assessment.save(update_fields=["peer_closes_on"])
    PeerInvitation.objects.bulk_create(
        [PeerInvitation(assessment=assessment, peer=candidates[n], invited_by=actor.user) for n in numbers]
    )
    audit_record(
        actor=actor,
        action="assessment.peer_round_open",
        employee=employee,
        obj=assessment,
        after={"target_level": target_level_code, "peers": len(numbers), "closes_on": closes_on.isoformat()},
    )
    return assessment


def round_is_open(assessment: Assessment, today: dt.date) -> bool:
    return (
        assessment.peer_closes_on is not None
        and assessment.peer_closed_at is None
        and today <= assessment.peer_closes_on
    )


@transaction.atomic
def peer_answer(
    *, actor: Actor, token: str, scores: Mapping[str, object], today: dt.date | None = None
) -> None:
    """An invited peer's one answer, stored without author or time. Refused after the closing date."""
    today = today or timezone.localdate()
    me = user_employee(actor.user)
    invitation = (
        PeerInvitation.objects.select_for_update()
        .select_related("assessment__policy_version")
        .filter(token=token, peer=me)
        .first()
        if me is not None
        else None
    )
    if invitation is None:
        raise AssessmentNotAllowed(NOT_INVITED)
    assessment = invitation.assessment
    if not round_is_open(assessment, today):
        raise AssessmentInvalid(ROUND_CLOSED, date=(assessment.peer_closes_on or today).isoformat())
    if invitation.answered:
        raise AssessmentInvalid(ALREADY_ANSWERED)
    found = policy_parsed(assessment.policy_version).levels().get(assessment.target_level_code)
    profile = dict(found[1].competencies) if found else {}
    clean = clean_scores(profile, scores)
    Rating.objects.create(assessment=assessment, group=Rating.Group.PEER, scores=clean)
    invitation.answered = True
    invitation.save(update_fields=["answered"])


def peer_average(answers: list[Mapping[str, int]], min_answers: int) -> dict[str, str]:
    """Competency → mean of the answers, as a decimal string with one place; empty below `min_answers`."""
    if len(answers) < min_answers:
        return {}
    codes = list(dict.fromkeys(c for a in answers for c in a))
    out = {}
    for code in codes:
        values = [Decimal(a[code]) for a in answers if code in a]
        mean = sum(values) / len(values)
        out[code] = str(mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    return out


def _close(assessment: Assessment) -> None:
    rules = policy_parsed(assessment.policy_version).development.peer_rating
    answers = list(assessment.ratings.filter(group=Rating.Group.PEER).values_list("scores", flat=True))
    assessment.peer_average = peer_average(answers, rules.min_answers)
    assessment.peer_answers = len(answers) if assessment.peer_average else None
    assessment.peer_closed_at = timezone.now()
    assessment.save(update_fields=["peer_average", "peer_answers", "peer_closed_at"])
    # The single answers served only the average: once it is computed (or refused), they are gone.
    assessment.ratings.filter(group=Rating.Group.PEER).delete()
    audit_record(
        actor=SYSTEM,
        action="assessment.peer_round_close",
        employee=assessment.employee,
        obj=assessment,
        after={"target_level": assessment.target_level_code, "shown": bool(assessment.peer_average)},
    )


def assessment_rounds_close(today: dt.date, *, employee: Employee | None = None) -> int:
    """Close every peer round whose closing date is before `today` (answers are taken until the closing
    date, inclusive). The daily job calls this; a page about the person closes their due rounds lazily
    (`employee`). Each round closes once. Returns how many were closed."""
    closed = 0
    due = Assessment.objects.filter(peer_closes_on__lt=today, peer_closed_at__isnull=True)
    if employee is not None:
        due = due.filter(employee=employee)
    for pk in list(due.values_list("pk", flat=True)):
        closed += assessment_round_close_if_due(pk, today)
    return closed


@transaction.atomic
def assessment_round_close_if_due(pk: int, today: dt.date) -> bool:
    """Close one assessment's peer round if its closing date has passed and it is still open."""
    assessment = (
        Assessment.objects.select_for_update()
        .select_related("policy_version", "employee")
        .filter(pk=pk, peer_closes_on__lt=today, peer_closed_at__isnull=True)
        .first()
    )
    if assessment is None:
        return False
    _close(assessment)
    return True
