"""Recording a career conversation (issue 14, item 5): the lead's form, reached from the person's
development page and from the to-do items; agreed actions are repeatable rows (a button adds one, no
script needed)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import access_employee, can_lead_development
from serviceladder.audit.services import Actor
from serviceladder.core.errors import ValidationFailed
from serviceladder.core.i18n import pick
from serviceladder.development.cadence import add_months
from serviceladder.development.models import Conversation, PlanAction
from serviceladder.development.selectors.conversations import cadence_of, open_tracks
from serviceladder.development.services.conversations import AgreedAction, conversation_record, topics_parse
from serviceladder.org.selectors import level_as_of, today
from serviceladder.policy.selectors import development_in_force
from serviceladder.web.access import require
from serviceladder.web.methods import form_page

RECORDED = _("The conversation with %(name)s is recorded.")
RECORDED_WITH_ACTIONS = _(
    "The conversation with %(name)s is recorded; %(count)s agreed action(s) were added to the plan draft."
)
NOT_A_DATE = _("%(field)s: %(value)s is not a date (YYYY-MM-DD).")
HELD_ON_LABEL = _("Held on")
NEXT_ON_LABEL = _("Next conversation")
ACTION_DATE_LABEL = _("Agreed action %(row)s")
FIRST_ROWS, MAX_ROWS = 2, 20


def _date(value: str, label) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(NOT_A_DATE, field=str(label), value=value) from None


def _rows(post, count: int) -> list[dict]:
    return [
        {
            "n": i,
            "kind": post.get(f"a{i}_kind", ""),
            "title": post.get(f"a{i}_title", "")[:300],
            "start": post.get(f"a{i}_start", ""),
            "end": post.get(f"a{i}_end", ""),
        }
        for i in range(1, count + 1)
    ]


def _actions(rows: list[dict]) -> list[AgreedAction]:
    """The rows with a title (empty rows are left out), numbered as shown."""
    out = []
    for row in rows:
        if not row["title"].strip() and not row["start"] and not row["end"]:
            continue
        label = ACTION_DATE_LABEL % {"row": row["n"]}
        out.append(
            AgreedAction(
                kind=row["kind"],
                title=row["title"],
                start_date=_date(row["start"], label),
                end_date=_date(row["end"], label),
            )
        )
    return out


@form_page
def record(request: HttpRequest, number: str) -> HttpResponse:
    employee = access_employee(request.user, number)
    require(can_lead_development(request.user, employee))
    as_of = today()
    found = development_in_force(as_of)
    post = request.POST
    count = max(FIRST_ROWS, min(MAX_ROWS, int(post.get("rows", FIRST_ROWS) or FIRST_ROWS)))
    if request.method == "POST" and "add_row" in post:
        count = min(MAX_ROWS, count + 1)
    kind = post.get("kind") or request.GET.get("kind") or Conversation.Kind.REGULAR
    if kind not in Conversation.Kind.values:
        kind = Conversation.Kind.REGULAR
    every = cadence_of(found[0]).conversation_every_months if found else 3
    values = {
        "held_on": post.get("held_on", as_of.isoformat()),
        "topics": post.get("topics", ""),
        "shared_notes": post.get("shared_notes", ""),
        "private_notes": post.get("private_notes", ""),
        "next_on": post.get("next_on", add_months(as_of, every).isoformat()),
    }
    error = ""
    if request.method == "POST" and "add_row" not in post:
        try:
            actions = _actions(_rows(post, count))
            conversation_record(
                actor=Actor(user=request.user, channel="web"),
                employee=employee,
                held_on=_date(values["held_on"], HELD_ON_LABEL),
                kind=kind,
                topics=topics_parse(values["topics"]),
                shared_notes=values["shared_notes"],
                private_notes=values["private_notes"],
                next_on=_date(values["next_on"], NEXT_ON_LABEL),
                actions=actions,
            )
        except ValidationFailed as exc:
            error = str(exc)
        else:
            message = RECORDED_WITH_ACTIONS if actions else RECORDED
            messages.success(request, message % {"name": employee.name, "count": len(actions)})
            return redirect(reverse("person_development", args=[employee.number]) + "#conversations")
    current = level_as_of(employee, as_of)
    context = {
        "e": employee,
        "kind": kind,
        "kinds": Conversation.Kind.choices,
        "action_kinds": PlanAction.Kind.choices,
        "values": values,
        "rows": _rows(post, count),
        "count": count,
        "error": error,
        "tracks": open_tracks(found[0], current.level.code if current else None) if found else [],
        "level_name": pick(current.level.name_zh, current.level.name_en) if current else "",
        "today": as_of.isoformat(),
    }
    return render(request, "web/development/conversation_form.html", context, status=400 if error else 200)
