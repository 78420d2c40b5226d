"""Users and roles → clear a sign-in lock-out (HR and administrators)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from serviceladder.accounts.scoping import can_manage_roles
from serviceladder.accounts.signin import signin_lock_clear
from serviceladder.audit.services import Actor
from serviceladder.core.errors import DomainError
from serviceladder.web.access import require


@require_POST
def signin_unlock(request: HttpRequest) -> HttpResponse:
    require(can_manage_roles(request.user))
    username = request.POST.get("username", "")[:150]
    try:
        if signin_lock_clear(
            actor=Actor(user=request.user, channel="web"),
            username=username,
            reason=request.POST.get("reason", ""),
        ):
            messages.success(request, _("%(user)s may sign in again.") % {"user": username})
        else:
            messages.info(request, _("%(user)s was not locked out.") % {"user": username})
    except DomainError as exc:
        messages.error(request, str(exc))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    return redirect(back or "users")
