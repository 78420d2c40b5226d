"""Read a policy file and report every problem with its key path, line, what was found and what is allowed.

Three passes: YAML syntax (with duplicate-key detection, which PyYAML would silently swallow), the pydantic
schema (types and single-field ranges), and cross-field rules. All problems of a pass are reported together;
a later pass runs only when the earlier one found nothing, because its input would be meaningless.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, get_args

import yaml
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError

from serviceladder.policy.schema import Policy, Strict
from serviceladder.rules.metrics import METRICS, describe_range
from serviceladder.rules.periods import shortest_span_days
from serviceladder.workcalendar.workdays import is_known_calendar

Path = tuple[str | int, ...]

# Message codes. Tests import these; the texts are translatable and take %(found)s / %(allowed)s.
YAML_SYNTAX = "yaml_syntax"
NOT_A_MAPPING = "not_a_mapping"
DUPLICATE_KEY = "duplicate_key"
MISSING_KEY = "missing_key"
UNKNOWN_KEY = "unknown_key"
NOT_ALLOWED_VALUE = "not_allowed_value"
OUT_OF_RANGE = "out_of_range"
WRONG_TYPE = "wrong_type"
BAD_FORMAT = "bad_format"
TOO_FEW_ITEMS = "too_few_items"
NOT_A_NUMBER = "not_a_number"
INVALID = "invalid"
DUPLICATE_CODE = "duplicate_code"
UNKNOWN_LEVEL = "unknown_level"
SELF_TRANSITION = "self_transition"
DUPLICATE_TRANSITION = "duplicate_transition"
NOT_UPWARD = "promotion_not_upward"
UNKNOWN_METRIC = "unknown_metric"
THRESHOLD_OUT_OF_RANGE = "threshold_out_of_range"
UNKNOWN_COMPETENCY = "unknown_competency"
UNKNOWN_TRAINING = "unknown_training"
# exams (issue 17): a condition names an exam of `exams:`; names match imported results, so are unique
UNKNOWN_EXAM = "unknown_exam"
DUPLICATE_EXAM_NAME = "duplicate_exam_name"
# a certification's renewal window opens after the day of completion (learning.engine.renewal)
RENEWAL_TOO_LONG = "renewal_too_long"
PAY_BAND_INVERTED = "pay_band_inverted"
WEIGHTS_SUM = "weights_sum"
NO_WEIGHTS = "no_weights"
UNKNOWN_CALENDAR = "unknown_calendar"
VALUE_OR_IMPROVEMENT = "value_or_improvement"
TEAM_NOT_SUPERVISORY = "team_condition_not_supervisory"
DUPLICATE_VALUE = "duplicate_value"
UNKNOWN_TRACK = "unknown_track"
TEMPLATE_TRACK_NEEDED = "template_track_needed"
TEMPLATE_TRACK_NOT_ALLOWED = "template_track_not_allowed"
# performance_pay (issue 15, item 3)
PAY_LEVEL_WITHOUT_BASE = "pay_level_without_base"
PAY_STAR_COEFFICIENT_MISSING = "pay_star_coefficient_missing"
PAY_COEFFICIENTS_DECREASE = "pay_coefficients_decrease"
PAY_BANDS_NOT_ASCENDING = "pay_bands_not_ascending"
PAY_BANDS_START = "pay_bands_start"
PAY_NEEDS_STARS = "pay_needs_stars"
PAY_LEVEL_NEVER_RATED = "pay_level_never_rated"
# stars
STARS_NO_TIERS = "stars_no_tiers"
STARS_DUPLICATE_TIER = "stars_duplicate_tier"
STARS_WALL_ABOVE_TIERS = "stars_wall_above_tiers"
STARS_METRIC_NOT_MONTHLY = "stars_metric_not_monthly"
# coaching
COACHING_THRESHOLD_NEEDED = "coaching_threshold_needed"
COACHING_DROP_NEEDED = "coaching_drop_needed"
COACHING_KEY_NOT_FOR_KIND = "coaching_key_not_for_kind"
# wellbeing
WELLBEING_KEY_NEEDED = "wellbeing_key_needed"
WELLBEING_KEY_NOT_FOR_KIND = "wellbeing_key_not_for_kind"
WELLBEING_DROP_NEEDED = "wellbeing_drop_needed"
WELLBEING_PULSE_VALUE = "wellbeing_pulse_value"
WELLBEING_THEME_NOT_ASKED = "wellbeing_theme_not_asked"
WELLBEING_QUESTION_COUNT = "wellbeing_question_count"
WELLBEING_EXHAUSTION_QUESTION = "wellbeing_exhaustion_question"

MESSAGES = {
    YAML_SYNTAX: _("The file is not valid YAML: %(found)s."),
    NOT_A_MAPPING: _("The file must be a mapping of keys to values; found %(found)s."),
    DUPLICATE_KEY: _("The key %(found)s appears twice; each key may appear once."),
    MISSING_KEY: _("A required key is missing; needed: %(allowed)s."),
    UNKNOWN_KEY: _("Unknown key %(found)s; allowed here: %(allowed)s."),
    NOT_ALLOWED_VALUE: _("The value %(found)s is not allowed; allowed: %(allowed)s."),
    OUT_OF_RANGE: _("The value %(found)s is out of range; allowed: %(allowed)s."),
    WRONG_TYPE: _("The value %(found)s has the wrong type; expected %(allowed)s."),
    BAD_FORMAT: _("The value %(found)s has the wrong format; expected %(allowed)s."),
    TOO_FEW_ITEMS: _("Too few entries (%(found)s); needed: %(allowed)s."),
    NOT_A_NUMBER: _(
        "The value %(found)s is not a number; write a number such as 4.5, or a rate as 0.95 or 95%%."
    ),
    INVALID: _("The value %(found)s is not valid: %(allowed)s."),
    DUPLICATE_CODE: _("The code %(found)s is used more than once; codes must be unique (%(allowed)s)."),
    UNKNOWN_LEVEL: _("No level has the code %(found)s; levels in this file: %(allowed)s."),
    SELF_TRANSITION: _("A transition leads from %(found)s to itself; from and to must differ."),
    DUPLICATE_TRANSITION: _("The transition %(found)s is defined more than once."),
    NOT_UPWARD: _(
        "The promotion %(found)s does not go up its track; use kind: lateral for a move down or sideways "
        "(%(allowed)s)."
    ),
    UNKNOWN_METRIC: _("Unknown metric %(found)s; known metrics: %(allowed)s."),
    THRESHOLD_OUT_OF_RANGE: _("The threshold %(found)s is outside the metric's range; allowed: %(allowed)s."),
    UNKNOWN_COMPETENCY: _("Unknown competency %(found)s; competencies in this file: %(allowed)s."),
    UNKNOWN_TRAINING: _("Unknown training %(found)s; trainings in this file: %(allowed)s."),
    UNKNOWN_EXAM: _("Unknown exam %(found)s; exams in this file (exams:): %(allowed)s."),
    RENEWAL_TOO_LONG: _(
        "A renewal %(found)s days before expiry is as long as the validity; allowed: %(allowed)s days."
    ),
    DUPLICATE_EXAM_NAME: _(
        "The exam name %(found)s is used by more than one exam; imported results are matched on names, so "
        "each exam needs its own (%(allowed)s)."
    ),
    PAY_BAND_INVERTED: _("The pay band minimum %(found)s is above its maximum; allowed: %(allowed)s."),
    WEIGHTS_SUM: _("The performance score weights add up to %(found)s; they must add up to %(allowed)s."),
    NO_WEIGHTS: _("The weighted performance score needs at least one weight (%(allowed)s)."),
    UNKNOWN_CALENDAR: _("Unknown holiday calendar %(found)s; allowed: %(allowed)s."),
    VALUE_OR_IMPROVEMENT: _("A team condition needs exactly one of value or improvement; found %(found)s."),
    TEAM_NOT_SUPERVISORY: _(
        "Team conditions judge the team a person leads, so the transition must start at a supervisory level; "
        "%(found)s is not supervisory."
    ),
    DUPLICATE_VALUE: _("The value %(found)s is listed more than once."),
    UNKNOWN_TRACK: _("No track has the code %(found)s; tracks in this file: %(allowed)s."),
    TEMPLATE_TRACK_NEEDED: _(
        "A template of stage track names the track it is for; add track: with one of %(allowed)s."
    ),
    TEMPLATE_TRACK_NOT_ALLOWED: _(
        "Only a template of stage track names a track; this one is for the stage %(found)s, so remove track:."
    ),
    PAY_LEVEL_WITHOUT_BASE: _(
        "The level %(found)s is held by agents but has no base bonus; add it to base_by_level (%(allowed)s)."
    ),
    PAY_STAR_COEFFICIENT_MISSING: _(
        "No coefficient for %(found)s stars; star_coefficients needs every tier from 0 to %(allowed)s."
    ),
    PAY_COEFFICIENTS_DECREASE: _(
        "The coefficient %(found)s is lower than the one below it; a better tier or band never pays less "
        "(%(allowed)s)."
    ),
    PAY_BANDS_NOT_ASCENDING: _(
        "The score band starting at %(found)s is not above the band before it; list bands in ascending "
        "order (%(allowed)s)."
    ),
    PAY_BANDS_START: _(
        "The first score band starts at %(found)s; it must start at 0 so that every score has a band."
    ),
    PAY_LEVEL_NEVER_RATED: _(
        "The level %(found)s is supervisory: star ratings never rate it, so a bonus by star tier would be "
        "held every month; leave it out of base_by_level (levels rated: %(allowed)s)."
    ),
    PAY_NEEDS_STARS: _(
        "Performance pay by star tier needs star ratings: set stars.enabled to true, or use basis: "
        "score_band."
    ),
    # stars
    STARS_NO_TIERS: _(
        "Star ratings are switched on but no tier is defined; add at least one tier (%(allowed)s)."
    ),
    STARS_DUPLICATE_TIER: _(
        "The tier of %(found)s stars is defined more than once; each tier may appear once."
    ),
    STARS_WALL_ABOVE_TIERS: _(
        "The star wall shows tiers of %(found)s stars and above, but the highest tier is %(allowed)s stars: "
        "nobody would ever be shown."
    ),
    STARS_METRIC_NOT_MONTHLY: _(
        "The metric %(found)s is not a monthly figure, so a rating period cannot be judged on it; "
        "use one of %(allowed)s."
    ),
    # coaching
    COACHING_THRESHOLD_NEEDED: _(
        "A below_threshold coaching rule needs %(allowed)s (what meeting the threshold is); "
        "%(found)s is missing."
    ),
    COACHING_DROP_NEEDED: _(
        "A drop coaching rule needs a drop greater than 0 (in the metric's units); found %(found)s."
    ),
    COACHING_KEY_NOT_FOR_KIND: _(
        "The key %(found)s does not apply to a coaching rule of this kind; remove it (%(allowed)s)."
    ),
    # wellbeing
    WELLBEING_KEY_NEEDED: _(
        "A wellbeing signal of this kind needs the key %(found)s (keys of this kind: %(allowed)s)."
    ),
    WELLBEING_KEY_NOT_FOR_KIND: _(
        "The key %(found)s does not apply to a wellbeing signal of this kind; remove it (keys of this kind: "
        "%(allowed)s)."
    ),
    WELLBEING_DROP_NEEDED: _(
        "A drop signal needs a drop greater than 0 (in the metric's units); found %(found)s."
    ),
    WELLBEING_PULSE_VALUE: _(
        "A pulse signal's value is an answer on the pulse scale; found %(found)s, allowed: %(allowed)s."
    ),
    WELLBEING_THEME_NOT_ASKED: _(
        "No pulse question has the theme %(found)s, so this signal could never fire; themes asked: "
        "%(allowed)s."
    ),
    WELLBEING_QUESTION_COUNT: _(
        "The pulse has %(found)s questions; a pulse asks %(allowed)s (or none: no pulse)."
    ),
    WELLBEING_EXHAUSTION_QUESTION: _(
        "The pulse needs exactly one question on the exhaustion theme (the benchmark reads it); "
        "found %(found)s."
    ),
}

WEIGHT_TOLERANCE = Decimal("0.000001")


@dataclass(frozen=True)
class PolicyIssue:
    code: str
    path: str
    line: int | None
    found: str = ""
    allowed: str = ""

    @property
    def message(self) -> str:
        template = MESSAGES.get(self.code, MESSAGES[INVALID])
        return str(template) % {"found": self.found, "allowed": self.allowed}

    def render(self) -> str:
        where = self.path or str(_("(file)"))
        if self.line is not None:
            where = str(_("%(path)s (line %(line)s)")) % {"path": where, "line": self.line}
        return f"{where}: {self.message} [{self.code}]"


@dataclass
class PolicyCheck:
    """The outcome of reading a policy file: the parsed policy, or the issues."""

    policy: Policy | None
    data: Any = None
    issues: list[PolicyIssue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.policy is not None and not self.issues


def format_path(path: Path) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


# ---------------------------------------------------------------- YAML with line numbers


class _LineMap:
    def __init__(self) -> None:
        self.lines: dict[Path, int] = {}

    def line(self, path: Path) -> int | None:
        for cut in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:cut]))
            if line is not None:
                return line
        return None


def _walk(node: yaml.Node, path: Path, lines: _LineMap, issues: list[PolicyIssue]) -> None:
    lines.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark)
            child = (*path, key)
            if key in seen:
                issues.append(
                    PolicyIssue(DUPLICATE_KEY, format_path(child), key_node.start_mark.line + 1, key)
                )
                continue
            seen.add(key)
            lines.lines[child] = key_node.start_mark.line + 1
            _walk(value_node, child, lines, issues)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines, issues)


def load_yaml(text: str) -> tuple[Any, _LineMap, list[PolicyIssue]]:
    """Parse safely (no Python tags), keeping the line of every key and list item."""
    lines = _LineMap()
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, lines, [PolicyIssue(NOT_A_MAPPING, "", 1, str(_("an empty file")))]
        issues: list[PolicyIssue] = []
        _walk(node, (), lines, issues)
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and context_mark is not None and context_mark is not mark:
            problem = f"{problem} ({context}, line {context_mark.line + 1})"
        return None, lines, [PolicyIssue(YAML_SYNTAX, "", mark.line + 1 if mark else None, problem)]
    finally:
        loader.dispose()
    return data, lines, issues


# ---------------------------------------------------------------- pydantic errors

_TYPE_CODES = {
    "missing": MISSING_KEY,
    "extra_forbidden": UNKNOWN_KEY,
    "literal_error": NOT_ALLOWED_VALUE,
    "enum": NOT_ALLOWED_VALUE,
    "greater_than": OUT_OF_RANGE,
    "greater_than_equal": OUT_OF_RANGE,
    "less_than": OUT_OF_RANGE,
    "less_than_equal": OUT_OF_RANGE,
    "too_short": TOO_FEW_ITEMS,
    "string_too_short": BAD_FORMAT,
    "string_too_long": BAD_FORMAT,
    "string_pattern_mismatch": BAD_FORMAT,
    "decimal_max_digits": BAD_FORMAT,
    "decimal_max_places": BAD_FORMAT,
    "decimal_whole_digits": BAD_FORMAT,
    "not_a_number": NOT_A_NUMBER,
}
_EXPECTED_TYPES = {
    "int": "an integer",
    "decimal": "a number",
    "float": "a number",
    "bool": "true or false",
    "string": "text",
    "list": "a list",
    "dict": "a mapping",
    "model": "a mapping",
}


def _allowed_for(error: dict, model_keys: list[str]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        return ", ".join(model_keys)
    if kind == "missing":
        return str(error["loc"][-1])
    if kind == "literal_error":
        return str(ctx.get("expected", ""))
    if kind in {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}:
        sign = {"greater_than": ">", "greater_than_equal": ">=", "less_than": "<", "less_than_equal": "<="}[
            kind
        ]
        bound = ctx.get("gt", ctx.get("ge", ctx.get("lt", ctx.get("le"))))
        return f"{sign} {bound}"
    if kind == "too_short":
        return f">= {ctx.get('min_length')}"
    if kind == "string_pattern_mismatch":
        return str(_("letters, digits, - and _ (an upper-case currency code such as CNY for currencies)"))
    if kind.startswith("decimal_max") or kind == "decimal_whole_digits":
        return str(_("at most 2 decimal places"))
    if kind in {"string_too_short", "string_too_long"}:
        return str(_("between %(min)s and %(max)s characters")) % {
            "min": ctx.get("min_length", 1),
            "max": ctx.get("max_length", "…"),
        }
    prefix = kind.split("_")[0]
    return _EXPECTED_TYPES.get(prefix, error.get("msg", ""))


def _model_keys_at(loc: tuple) -> list[str]:
    """The keys a mapping at `loc` accepts, for 'unknown key' messages."""
    model: Any = Policy
    for part in loc:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part) if hasattr(model, "model_fields") else None
        if info is None:
            for f in getattr(model, "model_fields", {}).values():
                if f.alias == part:
                    info = f
                    break
        if info is None:
            return []
        model = _inner_model(info.annotation)
        if model is None:
            return []
    fields = getattr(model, "model_fields", {})
    return [f.alias or name for name, f in fields.items()]


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, Strict):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _pydantic_issues(exc: ValidationError, lines: _LineMap) -> list[PolicyIssue]:
    issues = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        kind = error["type"]
        code = _TYPE_CODES.get(kind)
        if code is None:
            code = WRONG_TYPE if kind.endswith(("_type", "_parsing")) or kind == "int_from_float" else INVALID
        keys = _model_keys_at(loc[:-1]) if kind == "extra_forbidden" else []
        found = "" if kind == "missing" else _short(error.get("input"))
        if kind == "extra_forbidden":
            found = str(loc[-1])
        issues.append(PolicyIssue(code, format_path(loc), lines.line(loc), found, _allowed_for(error, keys)))
    return issues


def _short(value: Any) -> str:
    if isinstance(value, dict):
        return "{…}"
    if isinstance(value, list):
        return "[…]"
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


# ---------------------------------------------------------------- cross-field rules


def _cross_issues(policy: Policy, lines: _LineMap) -> list[PolicyIssue]:
    issues: list[PolicyIssue] = []

    def add(code: str, path: Path, found: Any = "", allowed: Any = "") -> None:
        issues.append(PolicyIssue(code, format_path(path), lines.line(path), _short(found), str(allowed)))

    competency_codes = [c.code for c in policy.competencies]
    training_codes = [t.code for t in policy.trainings]
    exam_codes = [e.code for e in policy.exams]
    for name, codes in (
        ("competencies", competency_codes),
        ("trainings", training_codes),
        ("exams", exam_codes),
    ):
        for index, code in _duplicates(codes):
            add(DUPLICATE_CODE, (name, index, "code"), code, name)
    for index, training in enumerate(policy.trainings):
        # the window opens after the day of completion (the bound of learning.services.catalogue's form)
        if training.validity_months and training.renewal_days is not None:
            longest = min(365, shortest_span_days(training.validity_months) - 1)
            if training.renewal_days > longest:
                add(
                    RENEWAL_TOO_LONG,
                    ("trainings", index, "renewal_days"),
                    training.renewal_days,
                    f"0–{longest}",
                )
    for index, code in _duplicates([t.code for t in policy.tracks]):
        add(DUPLICATE_CODE, ("tracks", index, "code"), code, "tracks")
    exam_names: dict[str, str] = {}  # a code or name, lower-cased → the exam that has it
    for index, exam in enumerate(policy.exams):
        for key, text in (("name_zh", exam.name_zh), ("name_en", exam.name_en)):
            owner = exam_names.get(text.strip().lower())
            if owner is not None and owner != exam.code:
                add(DUPLICATE_EXAM_NAME, ("exams", index, key), text, f"{owner}, {exam.code}")
        for text in (exam.code, exam.name_zh, exam.name_en):
            exam_names.setdefault(text.strip().lower(), exam.code)

    level_rank: dict[str, tuple[int, int, bool]] = {}  # code → (track index, rank, supervisory)
    seen_levels: set[str] = set()
    for ti, track in enumerate(policy.tracks):
        for li, level in enumerate(track.levels):
            base: Path = ("tracks", ti, "levels", li)
            if level.code in seen_levels:
                add(DUPLICATE_CODE, (*base, "code"), level.code, str(_("level codes across all tracks")))
            else:
                seen_levels.add(level.code)
                level_rank[level.code] = (ti, li + 1, level.supervisory)
            for comp in level.competencies:
                if comp not in competency_codes:
                    add(UNKNOWN_COMPETENCY, (*base, "competencies", comp), comp, _listing(competency_codes))
            band = level.pay_band
            if band is not None and band.min > band.max:
                add(PAY_BAND_INVERTED, (*base, "pay_band", "min"), band.min, f"<= {band.max}")
            for i, code in enumerate(level.promotion_training):
                if code not in training_codes:
                    add(UNKNOWN_TRAINING, (*base, "promotion_training", i), code, _listing(training_codes))

    level_list = _listing(list(level_rank))
    pairs: set[tuple[str, str]] = set()
    for index, tr in enumerate(policy.transitions):
        base = ("transitions", index)
        known = True
        for key, code in (("from", tr.from_level), ("to", tr.to_level)):
            if code not in level_rank:
                add(UNKNOWN_LEVEL, (*base, key), code, level_list)
                known = False
        if tr.from_level == tr.to_level:
            add(SELF_TRANSITION, (*base, "to"), tr.to_level)
            continue
        if (tr.from_level, tr.to_level) in pairs:
            add(DUPLICATE_TRANSITION, base, f"{tr.from_level}→{tr.to_level}")
        pairs.add((tr.from_level, tr.to_level))
        if known and tr.kind == "promotion":
            (ft, fr, _s), (tt, trank, _s2) = level_rank[tr.from_level], level_rank[tr.to_level]
            if ft == tt and trank <= fr:
                add(NOT_UPWARD, (*base, "kind"), f"{tr.from_level}→{tr.to_level}", "promotion, lateral")
        cond = tr.conditions
        cbase: Path = (*base, "conditions")
        for i, th in enumerate(cond.metric_thresholds):
            _check_metric_value(add, (*cbase, "metric_thresholds", i), th.metric, th.value)
        for i, code in enumerate(cond.trainings):
            if code not in training_codes:
                add(UNKNOWN_TRAINING, (*cbase, "trainings", i), code, _listing(training_codes))
        if cond.exam is not None and cond.exam.exam is not None and cond.exam.exam not in exam_codes:
            add(UNKNOWN_EXAM, (*cbase, "exam", "exam"), cond.exam.exam, _listing(exam_codes))
        for i, team in enumerate(cond.team_conditions):
            tbase = (*cbase, "team_conditions", i)
            if (team.value is None) == (team.improvement is None):
                add(VALUE_OR_IMPROVEMENT, tbase, "value + improvement" if team.value is not None else "-")
            _check_metric_value(add, tbase, team.metric, team.value)
            if known and i == 0 and not level_rank[tr.from_level][2]:
                add(TEAM_NOT_SUPERVISORY, (*cbase, "team_conditions"), tr.from_level)

    for i, cap in enumerate(policy.education_caps):
        if cap.highest_level not in level_rank:
            add(UNKNOWN_LEVEL, ("education_caps", i, "highest_level"), cap.highest_level, level_list)

    score = policy.performance_score
    if score.method == "weighted":
        if not score.weights:
            add(NO_WEIGHTS, ("performance_score", "weights"), "", _listing(list(METRICS)))
        for metric in score.weights:
            if metric not in METRICS:
                add(UNKNOWN_METRIC, ("performance_score", "weights", metric), metric, _listing(list(METRICS)))
        total = sum(score.weights.values(), Decimal(0))
        if score.weights and abs(total - 1) > WEIGHT_TOLERANCE:
            add(WEIGHTS_SUM, ("performance_score", "weights"), total.normalize(), "1")

    process = policy.process
    if not is_known_calendar(process.holiday_calendar):
        add(
            UNKNOWN_CALENDAR,
            ("process", "holiday_calendar"),
            process.holiday_calendar,
            str(_("CN or a two-letter country code known to the holidays package")),
        )
    for index, month in _duplicates(process.application_months):
        add(DUPLICATE_VALUE, ("process", "application_months", index), month)
    for code in process.quotas:
        if code not in level_rank:
            add(UNKNOWN_LEVEL, ("process", "quotas", code), code, level_list)
    _template_issues(policy, add)
    _performance_pay_issues(policy, add, level_rank)
    _stars_issues(policy, add)
    _coaching_issues(policy, add)
    _wellbeing_issues(policy, add, list(level_rank))
    return issues


def _template_issues(policy: Policy, add) -> None:
    """development.templates: unique codes; a track template names an existing track, no other stage does."""
    templates = policy.development.templates
    for index, code in _duplicates([t.code for t in templates]):
        add(DUPLICATE_CODE, ("development", "templates", index, "code"), code, "development.templates")
    track_codes = [t.code for t in policy.tracks]
    for index, template in enumerate(templates):
        base: Path = ("development", "templates", index)
        if template.stage == "track":
            if not template.track:
                add(TEMPLATE_TRACK_NEEDED, (*base, "stage"), template.stage, _listing(track_codes))
            elif template.track not in track_codes:
                add(UNKNOWN_TRACK, (*base, "track"), template.track, _listing(track_codes))
        elif template.track:
            add(TEMPLATE_TRACK_NOT_ALLOWED, (*base, "track"), template.stage)


# performance_pay (issue 15, item 3): every agent level has a base, the basis has its coefficients for
# every tier or score, and a better tier or band never pays less.
def _performance_pay_issues(policy: Policy, add, level_rank: dict[str, tuple[int, int, bool]]) -> None:
    pay = policy.performance_pay
    if not pay.enabled:
        return
    base: Path = ("performance_pay",)
    agent_levels = [code for code, (_t, _r, supervisory) in level_rank.items() if not supervisory]
    for code in pay.base_by_level:
        if code not in level_rank:
            add(UNKNOWN_LEVEL, (*base, "base_by_level", code), code, _listing(list(level_rank)))
    for code in agent_levels:
        if code not in pay.base_by_level:
            add(PAY_LEVEL_WITHOUT_BASE, (*base, "base_by_level"), code, _listing(agent_levels))
    if pay.basis == "stars":
        for code in pay.base_by_level:
            if code in level_rank and code not in agent_levels:
                add(PAY_LEVEL_NEVER_RATED, (*base, "base_by_level", code), code, _listing(agent_levels))
        if not policy.stars.enabled:
            add(PAY_NEEDS_STARS, (*base, "basis"), pay.basis)
        top = max((t.stars for t in policy.stars.tiers), default=0)
        for stars in range(top + 1):
            if stars not in pay.star_coefficients:
                add(PAY_STAR_COEFFICIENT_MISSING, (*base, "star_coefficients"), stars, top)
        ordered = sorted(pay.star_coefficients.items())
        for (_low, below), (stars, coefficient) in zip(ordered, ordered[1:], strict=False):
            if coefficient < below:
                path = (*base, "star_coefficients", stars)
                add(PAY_COEFFICIENTS_DECREASE, path, coefficient, f">= {below}")
        return
    bands = pay.score_bands
    if not bands:
        add(TOO_FEW_ITEMS, (*base, "score_bands"), 0, 1)
        return
    if bands[0].from_score != 0:
        add(PAY_BANDS_START, (*base, "score_bands", 0, "from"), bands[0].from_score)
    for i in range(1, len(bands)):
        if bands[i].from_score <= bands[i - 1].from_score:
            add(
                PAY_BANDS_NOT_ASCENDING,
                (*base, "score_bands", i, "from"),
                bands[i].from_score,
                f"> {bands[i - 1].from_score}",
            )
        if bands[i].coefficient < bands[i - 1].coefficient:
            add(
                PAY_COEFFICIENTS_DECREASE,
                (*base, "score_bands", i, "coefficient"),
                bands[i].coefficient,
                f">= {bands[i - 1].coefficient}",
            )


# stars


# Metrics a rating period cannot be judged on: the exam score lives in the exam results, not the monthly
# figures the period's months are read from.
STARS_NOT_MONTHLY = ("exam_score",)


def _stars_issues(policy: Policy, add) -> None:
    """stars: tiers present when switched on, each tier once, thresholds on known monthly metrics, a wall
    that someone can reach."""
    stars = policy.stars
    if stars.enabled and not stars.tiers:
        add(STARS_NO_TIERS, ("stars", "tiers"), "", "stars: 1..5")
    for index, value in _duplicates([t.stars for t in stars.tiers]):
        add(STARS_DUPLICATE_TIER, ("stars", "tiers", index, "stars"), value)
    if stars.tiers and stars.wall_min_stars > max(t.stars for t in stars.tiers):
        add(
            STARS_WALL_ABOVE_TIERS,
            ("stars", "wall_min_stars"),
            stars.wall_min_stars,
            max(t.stars for t in stars.tiers),
        )
    monthly = [m for m in METRICS if m not in STARS_NOT_MONTHLY]
    for ti, tier in enumerate(stars.tiers):
        for mi, threshold in enumerate(tier.conditions.metric_thresholds):
            base: Path = ("stars", "tiers", ti, "conditions", "metric_thresholds", mi)
            if threshold.metric in STARS_NOT_MONTHLY:
                add(STARS_METRIC_NOT_MONTHLY, (*base, "metric"), threshold.metric, _listing(monthly))
            else:
                _check_metric_value(add, base, threshold.metric, threshold.value)


# coaching

# The metrics kept as monthly figures (the exam score lives with the exams, not in the months).
COACHING_METRICS = tuple(m for m in METRICS if m != "exam_score")


def _coaching_issues(policy: Policy, add) -> None:
    """coaching.rules: unique codes; a metric kept as monthly figures; a below_threshold rule says what
    meeting the threshold is (comparison and value, in range); a drop rule has a drop above 0; neither
    carries the other kind's keys."""
    rules = policy.coaching.rules
    for index, code in _duplicates([r.code for r in rules]):
        add(DUPLICATE_CODE, ("coaching", "rules", index, "code"), code, "coaching.rules")
    known = list(COACHING_METRICS)
    for index, rule in enumerate(rules):
        base: Path = ("coaching", "rules", index)
        if rule.metric not in known:
            add(UNKNOWN_METRIC, (*base, "metric"), rule.metric, _listing(known))
            continue
        if rule.kind == "below_threshold":
            for key in ("comparison", "value"):
                if getattr(rule, key) is None:
                    add(COACHING_THRESHOLD_NEEDED, (*base, key), key, "comparison, value")
            _check_metric_value(add, base, rule.metric, rule.value)
            if rule.drop is not None:
                add(COACHING_KEY_NOT_FOR_KIND, (*base, "drop"), "drop", "kind: below_threshold")
        else:
            spec = METRICS[rule.metric]
            if rule.drop is None or rule.drop <= 0:
                add(COACHING_DROP_NEEDED, (*base, "drop"), "—" if rule.drop is None else rule.drop)
            elif rule.drop > spec.maximum - spec.minimum:
                add(
                    THRESHOLD_OUT_OF_RANGE,
                    (*base, "drop"),
                    rule.drop,
                    f"0 < drop <= {spec.maximum - spec.minimum}",
                )
            for key in ("comparison", "value"):
                if getattr(rule, key) is not None:
                    add(COACHING_KEY_NOT_FOR_KIND, (*base, key), key, "kind: drop")


# wellbeing

# Per kind of signal: the keys it needs and the ones it may also have (code, kind and level are always
# allowed). A key of another kind is refused, so a file never carries a threshold nobody reads.
SIGNAL_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "workload": (("metric", "percent"), ("months", "min_sample")),
    "worsening": (("metric",), ("months", "min_sample")),
    "threshold": (("metric", "comparison", "value"), ("months", "min_sample")),
    "drop": (("metric", "drop"), ("baseline_months", "min_sample")),
    "plateau": (("months",), ()),
    "setback": (("months",), ()),
    "pulse": (("theme", "value"), ("months",)),
}
SIGNAL_ALWAYS = ("code", "kind", "level")
PULSE_SCALE = (Decimal(1), Decimal(5))
PULSE_QUESTIONS = (3, 6)


def _wellbeing_issues(policy: Policy, add, levels: list[str]) -> None:
    """wellbeing: unique signal codes; each kind with its own keys and no other kind's; metrics kept as
    monthly figures, thresholds within the metric's range; a pulse signal on a theme the pulse asks, at an
    answer of the 1–5 scale; typical times for levels of this policy; the pulse's questions unique, 3–6 of
    them (or none: signals without a pulse), exactly one on exhaustion (the benchmark reads it)."""
    section = policy.wellbeing
    stages_base: Path = ("wellbeing", "stages", "typical_months_by_level")
    for code in section.stages.typical_months_by_level:
        if code not in levels:
            add(UNKNOWN_LEVEL, (*stages_base, code), code, _listing(levels))

    questions = section.pulse.questions
    qbase: Path = ("wellbeing", "pulse", "questions")
    for index, code in _duplicates([q.code for q in questions]):
        add(DUPLICATE_CODE, (*qbase, index, "code"), code, "wellbeing.pulse.questions")
    low, high = PULSE_QUESTIONS
    if questions and not low <= len(questions) <= high:
        add(WELLBEING_QUESTION_COUNT, qbase, len(questions), f"{low}..{high}")
    exhaustion = [i for i, q in enumerate(questions) if q.theme == "exhaustion"]
    if questions and len(exhaustion) != 1:
        where = (*qbase, exhaustion[1], "theme") if len(exhaustion) > 1 else qbase
        add(WELLBEING_EXHAUSTION_QUESTION, where, len(exhaustion))
    themes = sorted({q.theme for q in questions})

    signals = section.signals
    for index, code in _duplicates([s.code for s in signals]):
        add(DUPLICATE_CODE, ("wellbeing", "signals", index, "code"), code, "wellbeing.signals")
    for index, rule in enumerate(signals):
        base: Path = ("wellbeing", "signals", index)
        needed, optional = SIGNAL_KEYS[rule.kind]
        keys = _listing([*needed, *optional])
        given = rule.model_fields_set - set(SIGNAL_ALWAYS)
        for key in needed:
            if key not in given or getattr(rule, key) is None:
                add(WELLBEING_KEY_NEEDED, (*base, key), key, keys)
        for key in sorted(given - set(needed) - set(optional), key=list(type(rule).model_fields).index):
            add(WELLBEING_KEY_NOT_FOR_KIND, (*base, key), key, keys)
        if "metric" in needed and rule.metric is not None:
            _wellbeing_metric_issues(add, base, rule)
        if rule.kind == "pulse":
            if rule.value is not None and not PULSE_SCALE[0] <= rule.value <= PULSE_SCALE[1]:
                add(WELLBEING_PULSE_VALUE, (*base, "value"), rule.value, "1..5")
            if rule.theme is not None and rule.theme not in themes:
                add(WELLBEING_THEME_NOT_ASKED, (*base, "theme"), rule.theme, _listing(themes))


def _wellbeing_metric_issues(add, base: Path, rule) -> None:
    known = list(COACHING_METRICS)
    if rule.metric not in known:
        add(UNKNOWN_METRIC, (*base, "metric"), rule.metric, _listing(known))
        return
    spec = METRICS.get(rule.metric)
    if rule.kind == "threshold" and rule.value is not None:
        _check_metric_value(add, base, rule.metric, rule.value)
    elif rule.kind == "drop" and spec is not None and rule.drop is not None:
        if rule.drop <= 0:
            add(WELLBEING_DROP_NEEDED, (*base, "drop"), rule.drop)
        elif rule.drop > spec.maximum - spec.minimum:
            add(
                THRESHOLD_OUT_OF_RANGE,
                (*base, "drop"),
                rule.drop,
                f"0 < drop <= {spec.maximum - spec.minimum}",
            )


def _check_metric_value(add, base: Path, metric: str, value: Decimal | None) -> None:
    spec = METRICS.get(metric)
    if spec is None:
        add(UNKNOWN_METRIC, (*base, "metric"), metric, _listing(list(METRICS)))
        return
    if value is not None and not (spec.minimum <= value <= spec.maximum):
        add(THRESHOLD_OUT_OF_RANGE, (*base, "value"), value, describe_range(metric))


def _duplicates(values: list) -> list[tuple[int, Any]]:
    counts = Counter(values)
    seen: set = set()
    out = []
    for index, value in enumerate(values):
        if counts[value] > 1:
            if value in seen:
                out.append((index, value))
            seen.add(value)
    return out


def _listing(values: list[str]) -> str:
    return ", ".join(values) if values else str(_("(none defined)"))


# ---------------------------------------------------------------- entry point


def check_policy_text(text: str) -> PolicyCheck:
    """Parse and validate a policy file. Never raises for bad input: problems come back as issues."""
    data, lines, issues = load_yaml(text)
    if issues:
        return PolicyCheck(None, data, issues)
    if not isinstance(data, dict):
        return PolicyCheck(None, data, [PolicyIssue(NOT_A_MAPPING, "", 1, type(data).__name__)])
    try:
        policy = Policy.model_validate(data)
    except ValidationError as exc:
        return PolicyCheck(None, data, _pydantic_issues(exc, lines))
    issues = _cross_issues(policy, lines)
    if issues:
        return PolicyCheck(None, data, issues)
    return PolicyCheck(policy, data, [])


def parse_policy(text: str) -> Policy:
    """The parsed policy, or PolicyInvalid listing every problem."""
    from serviceladder.policy.errors import PolicyInvalid

    result = check_policy_text(text)
    if not result.ok:
        raise PolicyInvalid(issues=result.issues)
    return result.policy
