"""The team activities section of the Wellbeing area: the coming activities the reader sees (landing), and
on a person's own page the coming ones they signed up for."""

from __future__ import annotations

from django.utils import timezone

from serviceladder.accounts.scoping import activity_targets, user_employee
from serviceladder.web.views.wellbeing_parts import Part

LANDING_LIMIT = 5


def _rows(activities, mine: set[int]) -> list[dict]:
    from serviceladder.web.views.wellbeing_activities import audience_label

    return [
        {
            "a": a,
            "date": timezone.localtime(a.starts_at).strftime("%Y-%m-%d"),
            "starts": timezone.localtime(a.starts_at).strftime("%H:%M"),
            "ends": timezone.localtime(a.ends_at).strftime("%H:%M") if a.ends_at else "",
            "audience": audience_label(a),
            "signed_up": a.pk in mine,
            "full": a.capacity is not None and a.signup_count >= a.capacity,
        }
        for a in activities
    ]


def part(request, employee) -> Part | None:
    """On the person's own page: the coming activities they signed up for."""
    me = user_employee(request.user)
    if me is None or me.pk != employee.pk:
        return None
    from serviceladder.wellbeing.selectors.activities import signed_up_ids, upcoming_activities

    coming = upcoming_activities(request.user, limit=50)
    mine = signed_up_ids(me, coming)
    rows = _rows([a for a in coming if a.pk in mine], mine)
    if not rows:
        return None
    return Part("web/wellbeing/_activities_part.html", {"rows": rows})


def landing(request) -> Part | None:
    """The next activities the reader sees, and the calendar."""
    from serviceladder.wellbeing.selectors.activities import signed_up_ids, upcoming_activities

    coming = upcoming_activities(request.user, limit=LANDING_LIMIT)
    mine = signed_up_ids(user_employee(request.user), coming)
    context = {"rows": _rows(coming, mine), "can_organise": bool(activity_targets(request.user))}
    return Part("web/wellbeing/_activities_landing.html", context)
