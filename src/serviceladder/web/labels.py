"""Readable, translatable labels for codes that appear in the audit log and role lists."""

from __future__ import annotations

from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

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
    elif action.startswith("wellbeing.case_"):
        from serviceladder.wellbeing.models import Case
        from serviceladder.wellbeing.models.cases import ActionKind, Phase

        tables.update(kind=ActionKind, phase=Phase, close_reason=Case.CloseReason, state=Case.State)
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
    "exam.exam": _("Exam accepted"),
    "validity_months": _("Valid for (months)"),
    "renewal_days": _("Renew (days before expiry)"),
    "counts": _("Result that counts"),
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
    "promotion_training_due_months": _("Promotion training due (months)"),
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
    "exam": _("exam"),
    "policy": _("general"),
    "process": _("process"),
    "performance_score": _("performance score"),
    "metric_parameters": _("metric parameters"),
    "title": _("title"),
    "development": _("development planning"),
    "template": _("plan template"),
    # recognition (issue 15); a star tier's group is named by its stars ("5 stars")
    "stars": _("star-service ratings"),
    "performance_pay": _("performance pay"),
    "coaching": _("coaching"),
    "coaching_rule": _("coaching rule"),
    # wellbeing (issue 16): a signal's and a pulse question's group is named by its code
    "wellbeing": _("wellbeing"),
    "wellbeing_signal": _("wellbeing signal"),
    "pulse_question": _("pulse question"),
    "improvement_plans": _("improvement plans"),
}
POLICY_VALUES = {
    "aggregation": {"mean": _("average over the window"), "worst_month": _("every month of the window")},
    "kind": {"promotion": _("promotion"), "lateral": _("lateral move"), "transfer": _("transfer")},
    "rank_streak.peer_group": {"level_department": _("same level and department")},
    "counts": {"best": _("best result"), "latest": _("latest result")},
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


# --- recognition (issue 15): the stars:, performance_pay:, coaching: and improvement_plans: sections -----
# Keyed by the schema path of every field (list items without an index); a test walks policy/schema.py and
# fails when a field of these sections has no label here.

RECOGNITION_SECTIONS = ("stars", "performance_pay", "coaching", "improvement_plans")
RECOGNITION_FIELDS = {
    "stars": _("Star-service ratings"),
    "stars.enabled": _("Switched on"),
    "stars.period": _("Rating period"),
    "stars.peer_group": _("Peer group"),
    "stars.min_peer_group": _("Top-percent conditions from (peers)"),
    "stars.min_months_of_service": _("Rated from (months of service)"),
    "stars.wall_min_stars": _("Star wall shows from (stars)"),
    "stars.tiers": _("Tiers"),
    "stars.tiers.stars": _("Stars"),
    "stars.tiers.conditions": _("Conditions"),
    "stars.tiers.conditions.metric_thresholds": _("Metric thresholds over the period"),
    "stars.tiers.conditions.metric_thresholds.metric": _("Metric"),
    "stars.tiers.conditions.metric_thresholds.comparison": _("Comparison"),
    "stars.tiers.conditions.metric_thresholds.value": _("Threshold"),
    "stars.tiers.conditions.metric_thresholds.aggregation": _("Counted as"),
    "stars.tiers.conditions.metric_thresholds.min_sample": _("Min. sample"),
    "stars.tiers.conditions.rank": _("Rank in the peer group"),
    "stars.tiers.conditions.rank.top_percent": _("Rank: top % (every month)"),
    "stars.tiers.conditions.no_violations": _("No violations in the period"),
    "stars.tiers.conditions.recognition": _("Recognition received"),
    "stars.tiers.conditions.recognition.min_count": _("Recognitions: at least"),
    "stars.tiers.conditions.recognition.categories": _("Recognitions: categories"),
    "performance_pay": _("Performance pay"),
    "performance_pay.enabled": _("Switched on"),
    "performance_pay.basis": _("Coefficient by"),
    "performance_pay.base_by_level": _("Base bonus per level (monthly)"),
    "performance_pay.star_coefficients": _("Coefficient by star tier"),
    "performance_pay.score_bands": _("Performance-score bands"),
    "performance_pay.score_bands.from": _("Band from (score)"),
    "performance_pay.score_bands.coefficient": _("Coefficient"),
    "performance_pay.cap": _("Cap (monthly)"),
    "performance_pay.insufficient_data": _("Not enough data"),
    "performance_pay.adjustment_percent": _("HR adjustment up to ± %"),
    "performance_pay.proration": _("Proration"),
    "performance_pay.quarter_tier_months": _("A quarterly tier pays in"),
    "performance_pay.rounding": _("Rounding"),
    "coaching": _("Coaching from KPI drops"),
    "coaching.enabled": _("Switched on"),
    "coaching.follow_up_days": _("Follow-up after (days)"),
    "coaching.rules": _("Rules"),
    "coaching.rules.code": _("Code"),
    "coaching.rules.metric": _("Metric"),
    "coaching.rules.kind": _("Rule"),
    "coaching.rules.comparison": _("Comparison"),
    "coaching.rules.value": _("Threshold"),
    "coaching.rules.months": _("Months in a row"),
    "coaching.rules.drop": _("Drop of at least"),
    "coaching.rules.baseline_months": _("Own average over (months)"),
    "coaching.rules.min_sample": _("Min. sample"),
    "improvement_plans": _("Improvement plans (bottom band)"),
    "improvement_plans.enabled": _("Switched on"),
    "improvement_plans.bottom_percent": _("Bottom percent of the peer group"),
    "improvement_plans.months": _("Months in a row"),
    "improvement_plans.peer_group": _("Peer group"),
    "improvement_plans.min_peer_group": _("Applies from (peers)"),
    "improvement_plans.min_months_of_service": _("Not before (months of service)"),
    "improvement_plans.duration_months": _("Plan lasts (months)"),
}
RECOGNITION_VALUES = {
    "period": {"month": _("every month"), "quarter": _("every quarter")},
    "peer_group": {
        "level_department": _("same level and department"),
        "level_team": _("same level and team"),
        "level_company": _("same level, whole company"),
    },
    "aggregation": {
        "mean": _("mean of the period"),
        "every_month": _("every month of the period"),
        "worst_month": _("weakest month of the period"),
        "latest": _("last month of the period"),
    },
    "categories": {
        "customer_praise": _("customer praise"),
        "helping_colleague": _("helping a colleague"),
        "knowledge_base": _("knowledge-base contribution"),
        "going_beyond": _("going beyond"),
    },
    "basis": {"stars": _("star tier"), "score_band": _("performance-score band")},
    "insufficient_data": {
        "zero": _("no bonus"),
        "base": _("the base bonus"),
        "hold": _("held for HR"),
    },
    "proration": {"calendar_days": _("by calendar days"), "none": _("no proration")},
    "quarter_tier_months": {
        "same_quarter": _("the months of the same quarter"),
        "next_quarter": _("the months of the next quarter"),
    },
    "rounding": {
        "ROUND_HALF_UP": _("to 0.01, halves up"),
        "ROUND_HALF_EVEN": _("to 0.01, halves to even"),
        "ROUND_DOWN": _("to 0.01, down"),
    },
    "kind": {"below_threshold": _("below the threshold"), "drop": _("drop against own average")},
}


def recognition_field_label(path: str) -> tuple[str, bool]:
    """(label, labelled?) for a schema path of the four sections ("stars.period", "coaching.rules.drop")."""
    label = RECOGNITION_FIELDS.get(path)
    return (str(label), True) if label is not None else (path, False)


def recognition_value(path: str, value: Any) -> str:
    """A value of the four sections in words: codes as words, yes/no, lists spelt out."""
    table = RECOGNITION_VALUES.get(path.rsplit(".", 1)[-1])
    if isinstance(value, list):
        return ("、" if _language() == "zh" else ", ").join(recognition_value(path, v) for v in value) or "—"
    if table and str(value) in table:
        return str(table[str(value)])
    return policy_value(path, value)


def stars_word(n: Any) -> str:
    """ "5 stars", "1 star", "no star" (a coefficient for people without a tier)."""
    try:
        count = int(n)
    except (TypeError, ValueError):
        return str(n)
    if count == 0:
        return gettext("no star")
    return ngettext("%(n)s star", "%(n)s stars", count) % {"n": count}


# --- wellbeing (issue 16): the wellbeing: section -------------------------------------------------------
# Keyed by the schema path of every field (list items without an index); a test walks policy/schema.py and
# fails when a field of the section has no label here.

WELLBEING_FIELDS = {
    "wellbeing": _("Wellbeing and the career lifecycle"),
    "wellbeing.enabled": _("Switched on"),
    "wellbeing.agents_see_own_risk": _("Agents see their own risk level"),
    "wellbeing.act_when_signals": _('Risk "act" from (signals at once)'),
    "wellbeing.stages": _("Lifecycle stages"),
    "wellbeing.stages.entry_months": _("Entry stage (first months of service)"),
    "wellbeing.stages.trend_months": _("Trend read over (months)"),
    "wellbeing.stages.rise_points": _("Rising from (percentile points gained)"),
    "wellbeing.stages.decline_points": _("Declining from (percentile points lost)"),
    "wellbeing.stages.typical_months_in_level": _("Typical time in level (months)"),
    "wellbeing.stages.typical_months_by_level": _("Typical time per level (months)"),
    "wellbeing.signals": _("Signals"),
    "wellbeing.signals.code": _("Code"),
    "wellbeing.signals.kind": _("Signal"),
    "wellbeing.signals.level": _("Seriousness"),
    "wellbeing.signals.metric": _("Metric"),
    "wellbeing.signals.comparison": _("Acceptable when"),
    "wellbeing.signals.value": _("Threshold"),
    "wellbeing.signals.percent": _("Above the team median by (%)"),
    "wellbeing.signals.drop": _("Drop of at least"),
    "wellbeing.signals.months": _("Months"),
    "wellbeing.signals.baseline_months": _("Own average over (months)"),
    "wellbeing.signals.min_sample": _("Min. sample"),
    "wellbeing.signals.theme": _("Pulse theme"),
    "wellbeing.pulse": _("Pulse survey"),
    "wellbeing.pulse.questions": _("Questions"),
    "wellbeing.pulse.questions.code": _("Code"),
    "wellbeing.pulse.questions.theme": _("Theme"),
    "wellbeing.pulse.questions.zh": _("Question (Chinese)"),
    "wellbeing.pulse.questions.en": _("Question (English)"),
    "wellbeing.pulse.questions.high_is_bad": _("A high answer is the bad one"),
    "wellbeing.pulse.min_group": _("Results shown from (answers)"),
    "wellbeing.pulse.open_days": _("Open for (days)"),
    "wellbeing.pulse.benchmark_percent": _("Benchmark: exhausted (%)"),
    "wellbeing.voice": _("Voice channel"),
    "wellbeing.voice.answer_working_days": _("Answer due within (working days)"),
    "wellbeing.retention_months": _("Kept for (months)"),
}
WELLBEING_VALUES = {
    "kind": {
        "workload": _("workload above the team"),
        "worsening": _("worsening month after month"),
        "threshold": _("beyond a threshold"),
        "drop": _("drop against own average"),
        "plateau": _("plateau"),
        "setback": _("setback"),
        "pulse": _("shared pulse answers"),
    },
    "level": {"watch": _("watch"), "act": _("act")},
    "theme": {
        "exhaustion": _("exhaustion"),
        "achievement": _("sense of achievement"),
        "path_clarity": _("clarity of the path"),
        "respect": _("respect"),
        "other": _("other"),
    },
}


def wellbeing_field_label(path: str) -> tuple[str, bool]:
    """(label, labelled?) for a schema path of the wellbeing section ("wellbeing.signals.percent")."""
    label = WELLBEING_FIELDS.get(path)
    return (str(label), True) if label is not None else (path, False)


def wellbeing_value(path: str, value: Any) -> str:
    """A value of the wellbeing section in words: a signal's kind, level and theme, a metric's name."""
    leaf = path.rsplit(".", 1)[-1]
    table = (
        WELLBEING_VALUES.get(leaf) if path.startswith(("wellbeing.signals.", "wellbeing.pulse.")) else None
    )
    if table and str(value) in table:
        return str(table[str(value)])
    if leaf == "metric" and isinstance(value, str):
        return wellbeing_metric_label(value)
    return recognition_value(path, value)


def wellbeing_metric_label(code: str) -> str:
    """A signal's metric by name; the volume of contacts (workload) is not a policy metric but the sample
    size every month keeps."""
    from serviceladder.rules.messages import SAMPLE_LABELS

    if code == "contacts":
        return capfirst(SAMPLE_LABELS["contacts"][_language()])
    return metric_label(code)
