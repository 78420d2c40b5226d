"""The public notice (names and from/to levels only — no figures, no pay), the printable notice, filing an
appeal, and HR's appeal inbox (the appellant's identity is for HR only)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import has_role
from serviceladder.core.errors import PermissionDeniedError
from serviceladder.promotions import clock, page_selectors, selectors, services
from serviceladder.promotions.access import can_see_notices, is_own_application
from serviceladder.promotions.errors import NotFound
from serviceladder.promotions.models import Appeal
from serviceladder.promotions.services import APPEAL_OUTCOMES
from serviceladder.web.access import require
from serviceladder.web.methods import form_page, read_only
from serviceladder.web.views.promotions import FORM_ERRORS, actor_for

APPEAL_FILED = _("Your appeal was sent to HR. Only HR sees who filed it; HR answers by %(due)s.")
APPEAL_ANSWERED = _("Appeal answered: %(outcome)s.")


def _grouped(entries) -> list[dict]:
    """Notice entries grouped by notice, newest notice first."""
    groups: dict[int, dict] = {}
    for e in entries:
        g = groups.setdefault(
            e.notice_id,
            {
                "notice_id": e.notice_id,
                "published_on": e.published_on,
                "ends_on": e.ends_on,
                "provisional_years": e.provisional_years,
                "running": False,
                "entries": [],
            },
        )
        g["entries"].append(e)
        g["running"] = g["running"] or e.running
    return sorted(groups.values(), key=lambda g: (g["published_on"], g["notice_id"]), reverse=True)


@read_only
def notices(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(can_see_notices(user))
    from serviceladder.accounts.scoping import user_employee

    me = user_employee(user)
    groups = _grouped(selectors.notice_entries(user))
    own_ids = set()
    if me is not None:
        own_ids = set(me.promotion_applications.values_list("pk", flat=True))
    context = {
        "groups": groups,
        "own_ids": own_ids,
        "my_appeals": list(page_selectors.my_appeals(user)),
        "is_hr": has_role(user, Role.HR),
        "today": clock.today(),
    }
    return render(request, "web/promotions/notices.html", context)


@read_only
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    """One notice as it is posted and printed: names, from/to levels and the notice period."""
    user = request.user
    require(can_see_notices(user))
    found = selectors.notices_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    entries = [e for e in selectors.notice_entries(user, cycle=found.cycle) if e.notice_id == found.pk]
    return render(
        request,
        "web/promotions/notice.html",
        {"notice": found, "entries": entries, "today": clock.today()},
    )


@form_page
def appeal_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    app = page_selectors.notice_application(user, pk)
    if is_own_application(user, app):
        raise PermissionDeniedError()
    error = ""
    text = request.POST.get("text", "")[:8000] if request.method == "POST" else ""
    if request.method == "POST":
        try:
            appeal = services.promotion_appeal_file(actor=actor_for(request), application=app, text=text)
        except FORM_ERRORS as exc:
            error = str(exc)
        else:
            messages.success(request, APPEAL_FILED % {"due": appeal.answer_due_on.isoformat()})
            return redirect("promotion_notices")
    context = {
        "app": app,
        "notice": app.notice,
        "running": app.notice.ends_on >= clock.today(),
        "text": text,
        "error": error,
    }
    return render(request, "web/promotions/appeal.html", context, status=400 if error else 200)


@form_page
def appeals(request: HttpRequest) -> HttpResponse:
    """HR's appeal inbox: each appeal's text, appellant, deadline, and the answer form for open ones."""
    user = request.user
    require(has_role(user, Role.HR))
    error, error_pk = "", None
    if request.method == "POST":
        appeal = page_selectors.appeal_get(user, request.POST.get("appeal"))
        outcome = request.POST.get("outcome", "")
        try:
            services.promotion_appeal_answer(
                actor=actor_for(request),
                appeal=appeal,
                outcome=outcome,
                answer=request.POST.get("answer", "")[:8000],
            )
        except FORM_ERRORS as exc:
            error, error_pk = str(exc), appeal.pk
        else:
            messages.success(request, APPEAL_ANSWERED % {"outcome": Appeal.Outcome(outcome).label})
            return redirect("promotion_appeals")
    inbox = list(page_selectors.appeal_inbox(user))
    context = {
        "open": [a for a in inbox if a.outcome == Appeal.Outcome.OPEN],
        "answered": [a for a in inbox if a.outcome != Appeal.Outcome.OPEN],
        "outcomes": [(o, Appeal.Outcome(o).label) for o in APPEAL_OUTCOMES],
        "today": clock.today(),
        "error": error,
        "error_pk": error_pk,
        "posted": request.POST if error else {},
    }
    return render(request, "web/promotions/appeals.html", context, status=400 if error else 200)
