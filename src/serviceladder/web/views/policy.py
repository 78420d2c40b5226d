"""Policy history, diffs, stored files, and HR's parameter form (which always writes a new version)."""

from __future__ import annotations

import contextlib
import datetime as dt

import yaml
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from serviceladder.accounts.scoping import can_see_pay_bands
from serviceladder.audit.services import Actor
from serviceladder.core.i18n import pick
from serviceladder.org.selectors import today
from serviceladder.policy.diff import ADDED, REMOVED, diff_policies, is_missing
from serviceladder.policy.errors import NoPolicyInForce, PolicyInvalid, UnknownPolicyVersion
from serviceladder.policy.redaction import has_pay, redact_pay, redact_pay_text
from serviceladder.policy.selectors import policy_version_get, policy_version_in_force, policy_versions
from serviceladder.policy.services import content_sha256, normalise_text, policy_load
from serviceladder.policy.validation import check_policy_text
from serviceladder.web import labels, policy_form
from serviceladder.web.access import can_edit_policy, can_read_policy_history, require
from serviceladder.web.methods import form_page, read_only

NOTHING_CHANGED = gettext_lazy("Nothing changed: the edited file is the same as %(version)s.")
NEED_EFFECTIVE = gettext_lazy("Give the date from which the new version applies (YYYY-MM-DD).")
NEED_REASON = gettext_lazy("Say why the policy changes; the reason is kept with the version.")
PAY_HIDDEN = gettext_lazy("Pay bands are hidden: only HR and management see pay.")
FIELD_LOST = gettext_lazy(
    "This value is no longer in the YAML below (the key was moved or removed there); change it in the YAML."
)


def _in_force_number() -> int | None:
    try:
        return policy_version_in_force(today()).number
    except NoPolicyInForce:
        return None


@read_only
def history(request: HttpRequest) -> HttpResponse:
    require(can_read_policy_history(request.user))
    versions = list(policy_versions())
    context = {
        "versions": versions,
        "in_force": _in_force_number(),
        "can_edit": can_edit_policy(request.user),
        "today": today(),
        "pay_hidden": "" if can_see_pay_bands(request.user) else PAY_HIDDEN,
    }
    return render(request, "web/policy/history.html", context)


def _group_label(label: str) -> tuple[str, str]:
    """("transition", "CS1→CS2") → translated head word and the rest (codes stay as written)."""
    head, _sep, rest = label.partition(" ")
    word = labels.POLICY_GROUPS.get(head)
    return (str(word), rest) if word is not None else (label, "")


def _level_names(*datas) -> dict[str, str]:
    names: dict[str, str] = {}
    for data in datas:
        if not isinstance(data, dict):
            continue
        for track in data.get("tracks") or []:
            for level in (track or {}).get("levels") or [] if isinstance(track, dict) else []:
                if isinstance(level, dict) and level.get("code"):
                    names[str(level["code"])] = pick(
                        str(level.get("name_zh", "")), str(level.get("name_en", ""))
                    )
    return names


def _item_names(section: str, *datas) -> dict[str, str]:
    """code → name of the `trainings:` or `exams:` entries of the files, in the active language."""
    names: dict[str, str] = {}
    for data in datas:
        items = data.get(section) if isinstance(data, dict) else None
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and item.get("code"):
                names.setdefault(
                    str(item["code"]), pick(str(item.get("name_zh", "")), str(item.get("name_en", "")))
                )
    return names


def _comparisons(*datas) -> dict[str, str]:
    """metric → its comparison (">=") as the files write it, for captions like "CSAT, at least"."""
    out: dict[str, str] = {}
    for data in datas:
        stars = (data or {}).get("stars") if isinstance(data, dict) else None
        tiers = (stars.get("tiers") or []) if isinstance(stars, dict) else []
        for tr in ((data or {}).get("transitions") or [] if isinstance(data, dict) else []) + tiers:
            conditions = tr.get("conditions") if isinstance(tr, dict) else None
            if not isinstance(conditions, dict):
                continue
            for item in (conditions.get("metric_thresholds") or []) + (
                conditions.get("team_conditions") or []
            ):
                if isinstance(item, dict) and item.get("metric") and item.get("comparison"):
                    out.setdefault(str(item["metric"]), str(item["comparison"]))
    return out


def _change_label(path: str, names: dict[str, str], comparisons: dict[str, str]) -> tuple[str, bool]:
    """The label of one changed key, as the policy pages say it ("CSAT, at least · Threshold")."""
    for head, team in (("team metric ", True), ("metric ", False)):
        if path.startswith(head):
            item, _dot, field = path[len(head) :].partition(".")
            caption = labels.metric_condition_label(item, comparisons.get(item, ""))
            if team:
                caption = _("Team %(metric)s") % {"metric": caption}
            if not field:
                return caption, True
            field_label, _known = labels.policy_field_label(field)
            return f"{caption} · {field_label}", True
    if path.startswith("quotas."):
        code = path.split(".", 1)[1]
        return f"{labels.POLICY_FIELDS['quotas']} · {names.get(code) or code}", True
    return labels.policy_field_label(path)


def _change_text(path: str, c, schema_path: str = "") -> str:
    field = path.partition(".")[2] if path.startswith(("metric ", "team metric ")) else path

    def show(value) -> str:
        if schema_path.startswith("wellbeing."):
            return labels.wellbeing_value(schema_path, value)
        if schema_path:
            return labels.recognition_value(schema_path, value)
        return labels.policy_value(field, value)

    if is_missing(c.old):
        return f"{ADDED} ({show(c.new)})"
    if is_missing(c.new):
        return f"{REMOVED} ({show(c.old)})"
    return f"{show(c.old)} → {show(c.new)}"


# recognition (issue 15): the diff group of a change → the schema path its keys live under
_RECOGNITION_PREFIX = {
    "stars": "stars.",
    "star_tier": "stars.tiers.conditions.",
    "performance_pay": "performance_pay.",
    "coaching": "coaching.",
    "coaching_rule": "coaching.rules.",
    "improvement_plans": "improvement_plans.",
}
# wellbeing (issue 16): likewise
_WELLBEING_PREFIX = {
    "wellbeing": "wellbeing.",
    "wellbeing_signal": "wellbeing.signals.",
    "pulse_question": "wellbeing.pulse.questions.",
}


def _recognition_change(head: str, path: str, names: dict[str, str]) -> tuple[str, bool, str]:
    """(label, labelled?, schema path for the value's words) of a change in the four recognition sections."""
    schema = _RECOGNITION_PREFIX[head] + path
    if head == "performance_pay":
        section, _dot, item = path.partition(".")
        if section in {"base_by_level", "star_coefficients", "score_bands"} and item:
            caption, _known = labels.recognition_field_label("performance_pay." + section)
            if section == "base_by_level":
                what = f"{names[item]} ({item})" if names.get(item) else item
            elif section == "star_coefficients":
                what = labels.stars_word(item)
            else:
                what = _("score from %(score)s") % {"score": item}
            return f"{caption} · {what}", True, schema
    label, labelled = labels.recognition_field_label(schema)
    return label, labelled, schema


def _wellbeing_change(head: str, path: str, names: dict[str, str]) -> tuple[str, bool, str]:
    """(label, labelled?, schema path for the value's words) of a change in the wellbeing section."""
    schema = _WELLBEING_PREFIX[head] + path
    by_level = "stages.typical_months_by_level."
    if head == "wellbeing" and path.startswith(by_level):
        code = path[len(by_level) :]
        caption, _known = labels.wellbeing_field_label("wellbeing." + by_level.rstrip("."))
        what = f"{names[code]} ({code})" if names.get(code) else code
        return f"{caption} · {what}", True, "wellbeing." + by_level.rstrip(".")
    label, labelled = labels.wellbeing_field_label(schema)
    return label, labelled, schema


def _diff_groups(old_text: str, new_text: str, *, with_pay: bool = True) -> list[dict]:
    old, new = yaml.safe_load(old_text), yaml.safe_load(new_text)
    if not with_pay:  # the pay rule: bands and pay figures are not in the diff at all
        old, new = redact_pay(old), redact_pay(new)
    names = _level_names(old, new)
    comparisons = _comparisons(new, old)
    groups = []
    for label, changes in diff_policies(old, new):
        word, rest = _group_label(label)
        head = label.partition(" ")[0]
        if head == "star_tier":
            word, rest = labels.stars_word(label.partition(" ")[2].rstrip("'")), ""
        if head == "transition" and "→" in rest:
            a, _arrow, b = rest.partition("→")
            caption = f"{names.get(a, a)} → {names.get(b.rstrip(chr(39)), b)}"
        elif head == "level":
            caption = names.get(rest, "")
        elif head in ("training", "exam"):  # issue 17: a training's or an exam's name next to its code
            caption = _item_names(head + "s", new, old).get(rest.rstrip("'"), "")
        else:
            caption = ""
        rows = []
        for c in changes:
            schema = ""
            if not c.key:
                key, labelled = "", True
            elif head in _RECOGNITION_PREFIX and not c.path.startswith("metric "):
                key, labelled, schema = _recognition_change(head, c.path, names)
            elif head in _WELLBEING_PREFIX:
                key, labelled, schema = _wellbeing_change(head, c.path, names)
            else:
                key, labelled = _change_label(c.path, names, comparisons)
            rows.append(
                {
                    "key": key,
                    "labelled": labelled,
                    "text": _change_text(c.path, c, schema) if c.key else "",
                    "added": not c.key and c.old is None,
                }
            )
        groups.append(
            {"word": word[:1].upper() + word[1:], "rest": rest, "caption": caption, "changes": rows}
        )
    return groups


@read_only
def diff(request: HttpRequest) -> HttpResponse:
    require(can_read_policy_history(request.user))
    versions = list(policy_versions())
    a = b = None
    error = ""
    try:
        if request.GET.get("b"):
            b = policy_version_get(request.GET["b"])
        elif versions:
            b = versions[0]
        if request.GET.get("a"):
            a = policy_version_get(request.GET["a"])
        elif b is not None:
            a = next((v for v in versions if v.number < b.number), None)
    except UnknownPolicyVersion as exc:
        error = str(exc)
    with_pay = can_see_pay_bands(request.user)
    groups = pay_hidden = None
    if a is not None and b is not None and not error:
        groups = _diff_groups(a.content, b.content, with_pay=with_pay)
        pay_hidden = not with_pay and any(has_pay(yaml.safe_load(v.content)) for v in (a, b))
    context = {
        "versions": versions,
        "a": a,
        "b": b,
        "groups": groups,
        "error": error,
        "pay_hidden": PAY_HIDDEN if pay_hidden else "",
    }
    return render(request, "web/policy/diff.html", context, status=404 if error else 200)


@read_only
def recognition_rules(request: HttpRequest) -> HttpResponse:
    """Star tiers, performance pay, coaching rules and the bottom band of a version, in words and tables
    (the version in force unless ?version=vN); bonus amounts only for people who may see pay."""
    from serviceladder.policy.selectors import policy_parsed
    from serviceladder.web.policy_recognition import recognition_view

    require(can_read_policy_history(request.user))
    versions = list(policy_versions())
    version = None
    error = ""
    try:
        if request.GET.get("version"):
            version = policy_version_get(request.GET["version"])
        else:
            version = policy_version_in_force(today())
    except UnknownPolicyVersion as exc:
        error = str(exc)
    except NoPolicyInForce:
        version = versions[0] if versions else None
    with_pay = can_see_pay_bands(request.user)
    context = {
        "versions": versions,
        "version": version,
        "error": error,
        "sections": recognition_view(policy_parsed(version), with_pay=with_pay) if version else [],
        "pay_hidden": "" if with_pay else PAY_HIDDEN,
    }
    return render(request, "web/policy/recognition.html", context, status=404 if error else 200)


@read_only
def wellbeing_rules(request: HttpRequest) -> HttpResponse:
    """The wellbeing section of a version in words (the version in force unless ?version=vN)."""
    from serviceladder.policy.selectors import policy_parsed
    from serviceladder.web.policy_wellbeing import wellbeing_view

    require(can_read_policy_history(request.user))
    versions = list(policy_versions())
    version = None
    error = ""
    try:
        if request.GET.get("version"):
            version = policy_version_get(request.GET["version"])
        else:
            version = policy_version_in_force(today())
    except UnknownPolicyVersion as exc:
        error = str(exc)
    except NoPolicyInForce:
        version = versions[0] if versions else None
    context = {
        "versions": versions,
        "version": version,
        "error": error,
        "view": wellbeing_view(policy_parsed(version)) if version else None,
    }
    return render(request, "web/policy/wellbeing.html", context, status=404 if error else 200)


@read_only
def version_file(request: HttpRequest, number: int) -> HttpResponse:
    require(can_read_policy_history(request.user))
    version = policy_version_get(number)
    download = request.GET.get("download") == "1"
    content = version.content
    if not can_see_pay_bands(request.user):
        content, _hidden = redact_pay_text(content, note=str(PAY_HIDDEN))
    response = HttpResponse(
        content, content_type=("application/yaml" if download else "text/plain") + "; charset=utf-8"
    )
    if download:
        filename = f"{version.name}-{version.label}.yaml"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _labels() -> dict[str, str]:
    """The parameter form's labels, from the one label source the diff uses too (web.labels)."""
    keys = {
        "min_months_in_level": "min_months_in_level",
        "min_months_of_service": "min_months_of_service",
        "exam_min_score": "exam.min_score",
        "exam_within_months": "exam.within_months",
        "exam_exam": "exam.exam",
        "validity_months": "validity_months",
        "renewal_days": "renewal_days",
        "counts": "counts",
        "competency_confirmation": "competency_confirmation",
        "improvement": "improvement",
        "weights": "performance_score.weights",
        "performance_score": "performance_score",
        "metric_parameters": "metric_parameters",
        "fcr_window_days": "fcr_window_days",
        "on_time_sla_seconds": "on_time_sla_seconds",
        "holiday_calendar": "holiday_calendar",
        "no_violations_months": "no_violations.months",
        "rank_top_percent": "rank_streak.top_percent",
        "rank_months": "rank_streak.months",
        "value": "value",
        "window": "window",
        "min_sample": "min_sample",
        "application_months": "application_months",
        "notice_period_working_days": "notice_period_working_days",
        "publication_day_counts": "publication_day_counts",
        "appeal_deadline_days": "appeal_deadline_days",
        "promotion_training_due_months": "promotion_training_due_months",
        "pay_ratio": "pay_rule.min_ratio",
        "quotas": "quotas",
        "process": "process",
        "development": "development",
        "development_enabled": "enabled",
        "conversation_every_months": "conversation_every_months",
        "direction_review_after_months": "direction_review_after_months",
        "first_plan_within_days": "first_plan_within_days",
        "peer_rating": "peer_rating.enabled",
    }
    out = {name: str(labels.POLICY_FIELDS[path]) for name, path in keys.items()}
    out["team_metric"] = _("Team %(metric)s")
    out["trainings_and_exams"] = _("Trainings and exams")
    out["recognition"] = "1"  # the stars, pay, coaching and bottom-band sections (labels from web.labels)
    return out


def _sections(text: str) -> list[policy_form.Section]:
    data = yaml.safe_load(text)
    return policy_form.parameter_sections(data, _labels(), _level_names(data))


def _parse_date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        return None


@form_page
def edit(request: HttpRequest) -> HttpResponse:
    require(can_edit_policy(request.user))
    versions = list(policy_versions())
    if not versions:
        return render(request, "web/policy/edit.html", {"no_policy": True})
    try:
        start = policy_version_in_force(today())
    except NoPolicyInForce:
        start = versions[0]
    if request.method == "POST":
        with contextlib.suppress(UnknownPolicyVersion):
            start = policy_version_get(request.POST.get("base", ""))
    sections = _sections(start.content)
    params = [p for s in sections for p in s.params()]
    context: dict = {
        "base": start,
        "sections": sections,
        "yaml_text": start.content,
        "effective": (today() + dt.timedelta(days=1)).isoformat(),
        "reason": "",
        "errors": [],
        "issues": [],
        "preview": None,
    }
    if request.method == "POST":
        action = request.POST.get("action", "preview")
        submitted = policy_form.submitted_values(request.POST, params)
        raw_text = normalise_text(request.POST.get("yaml", ""))
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
        errors = [str(FIELD_LOST) + f" ({p.key})" for p in lost]
        effective = _parse_date(request.POST.get("effective", ""))
        reason = request.POST.get("reason", "").strip()
        context.update(
            yaml_text=raw_text,
            effective=request.POST.get("effective", ""),
            reason=reason,
            issues=check.issues,
        )
        unchanged = content_sha256(text) == start.sha256
        if action == "save" and not check.issues and not lost:
            if effective is None:
                errors.append(str(NEED_EFFECTIVE))
            if not reason:
                errors.append(str(NEED_REASON))
            if not errors and unchanged:
                messages.info(request, NOTHING_CHANGED % {"version": start.label})
                return redirect("policy_history")
            if not errors:
                try:
                    result = policy_load(
                        actor=Actor(user=request.user, channel="web"),
                        text=text,
                        effective=effective,
                        source_name=_("web form (from %(version)s)") % {"version": start.label},
                        note=reason,
                    )
                except PolicyInvalid as exc:  # pragma: no cover - validated just above
                    context["issues"] = exc.issues
                else:
                    level = messages.SUCCESS if result.created else messages.INFO
                    messages.add_message(request, level, result.message)
                    return redirect("policy_history")
        context["errors"] = errors
        context["problem_count"] = len(errors) + len(context["issues"])
        if not check.issues and not lost:
            context["preview"] = {"groups": _diff_groups(start.content, text), "unchanged": unchanged}
        if request.htmx and action == "preview":
            response = render(request, "web/policy/_preview.html", context)
            patch_vary_headers(response, ("HX-Request",))
            return response
    status = 400 if context["issues"] or context["errors"] else 200
    return render(request, "web/policy/edit.html", context, status=status)
