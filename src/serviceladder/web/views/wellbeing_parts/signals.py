"""The stage and early-warning signals section of the Wellbeing area (issue 16 items 1–2): on a person's page
their lifecycle stage with its reasons and their risk level with the signals that fired (figures and months,
never a bare score); for the person themselves the same in kind words, with what helps, and the risk level
only when the policy lets them see it. On the landing: the people in the reader's scope by risk level, per
team, with links to the team pages and the heat map. Reads through wellbeing.selectors.assessments."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import (
    can_see_development,
    can_see_wellbeing,
    can_see_wellbeing_heat_map,
    user_employee,
    wellbeing_teams_visible_to,
)
from serviceladder.web.labels import metric_label
from serviceladder.web.views.wellbeing_parts import Part
from serviceladder.wellbeing.models.assessment import Risk, Stage
from serviceladder.wellbeing.selectors import assessments as selectors

LANDING_TEAMS = 12  # the most flagged teams on the landing; the heat map and team pages have the rest

SIGNAL_KINDS = {
    "workload": _("heavy workload"),
    "worsening": _("worsening trend"),
    "threshold": _("exposure to difficult contacts"),
    "drop": _("quality slide"),
    "plateau": _("career plateau"),
    "setback": _("setback"),
    "pulse": _("pulse answers shared"),
}

# What a signal means, said to the person themselves: an observation and an offer, never a verdict.
KIND_FOR_PERSON = {
    "workload": _("Some signs that your workload has been heavy for a while."),
    "worsening": _("Some of your figures have been getting harder month after month."),
    "threshold": _("You seem to have handled a lot of difficult contacts lately."),
    "drop": _("Your quality figures dipped compared with your own recent months."),
    "plateau": _(
        "You have been at the same step for a while; it may be a good time to talk about what comes next."
    ),
    "setback": _("A recent application or appeal did not go your way; that can weigh on anyone."),
    "pulse": _("The pulse answers you shared suggest things have been tough."),
}

RISK_FOR_PERSON = {
    Risk.NONE: _("Nothing in your recent figures suggests strain. Keep looking after yourself."),
    Risk.WATCH: _(
        "We noticed a sign that things may have been demanding for you lately. It is not a judgement — "
        "just a reason to look after yourself, and to talk if you would like to."
    ),
    Risk.ACT: _(
        "We noticed some signs that things have been demanding for you lately. It is not a judgement: your "
        "team lead will offer a conversation, and you can ask for support at any time."
    ),
    Risk.UNKNOWN: _(
        "There are not enough recent figures to say how things have been for you; nothing is assumed either "
        "way."
    ),
}

RISK_HELP = {
    Risk.NONE: _("No signal fired."),
    Risk.WATCH: _("One signal fired: keep an eye on it and talk with the person."),
    Risk.ACT: _("Act now: a serious signal fired, or several did. Consider opening a wellbeing case."),
    Risk.UNKNOWN: _(
        "Unknown: no signal fired, but some could not be judged because figures are missing or too few. "
        "It does not mean all is well."
    ),
}

STAGE_HELP = {
    Stage.ENTRY: _("New in the job: learning the work."),
    Stage.RISE: _("Growing: results or level are going up."),
    Stage.MATURITY: _("Established: steady in the current level."),
    Stage.PLATEAU: _("On a plateau: longer in the level than usual, without a rise."),
    Stage.DECLINE: _("Declining: results have fallen over the last months."),
    Stage.UNKNOWN: _("Unknown: not enough data to place the person."),
}

STATUS_LABELS = {
    "pass": pgettext_lazy("wellbeing signal", "fired"),
    "fail": pgettext_lazy("wellbeing signal", "not fired"),
    "insufficient_data": pgettext_lazy("wellbeing signal", "not enough data"),
}


def language() -> str:
    return "zh" if (get_language() or "").lower().startswith("zh") else "en"


wellbeing_policy = selectors.wellbeing_policy


def min_group() -> int:
    return wellbeing_policy().pulse.min_group


def signal_label(kind: str, metric: str = "", code: str = "") -> str:
    """A signal's name: its kind, with the metric it watches ("quality slide · QA score")."""
    name = str(SIGNAL_KINDS.get(kind, code or kind))
    return f"{name} · {metric_label(metric)}" if metric else name


def stage_label(value: str) -> str:
    """A stage, or the stage rule that judged it (the engine stores `lifecycle_<stage>`), in words."""
    try:
        return str(Stage(value.removeprefix("lifecycle_")).label)
    except ValueError:
        return value


def risk_label(value: str) -> str:
    try:
        return str(Risk(value).label)
    except ValueError:
        return value


def period_text(months) -> str:
    months = list(months)
    if not months:
        return ""
    return months[0] if len(months) == 1 else f"{months[0]} – {months[-1]}"


def signal_rows(lines) -> list[dict]:
    return [
        {
            "line": s,
            "label": signal_label(s.kind, s.metric, s.code),
            "level": s.level,
            "status": STATUS_LABELS.get(s.status, s.status),
            "period": period_text(s.months),
            "kind_text": KIND_FOR_PERSON.get(s.kind, ""),
        }
        for s in lines
    ]


STAGE_STATUS_LABELS = {
    "pass": pgettext_lazy("stage rule", "met"),
    "fail": pgettext_lazy("stage rule", "not met"),
    "insufficient_data": pgettext_lazy("stage rule", "not enough data"),
}


def stage_rows(reasons) -> list[dict]:
    return [
        {
            "r": r,
            "label": stage_label(r.rule) if r.rule else "",
            "status": STAGE_STATUS_LABELS.get(r.status, r.status),
        }
        for r in reasons
    ]


def url_or_none(name: str, *args) -> str | None:
    """A page another topic builds, linked only once its URL exists."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def help_links(request, employee) -> list[tuple[str, str]]:
    """What helps, for the person themselves: the voice channel, activities, their development plan."""
    landing = reverse("wellbeing")
    links = [
        (
            url_or_none("voice_new") or url_or_none("voice") or f"{landing}#voice",
            _("Speak up in the voice channel"),
        ),
        (url_or_none("activities") or f"{landing}#activities", _("Join a team activity")),
    ]
    if can_see_development(request.user, employee):
        links.append(
            (reverse("person_development", args=[employee.number]), _("Look at your development plan"))
        )
    return links


def part(request, employee) -> Part | None:
    """The person's stage and signals, for whoever reads their wellbeing; kindly worded for themselves."""
    if not can_see_wellbeing(request.user, employee):
        return None
    policy = wellbeing_policy()
    me = user_employee(request.user)
    own = me is not None and me.pk == employee.pk
    ex = selectors.person_explained(
        request.user, employee, language(), agents_see_own_risk=policy.agents_see_own_risk
    )
    context = {"e": employee, "own": own, "ex": ex}
    if ex is not None:
        context.update(
            stage_label=stage_label(ex.stage),
            stage_help=STAGE_HELP.get(ex.stage, ""),
            stage_rows=stage_rows(ex.stage_reasons),
            fired=signal_rows(ex.fired),
            unknown=signal_rows(ex.unknown),
            quiet=signal_rows(ex.quiet),
        )
        if ex.risk is not None:
            context.update(
                risk_label=risk_label(ex.risk),
                risk_help=(RISK_FOR_PERSON if own else RISK_HELP).get(ex.risk, ""),
            )
    if own:
        context["help_links"] = help_links(request, employee)
    else:
        team = employee.team
        if team is not None and wellbeing_teams_visible_to(request.user).filter(pk=team.pk).exists():
            context["team_url"] = reverse("wellbeing_team", args=[team.code])
    return Part("web/wellbeing/_signals_part.html", context)


def landing(request) -> Part | None:
    """Counts by risk level for a lead's, head's or HR's scope with links to the team pages; the heat map
    link for those who may see it (management: only that)."""
    user = request.user
    teams = wellbeing_teams_visible_to(user)
    heat_map = can_see_wellbeing_heat_map(user)
    counts = selectors.risk_counts(user, teams) if teams.exists() else None
    if counts is None and not heat_map and not teams.exists():
        return None
    context: dict = {"heat_map": heat_map, "counts": counts, "has_teams": teams.exists()}
    if counts is not None:
        context["totals"] = [
            {"risk": r.value, "label": r.label, "n": counts.totals.get(r.value, 0)}
            for r in selectors.RISK_ORDER
        ]
        shown = counts.teams[:LANDING_TEAMS]
        context["teams"] = [
            {
                "team": t.team,
                "url": reverse("wellbeing_team", args=[t.team.code]),
                "counts": [{"n": t.counts.get(r.value, 0), "label": r.label} for r in selectors.RISK_ORDER],
            }
            for t in shown
        ]
        context["more_teams"] = len(counts.teams) - len(shown)
        context["risks"] = [{"risk": r.value, "label": r.label} for r in selectors.RISK_ORDER]
    return Part("web/wellbeing/_signals_landing.html", context)
