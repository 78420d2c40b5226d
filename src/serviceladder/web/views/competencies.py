"""The superior's competency confirmation form, reached from a person's profile."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import access_employee, can_confirm_competencies
from serviceladder.audit.services import Actor
from serviceladder.core.errors import ValidationFailed
from serviceladder.core.i18n import pick
from serviceladder.development.services.confirmations import competency_confirm
from serviceladder.org.selectors import level_as_of, today
from serviceladder.policy.errors import NoPolicyInForce
from serviceladder.policy.selectors import policy_in_force
from serviceladder.web.access import require
from serviceladder.web.methods import form_page

CONFIRMED = _("Competency confirmation for %(level)s recorded.")


def _targets(policy, current_code: str | None, asked: str = "") -> list[tuple[str, str]]:
    """The steps the policy opens from the person's current level whose target has a competency profile.

    A level asked for by name (a link from another page) is offered too, so the choice shown is the one rated;
    no other level is offered: a confirmation is for a step the person can take.
    """
    levels = policy.levels()
    codes = [t.to_level for t in policy.transitions if t.from_level == current_code]
    if asked in levels and asked not in codes:
        codes.append(asked)
    codes = list(dict.fromkeys(codes))
    return [(c, pick(levels[c][1].name_zh, levels[c][1].name_en)) for c in codes if levels[c][1].competencies]


@form_page
def confirm(request: HttpRequest, number: str) -> HttpResponse:
    employee = access_employee(request.user, number)
    require(can_confirm_competencies(request.user, employee))
    try:
        policy = policy_in_force(today())
    except NoPolicyInForce:
        return render(request, "web/competencies/confirm.html", {"e": employee, "no_policy": True})
    current = level_as_of(employee, today())
    asked = request.POST.get("level") or request.GET.get("level") or ""
    targets = _targets(policy, current.level.code if current else None, asked)
    code = asked or (targets[0][0] if targets else "")
    found = policy.levels().get(code)
    names = {c.code: pick(c.name_zh, c.name_en) for c in policy.competencies}
    profile = found[1].competencies if found else {}
    submitted = {c: request.POST.get(f"r:{c}", "") for c in profile}
    error = ""
    if request.method == "POST":
        try:
            competency_confirm(
                actor=Actor(user=request.user, channel="web"),
                employee=employee,
                target_level_code=code,
                ratings={c: v for c, v in submitted.items() if v != ""},
                note=request.POST.get("note", "")[:2000],
            )
        except ValidationFailed as exc:
            error = str(exc)
        else:
            level_name = pick(found[1].name_zh, found[1].name_en) if found else code
            messages.success(request, CONFIRMED % {"level": level_name})
            return redirect("person", number=employee.number)
    rows = [
        {
            "code": c,
            "name": names.get(c, c),
            "required": p,
            "value": submitted.get(c, ""),
            "choices": range(1, 6),
        }
        for c, p in profile.items()
    ]
    context = {
        "e": employee,
        "current": current,
        "targets": targets,
        "code": code,
        "level_name": pick(found[1].name_zh, found[1].name_en) if found else code,
        "rows": rows,
        "error": error,
        "note": request.POST.get("note", ""),
        "known": found is not None,
    }
    return render(request, "web/competencies/confirm.html", context, status=400 if error else 200)
