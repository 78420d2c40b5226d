"""The what-if page: HR (or management) edits or uploads a draft policy and sees who would gain or lose
eligibility against the policy in force, on one date. Nothing is stored: the draft lives in the request."""

from __future__ import annotations

import contextlib
import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy

from serviceladder.core.i18n import pick
from serviceladder.eligibility.engine import ELIGIBLE
from serviceladder.eligibility.simulation import (
    KIND_LABELS,
    NOT_OPEN,
    STATUS_LABELS,
    WhatIf,
    explain_change,
    whatif_simulate,
)
from serviceladder.eligibility.whatif import ADDED, GAINED, LOST, REMOVED, STATUSES, Change, Tally
from serviceladder.org.selectors import today
from serviceladder.policy.errors import NoPolicyInForce, PolicyInvalid, UnknownPolicyVersion
from serviceladder.policy.selectors import policy_version_get, policy_version_in_force, policy_versions
from serviceladder.policy.services import normalise_text
from serviceladder.rules.explain import render_decision
from serviceladder.web import policy_form
from serviceladder.web.access import can_edit_policy, can_run_whatif, require
from serviceladder.web.methods import form_page

MAX_DRAFT_BYTES = 1_000_000
ROW_LIMIT = 500  # rows per table on the page; the command line lists everyone

NEED_DRAFT = gettext_lazy("Paste a draft policy into the box or choose a file.")
NOT_UTF8 = gettext_lazy("The file %(name)s is not UTF-8 text.")
TOO_LARGE = gettext_lazy("The file %(name)s is larger than 1 MB; a policy file is much smaller.")
BAD_DATE = gettext_lazy("Give the date to evaluate on as YYYY-MM-DD.")


def _parse_date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        return None


def _from_edit_form(request: HttpRequest) -> str:
    """The edit page's "Try a draft without saving" posts its whole form here: its fields are written into
    the YAML exactly as the edit page would before saving (values it cannot place are left to that page)."""
    from serviceladder.web.views.policy import _sections

    text = normalise_text(request.POST.get("yaml", ""))
    try:
        base = policy_version_get(request.POST.get("base", ""))
    except UnknownPolicyVersion:
        return text
    params = [p for s in _sections(base.content) for p in s.params()]
    submitted = policy_form.submitted_values(request.POST, params)
    text, _lost = policy_form.apply_params(text, params, submitted)
    return text


def _draft_text(request: HttpRequest) -> tuple[str, list[str]]:
    upload = request.FILES.get("draft_file")
    if upload is not None and upload.size:
        if upload.size > MAX_DRAFT_BYTES:
            return "", [str(TOO_LARGE % {"name": upload.name})]
        try:
            return normalise_text(upload.read().decode("utf-8-sig")), []
        except UnicodeDecodeError:
            return "", [str(NOT_UTF8 % {"name": upload.name})]
    if request.POST.get("action") == "whatif":
        return _from_edit_form(request), []
    text = request.POST.get("yaml", "")
    if not text.strip():
        return "", [str(NEED_DRAFT)]
    return normalise_text(text), []


def _signed(n: int) -> str:
    return f"{n:+d}" if n else "0"


def _tone(status: str, delta: int) -> str:
    """More people eligible reads as good news, fewer as bad; other moves stay neutral."""
    if status != ELIGIBLE or not delta:
        return ""
    return "up" if delta > 0 else "down"


def _cells(tally: Tally) -> list[dict]:
    return [
        {"status": s, "before": b, "after": a, "delta": d, "signed": _signed(d), "tone": _tone(s, d)}
        for s, b, a, d in tally.cells()
    ]


class _Names:
    """Level and team names for the page, from both policies and the people shown."""

    def __init__(self, result: WhatIf) -> None:
        self.levels: dict[str, str] = {}
        for policy in (result.current, result.draft):
            for code, (_track, level, _rank) in policy.levels().items():
                self.levels.setdefault(code, pick(level.name_zh, level.name_en))
        self.teams = {code: team.name for code, team in result.teams.items()}

    def level(self, code: str) -> dict:
        return {"code": code, "name": self.levels.get(code, "")}


def _row(change: Change, result: WhatIf, names: _Names, language: str) -> dict:
    e = result.people.get(change.employee)
    return {
        "number": change.employee,
        "name": e.name if e else "",
        "team": e.team.name if e and e.team_id else "",
        "from": names.level(change.from_level),
        "to": names.level(change.to_level),
        "kind": change.kind,
        "kind_label": KIND_LABELS[change.kind],
        "before_status": change.before_status or "none",
        "after_status": change.after_status or "none",
        "before": render_decision(change.before, language) if change.before else str(NOT_OPEN),
        "after": render_decision(change.after, language) if change.after else str(NOT_OPEN),
        "lines": explain_change(change, language),
    }


def _table(changes: list[Change], result: WhatIf, names: _Names, language: str) -> dict:
    return {
        "rows": [_row(c, result, names, language) for c in changes[:ROW_LIMIT]],
        "count": len(changes),
        "cut": len(changes) > ROW_LIMIT,
    }


def _counts(tallies: dict, label) -> list[dict]:
    return [
        {
            "key": key,
            "label": label(key),
            "cells": _cells(t),
            "total_before": t.total_before,
            "total_after": t.total_after,
        }
        for key, t in tallies.items()
    ]


def _present(result: WhatIf, draft_text: str) -> dict:
    """Everything the result part of the page shows, ready to print."""
    from serviceladder.web.views.policy import _diff_groups

    language = translation.get_language() or "en"
    names = _Names(result)
    c = result.comparison
    return {
        "as_of": result.as_of,
        "version": result.current_version,
        "policy_name": result.current.name,
        "draft_name": result.draft.name,
        "people_count": result.people_count,
        "counted_before": c.people.total_before,
        "counted_after": c.people.total_after,
        "summary": [dict(cell, label=STATUS_LABELS[cell["status"]]) for cell in _cells(c.people)],
        "gains": _table(c.gains, result, names, language),
        "newly_eligible": len(c.of_kind(GAINED)),
        "losses": _table(c.losses, result, names, language),
        "no_longer_eligible": len(c.of_kind(LOST)),
        "one_sided": _table(c.of_kind(ADDED, REMOVED), result, names, language),
        "by_team": _counts(c.by_team, lambda k: {"code": k or "", "name": names.teams.get(k, "")}),
        "by_level": _counts(c.by_level, names.level),
        "by_target": _counts(c.by_target, names.level),
        "unknown_levels": [{"code": k, "count": n} for k, n in result.unknown_levels.items()],
        "draft_changes": _diff_groups(result.current_content, draft_text),
    }


def _issue_rows(issues, text: str) -> list[dict]:
    """Each problem with the draft's lines around it (the box has no line numbers)."""
    lines = text.splitlines()
    out = []
    for issue in issues:
        context = []
        if issue.line and 0 < issue.line <= len(lines):
            for n in range(max(1, issue.line - 1), min(len(lines), issue.line + 1) + 1):
                line = lines[n - 1].rstrip()
                context.append(
                    {"n": n, "text": line if len(line) <= 70 else line[:69] + "…", "hit": n == issue.line}
                )
        out.append({"path": issue.path, "line": issue.line, "message": issue.message, "context": context})
    return out


@form_page
def whatif_page(request: HttpRequest) -> HttpResponse:
    require(can_run_whatif(request.user))
    in_force = None
    with contextlib.suppress(NoPolicyInForce):
        in_force = policy_version_in_force(today())
    start = in_force or policy_versions().first()
    if start is None:
        return render(request, "web/whatif/page.html", {"no_policy": True})
    context: dict = {
        "in_force": in_force,
        "start": start,
        "yaml_text": start.content,
        "as_of": today().isoformat(),
        "issues": [],
        "errors": [],
        "result": None,
        "can_edit": can_edit_policy(request.user),
        "statuses": [(s, STATUS_LABELS[s]) for s in STATUSES],
        "star_period": request.POST.get("star_period", ""),
        "bonus_month": request.POST.get("bonus_month", ""),
    }
    if request.method == "POST":
        text, errors = _draft_text(request)
        raw_date = request.POST.get("as_of", "")
        as_of = _parse_date(raw_date) if raw_date else today()
        if as_of is None:
            errors.append(str(BAD_DATE))
        context.update(yaml_text=text or request.POST.get("yaml", ""), as_of=raw_date or today().isoformat())
        if not errors:
            try:
                result = whatif_simulate(request.user, draft_text=text, as_of=as_of)
            except PolicyInvalid as exc:
                context["issues"] = _issue_rows(exc.issues, text)
            except NoPolicyInForce as exc:
                errors.append(str(exc))
            else:
                context["result"] = _present(result, text)
                part, part_errors = recognition_result(request, result.draft, as_of, request.POST)
                context["result"]["recognition"] = part
                if part_errors:  # a bad star period or bonus month: nothing is shown
                    context["result"] = None
                errors += part_errors
        context["errors"] = errors
        context["problem_count"] = len(errors) + len(context["issues"])
    status = 400 if context["issues"] or context["errors"] else 200
    return render(request, "web/whatif/page.html", context, status=status)


# ---------------------------------------------------------------- stars and bonus (issue 15)

PAY_ROWS = 20  # the people whose bonus changes most


def _money(value) -> str:
    return f"{value:,.2f}"


def _signed_money(value) -> str:
    return f"{value:+,.2f}" if value else "0.00"


def _star_rows(changes, stars, language: str) -> dict:
    from serviceladder.recognition.whatif_explain import KIND_LABELS, result_label, star_reasons

    rows = []
    for c in changes[:ROW_LIMIT]:
        e = stars.people.get(c.employee)
        rows.append(
            {
                "number": c.employee,
                "name": e.name if e else "",
                "team": e.team.name if e and e.team_id else "",
                "kind": c.kind,
                "kind_label": KIND_LABELS[c.kind],
                "before": result_label(c.before),
                "after": result_label(c.after),
                "lines": star_reasons(c, language),
            }
        )
    return {"rows": rows, "count": len(changes), "cut": len(changes) > ROW_LIMIT}


def _recognition_present(rec, teams: dict[str, str]) -> dict:
    """The stars and bonus sections of the result, ready to print. `teams`: team code → name."""
    from serviceladder.recognition.whatif_explain import SIMULATED_NOTE, line_note, tier_label

    language = translation.get_language() or "en"
    out: dict = {"stars": None, "pay": None, "pay_hidden": rec.pay_hidden}
    s = rec.stars
    if s is not None:
        c = s.comparison
        out["stars"] = {
            "period": s.period.code,
            "version": s.version,
            "rated_before": s.rated_before,
            "rated_after": s.rated_after,
            "counts": [
                {"label": tier_label(k), "before": b, "after": a, "delta": d, "signed": _signed(d)}
                for k, b, a, d in c.counts.cells()
            ],
            "gains": _star_rows(c.gains, s, language),
            "losses": _star_rows(c.losses, s, language),
        }
    p = rec.pay
    if p is not None:
        c = p.comparison

        def total(t, label):
            return {
                "label": label,
                "people": t.people,
                "before": _money(t.before),
                "after": _money(t.after),
                "difference": _signed_money(t.difference),
                "tone": "up" if t.difference > 0 else "down" if t.difference < 0 else "",
            }

        out["pay"] = {
            "month": p.month,
            "version": p.version,
            "simulated": str(SIMULATED_NOTE) % {"period": p.simulated_period} if p.simulated_period else "",
            "teams": [total(t, teams.get(t.team, t.team) if t.team else "") for t in c.by_team],
            "total": total(c.total, ""),
            "changed": c.changed,
            "largest": [
                {
                    "number": x.employee,
                    "name": p.people[x.employee].name if x.employee in p.people else "",
                    "team": teams.get(x.team, x.team or ""),
                    "before": _money(x.amount_before),
                    "after": _money(x.amount_after),
                    "before_note": line_note(x.before),
                    "after_note": line_note(x.after),
                    "difference": _signed_money(x.difference),
                    "tone": "up" if x.difference > 0 else "down" if x.difference < 0 else "",
                }
                for x in c.largest(PAY_ROWS)
            ],
        }
    return out


def recognition_result(request: HttpRequest, draft, as_of: dt.date, params) -> tuple[dict | None, list[str]]:
    """(the stars and bonus sections, errors) for the what-if page and a named draft's result page; the star
    period and the bonus month come from `params` (empty: the last ended ones)."""
    from serviceladder.core.errors import ValidationFailed
    from serviceladder.org.models import Team
    from serviceladder.recognition.selectors.whatif import recognition_whatif

    try:
        rec = recognition_whatif(
            request.user,
            draft=draft,
            as_of=as_of,
            star_period=(params.get("star_period") or "").strip() or None,
            bonus_month=(params.get("bonus_month") or "").strip() or None,
        )
    except ValidationFailed as exc:
        return None, [str(exc)]
    codes = set()
    if rec.stars is not None:
        codes |= {k for k in rec.stars.comparison.by_team if k}
    if rec.pay is not None:
        codes |= {t.team for t in rec.pay.comparison.by_team if t.team}
    teams = {t.code: t.name for t in Team.objects.filter(code__in=codes)}
    return _recognition_present(rec, teams), []
