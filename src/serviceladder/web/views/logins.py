"""Users and roles → a new login, one login's page, logins for a whole team (HR and administrators).

Each page asks accounts.scoping (can_manage_logins) and calls the services of accounts.logins and
accounts.services — the same ones the command line uses — so the grant matrix decides here as there.
"""

from __future__ import annotations

import base64

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from serviceladder.accounts import logins, services
from serviceladder.accounts.grant_rules import roles_grantable_by
from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import can_manage_logins, user_roles
from serviceladder.accounts.selectors import employees_without_login, login_of, teams_for_logins
from serviceladder.audit.services import Actor
from serviceladder.core.errors import DomainError
from serviceladder.core.spreadsheet_safety import csv_bytes
from serviceladder.web.access import require
from serviceladder.web.labels import role_label
from serviceladder.web.methods import form_page


def base_url(request: HttpRequest) -> str:
    """Where handed-over links point: SERVICELADDER_BASE_URL, else the address this page was opened at."""
    return settings.SERVICELADDER_BASE_URL or request.build_absolute_uri("/")


def _grantable(request: HttpRequest) -> list[tuple[str, str]]:
    reach = roles_grantable_by(user_roles(request.user))
    return [(code, label) for code, label in Role.choices if code in reach]


def _actor(request: HttpRequest) -> Actor:
    return Actor(user=request.user, channel="web")


@form_page
def login_new(request: HttpRequest) -> HttpResponse:
    require(can_manage_logins(request.user))
    candidates = employees_without_login(request.user)
    form = {"employee": request.GET.get("employee", "").strip()[:32], "roles": [Role.AGENT], "reason": ""}
    form["language"] = ""
    if request.method == "POST":
        form = {
            "employee": request.POST.get("employee", "").strip()[:32],
            "username": request.POST.get("username", "").strip()[:150],
            "roles": request.POST.getlist("roles"),
            "reason": request.POST.get("reason", "")[:500],
            "language": request.POST.get("language", ""),
        }
        try:
            issued = logins.login_create(
                actor=_actor(request),
                employee_number=form["employee"],
                username=form["username"],
                roles=form["roles"],
                reason=form["reason"],
                language=form["language"] or None,
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            return render(
                request,
                "web/logins/issued.html",
                {"issued": issued, "url": issued.url(base_url(request)), "new": True},
            )
    elif form["employee"]:
        employee = next((e for e in candidates if e.number == form["employee"]), None)
        form["username"] = logins.username_suggest(employee) if employee else ""
    else:
        form["username"] = ""
    return render(
        request,
        "web/logins/new.html",
        {
            "form": form,
            "candidates": candidates,
            "roles": _grantable(request),
            "languages": settings.LANGUAGES,
        },
    )


OPS = {
    "deactivate": (logins.user_deactivate, _("%(user)s can no longer sign in.")),
    "reactivate": (logins.user_reactivate, _("%(user)s may sign in again.")),
}


@form_page
def login_detail(request: HttpRequest, username: str) -> HttpResponse:
    require(can_manage_logins(request.user))
    user = login_of(request.user, username)
    if user is None:
        raise Http404()
    if request.method == "POST":
        return _act(request, user)
    return render(request, "web/logins/detail.html", _detail_context(request, user))


def _detail_context(request: HttpRequest, user) -> dict:
    employee = getattr(user, "employee", None)
    return {
        "u": user,
        "employee": employee,
        "email": user.email or (employee.email if employee else ""),
        "has_left": logins.employee_has_left(employee),
        "must_change": logins.password_change_required(user),
        "links": user.one_time_links.all()[:5],
        "roles": _grantable(request),
        "is_self": user.pk == request.user.pk,
        "base_url_set": bool(settings.SERVICELADDER_BASE_URL),
        "now": timezone.now(),
    }


def _act(request: HttpRequest, user) -> HttpResponse:
    op = request.POST.get("op", "")
    reason = request.POST.get("reason", "")[:500]
    actor = _actor(request)
    values = {"user": user.username}
    try:
        if op in OPS:
            service, done = OPS[op]
            service(actor=actor, username=user.username, reason=reason)
            messages.success(request, str(done) % values)
        elif op == "link":
            issued = logins.one_time_link_issue(actor=actor, username=user.username, reason=reason)
            return render(
                request,
                "web/logins/issued.html",
                {"issued": issued, "url": issued.url(base_url(request)), "new": False},
            )
        elif op == "reset_email":
            address = logins.password_reset_email_send(actor=actor, username=user.username, reason=reason)
            messages.success(request, _("A password-reset link was sent to %(email)s.") % {"email": address})
        elif op in ("grant", "revoke"):
            role = request.POST.get("role", "")
            values["role"] = role_label(role)
            if op == "grant":
                services.role_grant(actor=actor, username=user.username, role=role, reason=reason)
                messages.success(request, _("Granted %(role)s to %(user)s.") % values)
            elif services.role_revoke(actor=actor, username=user.username, role=role, reason=reason):
                messages.success(request, _("Revoked %(role)s from %(user)s.") % values)
            else:
                messages.info(request, _("%(user)s does not hold %(role)s.") % values)
        else:
            messages.error(request, _("Choose what to do."))
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("login_detail", username=user.username)


@form_page
def team_logins(request: HttpRequest) -> HttpResponse:
    require(can_manage_logins(request.user))
    teams = teams_for_logins(request.user)
    form = {"team": request.GET.get("team", ""), "roles": [Role.AGENT], "reason": ""}
    if request.method == "POST":
        form = {
            "team": request.POST.get("team", "")[:40],
            "roles": request.POST.getlist("roles"),
            "reason": request.POST.get("reason", "")[:500],
        }
        try:
            done = logins.team_logins_create(
                actor=_actor(request), team_code=form["team"], roles=form["roles"], reason=form["reason"]
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            base = base_url(request)
            rows = [(e, link, link.url(base)) for e, link in done.created]
            return render(
                request,
                "web/logins/team_done.html",
                {
                    "done": done,
                    "rows": rows,
                    "csv_href": _csv_href(rows),
                    "csv_name": f"logins-{done.team.code}.csv",
                },
            )
    return render(
        request, "web/logins/team.html", {"form": form, "teams": teams, "roles": _grantable(request)}
    )


def links_csv(rows) -> bytes:
    """The one-time links of a team as a spreadsheet (every text cell neutralised: spreadsheet_safety)."""
    header = [_("Employee number"), _("Name"), _("User name"), _("One-time link"), _("Valid until")]
    body = [
        [
            e.number,
            e.name,
            link.user.username,
            url,
            timezone.localtime(link.expires_at).strftime("%Y-%m-%d %H:%M"),
        ]
        for e, link, url in rows
    ]
    return csv_bytes(header, body, bom=True)


def _csv_href(rows) -> str:
    # The links exist only in this response (the database keeps their hashes), so the file travels inside it.
    return "data:text/csv;charset=utf-8;base64," + base64.b64encode(links_csv(rows)).decode()
