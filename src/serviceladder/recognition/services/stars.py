"""Writers of star-service ratings (issue 15 item 1): compute a period, nominate a person one tier up,
decide a nomination, publish.

A period is computed under the policy version in force on its last day, for every agent (a non-supervisory
level held on that day), by the pure engine (recognition.engine.stars) over plain facts read here: monthly
figures, peer standing, violations, recognitions. It may be recomputed until it is published; nominations
that are still one tier above the new result survive a recomputation. Publishing fixes each person's
stars (an accepted nomination, else the computed tier) and tells each person; a published period never
changes. Every writer records an audit event (audit/actions.py, "recognition: stars").
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from typing import NamedTuple

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import can_manage_stars, can_nominate_stars
from serviceladder.audit.services import SYSTEM, Actor, audit_record
from serviceladder.core.translatable import Message
from serviceladder.metrics.selectors import monthly_figures
from serviceladder.notifications.services import notify
from serviceladder.org.models import Employee, Violation
from serviceladder.org.selectors import today as local_today
from serviceladder.policy.errors import NoPolicyInForce
from serviceladder.policy.selectors import policy_parsed, policy_version_in_force
from serviceladder.recognition.engine.stars import (
    NOT_ELIGIBLE as ENGINE_NOT_ELIGIBLE,
)
from serviceladder.recognition.engine.stars import (
    StarFacts,
    StarResult,
    compile_stars,
    metrics_needed,
    months_of,
    rate,
)
from serviceladder.recognition.errors_stars import (
    ALREADY_DECIDED,
    ALREADY_PUBLISHED,
    BAD_PERIOD,
    CANNOT_NOMINATE,
    NO_NOMINATION,
    NO_TIER_ABOVE,
    NOT_ELIGIBLE,
    NOT_ENDED,
    ONLY_ONE_UP,
    PENDING_NOMINATIONS,
    REASON_LIMIT,
    REASON_REQUIRED,
    REASON_TOO_LONG,
    STARS_OFF,
    WRONG_KIND,
    StarsInvalid,
    StarsNotAllowed,
)
from serviceladder.recognition.models import StarPeriod, StarRating
from serviceladder.recognition.selectors.counts import recognition_counts
from serviceladder.recognition.selectors.standing import levels_at_month_ends, month_end, peer_standing
from serviceladder.rules.goals import explanation
from serviceladder.rules.periods import month_label

PERIOD_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$|^(\d{4})Q([1-4])$")

PUBLISHED_TITLE = _("Your star rating for {period}: {stars} stars")
PUBLISHED_BODY = _("HR published the star ratings of {period}. Your page shows the tier and its reasons.")
DECIDED_TITLE = _("Your nomination of {name} for {stars} stars was {decision}")


class Period(NamedTuple):
    code: str
    kind: str  # month | quarter
    months: tuple[str, ...]
    first_day: dt.date
    last_day: dt.date


def period_parse(code: str) -> Period:
    """'2026-11' or '2026Q4' → the period; StarsInvalid(BAD_PERIOD) otherwise."""
    code = (code or "").strip().upper()
    match = PERIOD_RE.match(code)
    if match is None:
        raise StarsInvalid(BAD_PERIOD, found=code or "''")
    kind = StarPeriod.Kind.MONTH if match.group(1) else StarPeriod.Kind.QUARTER
    months = months_of(code)
    first = dt.date(int(months[0][:4]), int(months[0][5:]), 1)
    return Period(code, kind, months, first, month_end(months[-1]))


def period_just_ended(kind: str, day: dt.date) -> str:
    """The code of the latest period of `kind` that ended before `day`."""
    last = day.year * 12 + day.month - 2  # the month before day's month
    if kind == StarPeriod.Kind.MONTH:
        return month_label(last)
    year, month = last // 12, last % 12 + 1
    quarter = (month - 1) // 3 + 1
    if month % 3:  # the quarter is not over: the one before it
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
    return f"{year}Q{quarter}"


def _reason(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise StarsInvalid(REASON_REQUIRED)
    if len(text) > REASON_LIMIT:
        raise StarsInvalid(REASON_TOO_LONG, length=len(text), limit=REASON_LIMIT)
    return text


def tiers_json(result: StarResult) -> list[dict]:
    """The engine's result as StarRating.explanation: every tier judged, highest first."""
    if result.status == ENGINE_NOT_ELIGIBLE:
        return [{"stars": 0, "status": result.status, "checks": [explanation(result.service)]}]
    return [
        {"stars": t.stars, "status": t.status, "checks": [explanation(c) for c in t.checks]}
        for t in result.tiers
    ]


def _policy_for(period: Period):
    try:
        version = policy_version_in_force(period.last_day)
    except NoPolicyInForce:
        raise StarsInvalid(STARS_OFF, date=period.last_day.isoformat()) from None
    policy = policy_parsed(version)
    if not policy.stars.enabled:
        raise StarsInvalid(STARS_OFF, date=period.last_day.isoformat())
    if policy.stars.period != period.kind:
        raise StarsInvalid(
            WRONG_KIND,
            date=period.last_day.isoformat(),
            found=period.code,
            allowed=StarPeriod.Kind(policy.stars.period).label,
        )
    return version, policy


def _agents(policy, period: Period, among=None) -> tuple[list[Employee], dict[int, str]]:
    """Everyone employed on the period's last day with a non-supervisory level that day (only those of the
    queryset `among` when given: the what-if reads the people a user may see)."""
    people = list(
        (Employee.objects.all() if among is None else among)
        .filter(hire_date__lte=period.last_day)
        .exclude(leave_date__lt=period.last_day)
        .only("pk", "number", "hire_date", "team_id")
    )
    last = period.months[-1]
    levels = levels_at_month_ends([e.pk for e in people], [last])
    known = policy.levels()
    out, level_of = [], {}
    for e in people:
        code = levels.get(e.pk, {}).get(last)
        if code is None or (code in known and known[code][1].supervisory):
            continue
        out.append(e)
        level_of[e.pk] = code
    return out, level_of


agents_of_period = _agents


def star_facts(policy, period: Period, people: list[Employee]) -> dict[int, StarFacts]:
    """Each person's plain facts for the period (the engine's input)."""
    ids = [e.pk for e in people]
    section = policy.stars
    figures = monthly_figures(ids, months=period.months, metrics=metrics_needed(section))
    needs_rank = any(t.conditions.rank is not None for t in section.tiers)
    standing = (
        peer_standing(policy, months=period.months, peer_group=section.peer_group) if needs_rank else {}
    )
    violations: dict[int, list[dt.date]] = defaultdict(list)
    for emp_id, date in Violation.objects.filter(
        employee_id__in=ids, date__gte=period.first_day, date__lte=period.last_day
    ).values_list("employee_id", "date"):
        violations[emp_id].append(date)
    counts = recognition_counts(ids, first_day=period.first_day, last_day=period.last_day)
    out = {}
    for e in people:
        mine = standing.get(e.pk, {})
        out[e.pk] = StarFacts(
            hire_date=e.hire_date,
            figures=figures.get(e.pk, {}),
            pcts={m: s.pct for m, s in mine.items()},
            sizes={m: s.group_size for m, s in mine.items()},
            violations=tuple(violations.get(e.pk, ())),
            recognitions=counts.get(e.pk, {}),
        )
    return out


def rate_period(
    policy, period: Period, people: list[Employee]
) -> tuple[dict[int, StarFacts], dict[int, StarResult]]:
    """(facts, results): each person's tier for the period under `policy`, written nowhere (the computation
    and the what-if share it)."""
    facts = star_facts(policy, period, people)
    compiled = compile_stars(policy.stars, period.months, period.first_day, period.last_day)
    return facts, {pk: rate(compiled, f) for pk, f in facts.items()}


def star_period_compute(*, period: str, actor: Actor, today: dt.date | None = None) -> StarPeriod:
    """Compute (or recompute, while not published) every agent's tier for `period` ('YYYY-MM' or
    'YYYYQn', the kind the policy in force on its last day rates by; only a period that has ended)."""
    if actor.user is not None and not can_manage_stars(actor.user):
        raise StarsNotAllowed()
    p = period_parse(period)
    today = today or local_today()
    if p.last_day >= today:
        raise StarsInvalid(NOT_ENDED, found=p.code, date=p.last_day.isoformat())
    version, policy = _policy_for(p)
    existing = StarPeriod.objects.filter(code=p.code).first()
    if existing is not None and existing.state == StarPeriod.State.PUBLISHED:
        raise StarsInvalid(ALREADY_PUBLISHED, found=p.code)
    people, level_of = _agents(policy, p)
    facts, results = rate_period(policy, p, people)
    now = timezone.now()
    with transaction.atomic():
        if existing is None:
            star_period = StarPeriod.objects.create(
                code=p.code,
                kind=p.kind,
                first_month=p.months[0],
                last_month=p.months[-1],
                policy_version=version,
                computed_at=now,
                computed_by=actor.user,
            )
            kept = {}
        else:
            star_period = StarPeriod.objects.select_for_update().get(pk=existing.pk)
            if star_period.state == StarPeriod.State.PUBLISHED:
                raise StarsInvalid(ALREADY_PUBLISHED, found=p.code)
            star_period.policy_version = version
            star_period.computed_at = now
            star_period.computed_by = actor.user
            star_period.save(update_fields=["policy_version", "computed_at", "computed_by"])
            kept = {r.employee_id: r for r in star_period.ratings.exclude(nominated_stars=None)}
            star_period.ratings.all().delete()
        rows = []
        dropped = 0
        for e in people:
            result = results[e.pk]
            sizes = facts[e.pk].sizes
            row = StarRating(
                period=star_period,
                employee=e,
                level_code=level_of[e.pk],
                team_id=e.team_id,
                peer_group_size=sizes.get(p.months[-1]),
                status=result.status,
                computed_stars=result.stars,
                explanation=tiers_json(result),
            )
            old = kept.pop(e.pk, None)
            if old is not None:
                if old.nominated_stars == result.stars + 1 and result.status != ENGINE_NOT_ELIGIBLE:
                    for name in (
                        "nominated_stars",
                        "nomination_reason",
                        "nominated_by_id",
                        "nominated_at",
                        "decision",
                        "decision_reason",
                        "decided_by_id",
                        "decided_at",
                    ):
                        setattr(row, name, getattr(old, name))
                else:
                    dropped += 1
            rows.append(row)
        dropped += len(kept)
        StarRating.objects.bulk_create(rows, batch_size=2000)
        tiers = Counter(r.computed_stars for r in rows if r.status == StarRating.Status.RATED)
        audit_record(
            actor=actor,
            action="stars.period_compute",
            obj=star_period,
            after={
                "period": p.code,
                "people": len(rows),
                "tiers": {str(k): v for k, v in sorted(tiers.items())},
                "insufficient": sum(1 for r in rows if r.status == StarRating.Status.INSUFFICIENT),
                "not_eligible": sum(1 for r in rows if r.status == StarRating.Status.NOT_ELIGIBLE),
                "recomputed": existing is not None,
                "nominations_dropped": dropped,
            },
        )
    return star_period


def _locked_rating(rating_id: int) -> StarRating:
    return StarRating.objects.select_for_update().select_related("period", "employee").get(pk=rating_id)


def highest_tier(rating: StarRating) -> int:
    """The highest tier of the policy the period was computed under."""
    tiers = policy_parsed(rating.period.policy_version).stars.tiers
    return max((t.stars for t in tiers), default=0)


def star_nominate(*, rating: StarRating, stars: int, reason: str, actor: Actor) -> StarRating:
    """A lead nominates a person of a computed period one tier up (exactly computed + 1), with a reason.
    A nomination waiting for HR may be replaced; a decided one no longer changes."""
    if not can_nominate_stars(actor.user, rating.employee):
        raise StarsNotAllowed(CANNOT_NOMINATE)
    reason = _reason(reason)
    with transaction.atomic():
        rating = _locked_rating(rating.pk)
        if rating.period.state != StarPeriod.State.COMPUTED:
            raise StarsInvalid(ALREADY_PUBLISHED, found=rating.period.code)
        if rating.status == StarRating.Status.NOT_ELIGIBLE:
            raise StarsInvalid(NOT_ELIGIBLE)
        if rating.decision in (StarRating.Decision.ACCEPTED, StarRating.Decision.DECLINED):
            raise StarsInvalid(ALREADY_DECIDED, found=rating.get_decision_display())
        top = highest_tier(rating)
        if rating.computed_stars >= top:
            raise StarsInvalid(NO_TIER_ABOVE, found=rating.computed_stars)
        if stars != rating.computed_stars + 1:
            raise StarsInvalid(ONLY_ONE_UP, found=stars, allowed=rating.computed_stars + 1)
        before = {"nominated_stars": rating.nominated_stars, "reason": rating.nomination_reason}
        rating.nominated_stars = stars
        rating.nomination_reason = reason
        rating.nominated_by = actor.user
        rating.nominated_at = timezone.now()
        rating.decision = StarRating.Decision.PENDING
        rating.save(
            update_fields=["nominated_stars", "nomination_reason", "nominated_by", "nominated_at", "decision"]
        )
        audit_record(
            actor=actor,
            action="stars.nominate",
            employee=rating.employee,
            obj=rating,
            before=before,
            after={"period": rating.period.code, "computed": rating.computed_stars, "nominated_stars": stars},
            reason=reason,
        )
    return rating


def star_nomination_decide(*, rating: StarRating, accept: bool, reason: str, actor: Actor) -> StarRating:
    """HR accepts or declines a nomination waiting for a decision, with a reason."""
    if not can_manage_stars(actor.user):
        raise StarsNotAllowed()
    reason = _reason(reason)
    with transaction.atomic():
        rating = _locked_rating(rating.pk)
        if rating.period.state != StarPeriod.State.COMPUTED:
            raise StarsInvalid(ALREADY_PUBLISHED, found=rating.period.code)
        if rating.decision != StarRating.Decision.PENDING:
            raise StarsInvalid(NO_NOMINATION)
        rating.decision = StarRating.Decision.ACCEPTED if accept else StarRating.Decision.DECLINED
        rating.decision_reason = reason
        rating.decided_by = actor.user
        rating.decided_at = timezone.now()
        rating.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at"])
        audit_record(
            actor=actor,
            action="stars.nomination_accept" if accept else "stars.nomination_decline",
            employee=rating.employee,
            obj=rating,
            after={
                "period": rating.period.code,
                "computed": rating.computed_stars,
                "nominated_stars": rating.nominated_stars,
            },
            reason=reason,
        )
        if rating.nominated_by_id is not None:
            notify(
                recipients=[rating.nominated_by],
                kind="stars.nomination_decided",
                title=Message(
                    DECIDED_TITLE,
                    name=rating.employee.name,
                    stars=rating.nominated_stars,
                    decision=rating.get_decision_display(),
                ),
                body=reason,
                url=reverse("star_period", args=[rating.period.code]) + "?mine=1",
                actor=actor,
            )
    return rating


def star_period_publish(*, period: StarPeriod, actor: Actor) -> StarPeriod:
    """Publish a computed period: each person's stars become the accepted nomination, else the computed
    tier; the period is frozen; each person is told."""
    if not can_manage_stars(actor.user):
        raise StarsNotAllowed()
    with transaction.atomic():
        period = StarPeriod.objects.select_for_update().get(pk=period.pk)
        if period.state == StarPeriod.State.PUBLISHED:
            raise StarsInvalid(ALREADY_PUBLISHED, found=period.code)
        pending = period.ratings.filter(decision=StarRating.Decision.PENDING).count()
        if pending:
            raise StarsInvalid(PENDING_NOMINATIONS, count=pending)
        ratings = list(period.ratings.select_related("employee__user"))
        for r in ratings:
            accepted = r.decision == StarRating.Decision.ACCEPTED
            r.final_stars = r.nominated_stars if accepted else r.computed_stars
        StarRating.objects.bulk_update(ratings, ["final_stars"], batch_size=2000)
        period.state = StarPeriod.State.PUBLISHED
        period.published_at = timezone.now()
        period.published_by = actor.user
        period.save(update_fields=["state", "published_at", "published_by"])
        tiers = Counter(r.final_stars for r in ratings)
        audit_record(
            actor=actor,
            action="stars.period_publish",
            obj=period,
            after={
                "period": period.code,
                "people": len(ratings),
                "tiers": {str(k): v for k, v in sorted(tiers.items())},
                "nominations_accepted": sum(1 for r in ratings if r.decision == StarRating.Decision.ACCEPTED),
            },
        )
        by_tier: dict[int, list] = defaultdict(list)
        for r in ratings:
            if r.employee.user_id is not None and r.status != StarRating.Status.NOT_ELIGIBLE:
                by_tier[r.final_stars].append(r.employee.user)
        for stars, users in sorted(by_tier.items()):
            notify(
                recipients=users,
                kind="stars.published",
                title=Message(PUBLISHED_TITLE, period=period.code, stars=stars),
                body=Message(PUBLISHED_BODY, period=period.code),
                url=reverse("my_recognition"),
                actor=actor,
            )
    return period


def stars_compute_due(day: dt.date) -> dict:
    """Daily step: compute the period that just ended (the policy in force the day before decides whether
    stars are on and by month or quarter), unless it was computed already."""
    yesterday = day - dt.timedelta(days=1)
    try:
        policy = policy_parsed(policy_version_in_force(yesterday))
    except NoPolicyInForce:
        return {"computed": ""}
    if not policy.stars.enabled:
        return {"computed": ""}
    code = period_just_ended(policy.stars.period, day)
    if StarPeriod.objects.filter(code=code).exists():
        return {"computed": ""}
    try:
        star_period_compute(period=code, actor=SYSTEM, today=day)
    except StarsInvalid:
        return {"computed": ""}
    return {"computed": code}
