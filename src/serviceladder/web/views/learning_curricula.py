"""Curricula by stage (issue 17 item 4): HR's list of curricula and the form to create or change one with its
ordered courses and their days after the start. Thin: access through accounts.scoping, reads through the
curricula selectors, writes through the curricula services."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from serviceladder.accounts.scoping import can_manage_catalogue
from serviceladder.audit.services import Actor
from serviceladder.core.errors import DomainError, NotFoundOrForbidden, PermissionDeniedError
from serviceladder.learning.models import Course, Curriculum
from serviceladder.learning.selectors import curricula as selectors
from serviceladder.learning.services import curricula as services
from serviceladder.web.access import require
from serviceladder.web.methods import form_page, read_only

CREATED = gettext_lazy("The curriculum is saved; the people it applies to are enrolled.")
SAVED = gettext_lazy("The curriculum is changed.")
BLANK_ROWS = 3


def _level_choices() -> list[tuple[str, str]]:
    from serviceladder.core.i18n import pick
    from serviceladder.policy.errors import NoPolicyInForce
    from serviceladder.policy.selectors import policy_in_force

    try:
        levels = policy_in_force(timezone.localdate()).levels()
    except NoPolicyInForce:
        return []
    return [
        (code, f"{pick(level.name_zh, level.name_en)} ({code})") for code, (_t, level, _r) in levels.items()
    ]


def _posted_rows(post) -> list[dict]:
    """The item rows as posted, in the order HR gave (the order field, then the row), blank rows left out."""
    courses, offsets, orders = post.getlist("course"), post.getlist("offset"), post.getlist("order")
    rows = []
    for i, course in enumerate(courses):
        offset = offsets[i] if i < len(offsets) else ""
        order = orders[i] if i < len(orders) else ""
        if not course.strip() and not offset.strip():
            continue
        try:
            rank = int(order)
        except ValueError:
            rank = 10_000
        rows.append({"course": course.strip(), "offset": offset.strip(), "rank": (rank, i)})
    rows.sort(key=lambda r: r["rank"])
    return rows


def _fields(post) -> dict:
    return {
        "code": post.get("code", ""),
        "name_zh": post.get("name_zh", ""),
        "name_en": post.get("name_en", ""),
        "trigger": post.get("trigger", ""),
        "level_code": post.get("level_code", ""),
        "applies_from": post.get("applies_from", ""),
        "active": post.get("active") == "on",
        "items": [(r["course"], r["offset"]) for r in _posted_rows(post)],
    }


def _form(request, *, curriculum: Curriculum | None = None, posted=None, error: str = "", status: int = 200):
    if posted is not None:
        values = {k: posted.get(k, "") for k in ("code", "name_zh", "name_en", "trigger", "level_code")}
        values["applies_from"] = posted.get("applies_from", "")
        values["active"] = posted.get("active") == "on"
        rows = [{"course": r["course"], "offset": r["offset"]} for r in _posted_rows(posted)]
    elif curriculum is not None:
        values = {
            "code": curriculum.code,
            "name_zh": curriculum.name_zh,
            "name_en": curriculum.name_en,
            "trigger": curriculum.trigger,
            "level_code": curriculum.level_code,
            "applies_from": curriculum.applies_from.isoformat(),
            "active": curriculum.active,
        }
        rows = [
            {"course": i.course.code, "offset": i.offset_days} for i in selectors.curriculum_items(curriculum)
        ]
    else:
        values = {"trigger": Curriculum.Trigger.HIRE, "applies_from": timezone.localdate().isoformat()}
        values["active"] = True
        rows = []
    rows = rows + [{"course": "", "offset": ""}] * BLANK_ROWS
    context = {
        "curriculum": curriculum,
        "values": values,
        "rows": [{**r, "order": n} for n, r in enumerate(rows, start=1)],
        "courses": Course.objects.filter(active=True).order_by("code"),
        "triggers": Curriculum.Trigger.choices,
        "levels": _level_choices(),
        "error": error,
    }
    if curriculum is not None:
        context["followers"], context["followers_total"] = selectors.curriculum_followers(
            curriculum, timezone.localdate()
        )
    return render(request, "web/learning/curriculum_form.html", context, status=status)


@read_only
def curricula(request: HttpRequest) -> HttpResponse:
    require(can_manage_catalogue(request.user))
    rows = list(selectors.curricula_list())
    levels = dict(_level_choices())
    return render(
        request,
        "web/learning/curricula.html",
        {"rows": [{"c": c, "level": levels.get(c.level_code, c.level_code)} for c in rows]},
    )


@form_page
def curriculum_new(request: HttpRequest) -> HttpResponse:
    require(can_manage_catalogue(request.user))
    if request.method != "POST":
        return _form(request)
    try:
        curriculum = services.curriculum_create(actor=Actor(request.user, "web"), **_fields(request.POST))
    except (PermissionDeniedError, NotFoundOrForbidden):
        raise
    except DomainError as exc:
        return _form(request, posted=request.POST, error=str(exc), status=400)
    messages.success(request, CREATED)
    return redirect("learning_curriculum", pk=curriculum.pk)


@form_page
def curriculum(request: HttpRequest, pk: int) -> HttpResponse:
    require(can_manage_catalogue(request.user))
    found = selectors.curriculum_get(pk)
    if request.method != "POST":
        return _form(request, curriculum=found)
    try:
        services.curriculum_edit(actor=Actor(request.user, "web"), curriculum=found, **_fields(request.POST))
    except (PermissionDeniedError, NotFoundOrForbidden):
        raise
    except DomainError as exc:
        return _form(request, curriculum=found, posted=request.POST, error=str(exc), status=400)
    messages.success(request, SAVED)
    return redirect("learning_curriculum", pk=found.pk)
