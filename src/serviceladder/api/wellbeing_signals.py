"""/api/wellbeing — stored stages and early-warning signals (issue 16), scoped as the web pages.

GET /api/wellbeing/people/{number}: the person's newest assessment, each check explained in the request's
language (`language=zh|en`, else Accept-Language): the person, their lead, their head, HR; anyone else 404.
The person's own risk level (and the signals behind it) only when the policy's
`wellbeing.agents_see_own_risk` says so (`risk` is then null and `signals` empty).
GET /api/wellbeing/teams/{code}: the team's people with stage, risk, signals and the last stored months, and
their open case counts: the team's lead, its department's head, HR; anyone else 404.
GET /api/wellbeing/heat-map?month=YYYY-MM: team × signal counts without names (HR, management, department
heads for their department; others 403); a team under the policy's minimum group shows no counts.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.utils import translation
from ninja import Query, Router, Schema

from serviceladder.accounts.scoping import (
    access_employee,
    access_team_wellbeing,
    can_see_wellbeing,
    can_see_wellbeing_heat_map,
)
from serviceladder.api.schemas import ERRORS
from serviceladder.core.errors import NotFoundOrForbidden, PermissionDeniedError
from serviceladder.org.selectors import today
from serviceladder.wellbeing.selectors import assessments as selectors

router = Router(tags=["wellbeing"])
Language = Literal["zh", "en"]


class PersonRef(Schema):
    number: str
    name: str


class StageReasonOut(Schema):
    rule: str
    status: str
    decisive: bool
    text: str
    explanation: dict[str, Any]


class SignalOut(Schema):
    code: str
    kind: str
    level: str
    status: str  # pass: fired; fail: did not fire; insufficient_data: could not be judged
    fired: bool
    text: str
    months: list[str]
    explanation: dict[str, Any]


class AssessmentOut(Schema):
    month: str
    stage: str
    stage_reasons: list[StageReasonOut]
    risk: str | None
    fired: list[str]
    signals: list[SignalOut]


class PersonWellbeingOut(Schema):
    person: PersonRef
    language: Language
    assessment: AssessmentOut | None


class HistoryMonthOut(Schema):
    month: str
    risk: str | None
    fired: list[str]


class TeamPersonOut(Schema):
    person: PersonRef
    assessment: AssessmentOut | None
    history: list[HistoryMonthOut]
    open_cases: int


class TeamRef(Schema):
    code: str
    name: str
    department: str


class TeamWellbeingOut(Schema):
    team: TeamRef
    language: Language
    months: list[str]
    people: list[TeamPersonOut]


class SignalRef(Schema):
    code: str
    kind: str


class HeatTeamOut(Schema):
    team: TeamRef
    members: int | None  # None for a suppressed team
    suppressed: bool
    counts: dict[str, int] | None


class HeatMapOut(Schema):
    month: str | None
    months: list[str]
    min_group: int
    signals: list[SignalRef]
    teams: list[HeatTeamOut]


def _language(asked: str | None) -> str:
    return asked or ("zh" if (translation.get_language() or "").startswith("zh") else "en")


def _by_code(stored: list[dict]) -> dict[str, dict]:
    return {str(s.get("signal", "")): s for s in stored or []}


def _assessment(a, language: str, *, show_risk: bool) -> dict:
    ex = selectors.explain(a, language, show_risk=show_risk)
    stored_stage = sorted(a.stage_checks or [], key=lambda c: not c.get("decisive"))
    stored = _by_code(a.signals)
    lines = ex.fired + ex.unknown + ex.quiet if show_risk else []
    return {
        "month": a.month,
        "stage": a.stage,
        "stage_reasons": [
            {"rule": r.rule, "status": r.status, "decisive": r.decisive, "text": r.text, "explanation": c}
            for r, c in zip(ex.stage_reasons, stored_stage, strict=True)
        ],
        "risk": ex.risk,
        "fired": [s.code for s in ex.fired] if show_risk else [],
        "signals": [
            {
                "code": s.code,
                "kind": s.kind,
                "level": s.level,
                "status": s.status,
                "fired": s in ex.fired,
                "text": s.text,
                "months": list(s.months),
                "explanation": stored.get(s.code, {}),
            }
            for s in lines
        ],
    }


def _team_ref(team) -> dict:
    return {"code": team.code, "name": team.name, "department": team.department.name}


@router.get(
    "/people/{number}",
    response={200: PersonWellbeingOut, **ERRORS},
    url_name="wellbeing_person",
    summary="A person's newest lifecycle stage and early-warning signals, explained",
)
def person(
    request,
    number: str,
    language: Annotated[Language | None, Query(description="language of the explanations")] = None,
):
    user = request.auth
    employee = access_employee(user, number)
    if not can_see_wellbeing(user, employee):
        raise NotFoundOrForbidden()
    language = _language(language)
    policy = selectors.wellbeing_policy()
    with translation.override("zh-hans" if language == "zh" else "en"):
        ex = selectors.person_explained(
            user, employee, language, agents_see_own_risk=policy.agents_see_own_risk
        )
        return {
            "person": {"number": employee.number, "name": employee.name},
            "language": language,
            "assessment": _assessment(ex.assessment, language, show_risk=ex.risk is not None) if ex else None,
        }


@router.get(
    "/teams/{code}",
    response={200: TeamWellbeingOut, **ERRORS},
    url_name="wellbeing_team",
    summary="A team's people: stage, risk and signals, the last stored months, open cases",
)
def team(
    request,
    code: str,
    language: Annotated[Language | None, Query(description="language of the explanations")] = None,
):
    user = request.auth
    t = access_team_wellbeing(user, code)
    language = _language(language)
    policy = selectors.wellbeing_policy()
    view = selectors.team_view(user, t, today=today(), agents_see_own_risk=policy.agents_see_own_risk)
    with translation.override("zh-hans" if language == "zh" else "en"):
        people = [
            {
                "person": {"number": r.employee.number, "name": r.employee.name},
                "assessment": _assessment(r.latest, language, show_risk=r.show_risk) if r.latest else None,
                "history": [
                    {
                        "month": m,
                        "risk": a.risk if r.show_risk else None,
                        "fired": list(a.fired or []) if r.show_risk else [],
                    }
                    for m, a in zip(view.months, r.history, strict=True)
                    if a is not None
                ],
                "open_cases": len(r.open_cases),
            }
            for r in view.rows
        ]
    return {"team": _team_ref(t), "language": language, "months": view.months, "people": people}


@router.get(
    "/heat-map",
    response={200: HeatMapOut, **ERRORS},
    url_name="wellbeing_heat_map",
    summary="Team × signal: people with each signal fired in a month, no names; small teams suppressed",
)
def heat_map(
    request,
    month: Annotated[str | None, Query(description="YYYY-MM (default: the newest assessed month)")] = None,
):
    user = request.auth
    if not can_see_wellbeing_heat_map(user):
        raise PermissionDeniedError()
    hm = selectors.heat_map(user, month, min_group=selectors.wellbeing_policy().pulse.min_group, strict=True)
    return {
        "month": hm.month or None,
        "months": hm.months,
        "min_group": hm.min_group,
        "signals": [{"code": c, "kind": k} for c, k in hm.signals],
        "teams": [
            {
                "team": _team_ref(r.team),
                "members": None if r.suppressed else r.members,
                "suppressed": r.suppressed,
                "counts": None if r.suppressed else {c: r.counts.get(c, 0) for c, _k in hm.signals},
            }
            for r in hm.rows
        ],
    }
