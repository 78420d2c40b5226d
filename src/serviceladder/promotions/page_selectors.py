"""Reads the promotion web pages need on top of selectors.py: form defaults, the appeal inbox, the HR counts
in the navigation, the home-page card. Scoped through access.py / accounts.scoping like every selector."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import employees_visible_to, has_role, user_employee, user_roles
from serviceladder.ladder.models import Level
from serviceladder.org.models import Employee, LevelAssignment
from serviceladder.policy.errors import NoPolicyInForce
from serviceladder.policy.selectors import policy_parsed, policy_version_in_force
from serviceladder.promotions import clock, rules
from serviceladder.promotions.access import can_nominate
from serviceladder.promotions.errors import NotFound
from serviceladder.promotions.models import (
    Appeal,
    PromotionApplication,
    PromotionCycle,
    TransitionLog,
)
from serviceladder.promotions.states import OPEN_STATES, REJECT_ACTIONS, State
from serviceladder.rules.explain import render

CHECK_STATUS = {
    "pass": _("met"),
    "fail": _("not met"),
    "insufficient_data": _("not enough data"),
}
STAGE_ORDER = [
    State.DRAFT,
    State.SUBMITTED,
    State.DEPT_APPROVED,
    State.HR_APPROVED,
    State.MGMT_APPROVED,
    State.ON_NOTICE,
    State.UNDER_APPEAL,
    State.EFFECTIVE,
    State.REJECTED,
    State.WITHDRAWN,
]
FUNNEL_LABELS = {
    "applied": _("Applied"),
    "reviewed": _("Reviewed"),
    "approved": _("Approved"),
    "published": _("Published"),
    "effective": _("Effective"),
}


# --- opening a cycle ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuotaField:
    code: str
    name: str
    value: str


@dataclass(frozen=True)
class CycleFormDefaults:
    policy_label: str
    application_months: list[int]
    opens_on: dt.date
    closes_on: dt.date
    quotas: list[QuotaField]


def _next_window(today: dt.date, months: list[int]) -> tuple[dt.date, dt.date]:
    """The rest of the current application month, else the whole next one."""
    y, m = today.year, today.month
    for _i in range(13):
        if m in months:
            first = dt.date(y, m, 1)
            last = dt.date(y, m, calendar.monthrange(y, m)[1])
            return max(first, today), last
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return today, today


def cycle_form_defaults(user, today: dt.date | None = None) -> CycleFormDefaults | None:
    """What HR's "open a cycle" form starts with: the policy in force, its next application window and a
    quota field per target level (prefilled from `process.quotas`). None without a policy."""
    if not has_role(user, Role.HR):
        return None
    today = today or clock.today()
    try:
        version = policy_version_in_force(today)
    except NoPolicyInForce:
        return None
    policy = policy_parsed(version)
    targets = list(dict.fromkeys(t.to_level for t in policy.transitions))
    levels = policy.levels()
    opens, closes = _next_window(today, list(policy.process.application_months))
    fields = []
    for code in targets:
        level = levels[code][1]
        name = _pick(level.name_zh, level.name_en) or code
        quota = policy.process.quotas.get(code)
        fields.append(QuotaField(code, name, "" if quota is None else str(quota)))
    return CycleFormDefaults(
        policy_label=version.label,
        application_months=sorted(policy.process.application_months),
        opens_on=opens,
        closes_on=closes,
        quotas=fields,
    )


@dataclass(frozen=True)
class QuotaFormRow:
    code: str
    name: str
    value: str  # the current quota as the field shows it; "" = no quota
    approved: int  # approvals by management already using the level's quota (the lowest it may be set to)


def quota_form_rows(user, cycle: PromotionCycle) -> list[QuotaFormRow]:
    """HR's "edit quotas" form: one row per target level of the policy the cycle follows, with its current
    quota and the approvals already counted against it. Empty for anyone but HR."""
    from serviceladder.promotions.access import can_set_quotas
    from serviceladder.promotions.services import approvals_by_level, quota_levels

    if not can_set_quotas(user):
        return []
    policy = policy_parsed(cycle.policy_version)
    levels = policy.levels()
    approved = approvals_by_level(cycle)
    rows = []
    for code in quota_levels(policy):
        level = levels[code][1]
        quota = cycle.quotas.get(code)
        rows.append(
            QuotaFormRow(
                code=code,
                name=_pick(level.name_zh, level.name_en) or code,
                value="" if quota is None else str(quota),
                approved=approved.get(code, 0),
            )
        )
    return rows


def _pick(zh: str, en: str) -> str:
    from serviceladder.core.i18n import pick

    return pick(zh, en)


# --- applying and nominating --------------------------------------------------------------------------------


def current_level(employee: Employee, on: dt.date) -> Level | None:
    assignment = (
        LevelAssignment.objects.filter(employee=employee, effective_from__lte=on)
        .select_related("level")
        .order_by("-effective_from")
        .first()
    )
    return assignment.level if assignment else None


def apply_targets(cycle: PromotionCycle, employee: Employee, today: dt.date | None = None) -> list[Level]:
    """The levels the cycle's policy lets `employee` move to from their level today (the select's options)."""
    level = current_level(employee, today or clock.today())
    if level is None:
        return []
    codes = [t.to_level for t in policy_parsed(cycle.policy_version).transitions_from(level.code)]
    found = {lv.code: lv for lv in Level.objects.filter(code__in=codes).select_related("track")}
    return [found[c] for c in codes if c in found]


def nominees(user) -> list[Employee]:
    """People the user may nominate (their team as lead, their department as head), never themselves."""
    if not has_role(user, Role.TEAM_LEAD, Role.DEPARTMENT_HEAD):
        return []
    people = employees_visible_to(user).filter(team__isnull=False).select_related("team__department")
    return [e for e in people.order_by("name", "number") if can_nominate(user, e)]


def nominee_get(user, number: str) -> Employee:
    for e in nominees(user):
        if e.number == number:
            return e
    raise NotFound()


def my_application(user, cycle: PromotionCycle) -> PromotionApplication | None:
    """The user's own open application in `cycle` (drafts included)."""
    me = user_employee(user)
    if me is None:
        return None
    return (
        PromotionApplication.objects.filter(cycle=cycle, applicant=me, state__in=OPEN_STATES)
        .select_related("target_level", "from_level")
        .first()
    )


def can_apply(user, cycle: PromotionCycle, today: dt.date | None = None) -> bool:
    """An employee with a role, inside the cycle's window, with no open application in it."""
    today = today or clock.today()
    if user_employee(user) is None or not user_roles(user):
        return False
    if not rules.application_window_open(cycle.opens_on, cycle.closes_on, today):
        return False
    return my_application(user, cycle) is None


def can_nominate_in(user, cycle: PromotionCycle, today: dt.date | None = None) -> bool:
    today = today or clock.today()
    return rules.application_window_open(cycle.opens_on, cycle.closes_on, today) and has_role(
        user, Role.TEAM_LEAD, Role.DEPARTMENT_HEAD
    )


# --- the eligibility decision, as shown ---------------------------------------------------------------------


@dataclass(frozen=True)
class CheckRow:
    clause: str
    status: str
    status_label: str
    text: str
    blocking: bool


def _language(code: str) -> str:
    return "zh" if (code or "").lower().startswith("zh") else "en"


def policy_names(version) -> dict[str, dict[str, str]]:
    """Level, training, competency and exam names of a policy version in the active language (check texts name
    them instead of showing codes)."""
    policy = policy_parsed(version)
    return {
        "levels": {code: _pick(lv.name_zh, lv.name_en) for code, (_t, lv, _r) in policy.levels().items()},
        "trainings": {t.code: _pick(t.name_zh, t.name_en) for t in policy.trainings},
        "competencies": {c.code: _pick(c.name_zh, c.name_en) for c in policy.competencies},
        "exams": {e.code: _pick(e.name_zh, e.name_en) for e in policy.exams},
    }


def _named(values: dict, names: dict | None) -> dict:
    if not names:
        return values
    out = dict(values)
    for key in ("level", "highest_level"):
        if isinstance(out.get(key), str):
            out[key] = names["levels"].get(out[key], out[key])
    for key in ("codes", "missing", "expired"):
        items = out.get(key)
        if isinstance(items, list) and items and all(i in names["trainings"] for i in items):
            out[key] = [names["trainings"][i] for i in items]
    if isinstance(out.get("exam"), str):  # the exam a condition accepts (issue 17)
        out["exam"] = names.get("exams", {}).get(out["exam"], out["exam"])
    if isinstance(out.get("gaps"), list):
        out["gaps"] = [[names["competencies"].get(g[0], g[0]), *g[1:]] for g in out["gaps"]]
    return out


def check_text(check: dict | None, language: str, names: dict | None = None) -> str:
    """A frozen check rendered again in the reader's language, with names for codes (its stored text if
    that fails)."""
    if not check:
        return ""
    try:
        return render(check["code"], _named(check.get("values") or {}, names), _language(language))
    except Exception:  # an old snapshot whose message code has changed: show what was stored
        return check.get("text", "")


def decision_rows(snapshot: dict, language: str, names: dict | None = None) -> list[CheckRow]:
    lang = _language(language)
    return [
        CheckRow(
            clause=c.get("clause", ""),
            status=c.get("status", ""),
            status_label=str(CHECK_STATUS.get(c.get("status", ""), c.get("status", ""))),
            text=check_text(c, lang, names),
            blocking=bool(c.get("blocking")),
        )
        for c in snapshot.get("checks", [])
    ]


def decision_summary(snapshot: dict, language: str) -> str:
    status = snapshot.get("status", "")
    if not status:
        return ""
    lang = _language(language)
    try:
        if status == "not_yet" and snapshot.get("earliest"):
            return render("decision.not_yet_on", {"date": snapshot["earliest"]}, lang)
        return render(f"decision.{status}", {}, lang)
    except Exception:
        return snapshot.get("summary", status)


UNDER_WAY = "under_way"
OUTLOOK_LABELS = {
    "eligible": _("Eligible now"),
    "not_yet": _("Not yet"),
    "blocked": _("Blocked"),
    "insufficient_data": _("Not enough data"),
    UNDER_WAY: _("Under way"),
}


@dataclass(frozen=True)
class MoveOutlook:
    """Where a person stands for one move of a cycle, before any form: the engine's decision under the
    cycle's policy today (as submitting would freeze it), or the step already under way."""

    level: Level
    status: str  # the engine's status, or UNDER_WAY
    summary: str  # one line in the reader's language ("not yet; earliest on …")
    earliest: dt.date | None
    unmet: list[CheckRow]  # the conditions not met: why
    under_way: object = None  # eligibility.pending.PendingMove

    @property
    def eligible(self) -> bool:
        return self.status == "eligible"

    @property
    def status_label(self) -> str:
        return str(OUTLOOK_LABELS.get(self.status, self.status))

    @property
    def exception(self) -> bool:
        """Applying for it is an exception application (policy 001: not eligible today)."""
        return self.status not in ("eligible", UNDER_WAY)


def apply_outlook(
    cycle: PromotionCycle, employee: Employee, language: str, today: dt.date | None = None
) -> list[MoveOutlook]:
    """Each move the cycle's policy opens from the person's level today, with the decision and what is
    missing — the same computation as the submit service (one engine run for all the moves)."""
    from serviceladder.eligibility.engine import compile_policy, evaluate
    from serviceladder.eligibility.loading import load_facts
    from serviceladder.eligibility.pending import pending_moves
    from serviceladder.eligibility.serialize import decision_to_dict

    today = today or clock.today()
    targets = apply_targets(cycle, employee, today)
    if not targets:
        return []
    version = cycle.policy_version
    policy = policy_parsed(version)
    facts = load_facts(Employee.objects.filter(pk=employee.pk), as_of=today, policy=policy)
    decisions = (
        {d.to_level: d for d in evaluate(facts[0], compile_policy(policy, version.label), today)}
        if facts
        else {}
    )
    taken = pending_moves([employee.pk], today).get(employee.pk, {})
    lang = _language(language)
    names = policy_names(version)
    out = []
    for level in targets:
        decision = decisions.get(level.code)
        if decision is None:
            continue
        snapshot = decision_to_dict(decision, employee, lang)
        move = taken.get(level.code)
        out.append(
            MoveOutlook(
                level=level,
                status=UNDER_WAY if move is not None else decision.status,
                summary=move.label if move is not None else decision_summary(snapshot, lang),
                earliest=decision.earliest,
                unmet=[r for r in decision_rows(snapshot, lang, names) if r.status != "pass"],
                under_way=move,
            )
        )
    return out


def eligibility_preview(application: PromotionApplication) -> dict:
    """The decision that submitting today would freeze (the same computation as the submit service)."""
    from serviceladder.promotions.services.applications import _freeze_eligibility

    return _freeze_eligibility(application, clock.today())


# --- the case -----------------------------------------------------------------------------------------------


def rejection(application: PromotionApplication) -> TransitionLog | None:
    """The step that rejected the application (its opinion is the reason shown to the applicant)."""
    if application.state != State.REJECTED:
        return None
    return (
        application.history.filter(action__in=REJECT_ACTIONS, to_state=State.REJECTED)
        .order_by("-at", "-pk")
        .first()
    )


def applications_by_stage(user, cycle: PromotionCycle) -> list[tuple[str, str, list[PromotionApplication]]]:
    """The cycle's applications the user may see, grouped by state in process order. Drafts are shown only
    to the person and their nominator (a draft is not yet anyone else's business)."""
    from serviceladder.promotions.selectors import applications_visible_to

    me = user_employee(user)
    mine = Q(applicant=me) | Q(nominated_by=me) if me is not None else Q(pk__in=[])
    apps = applications_visible_to(user, cycle=cycle).exclude(Q(state=State.DRAFT) & ~mine)
    groups: dict[str, list[PromotionApplication]] = {}
    for a in apps:
        groups.setdefault(a.state, []).append(a)
    return [(s, str(State(s).label), groups[s]) for s in STAGE_ORDER if s in groups]


def funnel_bars(funnel) -> list[dict]:
    """The funnel as rows for CSS bars: each stage's count and its share of the applications."""
    rows = funnel.as_list()
    top = max(rows[0][1], 1)
    return [
        {"key": k, "label": FUNNEL_LABELS[k], "count": n, "pct": round(100 * n / top) if n else 0}
        for k, n in rows
    ]


# --- the notice and appeals ---------------------------------------------------------------------------------


def notice_application(user, pk) -> PromotionApplication:
    """An application on the public notice, for anyone in the organisation (the appeal form); NotFound
    for anything not on a notice. One rule for the pages and the API: selectors.notice_application_get."""
    from serviceladder.promotions.selectors import notice_application_get

    return notice_application_get(user, pk)


def appeal_inbox(user) -> QuerySet[Appeal]:
    """HR's appeals: open ones first (by deadline), then the answered ones, newest first."""
    if not has_role(user, Role.HR):
        return Appeal.objects.none()
    return Appeal.objects.select_related(
        "appellant__employee",
        "answered_by",
        "application__applicant__team__department",
        "application__from_level",
        "application__target_level",
        "application__notice",
    ).order_by("-filed_at", "-pk")


def appeal_get(user, pk) -> Appeal:
    try:
        return appeal_inbox(user).get(pk=int(pk))
    except (Appeal.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None


def my_appeals(user) -> QuerySet[Appeal]:
    return Appeal.objects.filter(appellant=user).select_related(
        "application__applicant", "application__target_level", "application__from_level"
    )


@dataclass(frozen=True)
class HrInbox:
    review: int  # awaiting the HR review
    publish: int  # approved by management, not yet on notice
    appeals: int  # open appeals
    finalise: int  # notice over, no open appeal

    @property
    def total(self) -> int:
        return self.review + self.publish + self.appeals + self.finalise


def hr_inbox(user, today: dt.date | None = None) -> HrInbox | None:
    """What waits for HR (two queries, whatever the number of applications)."""
    if not has_role(user, Role.HR):
        return None
    today = today or clock.today()
    counts = PromotionApplication.objects.aggregate(
        review=Count("pk", filter=Q(state=State.DEPT_APPROVED)),
        publish=Count("pk", filter=Q(state=State.MGMT_APPROVED)),
        finalise=Count("pk", filter=Q(state=State.ON_NOTICE, notice__ends_on__lt=today)),
    )
    appeals = Appeal.objects.filter(outcome=Appeal.Outcome.OPEN).count()
    return HrInbox(counts["review"], counts["publish"], appeals, counts["finalise"])


# --- home page ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CycleChance:
    """The home card's line for an open cycle: whether the person may apply as things stand."""

    cycle: PromotionCycle
    eligible: bool  # eligible now for at least one move: "Apply" is the primary action
    earliest: dt.date | None  # else the earliest date a move opens, when time alone decides
    moves: int  # the moves still open for an application (not under way)


@dataclass(frozen=True)
class HomePromotion:
    applications: list[PromotionApplication]  # the user's own open or recent applications
    open_cycles: list[PromotionCycle]  # cycles accepting applications today, without one of the user's
    chances: list[CycleChance] = ()  # one per open cycle, in the same order


def home_promotion(user, today: dt.date | None = None) -> HomePromotion | None:
    me = user_employee(user)
    if me is None or not user_roles(user):
        return None
    today = today or clock.today()
    apps = list(
        PromotionApplication.objects.filter(applicant=me)
        .exclude(state=State.WITHDRAWN)
        .select_related("cycle", "target_level", "from_level")
        .order_by("-created_at", "-pk")[:3]
    )
    busy = {a.cycle_id for a in apps if a.state in OPEN_STATES}
    cycles = [
        c
        for c in PromotionCycle.objects.filter(opens_on__lte=today, closes_on__gte=today)
        if c.pk not in busy
    ]
    if not apps and not cycles:
        return None
    return HomePromotion(apps, cycles, [cycle_chance(c, me, today) for c in cycles])


def cycle_chance(cycle: PromotionCycle, employee: Employee, today: dt.date | None = None) -> CycleChance:
    from django.utils.translation import get_language

    outlook = apply_outlook(cycle, employee, get_language() or "en", today)
    open_moves = [o for o in outlook if o.under_way is None]
    dates = [o.earliest for o in open_moves if o.status == "not_yet" and o.earliest]
    return CycleChance(
        cycle=cycle,
        eligible=any(o.eligible for o in open_moves),
        earliest=min(dates) if dates else None,
        moves=len(open_moves),
    )
