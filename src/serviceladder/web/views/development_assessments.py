"""Skill assessment forms (issue 14, item 1): the self-rating, the superior's rating (the competency
confirmation), the lead's choice of peers, and the invited peer's anonymous form."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import (
    access_employee,
    can_confirm_competencies,
    can_edit_own_development,
    can_lead_development,
    user_employee,
)
from serviceladder.audit.services import Actor
from serviceladder.core.errors import NotFoundOrForbidden, ValidationFailed
from serviceladder.core.i18n import pick
from serviceladder.development.models import PeerInvitation
from serviceladder.development.selectors.assessments import next_steps, peer_candidates
from serviceladder.development.services.assessments import (
    assessment_rate,
    assessment_round_close_if_due,
    peer_answer,
    peer_round_open,
    round_is_open,
)
from serviceladder.org.selectors import level_as_of, today
from serviceladder.policy.errors import NoPolicyInForce
from serviceladder.policy.selectors import policy_in_force, policy_parsed
from serviceladder.web.access import require
from serviceladder.web.methods import form_page, read_only

RATED_SELF = _("Your self-assessment for %(level)s is recorded.")
RATED_SUPERIOR = _("Your rating of %(name)s for %(level)s is recorded.")
PEERS_CHOSEN = _("%(count)s colleagues are asked to rate %(name)s until %(date)s.")
PEER_THANKS = _("Thank you: your answer is recorded without your name.")


def _step(request: HttpRequest, policy, employee) -> tuple[list[tuple[str, str]], str]:
    current = level_as_of(employee, today())
    targets = next_steps(policy, current.level.code if current else None)
    asked = request.POST.get("level") or request.GET.get("level") or ""
    codes = [c for c, _n in targets]
    if asked in codes:
        return targets, asked
    return targets, asked if request.method == "POST" else (codes[0] if codes else "")


def _competency_rows(policy, code: str, request: HttpRequest, *, evidence: bool) -> list[dict]:
    found = policy.levels().get(code)
    profile = found[1].competencies if found else {}
    names = {c.code: pick(c.name_zh, c.name_en) for c in policy.competencies}
    return [
        {
            "code": c,
            "name": names.get(c, c),
            "required": need,
            "value": request.POST.get(f"r:{c}", ""),
            "note": request.POST.get(f"n:{c}", "") if evidence else "",
            "choices": range(1, 6),
        }
        for c, need in profile.items()
    ]


def _level_name(policy, code: str) -> str:
    found = policy.levels().get(code)
    return pick(found[1].name_zh, found[1].name_en) if found else code


@form_page
def rate(request: HttpRequest, number: str, group: str) -> HttpResponse:
    """The self-rating (the person) or the superior's rating (lead, head, HR) against a step's profile."""
    employee = access_employee(request.user, number)
    if group == "self":
        require(can_edit_own_development(request.user, employee))
    else:
        require(can_confirm_competencies(request.user, employee))
    template = "web/development/assessment_rate.html"
    try:
        policy = policy_in_force(today())
    except NoPolicyInForce:
        return render(request, template, {"e": employee, "group": group, "no_policy": True})
    targets, code = _step(request, policy, employee)
    rows = _competency_rows(policy, code, request, evidence=True)
    error = ""
    if request.method == "POST":
        try:
            assessment_rate(
                actor=Actor(user=request.user, channel="web"),
                employee=employee,
                target_level_code=code,
                group=group,
                scores={r["code"]: r["value"] for r in rows if r["value"] != ""},
                evidence={r["code"]: r["note"][:4000] for r in rows if r["note"].strip()},
                note=request.POST.get("note", "")[:4000],
            )
        except ValidationFailed as exc:
            error = str(exc)
        else:
            level = _level_name(policy, code)
            text = RATED_SELF if group == "self" else RATED_SUPERIOR
            messages.success(request, text % {"level": level, "name": employee.name})
            return redirect("person_development", number=employee.number)
    context = {
        "e": employee,
        "group": group,
        "targets": targets,
        "code": code,
        "level_name": _level_name(policy, code),
        "rows": rows,
        "error": error,
        "note": request.POST.get("note", ""),
    }
    return render(request, template, context, status=400 if error else 200)


@read_only
def confirm_redirect(request: HttpRequest, number: str) -> HttpResponse:
    """The former competency confirmation form: now the superior's rating of a skill assessment."""
    employee = access_employee(request.user, number)
    require(can_confirm_competencies(request.user, employee))
    url = reverse("assessment_rate", args=[employee.number, "superior"])
    level = request.GET.get("level", "")
    return redirect(f"{url}?{urlencode({'level': level})}" if level else url)


@form_page
def peers(request: HttpRequest, number: str) -> HttpResponse:
    """The lead chooses the colleagues who rate the person anonymously, and the closing date."""
    employee = access_employee(request.user, number)
    require(can_lead_development(request.user, employee))
    template = "web/development/assessment_peers.html"
    try:
        policy = policy_in_force(today())
    except NoPolicyInForce:
        return render(request, template, {"e": employee, "no_policy": True})
    rules = policy.development.peer_rating
    targets, code = _step(request, policy, employee)
    candidates = list(peer_candidates(employee, user=request.user, as_of=today()))
    chosen = request.POST.getlist("peer")
    default_close = today() + dt.timedelta(days=rules.round_days)
    closes = request.POST.get("closes_on", default_close.isoformat())
    error = ""
    if request.method == "POST":
        try:
            try:
                closes_on = dt.date.fromisoformat(closes)
            except ValueError:
                closes_on = dt.date.min
            assessment = peer_round_open(
                actor=Actor(user=request.user, channel="web"),
                employee=employee,
                target_level_code=code,
                peer_numbers=chosen,
                closes_on=closes_on,
            )
        except ValidationFailed as exc:
            error = str(exc)
        else:
            messages.success(
                request,
                PEERS_CHOSEN
                % {
                    "count": len(chosen),
                    "name": employee.name,
                    "date": assessment.peer_closes_on.isoformat(),
                },
            )
            return redirect("person_development", number=employee.number)
    context = {
        "e": employee,
        "enabled": rules.enabled,
        "max_peers": rules.max_peers,
        "min_answers": rules.min_answers,
        "targets": targets,
        "code": code,
        "candidates": candidates,
        "chosen": set(chosen),
        "closes_on": closes,
        "error": error,
    }
    return render(request, template, context, status=400 if error else 200)


@form_page
def peer_form(request: HttpRequest, token: str) -> HttpResponse:
    """An invited peer's form: the profile's competencies, one answer, nothing else (never any result)."""
    me = user_employee(request.user)
    invitation = (
        PeerInvitation.objects.select_related("assessment__policy_version", "assessment__employee")
        .filter(token=token, peer=me)
        .first()
        if me is not None
        else None
    )
    if invitation is None:
        raise NotFoundOrForbidden()
    assessment_round_close_if_due(invitation.assessment_id, today())
    invitation.refresh_from_db()
    assessment = invitation.assessment
    assessment.refresh_from_db()
    policy = policy_parsed(assessment.policy_version)
    rows = _competency_rows(policy, assessment.target_level_code, request, evidence=False)
    error = ""
    if request.method == "POST":
        try:
            peer_answer(
                actor=Actor(user=request.user, channel="web"),
                token=token,
                scores={r["code"]: r["value"] for r in rows if r["value"] != ""},
            )
        except ValidationFailed as exc:
            error = str(exc)
        else:
            messages.success(request, PEER_THANKS)
            return redirect("home")
    context = {
        "person": assessment.employee,
        "level_name": _level_name(policy, assessment.target_level_code),
        "closes_on": assessment.peer_closes_on,
        "open": round_is_open(assessment, today()) and not invitation.answered,
        "answered": invitation.answered,
        "rows": rows,
        "error": error,
    }
    return render(request, "web/development/peer_form.html", context, status=400 if error else 200)
