"""Named policy drafts: HR (or management) tunes the policy in the form, saves it under a name, reopens it
and runs the what-if simulation from it. A draft is never a policy version."""

from __future__ import annotations

import contextlib

import yaml
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy

from serviceladder.accounts.scoping import access_policy_draft, policy_drafts_visible_to
from serviceladder.audit.services import Actor
from serviceladder.core.errors import ValidationFailed
from serviceladder.eligibility.simulation import STATUS_LABELS, whatif_simulate
from serviceladder.eligibility.whatif import STATUSES
from serviceladder.org.selectors import today
from serviceladder.policy.drafts import policy_draft_delete, policy_draft_save
from serviceladder.policy.errors import NoPolicyInForce, PolicyInvalid, UnknownPolicyVersion
from serviceladder.policy.models import PolicyDraft, PolicyVersion
from serviceladder.policy.selectors import policy_version_get, policy_version_in_force, policy_versions
from serviceladder.policy.services import normalise_text
from serviceladder.policy.validation import check_policy_text
from serviceladder.web import policy_form
from serviceladder.web.access import can_run_whatif, require
from serviceladder.web.methods import form_page, read_only
from serviceladder.web.views.policy import FIELD_LOST, _level_names, _sections
from serviceladder.web.views.whatif import (
    BAD_DATE,
    _issue_rows,
    _parse_date,
    _present,
    recognition_result,
)

DRAFT_SAVED = gettext_lazy(
    "The draft “%(name)s” is saved. It is not a policy version and changes nothing in force."
)
DRAFT_DELETED = gettext_lazy("The draft “%(name)s” is deleted.")


def _base_for_new() -> PolicyVersion | None:
    with contextlib.suppress(NoPolicyInForce):
        return policy_version_in_force(today())
    return policy_versions().first()


def _edited(base: PolicyVersion, text: str) -> dict[str, str]:
    """The form's parameters whose value in `text` differs from the base version: what the draft changes."""
    before = {p.key: p.value for s in _sections(base.content) for p in s.params()}
    after = {p.key: p.value for s in _sections(text) for p in s.params()}
    return {key: value for key, value in after.items() if before.get(key) != value}


def _params_with_labels(draft: PolicyDraft) -> list[dict]:
    """The edited parameters as "label: old → new", labelled as the form labels them."""
    with contextlib.suppress(yaml.YAMLError):
        sections = _sections(draft.base_version.content)
        names = {p.key: (s.title, p.label, p.value) for s in sections for p in s.params()}
        return [
            {
                "section": names.get(key, ("", key, ""))[0],
                "label": names.get(key, ("", key, ""))[1],
                "old": names.get(key, ("", "", ""))[2],
                "new": value,
            }
            for key, value in draft.params.items()
        ]
    return []


@read_only
def draft_list(request: HttpRequest) -> HttpResponse:
    require(can_run_whatif(request.user))
    drafts = list(policy_drafts_visible_to(request.user))
    return render(
        request,
        "web/whatif/drafts.html",
        {
            "drafts": [{"draft": d, "count": len(d.params)} for d in drafts],
            "has_policy": _base_for_new() is not None,
        },
    )


@form_page
def draft_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require(can_run_whatif(request.user))
    draft = access_policy_draft(request.user, pk) if pk is not None else None
    base = draft.base_version if draft else _base_for_new()
    if base is None:
        return render(request, "web/whatif/draft.html", {"no_policy": True})
    if request.method == "POST" and draft is None:
        with contextlib.suppress(UnknownPolicyVersion):
            base = policy_version_get(request.POST.get("base", ""))
    start_text = draft.content if draft else base.content
    sections = _sections(start_text)
    params = [p for s in sections for p in s.params()]
    context: dict = {
        "draft": draft,
        "base": base,
        "name": draft.name if draft else "",
        "sections": sections,
        "yaml_text": start_text,
        "as_of": today().isoformat(),
        "errors": [],
        "name_error": "",
        "issues": [],
        "edited": _params_with_labels(draft) if draft else [],
    }
    if request.method == "POST" and request.POST.get("action") == "delete" and draft is not None:
        policy_draft_delete(actor=Actor(user=request.user, channel="web"), draft=draft)
        messages.success(request, DRAFT_DELETED % {"name": draft.name})
        return redirect("policy_drafts")
    if request.method == "POST":
        submitted = policy_form.submitted_values(request.POST, params)
        raw_text = normalise_text(request.POST.get("yaml", "") or start_text)
        text, lost = policy_form.apply_params(raw_text, params, submitted)
        for p in params:
            if p.name in submitted:
                p.value = submitted[p.name].strip()
        for p in lost:
            p.errors.append(str(FIELD_LOST))
        check = check_policy_text(text)
        by_key = {p.key: p for p in params}
        for issue in check.issues:
            target = policy_form.issue_param(by_key, issue.path)
            if target is not None:
                target.errors.append(issue.message)
        name = request.POST.get("name", "")
        context.update(name=name, yaml_text=raw_text, issues=_issue_rows(check.issues, text))
        if not check.issues and not lost:
            try:
                draft = policy_draft_save(
                    actor=Actor(user=request.user, channel="web"),
                    name=name,
                    base_version=base,
                    content=text,
                    params=_edited(base, text),
                    draft=draft,
                )
            except PolicyInvalid as exc:  # pragma: no cover - checked just above
                context["issues"] = _issue_rows(exc.issues, text)
            except ValidationFailed as exc:
                context["name_error"] = str(exc)
            else:
                messages.success(request, DRAFT_SAVED % {"name": draft.name})
                return redirect("policy_draft", pk=draft.pk)
        context["problem_count"] = len(context["issues"]) + (1 if context["name_error"] else 0) + len(lost)
        return render(request, "web/whatif/draft.html", context, status=400)
    return render(request, "web/whatif/draft.html", context)


@read_only
def draft_result(request: HttpRequest, pk: int) -> HttpResponse:
    require(can_run_whatif(request.user))
    draft = access_policy_draft(request.user, pk)
    raw_date = request.GET.get("as_of", "")
    as_of = _parse_date(raw_date) if raw_date else today()
    context: dict = {
        "draft": draft,
        "as_of": raw_date or today().isoformat(),
        "errors": [],
        "result": None,
        "statuses": [(s, STATUS_LABELS[s]) for s in STATUSES],
        "edited": _params_with_labels(draft),
        "star_period": request.GET.get("star_period", ""),
        "bonus_month": request.GET.get("bonus_month", ""),
        "level_names": _level_names(yaml.safe_load(draft.content)),
    }
    if as_of is None:
        context["errors"].append(str(BAD_DATE))
    else:
        try:
            result = whatif_simulate(request.user, draft_text=draft.content, as_of=as_of)
        except PolicyInvalid as exc:  # a draft whose base rules have since changed
            context["errors"].extend(i.render() for i in exc.issues)
        except NoPolicyInForce as exc:
            context["errors"].append(str(exc))
        else:
            context["result"] = {**_present(result, draft.content), "draft_name": draft.name}
            part, part_errors = recognition_result(request, result.draft, as_of, request.GET)
            context["result"]["recognition"] = part
            if part_errors:  # a bad star period or bonus month: nothing is shown
                context["result"] = None
            context["errors"].extend(part_errors)
    return render(request, "web/whatif/draft_result.html", context, status=400 if context["errors"] else 200)
