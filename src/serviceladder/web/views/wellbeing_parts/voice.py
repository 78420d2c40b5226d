"""The voice channel section of the Wellbeing area: on the landing, a way to speak up, the reader's own open
items and the items waiting for their answer; on a person's page, only for the person themselves (nobody else
learns from someone's page what they raised)."""

from __future__ import annotations

from serviceladder.accounts.scoping import (
    can_open_voice_inbox,
    can_see_voice_figures,
    can_submit_voice,
    user_employee,
)
from serviceladder.web.views.wellbeing_parts import Part


def _context(request) -> dict:
    from serviceladder.org.selectors import today
    from serviceladder.wellbeing.selectors.voice import OPEN_STATES, is_overdue, my_items
    from serviceladder.wellbeing.todos_voice import voice_todos

    day = today()
    mine = [i for i in my_items(request.user) if i.state in OPEN_STATES]
    waiting = [
        {"title": str(t.title), "url": t.url, "due": t.due, "late": t.due and t.due < day}
        for t in voice_todos(request.user)
    ]
    return {
        "can_submit": can_submit_voice(request.user),
        "open_mine": [{"item": i, "overdue": is_overdue(i, day)} for i in mine],
        "waiting": waiting,
        "inbox": can_open_voice_inbox(request.user),
        "figures": can_see_voice_figures(request.user),
    }


def part(request, employee) -> Part | None:
    """The person's own open items, on their own page only."""
    me = user_employee(request.user)
    if me is None or me.pk != employee.pk or not can_submit_voice(request.user):
        return None
    return Part("web/wellbeing/_voice_landing.html", _context(request))


def landing(request) -> Part | None:
    """Speak up, my open items, items waiting for my answer."""
    if not (can_submit_voice(request.user) or can_open_voice_inbox(request.user)):
        return None
    return Part("web/wellbeing/_voice_landing.html", _context(request))
