"""The what-if of stars and performance pay: a draft policy's `stars:` and `performance_pay:` sections
against the policy in force, for the people a user may see. Reads only: nothing is computed into a star
period or a bonus month, nothing is audited.

Stars: the last star period of the draft's kind that ended before the what-if date (or the period asked
for), every agent's tier under the policy in force on the period's last day and under the draft — the
same loaders and engine as `stars compute` (services.stars.rate_period).

Pay: the last month that ended before the what-if date (or the month asked for), every person's proposal
under the policy in force on the month's last day and under the draft — the same loaders and engine as
`bonus propose` (services.pay.pay_inputs, engine.pay.propose_many). When the draft pays by stars and
changes the `stars:` section, the draft's side uses the tiers the draft would compute for the period that
pays in the month (simulated, without nominations) instead of the published ones, and says so. Pay figures
only for who may see everyone's pay (accounts.scoping.can_see_team_pay_totals).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from serviceladder.accounts.scoping import can_see_team_pay_totals, employees_with_stars_visible_to
from serviceladder.core.batching import filter_in
from serviceladder.org.models import Employee, Team
from serviceladder.policy.errors import NoPolicyInForce
from serviceladder.policy.schema import Policy
from serviceladder.policy.selectors import policy_parsed, policy_version_in_force
from serviceladder.recognition import pay_errors
from serviceladder.recognition.engine import pay as pay_engine
from serviceladder.recognition.engine.whatif import (
    UNCHANGED,
    PayComparison,
    StarComparison,
    compare_pay,
    compare_stars,
)
from serviceladder.recognition.errors_stars import NOT_ENDED, StarsInvalid
from serviceladder.recognition.selectors.standing import month_end
from serviceladder.recognition.services.pay import parse_month, pay_inputs
from serviceladder.recognition.services.stars import (
    Period,
    agents_of_period,
    period_just_ended,
    period_parse,
    rate_period,
)

TOP_CHANGES = 20  # the people whose bonus changes most


@dataclass(frozen=True)
class StarsWhatIf:
    period: Period
    version: str  # the policy version in force on the period's last day ("v3"), "" when none
    rated_before: bool  # the policy in force rates stars
    rated_after: bool  # the draft rates stars
    comparison: StarComparison  # keyed by employee number, teams by team code
    people: dict[str, Employee]  # number → employee, people whose tier or status moves


@dataclass(frozen=True)
class PayWhatIf:
    month: str
    version: str
    paid_before: bool
    paid_after: bool
    simulated_period: str  # the star period whose tiers the draft's side simulated ("" when published ones)
    comparison: PayComparison  # keyed by employee number, teams by team code
    people: dict[str, Employee]  # number → employee, people with a line


@dataclass(frozen=True)
class RecognitionWhatIf:
    stars: StarsWhatIf | None  # None: neither policy rates stars
    pay: PayWhatIf | None  # None: hidden from this user, or neither policy pays a bonus
    pay_hidden: bool  # the user may not see pay figures


def _in_force(day: dt.date, fallback: Policy | None = None) -> tuple[str, Policy | None]:
    try:
        version = policy_version_in_force(day)
    except NoPolicyInForce:
        return "", fallback
    return version.label, policy_parsed(version)


def _visible(user, department: str | None):
    people = employees_with_stars_visible_to(user)
    if department:
        people = people.filter(team__department__code=department)
    return people


def _team_codes(people: list[Employee]) -> dict[int, str | None]:
    ids = {e.team_id for e in people if e.team_id}
    codes = dict(Team.objects.filter(pk__in=ids).values_list("pk", "code"))
    return {e.pk: codes.get(e.team_id) for e in people}


def stars_whatif(
    user, *, draft: Policy, as_of: dt.date, period: str | None = None, department: str | None = None
) -> StarsWhatIf | None:
    """The draft's tiers against the policy in force's for one ended period (see the module docstring);
    None when neither rates stars. StarsInvalid for a period that is not a period or has not ended."""
    version, current = _in_force(as_of)
    if not draft.stars.enabled and not (current is not None and current.stars.enabled):
        return None
    kind_policy = draft if draft.stars.enabled else current
    p = period_parse(period or period_just_ended(kind_policy.stars.period, as_of))
    if p.last_day >= as_of:
        raise StarsInvalid(NOT_ENDED, found=p.code, date=p.last_day.isoformat())
    version, current = _in_force(p.last_day, current)
    among = _visible(user, department)
    results: list[dict[str, object]] = []
    everyone: dict[int, Employee] = {}
    for policy in (current, draft):
        if policy is None or not policy.stars.enabled:
            results.append({})
            continue
        people, _levels = agents_of_period(policy, p, among)
        everyone.update((e.pk, e) for e in people)
        _facts, rated = rate_period(policy, p, people)
        results.append({e.number: rated[e.pk] for e in people})
    teams = {everyone[pk].number: code for pk, code in _team_codes(list(everyone.values())).items()}
    comparison = compare_stars(results[0], results[1], teams=teams)
    moved = {c.employee for c in comparison.changes if c.kind != UNCHANGED}
    shown = {e.number: e for e in filter_in(Employee.objects.select_related("team"), "number", sorted(moved))}
    return StarsWhatIf(
        p,
        version,
        bool(current is not None and current.stars.enabled),
        draft.stars.enabled,
        comparison,
        shown,
    )


def _last_ended_month(as_of: dt.date) -> str:
    d = as_of.replace(day=1) - dt.timedelta(days=1)
    return f"{d.year:04d}-{d.month:02d}"


def _simulated_stars(draft: Policy, month: str, inputs: list[pay_engine.PayInput]) -> tuple[str, dict]:
    """The draft's tiers of the star period paying in `month`, for the people of `inputs` (everyone: the
    pay of a team follows from all its members)."""
    code = pay_engine.star_period_paying(
        month, period=draft.stars.period, quarter_tier_months=draft.performance_pay.quarter_tier_months
    )
    p = period_parse(code)
    ids = [i.employee_id for i in inputs]
    people, _levels = agents_of_period(draft, p, Employee.objects.filter(pk__in=ids))
    _facts, rated = rate_period(draft, p, people)
    return code, {pk: r.stars for pk, r in rated.items()}


def pay_whatif(
    user, *, draft: Policy, as_of: dt.date, month: str | None = None, department: str | None = None
) -> PayWhatIf | None:
    """Every person's proposal for one ended month under the policy in force and under the draft (see the
    module docstring); None when neither pays a bonus. PayInvalid for a bad or unfinished month. Call it
    only for a user who may see pay (recognition_whatif does)."""
    month = parse_month(month or _last_ended_month(as_of))
    if month_end(month) >= as_of:
        raise pay_errors.PayInvalid(pay_errors.MONTH_NOT_ENDED, month=month)
    version, current = _in_force(month_end(month))
    if current is None:
        version, current = _in_force(as_of)
    paid_before = current is not None and current.performance_pay.enabled
    if not paid_before and not draft.performance_pay.enabled:
        return None
    visible = set(_visible(user, department).values_list("pk", flat=True))
    team_of: dict[int, int | None] = {}
    proposals = []
    simulated = ""
    for side, policy in enumerate((current, draft)):
        if policy is None or not policy.performance_pay.enabled:
            proposals.append([])
            continue
        inputs = [i for i in pay_inputs(policy, month, teams=team_of) if i.employee_id in visible]
        if (
            side == 1
            and policy.performance_pay.basis == "stars"
            and policy.stars.enabled
            and (current is None or policy.stars != current.stars)
        ):
            simulated, tiers = _simulated_stars(policy, month, inputs)
            inputs = [
                dataclasses.replace(i, stars=tiers.get(i.employee_id), star_period=simulated) for i in inputs
            ]
        proposals.append(pay_engine.propose_many(policy.performance_pay, month, inputs))
    ids = {p.employee_id for side in proposals for p in side}
    people = {e.pk: e for e in filter_in(Employee.objects.select_related("team"), "pk", sorted(ids))}
    team_codes = dict(
        Team.objects.filter(pk__in={team_of.get(i) for i in ids} - {None}).values_list("pk", "code")
    )

    def by_number(side):
        return [dataclasses.replace(p, employee_id=people[p.employee_id].number) for p in side]

    teams = {people[i].number: team_codes.get(team_of.get(i)) for i in ids}
    comparison = compare_pay(by_number(proposals[0]), by_number(proposals[1]), teams=teams)
    return PayWhatIf(
        month,
        version,
        paid_before,
        draft.performance_pay.enabled,
        simulated,
        comparison,
        {e.number: e for e in people.values()},
    )


def recognition_whatif(
    user,
    *,
    draft: Policy,
    as_of: dt.date,
    star_period: str | None = None,
    bonus_month: str | None = None,
    department: str | None = None,
) -> RecognitionWhatIf:
    """Both parts for `user`: stars for the people whose performance they may see; pay only when they may see
    everyone's pay (HR, management)."""
    stars = stars_whatif(user, draft=draft, as_of=as_of, period=star_period, department=department)
    hidden = not can_see_team_pay_totals(user)
    pay = None
    if not hidden:
        pay = pay_whatif(user, draft=draft, as_of=as_of, month=bonus_month, department=department)
    return RecognitionWhatIf(stars, pay, hidden)
