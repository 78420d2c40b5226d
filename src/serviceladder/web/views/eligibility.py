"""Promotion eligibility pages: a person's path (every next step, condition by condition) and the lists of
who is ready now, within three months, or not yet, with CSV and XLSX exports.

Visibility comes from accounts.scoping (through eligibility.selectors); which pages a role may open from
web.access. Nothing here computes eligibility: the engine decides, these views label and lay out.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from serviceladder.accounts.scoping import access_employee, user_employee
from serviceladder.core.i18n import pick
from serviceladder.eligibility import selectors
from serviceladder.eligibility.engine import BLOCKED, ELIGIBLE, INSUFFICIENT_DATA, NOT_YET, Decision
from serviceladder.eligibility.export import csv_text, export_rows, write_xlsx
from serviceladder.org.models import Department, Employee
from serviceladder.org.selectors import today
from serviceladder.policy.errors import NoPolicyInForce
from serviceladder.policy.schema import Policy
from serviceladder.rules.clauses import FAIL, PASS
from serviceladder.rules.explain import format_date, format_month, format_points_pair, render_check
from serviceladder.rules.messages import METRIC_LABELS
from serviceladder.rules.periods import whole_months_between
from serviceladder.rules.progress import COUNT, MET, MONTHS, NO_DATA, SCORE, VALUE, check_progress
from serviceladder.web.access import (
    can_browse_eligibility,
    can_filter_eligibility_by_department,
    can_view_own_path,
    require,
)
from serviceladder.web.methods import read_only
from serviceladder.web.views.development_goals import make_goal_links

CLAUSE_TITLES = {
    "min_months_in_level": gettext_lazy("Time in level"),
    "min_months_of_service": gettext_lazy("Length of service"),
    "rank_streak": gettext_lazy("Peer ranking streak"),
    "exam_score": gettext_lazy("Knowledge and skills exam"),
    "competency_confirmation": gettext_lazy("Competencies confirmed by the superior"),
    "no_violations": gettext_lazy("No disciplinary violations"),
    "required_trainings": gettext_lazy("Required trainings"),
    "education_requirement": gettext_lazy("Education"),
    "education_cap": gettext_lazy("Education cap"),
}
STATUS_LABELS = {
    ELIGIBLE: gettext_lazy("Eligible now"),
    NOT_YET: gettext_lazy("Not yet"),
    BLOCKED: gettext_lazy("Blocked"),
    INSUFFICIENT_DATA: gettext_lazy("Not enough data"),
}
CHECK_LABELS = {
    PASS: gettext_lazy("Met"),
    FAIL: gettext_lazy("Not met"),
    "insufficient_data": gettext_lazy("No data"),
}
GROUP_TITLES = {
    selectors.READY_NOW: gettext_lazy("Ready now"),
    selectors.READY_SOON: gettext_lazy("Ready within 3 months"),
    selectors.LATER: gettext_lazy("Not yet"),
    selectors.UNDER_WAY: gettext_lazy("Promotion under way"),
}
UNDER_WAY_LABEL = gettext_lazy("Under way")
GROUP_HINTS = {
    selectors.READY_NOW: gettext_lazy("Every condition of the step is met today."),
    selectors.READY_SOON: gettext_lazy(
        "Only time stands in the way: the remaining conditions are met by the date shown."
    ),
    selectors.LATER: gettext_lazy(
        "A later date, results still to improve, data missing, or a step closed to the person."
    ),
    selectors.UNDER_WAY: gettext_lazy(
        "The step is already taken: approved, on public notice, or promoted with the new level still to come."
    ),
}
OPERATOR_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}


def _language() -> str:
    return "zh" if (get_language() or "en").lower().startswith("zh") else "en"


def _as_of(request: HttpRequest) -> tuple[dt.date, bool]:
    """The date from ?as_of=YYYY-MM-DD (today when absent or unreadable), and whether it is today."""
    raw = request.GET.get("as_of", "").strip()
    try:
        date = dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        date = None
    if date is None or not dt.date(2000, 1, 1) <= date <= dt.date(2100, 12, 31):
        date = today()
    return date, date == today()


# --- labels --------------------------------------------------------------------------------------------


class Names:
    """Level, track, competency and training names of one policy in the active language."""

    def __init__(self, policy: Policy) -> None:
        self.levels = {}
        self.tracks = {}
        for code, (track, level, _rank) in policy.levels().items():
            self.levels[code] = pick(level.name_zh, level.name_en)
            self.tracks[code] = (track.code, pick(track.name_zh, track.name_en), track.kind)
        self.competencies = {c.code: pick(c.name_zh, c.name_en) for c in policy.competencies}
        self.trainings = {t.code: pick(t.name_zh, t.name_en) for t in policy.trainings}
        self.exams = {e.code: pick(e.name_zh, e.name_en) for e in policy.exams}

    def level(self, code: str | None) -> str:
        return self.levels.get(code, code or "—")

    def explain(self, check, language: str) -> str:
        """render_check with the policy's names instead of its codes (levels, competencies, trainings);
        the exports keep the codes, as the CLI prints them."""
        values = check.values
        named = {}
        for key in ("level", "highest_level"):
            if key in values:
                named[key] = self.level(values[key])
        if "gaps" in values:
            named["gaps"] = [[self.competencies.get(c, c), have, need] for c, have, need in values["gaps"]]
        if check.clause == "required_trainings":
            for key in ("codes", "missing", "expired"):
                if key in values:
                    named[key] = [self.trainings.get(c, c) for c in values[key]]
        if check.clause == "exam_score" and values.get("exam"):
            named["exam"] = self.exams.get(values["exam"], values["exam"])
        return render_check(check._replace(values={**values, **named}) if named else check, language)


def check_title(clause: str, key: str, language: str) -> str:
    if clause in ("metric_threshold", "team_metric"):
        label = METRIC_LABELS.get(key, {}).get(language, key)
        label = label[:1].upper() + label[1:]
        if clause == "team_metric":
            return _("Team: %(metric)s") % {"metric": label}
        return label
    return str(CLAUSE_TITLES.get(clause, clause))


@dataclass(frozen=True)
class CheckRow:
    title: str
    status: str
    status_label: str
    text: str
    percent: int
    bar_label: str
    months: str
    earliest: str
    goal_url: str = ""  # "make this a goal" (development goals), for an unmet condition


@dataclass(frozen=True)
class Step:
    decision: Decision
    to_code: str
    to_name: str
    kind_label: str
    track_name: str
    track_kind: str
    status_label: str
    earliest: str
    checks: list[CheckRow]
    met: int
    total: int
    percent: int
    dates: list[tuple[str, str]]  # (condition, earliest date) of the time-bound conditions not met yet
    ready_on: str
    rest_met: bool
    under_way: object = None  # eligibility.pending.PendingMove when the step is already taken

    @property
    def status(self) -> str:
        return selectors.UNDER_WAY if self.under_way is not None else self.decision.status

    @property
    def anchor(self) -> str:
        return f"step-{self.to_code}"


def _bar_label(progress, check, language: str) -> str:
    kind = progress.kind
    if kind == NO_DATA:
        if check.clause == "competency_confirmation":
            return _("not confirmed yet")
        return _("no data")
    if kind == MONTHS:
        values = {"have": progress.have, "need": progress.need}
        return ngettext("%(have)s of %(need)s month", "%(have)s of %(need)s months", progress.need) % values
    if kind == VALUE:
        op = check.values.get("op")
        sign = OPERATOR_SIGNS.get(op, "") if op else ""
        need = f"{sign} {progress.need}".strip() if sign else progress.need
        return f"{progress.have} / {need}"
    if kind == SCORE:
        if progress.have is None:
            return _("no exam yet")
        have, need = format_points_pair(progress.have, progress.need)
        return _("%(have)s of %(need)s points") % {"have": have, "need": need}
    if kind == COUNT:
        values = {"have": progress.have, "need": progress.need}
        if progress.unit == "trainings":
            text = ngettext("%(have)s of %(need)s training", "%(have)s of %(need)s trainings", progress.need)
        else:
            text = ngettext(
                "%(have)s of %(need)s competency", "%(have)s of %(need)s competencies", progress.need
            )
        return text % values
    if kind == MET:
        return str(CHECK_LABELS[PASS if check.status == PASS else FAIL])
    return ""


def _months_text(months: tuple[str, ...], language: str) -> str:
    if not months:
        return ""
    first, last = format_month(months[0], language), format_month(months[-1], language)
    return first if first == last else f"{first} – {last}"


def build_step(decision: Decision, names: Names, as_of: dt.date, language: str, under_way=None) -> Step:
    rows = []
    fractions = []
    for c in decision.checks:
        progress = check_progress(c, as_of, language)
        fractions.append(progress.fraction)
        rows.append(
            CheckRow(
                title=check_title(c.clause, c.key, language),
                status=c.status,
                status_label=str(CHECK_LABELS.get(c.status, c.status)),
                text=names.explain(c, language),
                percent=progress.percent,
                bar_label=_bar_label(progress, c, language),
                months=_months_text(c.months, language),
                earliest=format_date(c.earliest, language) if c.earliest else "",
            )
        )
    met = sum(1 for c in decision.checks if c.status == PASS)
    total = len(decision.checks)
    track_code, track_name, track_kind = names.tracks.get(decision.to_level, ("", "", decision.track))
    projection = decision.projection
    return Step(
        decision=decision,
        to_code=decision.to_level,
        to_name=names.level(decision.to_level),
        kind_label=_("Promotion") if decision.kind == "promotion" else _("Lateral move"),
        track_name=track_name,
        track_kind=track_kind,
        status_label=str(UNDER_WAY_LABEL if under_way is not None else STATUS_LABELS[decision.status]),
        earliest=format_date(decision.earliest, language) if decision.earliest and under_way is None else "",
        checks=rows,
        met=met,
        total=total,
        percent=int(100 * sum(fractions) / total) if total else 100,
        dates=[
            (check_title(clause, key, language), format_date(date, language))
            for clause, key, date in projection.items
        ],
        ready_on=format_date(projection.ready_on, language) if projection.ready_on else "",
        rest_met=projection.rest_met,
        under_way=under_way,
    )


# --- a person's path ------------------------------------------------------------------------------------


def _path_context(request: HttpRequest, employee: Employee, *, own: bool) -> dict:
    as_of, is_today = _as_of(request)
    result = selectors.eligibility_for_person(request.user, employee, as_of=as_of)
    names = Names(result.policy)
    language = _language()
    steps = [
        build_step(d, names, as_of, language, result.under_way.get(d.to_level)) for d in result.decisions
    ]
    steps = make_goal_links(request, employee, steps, as_of)
    track = names.tracks.get(result.level) if result.level else None
    return {
        "e": employee,
        "own": own,
        "as_of": as_of,
        "is_today": is_today,
        "as_of_text": format_date(as_of, language),
        "policy_title": pick(result.policy.title.zh, result.policy.title.en),
        "policy_code": result.policy.name,
        "policy_version": result.policy_version,
        "level_code": result.level,
        "level_name": names.level(result.level) if result.level else "",
        "track_name": track[1] if track else "",
        "level_since": format_date(result.level_since, language) if result.level_since else "",
        "months_in_level": whole_months_between(result.level_since, as_of) if result.level_since else None,
        "steps": steps,
        "ready": sum(1 for s in steps if s.status == ELIGIBLE),
    }


def _render_path(request: HttpRequest, employee: Employee, *, own: bool) -> HttpResponse:
    try:
        context = _path_context(request, employee, own=own)
    except NoPolicyInForce:
        as_of, _is_today = _as_of(request)
        return render(request, "web/eligibility/no_policy.html", {"date": as_of, "e": employee, "own": own})
    to = request.GET.get("to", "")
    if request.htmx and to and not request.htmx.history_restore_request:
        step = next((s for s in context["steps"] if s.to_code == to), None)
        response = render(request, "web/eligibility/_explain.html", {**context, "step": step})
    else:
        if own:
            # The way from "what is missing" to "apply now": the same card as on the home page.
            from serviceladder.promotions.page_selectors import home_promotion

            context["promotion"] = home_promotion(request.user)
        response = render(request, "web/eligibility/path.html", context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@read_only
def my_path(request: HttpRequest) -> HttpResponse:
    require(can_view_own_path(request.user))
    employee = user_employee(request.user)
    if employee is None:
        return render(request, "web/eligibility/no_employee.html")
    return _render_path(request, employee, own=True)


@read_only
def person_path(request: HttpRequest, number: str) -> HttpResponse:
    employee = access_employee(request.user, number)
    me = user_employee(request.user)
    return _render_path(request, employee, own=me is not None and me.pk == employee.pk)


# --- the lists ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListRow:
    number: str
    name: str
    team: str
    from_name: str
    to_name: str
    to_code: str
    kind: str
    status: str
    status_label: str
    earliest: str
    first_unmet: str
    path_url: str
    explain_url: str
    under_way: str = ""  # what is under way (eligibility.pending), when the step is already taken


def _filters(request: HttpRequest) -> selectors.ListFilters:
    get = request.GET
    status = get.get("status", "")
    return selectors.ListFilters(
        department=get.get("department", "")[:40]
        if can_filter_eligibility_by_department(request.user)
        else "",
        team=get.get("team", "")[:40],
        level=get.get("level", "")[:40],
        track=get.get("track", "")[:40],
        status=status if status in selectors.STATUSES else "",
    )


class _PathUrls:
    """A person's path URL without reversing it once per row (a list may have a thousand rows)."""

    def __init__(self, as_of: dt.date) -> None:
        self.head, self.tail = reverse("person_path", kwargs={"number": "0"}).rsplit("/0/", 1)
        self.as_of = as_of.isoformat()

    def path(self, number: str) -> str:
        return f"{self.head}/{quote(number)}/{self.tail}"

    def explain(self, number: str, to_level: str) -> str:
        return f"{self.path(number)}?{urlencode({'to': to_level, 'as_of': self.as_of})}"


def _row(
    d: Decision, people: dict[str, Employee], names: Names, language: str, urls: _PathUrls, under_way=None
) -> ListRow:
    e = people.get(d.employee)
    unmet = next((c for c in d.checks if c.status != PASS), None)
    if under_way is not None:
        status, status_label = selectors.UNDER_WAY, str(UNDER_WAY_LABEL)
    else:
        status, status_label = d.status, str(STATUS_LABELS[d.status])
    return ListRow(
        number=d.employee,
        name=e.name if e else d.employee,
        team=pick(e.team.name_zh, e.team.name_en) if e and e.team_id else "",
        from_name=names.level(d.from_level),
        to_name=names.level(d.to_level),
        to_code=d.to_level,
        kind=d.kind,
        status=status,
        status_label=status_label,
        earliest=d.earliest.isoformat() if d.earliest else "",
        first_unmet=names.explain(unmet, language) if unmet else "",
        path_url=urls.path(d.employee),
        explain_url=urls.explain(d.employee, d.to_level),
        under_way=under_way.label if under_way is not None else "",
    )


def _options(user, result: selectors.EligibilityList, names: Names) -> dict:
    teams = {}
    for e in result.people.values():
        if e.team_id and e.team.code not in teams:
            teams[e.team.code] = pick(e.team.name_zh, e.team.name_en)
    from_levels = list(dict.fromkeys(t.from_level for t in result.policy.transitions))
    tracks = [(t.code, pick(t.name_zh, t.name_en)) for t in result.policy.tracks]
    departments = []
    if can_filter_eligibility_by_department(user):
        departments = [(d.code, pick(d.name_zh, d.name_en)) for d in Department.objects.order_by("code")]
    return {
        "departments": departments,
        "teams": sorted(teams.items(), key=lambda kv: kv[1]),
        "levels": [(code, names.level(code)) for code in from_levels],
        "tracks": tracks,
        "statuses": [(s, STATUS_LABELS[s]) for s in selectors.STATUSES],
    }


GROUP_PAGE_SIZE = 50


def _page_number(raw: str | None) -> int:
    try:
        return max(1, int(raw or 1))
    except ValueError:
        return 1


def _group_page_url(query: dict[str, str], pages: dict[str, int], key: str, number: int) -> str:
    """The list with one group turned to another page; the other groups stay where they are."""
    params = dict(query)
    for k, n in pages.items():
        if n > 1:
            params[f"page_{k}"] = str(n)
    params[f"page_{key}"] = str(number)
    if number == 1:
        del params[f"page_{key}"]
    return f"{reverse('eligibility')}?{urlencode(params)}"


def _computed_at_text(computed_at: dt.datetime | None, language: str) -> str:
    """When the snapshot the list reads was computed (local time); empty when the list was computed live."""
    if computed_at is None:
        return ""
    local = timezone.localtime(computed_at)
    return f"{format_date(local.date(), language)} {local:%H:%M}"


@read_only
def eligibility_list(request: HttpRequest) -> HttpResponse:
    require(can_browse_eligibility(request.user))
    as_of, is_today = _as_of(request)
    filters = _filters(request)
    try:
        result = selectors.eligibility_list(request.user, as_of=as_of, filters=filters)
    except NoPolicyInForce:
        return render(request, "web/eligibility/no_policy.html", {"date": as_of, "list": True})
    names = Names(result.policy)
    language = _language()
    urls = _PathUrls(as_of)
    query = filters.query()
    if not is_today:
        query["as_of"] = as_of.isoformat()
    pages = {key: _page_number(request.GET.get(f"page_{key}")) for key in selectors.GROUPS}
    taken = result.under_way
    groups = []
    for key in selectors.GROUPS:
        decisions = result.groups[key]
        if key == selectors.UNDER_WAY and not decisions:
            continue  # shown only when someone's step is under way
        last_page = max(1, -(-len(decisions) // GROUP_PAGE_SIZE))
        number = min(pages[key], last_page)
        shown = decisions[(number - 1) * GROUP_PAGE_SIZE : number * GROUP_PAGE_SIZE]
        groups.append(
            {
                "key": key,
                "title": GROUP_TITLES[key],
                "hint": GROUP_HINTS[key],
                "total": len(decisions),
                "rows": [
                    _row(d, result.people, names, language, urls, taken.get((d.employee, d.to_level)))
                    for d in result.detailed(shown)
                ],
                "compact": key in (selectors.READY_NOW, selectors.UNDER_WAY),
                "page": number,
                "pages": last_page,
                "first": (number - 1) * GROUP_PAGE_SIZE + 1,
                "last": (number - 1) * GROUP_PAGE_SIZE + len(shown),
                "prev": _group_page_url(query, pages, key, number - 1) if number > 1 else "",
                "next": _group_page_url(query, pages, key, number + 1) if number < last_page else "",
            }
        )
    context = {
        "as_of": as_of,
        "is_today": is_today,
        "as_of_text": format_date(as_of, language),
        "computed_at_text": _computed_at_text(result.computed_at, language),
        "filters": filters,
        "groups": groups,
        "count": result.count,
        "people_count": len({d.employee for d in result.decisions}),
        "policy_version": result.policy_version,
        "policy_code": result.policy.name,
        "options": _options(request.user, result, names),
        "query": query,
        "query_string": urlencode(query),
    }
    partial = request.htmx and not request.htmx.history_restore_request
    template = "web/eligibility/_list.html" if partial else "web/eligibility/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@read_only
def eligibility_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The list's decisions (same scope, same filters) with the CLI's columns, as CSV or XLSX."""
    require(can_browse_eligibility(request.user))
    as_of, _is_today = _as_of(request)
    try:
        result = selectors.eligibility_list(request.user, as_of=as_of, filters=_filters(request))
    except NoPolicyInForce:
        return render(request, "web/eligibility/no_policy.html", {"date": as_of, "list": True}, status=404)
    decisions = result.detailed(result.decisions)
    header, rows = export_rows(decisions, result.people, _language(), result.under_way)
    name = f"eligibility-{as_of.isoformat()}.{fmt}"
    if fmt == "csv":
        # With a byte-order mark, as the CLI writes CSV files, so that Excel opens Chinese text correctly.
        response = HttpResponse(("\ufeff" + csv_text(header, rows)).encode(), content_type=EXPORT_TYPES[fmt])
    else:
        buffer = io.BytesIO()
        write_xlsx(header, rows, buffer)
        response = HttpResponse(buffer.getvalue(), content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
