"""The HR parameter form over a policy file: which values get a field, how an edit goes back into the text.

Edits are written into the YAML text in place (the exact span of the scalar is replaced), so the file's
comments and layout survive and validation line numbers still point at the text HR sees. A field is applied
only when its value differs from the version the form started from, so an edit made in the raw YAML box is
never overwritten by an untouched field.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from django.utils.text import capfirst

from serviceladder.policy.validation import format_path
from serviceladder.web import labels as label_source

Path = tuple[str | int, ...]

INT, DECIMAL, BOOL, MONTHS, TEXT, CHOICE = "int", "decimal", "bool", "months", "text", "choice"
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


@dataclass
class Param:
    path: Path
    label: str
    value: str
    kind: str
    errors: list[str] = field(default_factory=list)
    choices: list[tuple[str, str]] = field(default_factory=list)  # CHOICE: (value, label)

    @property
    def name(self) -> str:
        return "p:" + format_path(self.path)

    @property
    def key(self) -> str:
        return format_path(self.path)

    @property
    def month_choices(self) -> list[dict]:
        """For application months: the twelve months by name, those in the value ticked."""
        from django.utils.dates import MONTHS as NAMES

        chosen = {p.strip() for p in re.split(r"[,，\s]+", self.value) if p.strip()}
        return [{"number": m, "name": str(NAMES[m]), "checked": str(m) in chosen} for m in range(1, 13)]


@dataclass
class Row:
    """One line of the form: a caption (e.g. a metric) and its parameters side by side."""

    caption: str
    params: list[Param]


@dataclass
class Section:
    title: str
    rows: list[Row]

    def params(self) -> list[Param]:
        return [p for row in self.rows for p in row.params]


def _show(value: Any, kind: str) -> str:
    if kind == BOOL:
        return "true" if value else "false"
    if kind == MONTHS and isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _param(data: Any, path: Path, label: str, kind: str) -> Param | None:
    node = data
    for part in path:
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return None
        elif isinstance(node, dict) and part not in node and part.isdigit() and int(part) in node:
            part = int(part)  # a mapping keyed by numbers (star coefficients): the text spells the key
        elif not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    if isinstance(node, dict) or (isinstance(node, list) and kind != MONTHS):
        return None
    return Param(path, label, _show(node, kind), kind)


def _keep(*params: Param | None) -> list[Param]:
    return [p for p in params if p is not None]


def parameter_sections(data: Any, labels: dict[str, str], level_names: dict[str, str]) -> list[Section]:
    """The common parameters present in the file, grouped by transition, then the process.

    `labels` gives translated field labels by key; `level_names` shows "初级客服 → 中级客服" headings.
    """
    if not isinstance(data, dict):
        return []
    sections: list[Section] = []
    for i, tr in enumerate(data.get("transitions") or []):
        if not isinstance(tr, dict):
            continue
        base: Path = ("transitions", i, "conditions")
        rows = []
        general = _keep(
            _param(data, (*base, "min_months_in_level"), labels["min_months_in_level"], INT),
            _param(data, (*base, "min_months_of_service"), labels["min_months_of_service"], INT),
            _param(data, (*base, "exam", "min_score"), labels["exam_min_score"], DECIMAL),
            _param(data, (*base, "exam", "within_months"), labels["exam_within_months"], INT),
            _exam_choice(data, (*base, "exam", "exam"), labels.get("exam_exam", "exam")),
            _param(data, (*base, "no_violations", "months"), labels["no_violations_months"], INT),
            _param(data, (*base, "rank_streak", "top_percent"), labels["rank_top_percent"], DECIMAL),
            _param(data, (*base, "rank_streak", "months"), labels["rank_months"], INT),
            _param(data, (*base, "competency_confirmation"), labels["competency_confirmation"], BOOL),
        )
        if general:
            rows.append(Row("", general))
        conditions = tr.get("conditions") if isinstance(tr.get("conditions"), dict) else {}
        for j, mt in enumerate(conditions.get("metric_thresholds") or []):
            if not isinstance(mt, dict):
                continue
            at: Path = (*base, "metric_thresholds", j)
            params = _keep(
                _param(data, (*at, "value"), labels["value"], DECIMAL),
                _param(data, (*at, "window"), labels["window"], INT),
                _param(data, (*at, "min_sample"), labels["min_sample"], INT),
            )
            if params:
                caption = label_source.metric_condition_label(
                    str(mt.get("metric", "?")), str(mt.get("comparison", ""))
                )
                rows.append(Row(caption, params))
        for j, tc in enumerate(conditions.get("team_conditions") or []):
            if not isinstance(tc, dict):
                continue
            at = (*base, "team_conditions", j)
            params = _keep(
                _param(data, (*at, "value"), labels["value"], DECIMAL),
                _param(data, (*at, "improvement"), labels["improvement"], DECIMAL),
                _param(data, (*at, "window"), labels["window"], INT),
            )
            if params:
                caption = label_source.metric_condition_label(
                    str(tc.get("metric", "?")), str(tc.get("comparison", ">=") if "value" in tc else "")
                )
                rows.append(Row(labels["team_metric"] % {"metric": caption}, params))
        if rows:
            a, b = str(tr.get("from", "?")), str(tr.get("to", "?"))
            title = f"{level_names.get(a, a)} → {level_names.get(b, b)}"
            sections.append(Section(title, rows))
    learning = _learning_rows(data, labels)
    if learning:
        sections.append(Section(labels.get("trainings_and_exams", "trainings, exams"), learning))
    score = data.get("performance_score")
    weights = score.get("weights") if isinstance(score, dict) else None
    if isinstance(weights, dict) and weights:
        params = _keep(
            *(
                _param(
                    data,
                    ("performance_score", "weights", code),
                    label_source.metric_label(str(code)),
                    DECIMAL,
                )
                for code in weights
            )
        )
        if params:
            sections.append(Section(labels["performance_score"], [Row(labels["weights"], params)]))
    measured = _keep(
        _param(data, ("metric_parameters", "fcr_window_days"), labels["fcr_window_days"], INT),
        _param(data, ("metric_parameters", "on_time_sla_seconds"), labels["on_time_sla_seconds"], INT),
    )
    if measured:
        sections.append(Section(labels["metric_parameters"], [Row("", measured)]))
    process: Path = ("process",)
    rows = [
        Row(
            "",
            _keep(
                _param(data, (*process, "application_months"), labels["application_months"], MONTHS),
                _param(
                    data, (*process, "notice_period_working_days"), labels["notice_period_working_days"], INT
                ),
                _param(data, (*process, "publication_day_counts"), labels["publication_day_counts"], BOOL),
                _param(data, (*process, "appeal_deadline_days"), labels["appeal_deadline_days"], INT),
                _param(
                    data,
                    (*process, "promotion_training_due_months"),
                    labels["promotion_training_due_months"],
                    INT,
                ),
                _param(data, (*process, "holiday_calendar"), labels["holiday_calendar"], TEXT),
                _param(data, (*process, "pay_rule", "min_ratio"), labels["pay_ratio"], DECIMAL),
            ),
        )
    ]
    quotas = (data.get("process") or {}).get("quotas") if isinstance(data.get("process"), dict) else None
    if isinstance(quotas, dict) and quotas:
        rows.append(
            Row(
                labels["quotas"],
                _keep(
                    *(
                        _param(data, (*process, "quotas", code), level_names.get(str(code), str(code)), INT)
                        for code in quotas
                    )
                ),
            )
        )
    rows = [r for r in rows if r.params]
    if rows:
        sections.append(Section(labels["process"], rows))
    if "development" in labels:
        development = _keep(
            _param(data, ("development", "enabled"), labels["development_enabled"], BOOL),
            _param(
                data, ("development", "conversation_every_months"), labels["conversation_every_months"], INT
            ),
            _param(
                data,
                ("development", "direction_review_after_months"),
                labels["direction_review_after_months"],
                INT,
            ),
            _param(data, ("development", "first_plan_within_days"), labels["first_plan_within_days"], INT),
            _param(data, ("development", "peer_rating", "enabled"), labels["peer_rating"], BOOL),
        )
        if development:
            sections.append(Section(labels["development"], [Row("", development)]))
    if "recognition" in labels:
        sections.extend(recognition_sections(data, level_names))
        sections.extend(wellbeing_sections(data))
    return sections


# --- learning (issue 17): the exam a condition accepts, a certification's validity, an exam's counts --------


def _named(item: dict) -> str:
    from serviceladder.core.i18n import pick

    return pick(str(item.get("name_zh", "")), str(item.get("name_en", ""))) or str(item.get("code", "?"))


def _exam_choice(data: Any, path: Path, label: str) -> Param | None:
    """The exam a condition accepts, picked among the file's `exams:` (only when the condition names one)."""
    param = _param(data, path, label, CHOICE)
    if param is not None:
        exams = [e for e in data.get("exams") or [] if isinstance(e, dict) and e.get("code")]
        param.choices = [(str(e["code"]), _named(e)) for e in exams]
        if param.value not in {value for value, _words in param.choices}:
            param.choices.append((param.value, param.value))  # an unknown code stays as written
    return param


def _learning_rows(data: Any, labels: dict[str, str]) -> list[Row]:
    """A row per training that has a validity (a certification) and per exam (which result counts)."""
    rows = []
    for i, training in enumerate(data.get("trainings") or []):
        if isinstance(training, dict):
            params = _keep(
                _param(data, ("trainings", i, "validity_months"), labels["validity_months"], INT),
                _param(data, ("trainings", i, "renewal_days"), labels["renewal_days"], INT),
            )
            if params:
                rows.append(Row(_named(training), params))
    for i, exam in enumerate(data.get("exams") or []):
        if isinstance(exam, dict):
            param = _param(data, ("exams", i, "counts"), labels["counts"], CHOICE)
            if param is not None:
                table = label_source.POLICY_VALUES["counts"]
                param.choices = [(value, str(words)) for value, words in table.items()]
                rows.append(Row(_named(exam), [param]))
    return rows


# --- recognition (issue 15): stars, performance pay, coaching, improvement plans ---------------------------


def _choice(data: Any, path: Path) -> Param | None:
    label, _known = label_source.recognition_field_label(".".join(str(p) for p in path))
    param = _param(data, path, label, CHOICE)
    if param is not None:
        table = label_source.RECOGNITION_VALUES[str(path[-1])]
        param.choices = [(value, str(words)) for value, words in table.items()]
    return param


def _field(data: Any, path: Path, kind: str, label: str = "") -> Param | None:
    if not label:
        schema = ".".join(str(p) for p in path if not isinstance(p, int))
        label = label_source.recognition_field_label(schema)[0]
    return _param(data, path, label, kind)


def recognition_sections(data: dict, level_names: dict[str, str]) -> list[Section]:
    """The main parameters of the four recognition sections that the file spells out: switches, tier
    thresholds, base per level, coefficients, cap, adjustment, the treatment of missing data, coaching
    rules and the bottom band."""
    sections: list[Section] = []
    stars = data.get("stars") if isinstance(data.get("stars"), dict) else {}
    rows = [
        Row(
            "",
            _keep(
                _field(data, ("stars", "enabled"), BOOL),
                _choice(data, ("stars", "period")),
                _field(data, ("stars", "min_peer_group"), INT),
                _field(data, ("stars", "min_months_of_service"), INT),
                _field(data, ("stars", "wall_min_stars"), INT),
            ),
        )
    ]
    for i, tier in enumerate(stars.get("tiers") or []):
        if not isinstance(tier, dict):
            continue
        base: Path = ("stars", "tiers", i, "conditions")
        conditions = tier.get("conditions") if isinstance(tier.get("conditions"), dict) else {}
        thresholds = [
            _field(
                data,
                (*base, "metric_thresholds", j, "value"),
                DECIMAL,
                label_source.metric_condition_label(
                    str(mt.get("metric", "?")), str(mt.get("comparison", ""))
                ),
            )
            for j, mt in enumerate(conditions.get("metric_thresholds") or [])
            if isinstance(mt, dict)
        ]
        params = _keep(
            *thresholds,
            _field(data, (*base, "rank", "top_percent"), DECIMAL),
            _field(data, (*base, "recognition", "min_count"), INT),
            _field(data, (*base, "no_violations"), BOOL),
        )
        rows.append(Row(label_source.stars_word(tier.get("stars", "?")), params))
    rows = [r for r in rows if r.params]
    if rows:
        sections.append(Section(str(label_source.RECOGNITION_FIELDS["stars"]), rows))

    pay = data.get("performance_pay") if isinstance(data.get("performance_pay"), dict) else {}
    at: Path = ("performance_pay",)
    rows = [
        Row(
            "",
            _keep(
                _field(data, (*at, "enabled"), BOOL),
                _choice(data, (*at, "basis")),
                _field(data, (*at, "cap"), DECIMAL),
                _field(data, (*at, "adjustment_percent"), DECIMAL),
                _choice(data, (*at, "insufficient_data")),
                _choice(data, (*at, "proration")),
                _choice(data, (*at, "quarter_tier_months")),
            ),
        )
    ]
    bases = pay.get("base_by_level")
    if isinstance(bases, dict):
        rows.append(
            Row(
                str(label_source.RECOGNITION_FIELDS["performance_pay.base_by_level"]),
                _keep(
                    *(
                        _field(
                            data,
                            (*at, "base_by_level", str(code)),
                            DECIMAL,
                            level_names.get(str(code), str(code)),
                        )
                        for code in bases
                    )
                ),
            )
        )
    coefficients = pay.get("star_coefficients")
    if isinstance(coefficients, dict):
        rows.append(
            Row(
                str(label_source.RECOGNITION_FIELDS["performance_pay.star_coefficients"]),
                _keep(
                    *(
                        _field(
                            data,
                            (*at, "star_coefficients", str(n)),
                            DECIMAL,
                            capfirst(label_source.stars_word(n)),
                        )
                        for n in coefficients
                    )
                ),
            )
        )
    bands = pay.get("score_bands")
    if isinstance(bands, list):
        from django.utils.translation import gettext

        rows.append(
            Row(
                str(label_source.RECOGNITION_FIELDS["performance_pay.score_bands"]),
                _keep(
                    *(
                        _field(
                            data,
                            (*at, "score_bands", j, "coefficient"),
                            DECIMAL,
                            gettext("score from %(score)s") % {"score": band.get("from", "?")},
                        )
                        for j, band in enumerate(bands)
                        if isinstance(band, dict)
                    )
                ),
            )
        )
    rows = [r for r in rows if r.params]
    if rows:
        sections.append(Section(str(label_source.RECOGNITION_FIELDS["performance_pay"]), rows))

    coaching = data.get("coaching") if isinstance(data.get("coaching"), dict) else {}
    rows = [
        Row(
            "",
            _keep(
                _field(data, ("coaching", "enabled"), BOOL),
                _field(data, ("coaching", "follow_up_days"), INT),
            ),
        )
    ]
    for i, rule in enumerate(coaching.get("rules") or []):
        if not isinstance(rule, dict):
            continue
        base = ("coaching", "rules", i)
        params = _keep(
            _field(data, (*base, "value"), DECIMAL),
            _field(data, (*base, "months"), INT),
            _field(data, (*base, "drop"), DECIMAL),
            _field(data, (*base, "baseline_months"), INT),
            _field(data, (*base, "min_sample"), INT),
        )
        kind = label_source.recognition_value("kind", rule.get("kind", ""))
        caption = f"{label_source.metric_label(str(rule.get('metric', '?')))} · {kind}"
        rows.append(Row(caption, params))
    rows = [r for r in rows if r.params]
    if rows:
        sections.append(Section(str(label_source.RECOGNITION_FIELDS["coaching"]), rows))

    at = ("improvement_plans",)
    bottom = _keep(
        _field(data, (*at, "enabled"), BOOL),
        _field(data, (*at, "bottom_percent"), DECIMAL),
        _field(data, (*at, "months"), INT),
        _field(data, (*at, "min_peer_group"), INT),
        _field(data, (*at, "min_months_of_service"), INT),
        _field(data, (*at, "duration_months"), INT),
    )
    if bottom:
        sections.append(Section(str(label_source.RECOGNITION_FIELDS["improvement_plans"]), [Row("", bottom)]))
    return sections


# --- wellbeing (issue 16) ---------------------------------------------------------------------------------


def _wb(data: Any, path: Path, kind: str) -> Param | None:
    schema = ".".join(str(p) for p in path if not isinstance(p, int))
    return _param(data, path, label_source.wellbeing_field_label(schema)[0], kind)


def wellbeing_sections(data: dict) -> list[Section]:
    """The main parameters of the wellbeing section that the file spells out: the switches, the stage
    rules, each signal's thresholds and months, the pulse's minimum group, the answer deadline, retention."""
    wellbeing = data.get("wellbeing") if isinstance(data.get("wellbeing"), dict) else {}
    if not wellbeing:
        return []
    at: Path = ("wellbeing",)
    rows = [
        Row(
            "",
            _keep(
                _wb(data, (*at, "enabled"), BOOL),
                _wb(data, (*at, "agents_see_own_risk"), BOOL),
                _wb(data, (*at, "act_when_signals"), INT),
                _wb(data, (*at, "stages", "entry_months"), INT),
                _wb(data, (*at, "stages", "typical_months_in_level"), INT),
                _wb(data, (*at, "pulse", "min_group"), INT),
                _wb(data, (*at, "voice", "answer_working_days"), INT),
                _wb(data, (*at, "retention_months"), INT),
            ),
        )
    ]
    for i, rule in enumerate(wellbeing.get("signals") or []):
        if not isinstance(rule, dict):
            continue
        base = (*at, "signals", i)
        params = _keep(
            _wb(data, (*base, "percent"), DECIMAL),
            _wb(data, (*base, "value"), DECIMAL),
            _wb(data, (*base, "drop"), DECIMAL),
            _wb(data, (*base, "months"), INT),
            _wb(data, (*base, "baseline_months"), INT),
            _wb(data, (*base, "min_sample"), INT),
        )
        kind = label_source.wellbeing_value("wellbeing.signals.kind", rule.get("kind", ""))
        metric = rule.get("metric")
        caption = f"{label_source.wellbeing_metric_label(str(metric))} · {kind}" if metric else str(kind)
        rows.append(Row(caption[:1].upper() + caption[1:], params))
    rows = [r for r in rows if r.params]
    if not rows:
        return []
    return [Section(str(label_source.WELLBEING_FIELDS["wellbeing"]), rows)]


def issue_param(by_key: dict[str, Param], path: str) -> Param | None:
    """The field a validation issue's key path points at. A mapping keyed by numbers (star coefficients)
    comes back from validation as "star_coefficients[5]"; its field's key is "star_coefficients.5"."""
    return by_key.get(path) or by_key.get(re.sub(r"\[(\d+)\]$", r".\1", path))


def submitted_values(post: Any, params: list[Param]) -> dict[str, str]:
    """The form's fields as text, the way `apply_params` takes them: an unticked box is "false", the ticked
    application months are joined ("3, 9"); a text field posted as "3, 9" is taken as it is."""
    submitted = {k: v for k, v in post.items() if k.startswith("p:")}
    for p in params:
        if p.kind == BOOL:
            submitted[p.name] = "true" if post.get(p.name) else "false"
        elif p.kind == MONTHS:
            submitted[p.name] = ", ".join(v.strip() for v in post.getlist(p.name) if v.strip())
    return submitted


def _yaml_value(raw: str, kind: str) -> str:
    """What to write into the file for a submitted field value. Anything that is not the expected shape
    is written as a quoted string, so validation reports it at this key path instead of guessing."""
    raw = raw.strip()
    if kind == BOOL:
        return "true" if raw.lower() in {"true", "1", "on", "yes"} else "false"
    if kind == MONTHS:
        parts = [p.strip() for p in re.split(r"[,，\s]+", raw) if p.strip()]
        if parts and all(p.isdigit() for p in parts):
            return "[" + ", ".join(str(int(p)) for p in parts) + "]"
        return json.dumps(raw, ensure_ascii=False)
    if kind in (TEXT, CHOICE) and re.fullmatch(r"[A-Za-z0-9_-]+", raw):
        return raw
    if kind != TEXT and _NUMBER.match(raw) and (kind == DECIMAL or "." not in raw):
        return raw
    return json.dumps(raw, ensure_ascii=False)


def scalar_spans(text: str) -> dict[Path, tuple[int, int]]:
    """Key path → (start, end) character offsets of every value node in the YAML text."""
    spans: dict[Path, tuple[int, int]] = {}
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return spans

    def walk(node: yaml.Node, path: Path) -> None:
        spans[path] = (node.start_mark.index, node.end_mark.index)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(value, (*path, key.value))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, (*path, index))

    if root is not None:
        walk(root, ())
    return spans


def apply_params(text: str, params: list[Param], submitted: dict[str, str]) -> tuple[str, list[Param]]:
    """Write every changed field into `text`; returns the new text and the fields that could not be placed
    (their key was removed or restructured in the raw YAML)."""
    spans = scalar_spans(text)
    edits: list[tuple[int, int, str]] = []
    lost: list[Param] = []
    for p in params:
        if p.name not in submitted:
            continue
        new = submitted[p.name].strip()
        if p.kind == BOOL:
            new = "true" if new.lower() in {"true", "1", "on", "yes"} else "false"
        if new == p.value:
            continue
        span = spans.get(p.path)
        if span is None:
            lost.append(p)
            continue
        edits.append((span[0], span[1], _yaml_value(new, p.kind)))
    for start, end, value in sorted(edits, reverse=True):
        text = text[:start] + value + text[end:]
    return text, lost
