"""Star ratings that wait for someone, for the to-do registry (registered in apps.py): HR publishes a
computed period and decides the nominations waiting; a lead looks at a computed period with borderline
people in their team (whom they may nominate one tier up) until it is published."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import can_manage_stars, star_nominees_of
from serviceladder.core.translatable import Message
from serviceladder.recognition.models import StarPeriod, StarRating
from serviceladder.recognition.selectors.stars import is_borderline
from serviceladder.todos.registry import TodoItem

PUBLISH = "stars.publish"
DECIDE = "stars.decide"
BORDERLINE = "stars.borderline"
KINDS = {
    PUBLISH: _("Star period to publish"),
    DECIDE: _("Star nomination to decide"),
    BORDERLINE: _("Borderline star ratings in your team"),
}
PUBLISH_TITLE = _("Publish the star ratings of {period}")
PUBLISH_DETAIL = _("Computed; decide any nominations, then publish.")
DECIDE_TITLE = _("Decide {count} star nomination(s) for {period}")
BORDERLINE_TITLE = _("{count} borderline star rating(s) in your team for {period}")
BORDERLINE_DETAIL = _("One condition short of the next tier: you may nominate them one tier up.")


def _since(moment):
    return timezone.localtime(moment).date() if moment else None


def star_todos(user) -> list[TodoItem]:
    items = []
    computed = list(StarPeriod.objects.filter(state=StarPeriod.State.COMPUTED))
    if not computed:
        return items
    if can_manage_stars(user):
        for period in computed:
            url = reverse("star_period", args=[period.code])
            items.append(
                TodoItem(
                    kind=PUBLISH,
                    title=Message(PUBLISH_TITLE, period=period.code),
                    detail=PUBLISH_DETAIL,
                    url=url,
                    since=_since(period.computed_at),
                    key=f"period:{period.code}",
                )
            )
            pending = period.ratings.filter(decision=StarRating.Decision.PENDING).count()
            if pending:
                items.append(
                    TodoItem(
                        kind=DECIDE,
                        title=Message(DECIDE_TITLE, count=pending, period=period.code),
                        url=url + "?pending=1",
                        since=_since(period.computed_at),
                        key=f"decide:{period.code}",
                    )
                )
        return items
    nominees = star_nominees_of(user)
    for period in computed:
        ratings = period.ratings.filter(employee__in=nominees, decision="")
        # "period" too: the related manager sets it on every row, which would load a deferred one per row
        ratings = ratings.only("period", "status", "computed_stars", "explanation")
        count = sum(1 for r in ratings if is_borderline(r))
        if count:
            items.append(
                TodoItem(
                    kind=BORDERLINE,
                    title=Message(BORDERLINE_TITLE, count=count, period=period.code),
                    detail=BORDERLINE_DETAIL,
                    url=reverse("star_period", args=[period.code]) + "?mine=1",
                    since=_since(period.computed_at),
                    key=f"borderline:{period.code}",
                )
            )
    return items
