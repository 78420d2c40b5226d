"""Readable, translatable labels for codes that appear in the audit log and role lists."""

from __future__ import annotations

from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from serviceladder.accounts.roles import Role

AUDIT_FIELDS = {
    "username": _("user"),
    "role": _("role"),
    "roles": _("roles"),
    "employee": _("employee"),
    "os_username": _("operating-system user"),
    "level": _("level"),
    "team": _("team"),
    "name": pgettext_lazy("audit field", "name"),
    "monthly_amount": _("monthly pay"),
    "effective_from": _("effective from"),
    "prefix": _("key prefix"),
    "address": _("client address"),
    "until": _("until"),
    "kind": _("kind"),
    "key": _("key"),
    "expires_at": _("expires"),
    "currency": _("currency"),
    "state": _("state"),
    "version": _("version"),
    "decision": _("decision"),
    "stage": _("stage"),
    "eligibility": _("eligibility"),
    "is_exception": _("exception application"),
    "exception_reason": _("why an exception"),
    "cycle": _("cycle"),
    "from_level": _("from level"),
    "target_level": _("target level"),
    "to_level": _("to level"),
    "nominated_by": _("nominated by"),
    "policy_version": _("policy version"),
    "opens_on": _("opens on"),
    "closes_on": _("closes on"),
    "quotas": _("quotas"),
    "sha256": _("checksum (SHA-256)"),
    "source": _("source"),
    "ladder": _("ladder"),
    "added": pgettext_lazy("audit field", "added"),
    "updated": pgettext_lazy("audit field", "updated"),
    "retired": pgettext_lazy("audit field", "retired"),
    "seed": _("random seed"),
    "months": _("months"),
    "logins": _("logins"),
    "departments": _("departments"),
    "teams": _("teams"),
    "employees": _("employees"),
    "level_assignments": _("level assignments"),
    "monthly_metrics": _("monthly figures"),
    "exam_results": _("exam results"),
    "violations": _("disciplinary records"),
    "trainings": _("trainings"),
    "pay_records": _("pay records"),
    "education": _("education"),
    "users": _("users"),
    "competency_confirmations": _("competency confirmations"),
    "file": _("file"),
    "size": _("size (bytes)"),
    "type": _("file type"),
    "removed_as": _("removed as"),
    "file_missing": _("file already missing"),
    "text": _("text"),
    "scheduled_at": _("scheduled for"),
    "scores": _("scores"),
    "result_note": _("result"),
    "final_amount": _("final pay"),
    "proposed_amount": _("proposed pay"),
    "published_on": _("published on"),
    "ends_on": _("notice ends on"),
    "provisional_years": _("provisional calendar years"),
    "outcome": _("outcome"),
    "open_appeals": _("appeals still open"),
    "ratings": _("ratings"),
    "required": _("required"),
    "calendar": _("calendar"),
    "years": _("years"),
    "days": _("days"),
    "date": _("date"),
    "mapping": _("mapping"),
    "replace_month": _("month replaced"),
    "rows": _("rows"),
    "created": pgettext_lazy("audit field", "created"),
    "unchanged": pgettext_lazy("audit field", "unchanged"),
    "requested_by": _("requested by"),
    "os_user": _("operating-system user"),
    "database_vendor": _("database"),
    "store_files": _("stored contact files"),
    "media_files": _("attachments"),
    "created_at": _("made at"),
    "forced": _("replaced existing data"),
    "opinion": _("opinion"),
    "department": _("department"),
    "manager": _("manager"),
    "hire_date": _("hire date"),
    "leave_date": _("leave date"),
    "email": _("e-mail"),
    "name_zh": _("Chinese name"),
    "name_en": _("English name"),
    "head": _("head"),
    "lead": _("team lead"),
    "achievements": _("achievements"),
    "capability_growth": _("growth in capability"),
    "role_understanding": _("understanding of the new role"),
    "plan": _("plan for the new role"),
    "month": _("month"),
    "metric": _("metric"),
    "score": _("score"),
    "exam_date": _("exam date"),
    "code": _("code"),
    "parameters": _("edited parameters"),
    # development: mentoring and the record
    "mentor": _("mentor"),
    "mentor_name": _("mentor's name"),
    "focus": _("focus"),
    "starts_on": _("starts on"),
    "mentorship_ends_on": _("mentorship ends on"),
    "every_weeks": _("meet every (weeks)"),
    "held_on": _("held on"),
    "notes": _("notes"),
    "next_steps": _("next steps"),
    "evidence": _("evidence"),
    "title": _("title"),
    "description": _("description"),
    # recognition: received
    "category": _("category"),
    "hidden": _("hidden"),
    "hidden_reason": _("reason for hiding"),
    "customer_reference": _("customer reference"),
    "imported_from": _("imported from"),
}

CHANNELS = {
    "web": _("web"),
    "cli": _("command line"),
    "api": _("API"),
    "system": _("system"),
}


def role_label(code: str) -> str:
    return str(Role(code).label) if code in Role.values else code


def audit_action_label(code: str) -> tuple[str, bool]:
    """(label, translated?) — unknown codes are shown as they are, marked as not translatable."""
    from serviceladder.audit.actions import ACTIONS

    if code in ACTIONS:
        return str(ACTIONS[code].label), True
    return code, False


ELIGIBILITY_STATUS = {
    "eligible": _("eligible now"),
    "not_yet": _("not yet"),
    "blocked": _("blocked"),
    "insufficient_data": _("not enough data"),
}
REMOVED_AS = {"uploader": _("the uploader"), "hr": _("HR")}


def audit_choice_label(key: str, value: str, action: str = "") -> str | None:
    """The label of a coded value (a state, a stage, a kind of application…), or None when it is not one."""
    from serviceladder.promotions.models import Appeal, Assessment, PromotionApplication, StageOpinion
    from serviceladder.promotions.states import State

    tables: dict[str, Any] = {
        "state": State,
        "stage": StageOpinion.Stage,
        "decision": StageOpinion.Decision,
        "outcome": Appeal.Outcome,
    }
    if action.startswith("development.plan_") or action.startswith("development.action_"):
        from serviceladder.development.models import ActionUpdate, DevelopmentPlan, PlanAction

        tables["outcome"] = DevelopmentPlan.Outcome
        tables["status"] = (
            ActionUpdate.Status if action == "development.action_update" else DevelopmentPlan.Status
        )
        tables["kind"] = PlanAction.Kind
    elif key == "kind" and action.startswith("promotion.assessment"):
        tables["kind"] = Assessment.Kind
    elif key == "kind" and action.startswith("promotion."):
        tables["kind"] = PromotionApplication.Kind
    elif key == "kind" and action.startswith("development.contribution"):
        from serviceladder.development.models import Contribution

        tables["kind"] = Contribution.Kind
    elif key in ("category", "source") and action.startswith("recognition."):
        from serviceladder.recognition.models import Recognition

        tables[key] = Recognition.Category if key == "category" else Recognition.Source
    if key in tables and value in tables[key].values:
        return str(tables[key](value).label)
    if key == "eligibility" and value in ELIGIBILITY_STATUS:
        return str(ELIGIBILITY_STATUS[value])
    if key == "removed_as" and value in REMOVED_AS:
        return str(REMOVED_AS[value])
    if key == "role" and value in Role.values:
        return role_label(value)
    if key == "channel" and value in CHANNELS:
        return str(CHANNELS[value])
    return None


# --- the promotion policy: one label source for the policy pages, the parameter form and the diff -----------

POLICY_FIELDS = {
    "min_months_in_level": _("Min. months in level"),
    "min_months_of_service": _("Min. months of service"),
    "exam.min_score": _("Exam min. score"),
    "exam.within_months": _("Exam within (months)"),
    "no_violations.months": _("No violations (months)"),
    "rank_streak.top_percent": _("Rank: top %"),
    "rank_streak.months": _("Rank: months in a row"),
    "rank_streak.peer_group": _("Rank: peer group"),
    "competency_confirmation": _("Competencies confirmed by the superior"),
    "trainings": _("Required trainings"),
    "kind": _("Kind of move"),
    "value": _("Threshold"),
    "threshold": _("Threshold"),
    "comparison": _("Comparison"),
    "aggregation": _("Counted as"),
    "improvement": _("Improvement"),
    "window": _("Window (months)"),
    "min_sample": _("Min. sample"),
    "application_months": _("Application months"),
    "notice_period_working_days": _("Notice (working days)"),
    "publication_day_counts": _("Publication day counts"),
    "appeal_deadline_days": _("Appeal deadline (days)"),
    "pay_rule.min_ratio": _("Pay ratio (min.)"),
    "pay_rule.above_band_max": _("Pay above the band maximum"),
    "quotas": _("Quota per cycle"),
    "holiday_calendar": _("Holiday calendar"),
    "process": _("Process"),
    "name": pgettext_lazy("policy", "Name"),
    "currency": _("Currency"),
    "schema_version": _("File format version"),
    "title.zh": _("Title (Chinese)"),
    "title.en": _("Title (English)"),
    "name_zh": _("Name (Chinese)"),
    "name_en": _("Name (English)"),
    "supervisory": _("Supervisory"),
    "pay_band.min": _("Pay band: minimum"),
    "pay_band.max": _("Pay band: maximum"),
    "levels": _("Levels"),
    "fcr_window_days": _("FCR: repeat contacts within (days)"),
    "on_time_sla_seconds": _("On-time response: within (seconds)"),
    "method": _("Method"),
    "performance_score": _("Performance score"),
    "performance_score.weights": _("Weights"),
    "metric_parameters": _("Metric parameters"),
    "normalisation": _("Normalisation"),
    # development planning (issue 14)
    "development": _("Development planning"),
    "enabled": _("Switched on"),
    "conversation_every_months": _("Career conversation every (months)"),
    "direction_review_after_months": _("Direction review after (months of service)"),
    "first_plan_within_days": _("First plan within (days of hire)"),
    "peer_rating.enabled": _("Peer rating"),
    "peer_rating.max_peers": _("Peer rating: most peers"),
    "peer_rating.min_answers": _("Peer rating: fewest answers shown"),
    "peer_rating.round_days": _("Peer rating: round lasts (days)"),
    "stage": _("Stage"),
    "track": _("Track"),
    "horizon_short": _("Short term (up to 6 months)"),
    "horizon_mid": _("Mid term (6 to 24 months)"),
    "horizon_long": _("Long term (2 to 5 years)"),
    "goals": _("Goals"),
    "actions": _("Actions"),
}
POLICY_GROUPS = {
    "transition": _("transition"),
    "level": _("level"),
    "track": _("track"),
    "competency": _("competency"),
    "training": _("training"),
    "policy": _("general"),
    "process": _("process"),
    "performance_score": _("performance score"),
    "metric_parameters": _("metric parameters"),
    "title": _("title"),
    "development": _("development planning"),
    "template": _("plan template"),
}
POLICY_VALUES = {
    "aggregation": {"mean": _("average over the window"), "worst_month": _("every month of the window")},
    "kind": {"promotion": _("promotion"), "lateral": _("lateral move"), "transfer": _("transfer")},
    "rank_streak.peer_group": {"level_department": _("same level and department")},
    "stage": {
        "new_hire": _("new hire"),
        "direction_review": _("direction review"),
        "track": _("track"),
    },
}


def _language() -> str:
    from django.utils.translation import get_language

    return "zh" if (get_language() or "").lower().startswith("zh") else "en"


def metric_label(code: str) -> str:
    """A metric's name as the eligibility pages write it ("CSAT", "满意度"); the code when unknown."""
    from serviceladder.rules.messages import METRIC_LABELS

    label = METRIC_LABELS.get(code, {}).get(_language())
    return capfirst(label) if label else code


def operator_label(comparison: str) -> str:
    from serviceladder.rules.messages import OPERATORS

    return OPERATORS.get(comparison, {}).get(_language(), comparison)


def metric_condition_label(metric: str, comparison: str = "") -> str:
    """ "CSAT, at least" — a metric condition's caption in the parameter form and the diff."""
    words = operator_label(comparison) if comparison else ""
    if not words:
        return metric_label(metric)
    return f"{metric_label(metric)}（{words}）" if _language() == "zh" else f"{metric_label(metric)}, {words}"


def policy_field_label(path: str) -> tuple[str, bool]:
    """(label, labelled?) for a key path of the policy file ("exam.min_score", "application_months")."""
    label = POLICY_FIELDS.get(path)
    if label is None and "." in path:
        label = POLICY_FIELDS.get(path.rsplit(".", 1)[-1])
    return (str(label), True) if label is not None else (path, False)


def month_names(months: list) -> str:
    from django.utils.dates import MONTHS

    names = [str(MONTHS[m]) if isinstance(m, int) and m in MONTHS else str(m) for m in months]
    return ("、" if _language() == "zh" else ", ").join(names)


def policy_value(path: str, value: Any) -> str:
    """A policy value as the policy pages show it: month names, yes/no, words for codes, lists spelt out."""
    last = path.rsplit(".", 1)[-1]
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if last == "application_months" and isinstance(value, list):
        return month_names(value)
    if last == "comparison":
        return operator_label(str(value))
    table = POLICY_VALUES.get(path) or POLICY_VALUES.get(last)
    if table and str(value) in table:
        return str(table[str(value)])
    if isinstance(value, list):
        return ("、" if _language() == "zh" else ", ").join(policy_value(path, v) for v in value) or "—"
    if isinstance(value, dict):
        return ("；" if _language() == "zh" else "; ").join(
            f"{k}: {policy_value(str(k), v)}" for k, v in value.items()
        )
    return str(value)
