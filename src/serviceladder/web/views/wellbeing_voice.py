"""The voice channel's pages (issue 16 item 5): raise an item, my items, the inbox of those who answer, an
item's page (assign, start, answer, publish, withdraw), HR's response-time figures and the answers published
to all staff. Access through accounts.scoping only; an anonymous submitter's name only for HR."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import (
    can_answer_voice,
    can_assign_voice,
    can_manage_voice,
    can_open_voice_inbox,
    can_read_voice_answers,
    can_see_voice_figures,
    can_submit_voice,
    may_see_voice_submitter,
    user_employee,
)
from serviceladder.audit.services import Actor
from serviceladder.core.errors import DomainError, NotFoundOrForbidden, PermissionDeniedError
from serviceladder.org.selectors import today
from serviceladder.web.access import require
from serviceladder.web.charts import line_chart
from serviceladder.web.methods import form_page, read_only
from serviceladder.wellbeing.models import VoiceItem
from serviceladder.wellbeing.selectors import voice as sel
from serviceladder.wellbeing.services import voice as svc

SUBMITTED = _("Thank you. Your item is raised; the answer is due on %(due)s.")
ASSIGNED = _("The owner is chosen and told.")
STARTED = _("The item is in progress.")
ANSWERED = _("The answer is saved and the person who raised the item is told.")
PUBLISHED = _("The answer is published to all staff.")
UNPUBLISHED = _("The answer is no longer published.")
WITHDRAWN = _("Your item is withdrawn.")
UNKNOWN_STEP = _("Unknown step.")


def _actor(request) -> Actor:
    return Actor(user=request.user, channel="web")


def _rows(request, items, day) -> list[dict]:
    return [
        {
            "item": i,
            "submitter": sel.submitter_label(request.user, i),
            "overdue": sel.is_overdue(i, day),
        }
        for i in items
    ]


def _departments_allowed(me) -> bool:
    """Whether "my department" is offered: the person belongs to one they do not head."""
    department = svc.own_department(me) if me is not None else None
    return department is not None and department.head_id != me.pk


@read_only
def voice_mine(request: HttpRequest) -> HttpResponse:
    require(can_submit_voice(request.user))
    day = today()
    context = {
        "rows": _rows(request, sel.my_items(request.user), day),
        "inbox": can_open_voice_inbox(request.user),
        "figures": can_see_voice_figures(request.user),
    }
    return render(request, "web/wellbeing/voice_mine.html", context)


@form_page
def voice_new(request: HttpRequest) -> HttpResponse:
    require(can_submit_voice(request.user))
    me = user_employee(request.user)
    post = request.POST
    values = {
        "kind": post.get("kind", ""),
        "addressed_to": post.get("addressed_to", VoiceItem.Addressee.HR),
        "anonymous": post.get("anonymous") == "on",
        "subject": post.get("subject", ""),
        "body": post.get("body", ""),
    }
    error = ""
    if request.method == "POST":
        try:
            item = svc.voice_submit(actor=_actor(request), **values)
        except (PermissionDeniedError, NotFoundOrForbidden):
            raise
        except DomainError as exc:
            error = str(exc)
        else:
            messages.success(request, SUBMITTED % {"due": str(sel.item_due_text(item))})
            return redirect("voice_item", pk=item.pk)
    addressees = [
        (value, label)
        for value, label in VoiceItem.Addressee.choices
        if value != VoiceItem.Addressee.DEPARTMENT or _departments_allowed(me)
    ]
    context = {
        "values": values,
        "error": error,
        "kinds": VoiceItem.Kind.choices,
        "addressees": addressees,
        "department": svc.own_department(me),
        "subject_max": svc.SUBJECT_LIMIT,
        "text_max": svc.TEXT_LIMIT,
    }
    return render(request, "web/wellbeing/voice_new.html", context, status=400 if error else 200)


@read_only
def voice_inbox(request: HttpRequest) -> HttpResponse:
    require(can_open_voice_inbox(request.user))
    get = request.GET
    filters = sel.InboxFilters(
        state=get.get("state", "open"),
        addressed_to=get.get("to", ""),
        kind=get.get("kind", ""),
        overdue=get.get("overdue") == "1",
    )
    day = today()
    context = {
        "rows": _rows(request, sel.inbox(request.user, filters, day), day),
        "filters": filters,
        "states": [("open", _("open")), *VoiceItem.State.choices, ("", _("all"))],
        "kinds": VoiceItem.Kind.choices,
        "addressees": VoiceItem.Addressee.choices,
        "figures": can_see_voice_figures(request.user),
    }
    return render(request, "web/wellbeing/voice_inbox.html", context)


def _user_name(user) -> str:
    employee = getattr(user, "employee", None)
    return employee.name if employee is not None else user.get_username()


def _item_context(request, item, **extra) -> dict:
    user = request.user
    day = today()
    me = user_employee(user)
    is_submitter = me is not None and me.pk == item.submitter_id
    is_open = item.state in sel.OPEN_STATES
    may_assign = is_open and can_assign_voice(user, item)
    return {
        "item": item,
        "submitter": sel.submitter_label(user, item),
        "named_to_reader": may_see_voice_submitter(user, item) and not is_submitter,
        "is_submitter": is_submitter,
        "overdue": sel.is_overdue(item, day),
        "can_assign": may_assign,
        "owner_choices": [(u.pk, _user_name(u)) for u in sel.owner_choices(item, user)] if may_assign else [],
        "can_start": item.state == VoiceItem.State.SUBMITTED and can_answer_voice(user, item),
        "can_answer": is_open and can_answer_voice(user, item),
        "can_publish": can_manage_voice(user) and not is_submitter,
        "can_withdraw": is_submitter and is_open,
        "error": "",
        "posted": {},
        **extra,
    }


def _step(request, item) -> str:
    """Run the posted step; returns the message to show."""
    post = request.POST
    step = post.get("step", "")
    actor = _actor(request)
    if step == "assign":
        raw = str(post.get("owner", ""))
        owner = get_user_model().objects.filter(pk=int(raw)).first() if raw.isdigit() else None
        svc.voice_assign(actor=actor, item=item, owner=owner)
        return ASSIGNED
    if step == "start":
        svc.voice_start(actor=actor, item=item)
        return STARTED
    if step == "answer":
        svc.voice_answer(
            actor=actor, item=item, answer=post.get("answer", ""), publish=post.get("publish") == "on"
        )
        return ANSWERED
    if step in ("publish", "unpublish"):
        svc.voice_publish(actor=actor, item=item, published=step == "publish")
        return PUBLISHED if step == "publish" else UNPUBLISHED
    if step == "withdraw":
        svc.voice_withdraw(actor=actor, item=item)
        return WITHDRAWN
    raise svc.VoiceInvalid(UNKNOWN_STEP)


@form_page
def voice_item(request: HttpRequest, pk) -> HttpResponse:
    item = sel.access_voice_item(request.user, pk)
    if request.method == "POST":
        try:
            done = _step(request, item)
        except (PermissionDeniedError, NotFoundOrForbidden):
            raise
        except DomainError as exc:
            context = _item_context(request, item, error=str(exc), posted=request.POST)
            return render(request, "web/wellbeing/voice_item.html", context, status=400)
        messages.success(request, done)
        return redirect("voice_item", pk=item.pk)
    return render(request, "web/wellbeing/voice_item.html", _item_context(request, item))


def _percent(value: float) -> str:
    return f"{value:.0f}%"


@read_only
def voice_figures(request: HttpRequest) -> HttpResponse:
    require(can_see_voice_figures(request.user))
    figures = sel.response_figures(today=today())
    shares = [None if f.on_time_share is None else f.on_time_share * 100 for f in figures.by_month]
    chart = (
        line_chart(
            title=str(_("Share answered on time, by month of submission")),
            labels=[f.key for f in figures.by_month],
            values=shares,
            y_min=0,
            y_max=100,
            y_ticks=[0, 25, 50, 75, 100],
            fmt=_percent,
        )
        if figures.by_month
        else ""
    )
    by_addressee = [(figures.addressee_names.get(f.key, f.key), f) for f in figures.by_addressee]
    context = {"figures": figures, "chart": chart, "by_addressee": by_addressee}
    return render(request, "web/wellbeing/voice_figures.html", context)


@read_only
def voice_answers(request: HttpRequest) -> HttpResponse:
    require(can_read_voice_answers(request.user))
    return render(request, "web/wellbeing/voice_answers.html", {"items": sel.published_answers()})
