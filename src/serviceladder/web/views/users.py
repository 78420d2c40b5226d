from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from serviceladder.accounts import services
from serviceladder.accounts.grant_rules import roles_grantable_by
from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import can_manage_roles, user_roles
from serviceladder.accounts.selectors import users_with_roles
from serviceladder.accounts.signin import signin_locks_of
from serviceladder.audit.services import Actor
from serviceladder.core.errors import DomainError
from serviceladder.web.access import require
from serviceladder.web.labels import role_label
from serviceladder.web.methods import form_page

PAGE_SIZE = 50


@form_page
def users(request: HttpRequest) -> HttpResponse:
    require(can_manage_roles(request.user))
    if request.method == "POST":
        return _change_role(request)
    q = request.GET.get("q", "").strip()[:150]
    page = Paginator(users_with_roles(request.user, q=q), PAGE_SIZE).get_page(request.GET.get("page"))
    reach = roles_grantable_by(user_roles(request.user))
    roles = [(code, label) for code, label in Role.choices if code in reach]
    page.object_list = list(page.object_list)
    locks = signin_locks_of([u.username for u in page.object_list])
    for u in page.object_list:
        u.signin_locked_until = locks.get(u.username)
    return render(request, "web/users/list.html", {"page": page, "q": q, "roles": roles})


def _change_role(request: HttpRequest) -> HttpResponse:
    op = request.POST.get("op")
    username = request.POST.get("username", "")
    role = request.POST.get("role", "")
    reason = request.POST.get("reason", "").strip()[:500]
    actor = Actor(user=request.user, channel="web")
    values = {"user": username, "role": role_label(role)}
    try:
        if op == "grant":
            services.role_grant(actor=actor, username=username, role=role, reason=reason)
            messages.success(request, _("Granted %(role)s to %(user)s.") % values)
        elif op == "revoke":
            if services.role_revoke(actor=actor, username=username, role=role, reason=reason):
                messages.success(request, _("Revoked %(role)s from %(user)s.") % values)
            else:
                messages.info(request, _("%(user)s does not hold %(role)s.") % values)
        else:
            messages.error(request, _("Choose whether to grant or revoke the role."))
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect(request.get_full_path())
