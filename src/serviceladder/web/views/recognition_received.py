"""Giving recognition and hiding an abusive one (issue 15, item 2). The colleague is chosen from names and
teams only; a filter box narrows the list without JavaScript (a GET form on the same page)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import can_give_recognition, can_moderate_recognition
from serviceladder.audit.services import Actor
from serviceladder.core.errors import DomainError
from serviceladder.org.models import Employee
from serviceladder.recognition.models import Recognition
from serviceladder.recognition.selectors.received import access_recognition, from_label, recipient_choices
from serviceladder.recognition.services.recognition import (
    TEXT_MAX,
    recognition_give,
    recognition_hide,
    recognition_show,
)
from serviceladder.web.access import require
from serviceladder.web.methods import form_page

GIVEN = _("Thank you — %(name)s has been told about your recognition.")
HIDDEN = _("The recognition is hidden. Only the person's lead, head and HR see it now.")
SHOWN = _("The recognition shows again.")
CHOOSE_COLLEAGUE = _("Choose the colleague you want to thank.")


@form_page
def recognition_give_page(request: HttpRequest) -> HttpResponse:
    require(can_give_recognition(request.user))
    post = request.POST if request.method == "POST" else None
    q = request.GET.get("q", "").strip()[:100]
    error = ""
    if post is not None:
        recipient = (
            Employee.objects.select_related("team__department").filter(number=post.get("to", "")).first()
        )
        try:
            if recipient is None:
                raise DomainError(CHOOSE_COLLEAGUE)
            recognition_give(
                actor=Actor(user=request.user, channel="web"),
                recipient=recipient,
                category=post.get("category", ""),
                text=post.get("text", ""),
            )
        except DomainError as exc:
            error = str(exc)
        else:
            messages.success(request, GIVEN % {"name": recipient.name})
            return redirect("recognition")
    choices = recipient_choices(request.user, q=q)
    values = post or {"to": request.GET.get("to", ""), "category": ""}
    if not values.get("to") and len(choices) == 1:
        values = {**values, "to": choices[0].number}
    context = {
        "q": q,
        "choices": choices,
        "values": values,
        "categories": Recognition.Category.choices,
        "text_max": TEXT_MAX,
        "error": error,
    }
    return render(request, "web/recognition/give.html", context, status=400 if error else 200)


@form_page
def recognition_visibility(request: HttpRequest, pk: int) -> HttpResponse:
    """Hide a recognition (or show a hidden one again), with a reason: the person's lead or head, HR."""
    r = access_recognition(request.user, pk)
    require(can_moderate_recognition(request.user, r.recipient))
    error = ""
    if request.method == "POST":
        actor = Actor(user=request.user, channel="web")
        reason = request.POST.get("reason", "")
        try:
            if r.hidden_at is None:
                recognition_hide(actor=actor, recognition=r, reason=reason)
                messages.success(request, HIDDEN)
            else:
                recognition_show(actor=actor, recognition=r, reason=reason)
                messages.success(request, SHOWN)
        except DomainError as exc:
            error = str(exc)
        else:
            return redirect("person_recognition", number=r.recipient.number)
    context = {"r": r, "from_label": from_label(r), "error": error, "reason": request.POST.get("reason", "")}
    return render(request, "web/recognition/visibility.html", context, status=400 if error else 200)
