"""The recognition sections of a policy in words (issue 15): star tiers as conditions people read, the base
bonus per level and the coefficients as tables, coaching rules and the bottom band as sentences.

Works on the parsed `Policy` of a stored (hence valid) version; labels and value words come from web.labels,
the one label source of the policy pages, the diff and the parameter form. Amounts of money are left out
entirely (`with_pay=False`) for people who may not see pay.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from serviceladder.core.i18n import pick
from serviceladder.policy.schema import CoachingRule, PeriodMetric, Policy, StarTier
from serviceladder.rules.explain import format_metric
from serviceladder.rules.messages import SAMPLE_LABELS
from serviceladder.rules.metrics import METRICS, sample_field, to_data_units
from serviceladder.web import labels

SYMBOLS = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}


@dataclass
class Setting:
    label: str
    value: str


@dataclass
class SectionView:
    key: str
    title: str
    enabled: bool
    settings: list[Setting] = field(default_factory=list)
    summary: str = ""
    tiers: list[dict] = field(default_factory=list)
    bases: list[dict] = field(default_factory=list)
    coefficients: list[dict] = field(default_factory=list)
    bands: list[dict] = field(default_factory=list)
    rules: list[dict] = field(default_factory=list)


def _language() -> str:
    from django.utils.translation import get_language

    return "zh" if (get_language() or "").lower().startswith("zh") else "en"


def _number(value: Decimal) -> str:
    text = format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)
    return text


def metric_value(metric: str, value: Decimal) -> str:
    """A policy value in people's units: "4.8", "95 %", "5 min", "300 s"."""
    if metric not in METRICS:
        return _number(value)
    return format_metric(metric, to_data_units(metric, value), _language())


def _label(path: str) -> str:
    return labels.recognition_field_label(path)[0]


def _setting(path: str, value) -> Setting:
    return Setting(_label(path), labels.recognition_value(path, value))


def _sample(metric: str, n: int) -> str:
    what = SAMPLE_LABELS.get(sample_field(metric), SAMPLE_LABELS[None])[_language()]
    return _("from %(n)s %(what)s a month") % {"n": n, "what": what}


def threshold_words(m: PeriodMetric) -> str:
    """ "CSAT ≥ 4.8 (mean of the period, from 30 rated contacts a month)"."""
    notes = [labels.recognition_value("aggregation", m.aggregation)]
    if m.min_sample:
        notes.append(_sample(m.metric, m.min_sample))
    sep = "，" if _language() == "zh" else ", "
    head = f"{labels.metric_label(m.metric)} {SYMBOLS[m.comparison]} {metric_value(m.metric, m.value)}"
    return f"{head} ({sep.join(notes)})" if _language() == "en" else f"{head}（{sep.join(notes)}）"


def tier_conditions(tier: StarTier) -> list[str]:
    c = tier.conditions
    out = [threshold_words(m) for m in c.metric_thresholds]
    if c.rank is not None:
        out.append(
            _("top %(percent)s %% of the peer group in every month")
            % {"percent": _number(c.rank.top_percent)}
        )
    if c.no_violations:
        out.append(_("no violations"))
    if c.recognition is not None:
        words = ngettext(
            "at least %(n)s recognition", "at least %(n)s recognitions", c.recognition.min_count
        ) % {"n": c.recognition.min_count}
        if c.recognition.categories:
            kinds = labels.recognition_value("categories", list(c.recognition.categories))
            words = f"{words} ({kinds})" if _language() == "en" else f"{words}（{kinds}）"
        out.append(words)
    return out


def rule_words(rule: CoachingRule) -> str:
    """A coaching rule as the lead would say it."""
    metric = labels.metric_label(rule.metric)
    if rule.kind == "below_threshold" and rule.comparison and rule.value is not None:
        condition = f"{SYMBOLS[rule.comparison]} {metric_value(rule.metric, rule.value)}"
        text = ngettext(
            "%(metric)s misses its threshold (%(condition)s) %(months)s month in a row",
            "%(metric)s misses its threshold (%(condition)s) %(months)s months in a row",
            rule.months,
        ) % {"metric": metric, "condition": condition, "months": rule.months}
    elif rule.kind == "drop" and rule.drop is not None:
        text = ngettext(
            "%(metric)s worse than the person's own average of the %(months)s month before by %(drop)s "
            "or more",
            "%(metric)s worse than the person's own average of the %(months)s months before by %(drop)s "
            "or more",
            rule.baseline_months,
        ) % {"metric": metric, "months": rule.baseline_months, "drop": metric_value(rule.metric, rule.drop)}
    else:
        text = metric
    if rule.min_sample:
        text += (" — " if _language() == "en" else "——") + _(
            "months with fewer than %(n)s %(what)s do not count"
        ) % {
            "n": rule.min_sample,
            "what": SAMPLE_LABELS.get(sample_field(rule.metric), SAMPLE_LABELS[None])[_language()],
        }
    return text


def _money(amount: Decimal, currency: str) -> str:
    return f"{amount:,.2f} {currency}"


def recognition_view(policy: Policy, *, with_pay: bool) -> list[SectionView]:
    """The four sections of `policy` in words, in the order of the file."""
    levels = policy.levels()
    out: list[SectionView] = []

    stars = policy.stars
    view = SectionView("stars", _label("stars"), stars.enabled)
    view.settings = [
        _setting("stars.period", stars.period),
        _setting("stars.peer_group", stars.peer_group),
        _setting("stars.min_peer_group", stars.min_peer_group),
        _setting("stars.min_months_of_service", stars.min_months_of_service),
        _setting("stars.wall_min_stars", stars.wall_min_stars),
    ]
    view.summary = _(
        "At the end of each period every agent gets the highest tier whose conditions all pass; "
        "top-%% conditions apply only in peer groups of at least %(n)s people."
    ) % {"n": stars.min_peer_group}
    view.tiers = [
        {"stars": t.stars, "word": labels.stars_word(t.stars), "conditions": tier_conditions(t)}
        for t in sorted(stars.tiers, key=lambda t: -t.stars)
    ]
    out.append(view)

    pay = policy.performance_pay
    view = SectionView("performance_pay", _label("performance_pay"), pay.enabled)
    view.settings = [
        _setting("performance_pay.basis", pay.basis),
        _setting("performance_pay.insufficient_data", pay.insufficient_data),
        Setting(_label("performance_pay.adjustment_percent"), f"± {_number(pay.adjustment_percent)} %"),
        _setting("performance_pay.proration", pay.proration),
        _setting("performance_pay.quarter_tier_months", pay.quarter_tier_months),
        _setting("performance_pay.rounding", pay.rounding),
    ]
    if with_pay:
        cap = _money(pay.cap, policy.currency) if pay.cap is not None else _("no cap")
        view.settings.insert(1, Setting(_label("performance_pay.cap"), cap))
        view.bases = [
            {
                "code": code,
                "name": pick(levels[code][1].name_zh, levels[code][1].name_en) if code in levels else "",
                "amount": _money(amount, policy.currency),
            }
            for code, amount in pay.base_by_level.items()
        ]
    view.summary = _(
        "Monthly bonus = base of the level held on the month's last day × coefficient × proration, then "
        "the cap, then HR's adjustment (within ± %(percent)s %% of the proposal, never above the cap, always "
        "with a reason), then one rounding to 0.01."
    ) % {"percent": _number(pay.adjustment_percent)}
    view.coefficients = [
        {"word": labels.stars_word(n), "coefficient": _number(c)}
        for n, c in sorted(pay.star_coefficients.items(), reverse=True)
    ]
    bands = sorted(pay.score_bands, key=lambda b: b.from_score)
    view.bands = [
        {
            "range": (
                _("%(low)s to below %(high)s")
                % {"low": _number(b.from_score), "high": _number(bands[i + 1].from_score)}
                if i + 1 < len(bands)
                else _("%(low)s and above") % {"low": _number(b.from_score)}
            ),
            "coefficient": _number(b.coefficient),
        }
        for i, b in enumerate(bands)
    ]
    out.append(view)

    coaching = policy.coaching
    view = SectionView("coaching", _label("coaching"), coaching.enabled)
    view.settings = [_setting("coaching.follow_up_days", coaching.follow_up_days)]
    view.rules = [{"code": r.code, "words": rule_words(r)} for r in coaching.rules]
    view.summary = _("Each rule gives the team lead a coaching task with the evidence.")
    out.append(view)

    bottom = policy.improvement_plans
    view = SectionView("improvement_plans", _label("improvement_plans"), bottom.enabled)
    view.settings = [
        Setting(_label("improvement_plans.bottom_percent"), f"{_number(bottom.bottom_percent)} %"),
        _setting("improvement_plans.months", bottom.months),
        _setting("improvement_plans.peer_group", bottom.peer_group),
        _setting("improvement_plans.min_peer_group", bottom.min_peer_group),
        _setting("improvement_plans.min_months_of_service", bottom.min_months_of_service),
        _setting("improvement_plans.duration_months", bottom.duration_months),
    ]
    view.summary = ngettext(
        "The bottom %(percent)s %% of the peer group (%(group)s, from %(peers)s people) for %(months)s "
        "month in a row opens a proposal for an improvement plan of %(duration)s months that the lead and "
        "HR review; never an automatic sanction, never with insufficient data, never in the first "
        "%(service)s months of service.",
        "The bottom %(percent)s %% of the peer group (%(group)s, from %(peers)s people) for %(months)s "
        "months in a row opens a proposal for an improvement plan of %(duration)s months that the lead and "
        "HR review; never an automatic sanction, never with insufficient data, never in the first "
        "%(service)s months of service.",
        bottom.months,
    ) % {
        "percent": _number(bottom.bottom_percent),
        "group": labels.recognition_value("peer_group", bottom.peer_group),
        "peers": bottom.min_peer_group,
        "months": bottom.months,
        "duration": bottom.duration_months,
        "service": bottom.min_months_of_service,
    }
    out.append(view)
    return out
