"""Account → API tokens: a person creates and revokes their own personal tokens.

A new key is shown once, in the response to the POST that created it (never stored, never redirected).
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from serviceladder.api import selectors, services
from serviceladder.audit.services import Actor
from serviceladder.core.errors import DomainError
from serviceladder.web.methods import form_page


@form_page
def api_tokens(request: HttpRequest) -> HttpResponse:
    issued = None
    name = ""
    if request.method == "POST":
        name = request.POST.get("name", "")[:200]
        try:
            issued = services.api_token_create(
                actor=Actor(user=request.user, channel="web"), user=request.user, name=name
            )
            name = ""
        except DomainError as exc:
            messages.error(request, str(exc))
    response = render(
        request,
        "web/tokens/list.html",
        {"tokens": list(selectors.api_tokens_of(request.user)), "issued": issued, "name": name},
    )
    if issued is not None:
        response["Cache-Control"] = "no-store"
    return response


@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = services.api_token_revoke(actor=Actor(user=request.user, channel="web"), token_id=pk)
    messages.success(request, _("Token %(name)s is revoked; it no longer works.") % {"name": token.name})
    return redirect("api_tokens")
