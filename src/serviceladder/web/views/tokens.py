"""Account → API tokens: a person creates and revokes their own personal tokens.

A new key is shown once, in the response to the POST that created it (never stored, never redirected).
HR and administrators also have a page of everyone's tokens, where they may revoke any.
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from serviceladder.api import selectors, services
from serviceladder.audit.services import Actor
from serviceladder.core.errors import DomainError, ValidationFailed
from serviceladder.web.methods import form_page, read_only

PAGE_SIZE = 50
DAYS_NOT_A_NUMBER = gettext_lazy("Give the number of days the token is valid for, as a whole number.")


def _days(raw: str) -> int | None:
    raw = raw.strip()[:10]
    if not raw:
        return None
    if not raw.isdigit():
        raise ValidationFailed(DAYS_NOT_A_NUMBER)
    return int(raw)


@form_page
def api_tokens(request: HttpRequest) -> HttpResponse:
    issued = None
    name = ""
    days = str(settings.SERVICELADDER_TOKEN_DEFAULT_DAYS)
    if request.method == "POST":
        name = request.POST.get("name", "")[:200]
        days = request.POST.get("days", "")[:10]
        try:
            issued = services.api_token_create(
                actor=Actor(user=request.user, channel="web"),
                user=request.user,
                name=name,
                days=_days(days),
            )
            name, days = "", str(settings.SERVICELADDER_TOKEN_DEFAULT_DAYS)
        except DomainError as exc:
            messages.error(request, str(exc))
    response = render(
        request,
        "web/tokens/list.html",
        {
            "tokens": list(selectors.api_tokens_of(request.user)),
            "issued": issued,
            "name": name,
            "days": days,
            "max_days": settings.SERVICELADDER_TOKEN_MAX_DAYS,
        },
    )
    if issued is not None:
        response["Cache-Control"] = "no-store"
    return response


@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = services.api_token_revoke(actor=Actor(user=request.user, channel="web"), token_id=pk)
    messages.success(request, _("Token %(name)s is revoked; it no longer works.") % {"name": token.name})
    return redirect("api_tokens")


@read_only
def api_tokens_all(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:150]
    tokens = selectors.api_tokens_visible_to(request.user, q=q)
    page = Paginator(tokens, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/tokens/all.html", {"page": page, "q": q})


@require_POST
def api_token_revoke_any(request: HttpRequest, pk: int) -> HttpResponse:
    """HR or an administrator revokes someone's token, with a reason for the audit log."""
    selectors.api_tokens_visible_to(request.user)  # 403 for everyone else
    reason = " ".join(request.POST.get("reason", "").split())[:500]
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    if not reason:
        messages.error(request, _("Say why the token is revoked; the reason goes to the audit log."))
        return redirect(back or "api_tokens_all")
    token = services.api_token_revoke(
        actor=Actor(user=request.user, channel="web"), token_id=pk, reason=reason
    )
    messages.success(
        request,
        _("Token %(name)s of %(user)s is revoked; it no longer works.")
        % {"name": token.name, "user": token.user.get_username()},
    )
    return redirect(back or "api_tokens_all")
