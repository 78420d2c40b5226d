"""The career framework page: the ladder as a picture, and the detail of one level."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from serviceladder.accounts.scoping import can_see_pay_bands, user_employee
from serviceladder.core.errors import NotFoundOrForbidden
from serviceladder.core.i18n import pick
from serviceladder.org.selectors import level_as_of, today
from serviceladder.policy.errors import NoPolicyInForce
from serviceladder.policy.schema import Level, LocalList, Policy, Track, Transition
from serviceladder.policy.selectors import policy_in_force, policy_version_in_force
from serviceladder.web import ladder_svg
from serviceladder.web.access import can_view_ladder, require
from serviceladder.web.methods import read_only


@dataclass(frozen=True)
class Move:
    level_code: str
    level_name: str
    kind: str
    other_track: bool
    min_months: int


@dataclass(frozen=True)
class LevelView:
    level: Level
    track: Track
    track_name: str
    name: str
    duties: list[str]
    requirements: list[str]
    benefits: list[str]
    competencies: list[dict]
    trainings: list[str]
    into: list[Move]
    onward: list[Move]
    pay_band: dict | None


def _list(value: LocalList) -> list[str]:
    return pick(value.zh, value.en) or []  # type: ignore[arg-type]


def _move_title(policy: Policy, t: Transition) -> str:
    levels = policy.levels()
    a, b = levels[t.from_level][1], levels[t.to_level][1]
    kind = _("promotion") if t.kind == "promotion" else _("lateral move")
    months = t.conditions.min_months_in_level
    text = f"{pick(a.name_zh, a.name_en)} → {pick(b.name_zh, b.name_en)} · {kind}"
    if months:
        text += " · " + ngettext(
            "at least %(n)s month in level", "at least %(n)s months in level", months
        ) % {"n": months}
    return text


def ladder_layout(policy: Policy) -> ladder_svg.Layout:
    tracks = [
        ladder_svg.TrackIn(
            t.code,
            pick(t.name_zh, t.name_en),
            [ladder_svg.LevelIn(lv.code, pick(lv.name_zh, lv.name_en)) for lv in t.levels],
        )
        for t in policy.tracks
    ]
    transitions = [
        ladder_svg.TransitionIn(t.from_level, t.to_level, t.kind, _move_title(policy, t))
        for t in policy.transitions
    ]
    return ladder_svg.layout(tracks, transitions)


def _training_label(training) -> str:
    """A training's name, with how long a certification stays valid ("内训师认证 · 有效期24个月")."""
    name = pick(training.name_zh, training.name_en)
    if training.validity_months:
        n = training.validity_months
        name += " · " + ngettext("valid for %(n)s month", "valid for %(n)s months", n) % {"n": n}
    return name


def level_view(policy: Policy, code: str, *, with_pay: bool) -> LevelView:
    found = policy.levels().get(code)
    if found is None:
        raise NotFoundOrForbidden()
    track, level, _rank = found
    levels = policy.levels()
    competency_names = {c.code: pick(c.name_zh, c.name_en) for c in policy.competencies}
    training_names = {t.code: _training_label(t) for t in policy.trainings}

    def move(t: Transition, other: str) -> Move:
        other_track, other_level, _r = levels[other]
        return Move(
            other,
            pick(other_level.name_zh, other_level.name_en),
            t.kind,
            other_track.code != track.code,
            t.conditions.min_months_in_level,
        )

    band = None
    if with_pay and level.pay_band is not None:
        band = {
            "min": level.pay_band.min,
            "max": level.pay_band.max,
            "currency": level.pay_band.currency or policy.currency,
        }
    return LevelView(
        level=level,
        track=track,
        track_name=pick(track.name_zh, track.name_en),
        name=pick(level.name_zh, level.name_en),
        duties=_list(level.duties),
        requirements=_list(level.requirements),
        benefits=_list(level.benefits),
        competencies=[
            {"code": c, "name": competency_names.get(c, c), "required": p, "steps": range(1, 6)}
            for c, p in level.competencies.items()
        ],
        trainings=[training_names.get(c, c) for c in level.promotion_training],
        into=[move(t, t.from_level) for t in policy.transitions if t.to_level == code],
        onward=[move(t, t.to_level) for t in policy.transitions if t.from_level == code],
        pay_band=band,
    )


def _own_level_code(user) -> str | None:
    me = user_employee(user)
    if me is None:
        return None
    assignment = level_as_of(me, today())
    return assignment.level.code if assignment else None


@read_only
def ladder(request: HttpRequest) -> HttpResponse:
    require(can_view_ladder(request.user))
    on = today()
    try:
        version = policy_version_in_force(on)
        policy = policy_in_force(on)
    except NoPolicyInForce:
        return render(request, "web/ladder/no_policy.html", {"date": on})
    own = _own_level_code(request.user)
    entry = policy.tracks[0].levels[0].code
    selected = request.GET.get("level") or (own if own in policy.levels() else entry)
    detail = None
    if selected and selected in policy.levels():
        detail = level_view(policy, selected, with_pay=can_see_pay_bands(request.user))
    context = {
        "version": version,
        "policy_title": pick(policy.title.zh, policy.title.en) or policy.name,
        "layout": ladder_layout(policy),
        "own": own,
        "own_in_policy": own in policy.levels(),
        "selected": selected,
        "d": detail,
    }
    return render(request, "web/ladder/page.html", context)


@read_only
def level_detail(request: HttpRequest, code: str) -> HttpResponse:
    require(can_view_ladder(request.user))
    on = today()
    try:
        policy = policy_in_force(on)
    except NoPolicyInForce as exc:
        raise NotFoundOrForbidden() from exc
    detail = level_view(policy, code, with_pay=can_see_pay_bands(request.user))
    context = {"d": detail, "own": _own_level_code(request.user)}
    partial = request.htmx and not request.htmx.history_restore_request
    template = "web/ladder/_level.html" if partial else "web/ladder/level.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response
