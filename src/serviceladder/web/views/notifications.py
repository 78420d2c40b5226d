"""The bell and the notification list: each person sees and marks only their own notifications."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from serviceladder.notifications import selectors, services
from serviceladder.web.methods import read_only

PAGE_SIZE = 25


@read_only
def notifications(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    qs = selectors.notifications_for(request.user, unread_only=unread_only)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/notifications/list.html", {"page": page, "unread_only": unread_only})


@require_GET
def bell(request: HttpRequest) -> HttpResponse:
    """The polled fragment: rendered without the context processors, so it costs the one COUNT query."""
    count = selectors.notifications_unread_count(request.user)
    response = HttpResponse(render_to_string("web/notifications/_bell.html", {"count": count}))
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link, marking it read on the way; someone else's is 404."""
    notification = services.notification_mark_read(user=request.user, notification_id=pk)
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect("notifications")
    return redirect(target)


@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications")
