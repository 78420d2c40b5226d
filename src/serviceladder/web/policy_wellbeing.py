"""The wellbeing section of a policy in words (issue 16): the lifecycle stages, each early-warning signal as a
lead would say it, the pulse's questions and rules of showing, the voice channel's deadline and how long the
data is kept. Works on the parsed `Policy` of a stored (hence valid) version; labels from web.labels."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from serviceladder.core.i18n import pick
from serviceladder.policy.schema import Policy, SignalRule
from serviceladder.rules.messages import SAMPLE_LABELS
from serviceladder.rules.metrics import sample_field
from serviceladder.web import labels
from serviceladder.web.policy_recognition import SYMBOLS, Setting, _language, _number, metric_value


@dataclass
class WellbeingView:
    enabled: bool
    settings: list[Setting] = field(default_factory=list)
    stages: list[Setting] = field(default_factory=list)
    typical: list[dict] = field(default_factory=list)
    signals: list[dict] = field(default_factory=list)
    pulse: list[Setting] = field(default_factory=list)
    questions: list[dict] = field(default_factory=list)
    benchmark: str = ""
    keeping: list[Setting] = field(default_factory=list)


def _setting(path: str, value) -> Setting:
    return Setting(labels.wellbeing_field_label(path)[0], labels.wellbeing_value(path, value))


def _in_a_row(months: int) -> str:
    return ngettext("%(months)s month in a row", "%(months)s months in a row", months) % {"months": months}


def signal_words(rule: SignalRule) -> str:
    """A signal as the lead would say it ("Contacts above the team's median by 25 % or more, 3 months in a
    row")."""
    metric = labels.wellbeing_metric_label(rule.metric) if rule.metric else ""
    kind = rule.kind
    if kind == "workload":
        text = _("%(metric)s above the team's median by %(percent)s %% or more, %(streak)s") % {
            "metric": metric,
            "percent": _number(rule.percent),
            "streak": _in_a_row(rule.months),
        }
    elif kind == "worsening":
        text = _("%(metric)s worse than the month before, %(streak)s") % {
            "metric": metric,
            "streak": _in_a_row(rule.months),
        }
    elif kind == "threshold":
        condition = f"{SYMBOLS[rule.comparison]} {metric_value(rule.metric, rule.value)}"
        text = _("%(metric)s misses %(condition)s, %(streak)s") % {
            "metric": metric,
            "condition": condition,
            "streak": _in_a_row(rule.months),
        }
    elif kind == "drop":
        text = ngettext(
            "%(metric)s worse than the person's own average of the %(months)s month before by %(drop)s "
            "or more",
            "%(metric)s worse than the person's own average of the %(months)s months before by %(drop)s "
            "or more",
            rule.baseline_months,
        ) % {"metric": metric, "months": rule.baseline_months, "drop": metric_value(rule.metric, rule.drop)}
    elif kind == "plateau":
        text = ngettext(
            "Longer in the level than the typical time, no open development goal and no career conversation "
            "in the last %(months)s month",
            "Longer in the level than the typical time, no open development goal and no career conversation "
            "in the last %(months)s months",
            rule.months,
        ) % {"months": rule.months}
    elif kind == "setback":
        text = ngettext(
            "A rejected application or a lost appeal in the last %(months)s month",
            "A rejected application or a lost appeal in the last %(months)s months",
            rule.months,
        ) % {"months": rule.months}
    else:
        text = _("Pulse answers shared with the lead: %(theme)s at %(value)s or worse") % {
            "theme": labels.wellbeing_value("wellbeing.signals.theme", rule.theme),
            "value": _number(rule.value),
        }
    if rule.min_sample and rule.metric:
        what = SAMPLE_LABELS.get(sample_field(rule.metric), SAMPLE_LABELS[None])[_language()]
        text += (" — " if _language() == "en" else "——") + _(
            "months with fewer than %(n)s %(what)s do not count"
        ) % {"n": rule.min_sample, "what": what}
    return text


def wellbeing_view(policy: Policy) -> WellbeingView:
    w = policy.wellbeing
    view = WellbeingView(enabled=w.enabled)
    view.settings = [
        _setting("wellbeing.agents_see_own_risk", w.agents_see_own_risk),
        _setting("wellbeing.act_when_signals", w.act_when_signals),
    ]
    s = w.stages
    view.stages = [
        _setting("wellbeing.stages.entry_months", s.entry_months),
        _setting("wellbeing.stages.trend_months", s.trend_months),
        _setting("wellbeing.stages.rise_points", s.rise_points),
        _setting("wellbeing.stages.decline_points", s.decline_points),
        _setting("wellbeing.stages.typical_months_in_level", s.typical_months_in_level),
    ]
    levels = policy.levels()
    for code, months in s.typical_months_by_level.items():
        found = levels.get(code)
        name = pick(found[1].name_zh, found[1].name_en) if found else ""
        view.typical.append({"code": code, "name": name, "months": months})
    for rule in w.signals:
        view.signals.append(
            {
                "code": rule.code,
                "kind": labels.wellbeing_value("wellbeing.signals.kind", rule.kind),
                "level": rule.level,
                "level_word": labels.wellbeing_value("wellbeing.signals.level", rule.level),
                "words": signal_words(rule),
            }
        )
    p = w.pulse
    view.pulse = [
        _setting("wellbeing.pulse.min_group", p.min_group),
        _setting("wellbeing.pulse.open_days", p.open_days),
        _setting("wellbeing.pulse.benchmark_percent", f"{_number(p.benchmark_percent)} %"),
    ]
    for q in p.questions:
        view.questions.append(
            {
                "code": q.code,
                "theme": labels.wellbeing_value("wellbeing.pulse.questions.theme", q.theme),
                "text": pick(q.zh, q.en),
                "high_is_bad": q.high_is_bad,
            }
        )
    view.benchmark = _(
        "The benchmark line is the share answering 4 or 5 on the exhaustion question, against %(percent)s %% "
        "(indicative: that figure comes from one survey)."
    ) % {"percent": _number(p.benchmark_percent)}
    view.keeping = [
        _setting("wellbeing.voice.answer_working_days", w.voice.answer_working_days),
        _setting("wellbeing.retention_months", w.retention_months),
    ]
    return view
