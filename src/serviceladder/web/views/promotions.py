"""Promotion cycles: the list (HR opens a cycle), the cycle page (funnel, quotas, applications by stage, the
ranked candidates, publishing the notice), applying, nominating, editing a draft and the review screen
before submitting. Thin: reads through promotions.selectors / page_selectors, writes through services."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import has_role, user_employee
from serviceladder.audit.services import Actor
from serviceladder.core.errors import DomainError, PermissionDeniedError, ValidationFailed
from serviceladder.ladder.models import Level
from serviceladder.promotions import clock, page_selectors, selectors, services
from serviceladder.promotions.access import (
    access_application,
    can_open_cycle,
    can_see_notices,
    can_set_quotas,
    require_scope,
)
from serviceladder.promotions.errors import NotFound, PromotionError
from serviceladder.promotions.models import PromotionCycle
from serviceladder.promotions.services.applications import MAX_ATTACHMENTS
from serviceladder.promotions.states import Scope, State
from serviceladder.web.access import require
from serviceladder.web.methods import form_page

DATE_INVALID = _("%(field)s: give a date as YYYY-MM-DD.")
CYCLE_OPENED = _("Cycle “%(name)s” opened: applications from %(opens)s to %(closes)s.")
DRAFT_SAVED = _("Draft saved. Check it below, then submit it.")
SUBMITTED = _("Application submitted. The department review is next.")
PUBLISHED = _("The notice is published until %(ends)s.")
PUBLISHED_PROVISIONAL = _(
    "The notice is published until %(ends)s (provisional: the holiday calendar for %(years)s is not official "
    "yet)."
)
PICK_APPLICATIONS = _("Choose at least one approved application to publish.")
FORM_ERRORS = (ValidationFailed, PromotionError)
FORM_FIELDS = [
    ("achievements", _("Achievements"), _("Results in your current role: figures, cases, recognition.")),
    (
        "capability_growth",
        _("Growth in capability"),
        _("What you have learned and can do now that you could not before."),
    ),
    ("role_understanding", _("Understanding of the new role"), _("What the new level expects of you.")),
    ("plan", _("Plan for the new role"), _("What you will do in your first months in it.")),
]


def actor_for(request: HttpRequest) -> Actor:
    return Actor(user=request.user, channel="web")


def version_from(request: HttpRequest) -> int | None:
    """The `version` the form showed (sent back as expected_version); None when absent."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _date(raw: str, field) -> dt.date:
    try:
        return dt.date.fromisoformat((raw or "").strip())
    except ValueError:
        raise ValidationFailed(DATE_INVALID, field=field) from None


def cycle_get(user, pk) -> PromotionCycle:
    cycle = selectors.cycles_visible_to(user).filter(pk=pk).first()
    if cycle is None:
        raise NotFound()
    return cycle


def form_values(source) -> dict[str, str]:
    return {name: (source.get(name) or "")[:20000] for name, _label, _help in FORM_FIELDS}


def prefill(user, person) -> dict[str, str]:
    """A new application's "achievements" from the person's development record and its "plan for the new
    role" from their plan in force (development.selectors.record), as text to edit."""
    from serviceladder.development.selectors.record import application_prefill

    return application_prefill(user, person, clock.today())


def prefilled_labels(values: dict[str, str]) -> list:
    """The labels of the form's fields a pre-fill wrote, in the form's order."""
    return [label for name, label, _help in FORM_FIELDS if values.get(name)]


def form_rows(values: dict[str, str]) -> list[dict]:
    return [{"name": n, "label": label, "help": h, "value": values.get(n, "")} for n, label, h in FORM_FIELDS]


# --- cycles -------------------------------------------------------------------------------------------------


@form_page
def cycles(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(can_see_notices(user))
    today = clock.today()
    defaults = page_selectors.cycle_form_defaults(user, today)
    error = ""
    posted = request.POST if request.method == "POST" else None
    if posted is not None:
        require(can_open_cycle(user))
        quotas = {
            k.removeprefix("quota:"): v.strip()
            for k, v in posted.items()
            if k.startswith("quota:") and v.strip() != ""
        }
        try:
            cycle = services.promotion_cycle_open(
                actor=actor_for(request),
                name=posted.get("name", "")[:200],
                name_alt=posted.get("name_alt", "")[:200],
                opens_on=_date(posted.get("opens_on", ""), _("Applications open on")),
                closes_on=_date(posted.get("closes_on", ""), _("Applications close on")),
                quotas=quotas,
                note=posted.get("note", "")[:2000],
            )
        except ValidationFailed as exc:
            error = str(exc)
        else:
            messages.success(
                request,
                CYCLE_OPENED
                % {
                    "name": cycle.display_name,
                    "opens": cycle.opens_on.isoformat(),
                    "closes": cycle.closes_on.isoformat(),
                },
            )
            return redirect("promotion_cycle", pk=cycle.pk)
    rows = []
    for c in selectors.cycles_visible_to(user):
        rows.append(
            {
                "cycle": c,
                "open": c.opens_on <= today <= c.closes_on,
                "upcoming": today < c.opens_on,
                "mine": page_selectors.my_application(user, c),
            }
        )
    context = {
        "rows": rows,
        "defaults": defaults,
        "can_open": can_open_cycle(user),
        "error": error,
        "posted": posted,
        "today": today,
        "inbox": page_selectors.hr_inbox(user, today),
        "awaiting": selectors.applications_awaiting(user),
    }
    return render(request, "web/promotions/cycles.html", context, status=400 if error else 200)


@form_page
def cycle(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    require(can_see_notices(user))
    c = cycle_get(user, pk)
    today = clock.today()
    if request.method == "POST":
        return _publish(request, c)
    funnel = selectors.cycle_funnel(user, c)
    quota_rows = selectors.quota_table(user, c)
    names = {lv.code: lv.name for lv in Level.objects.filter(code__in=[code for code, _u in quota_rows])}
    sees_candidates = has_role(user, Role.MANAGEMENT, Role.HR)
    publishable = []
    notice_preview = None
    if can_open_cycle(user):
        publishable = list(
            selectors.applications_visible_to(user, cycle=c, states=[State.MGMT_APPROVED]).order_by(
                "applicant__name"
            )
        )
        if publishable:
            try:
                notice_preview = services.notice_end(c, today)
            except DomainError:
                notice_preview = None
    can_edit_quotas = can_set_quotas(user)
    quotas_frozen = services.quotas_frozen(c, today) if can_edit_quotas else None
    can_apply = page_selectors.can_apply(user, c, today)
    context = {
        "cycle": c,
        "today": today,
        "is_open": c.opens_on <= today <= c.closes_on,
        "can_edit_quotas": can_edit_quotas and quotas_frozen is None,
        "quotas_frozen": quotas_frozen,
        "funnel": funnel,
        "bars": page_selectors.funnel_bars(funnel),
        "quotas": [{"code": code, "name": names.get(code, code), "use": use} for code, use in quota_rows],
        "groups": page_selectors.applications_by_stage(user, c),
        "candidates": selectors.management_candidates(user, c, today=today) if sees_candidates else None,
        "is_management": has_role(user, Role.MANAGEMENT),
        "publishable": publishable,
        "notice_preview": notice_preview,
        "mine": page_selectors.my_application(user, c),
        "can_apply": can_apply,
        "chance": page_selectors.cycle_chance(c, user_employee(user), today) if can_apply else None,
        "can_nominate": page_selectors.can_nominate_in(user, c, today),
        "notices": c.notices.order_by("-published_on", "-pk"),
    }
    return render(request, "web/promotions/cycle.html", context)


def _publish(request: HttpRequest, c: PromotionCycle) -> HttpResponse:
    user = request.user
    require(can_open_cycle(user))
    ids = [i for i in request.POST.getlist("application") if i.isdigit()]
    if not ids:
        messages.error(request, PICK_APPLICATIONS)
        return redirect("promotion_cycle", pk=c.pk)
    apps = list(selectors.applications_visible_to(user, cycle=c).filter(pk__in=ids))
    try:
        notice = services.promotion_notice_publish(actor=actor_for(request), cycle=c, applications=apps)
    except FORM_ERRORS as exc:
        messages.error(request, str(exc))
    else:
        if notice.provisional:
            years = ", ".join(str(y) for y in notice.provisional_years)
            messages.success(
                request, PUBLISHED_PROVISIONAL % {"ends": notice.ends_on.isoformat(), "years": years}
            )
        else:
            messages.success(request, PUBLISHED % {"ends": notice.ends_on.isoformat()})
    return redirect("promotion_cycle", pk=c.pk)


# --- applying, nominating, the draft ------------------------------------------------------------------------


def _attach(request: HttpRequest, application) -> None:
    for f in request.FILES.getlist("attachments")[:MAX_ATTACHMENTS]:
        services.promotion_attachment_add(actor=actor_for(request), application=application, uploaded_file=f)


@form_page
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Where the person stands comes first (each move: eligible now, or why not and from when); the form
    follows, as the primary action only when a move is open now, else as an exception application that
    says so before anything is written."""
    user = request.user
    require(can_see_notices(user))
    c = cycle_get(user, pk)
    me = user_employee(user)
    if me is None:
        raise PermissionDeniedError()
    existing = page_selectors.my_application(user, c)
    if existing is not None:
        target = "promotion_application_edit" if existing.state == State.DRAFT else "promotion_application"
        return redirect(target, pk=existing.pk)
    values = form_values(request.POST) if request.method == "POST" else prefill(user, me)
    chosen = request.POST.get("target_level", "") if request.method == "POST" else ""
    error = ""
    if request.method == "POST":
        try:
            with transaction.atomic():
                app = services.promotion_application_create(
                    actor=actor_for(request), cycle=c, target_level=chosen, **values
                )
                _attach(request, app)
        except FORM_ERRORS as exc:
            error = str(exc)
        else:
            messages.success(request, DRAFT_SAVED)
            return redirect("promotion_application_review", pk=app.pk)
    context = {
        "cycle": c,
        "person": me,
        "current": page_selectors.current_level(me, clock.today()),
        **_outlook_context(c, me, request.LANGUAGE_CODE, chosen),
        "rows": form_rows(values),
        "prefilled": prefilled_labels(values) if request.method != "POST" else [],
        "error": error,
        "nominating": False,
        "show_form": bool(error) or request.GET.get("exception") == "1",
    }
    return render(request, "web/promotions/apply.html", context, status=400 if error else 200)


def _outlook_context(cycle, person, language: str, chosen: str) -> dict:
    """The moves with where the person stands, the select's options (eligible ones first; a move already
    under way is not offered) and whether the form is an exception application."""
    outlook = page_selectors.apply_outlook(cycle, person, language)
    options = sorted((o for o in outlook if o.under_way is None), key=lambda o: not o.eligible)
    eligible = any(o.eligible for o in options)
    dates = [o.earliest for o in options if o.status == "not_yet" and o.earliest]
    return {
        "outlook": outlook,
        "earliest": min(dates) if dates else None,
        "options": options,
        "targets": [o.level for o in options],
        "chosen": chosen,
        "any_eligible": eligible,
        "exception_only": bool(options) and not eligible,
    }


@form_page
def nominate(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    require(has_role(user, Role.TEAM_LEAD, Role.DEPARTMENT_HEAD))
    c = cycle_get(user, pk)
    people = page_selectors.nominees(user)
    number = request.POST.get("person") or request.GET.get("person") or ""
    person = page_selectors.nominee_get(user, number) if number else None
    if request.method == "POST":
        values = form_values(request.POST)
    else:
        values = prefill(user, person) if person is not None else {}
    chosen = request.POST.get("target_level", "") if request.method == "POST" else ""
    error = ""
    if request.method == "POST" and person is not None:
        try:
            with transaction.atomic():
                app = services.promotion_application_nominate(
                    actor=actor_for(request), cycle=c, employee=person, target_level=chosen, **values
                )
                _attach(request, app)
        except FORM_ERRORS as exc:
            error = str(exc)
        else:
            messages.success(request, DRAFT_SAVED)
            return redirect("promotion_application_review", pk=app.pk)
    context = {
        "cycle": c,
        "people": people,
        "person": person,
        "current": page_selectors.current_level(person, clock.today()) if person else None,
        **(_outlook_context(c, person, request.LANGUAGE_CODE, chosen) if person else {"targets": []}),
        "rows": form_rows(values),
        "prefilled": prefilled_labels(values) if request.method != "POST" else [],
        "error": error,
        "nominating": True,
        "show_form": bool(error) or request.GET.get("exception") == "1",
    }
    return render(request, "web/promotions/apply.html", context, status=400 if error else 200)


def _draft_for(request: HttpRequest, pk: int):
    app = access_application(request.user, pk)
    require_scope(request.user, app, Scope.APPLICANT_OR_NOMINATOR)
    return app


@form_page
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    app = _draft_for(request, pk)
    if app.state != State.DRAFT:
        return redirect("promotion_application", pk=app.pk)
    values = form_values(request.POST) if request.method == "POST" else form_values(app.__dict__)
    error = ""
    if request.method == "POST":
        try:
            with transaction.atomic():
                services.promotion_application_update(
                    actor=actor_for(request),
                    application=app,
                    expected_version=version_from(request),
                    **values,
                )
                _attach(request, app)
        except FORM_ERRORS as exc:
            error = str(exc)
        else:
            messages.success(request, DRAFT_SAVED)
            return redirect("promotion_application_review", pk=app.pk)
    context = {
        "app": app,
        "rows": form_rows(values),
        "attachments": list(app.attachments.all()),
        "error": error,
        "max_attachments": MAX_ATTACHMENTS,
    }
    return render(request, "web/promotions/edit.html", context, status=400 if error else 200)


@form_page
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The last screen before submitting: the form as written and the eligibility decision that will be
    frozen; a person who is not eligible today is submitted only as an exception, with a reason."""
    app = _draft_for(request, pk)
    if app.state != State.DRAFT:
        return redirect("promotion_application", pk=app.pk)
    error = ""
    if request.method == "POST":
        try:
            services.promotion_application_submit(
                actor=actor_for(request),
                application=app,
                exception_reason=request.POST.get("exception_reason", "")[:4000],
                expected_version=version_from(request),
            )
        except FORM_ERRORS as exc:
            error = str(exc)
        else:
            messages.success(request, SUBMITTED)
            return redirect("promotion_application", pk=app.pk)
    language = request.LANGUAGE_CODE
    names = page_selectors.policy_names(app.cycle.policy_version)
    preview, preview_error = None, ""
    try:
        preview = page_selectors.eligibility_preview(app)
    except DomainError as exc:
        preview_error = str(exc)
    context = {
        "app": app,
        "rows": form_rows(form_values(app.__dict__)),
        "attachments": list(app.attachments.all()),
        "preview": preview,
        "preview_error": preview_error,
        "summary": page_selectors.decision_summary(preview, language) if preview else "",
        "checks": page_selectors.decision_rows(preview, language, names) if preview else [],
        "eligible": bool(preview) and preview.get("status") == "eligible",
        "window_open": app.cycle.opens_on <= clock.today() <= app.cycle.closes_on,
        "error": error,
        "exception_reason": request.POST.get("exception_reason", ""),
    }
    return render(request, "web/promotions/review.html", context, status=400 if error else 200)
