"""The promotions under way, for the eligibility pages (eligibility.pending): nobody is "eligible now" for a
step they have just taken. Registered from PromotionsConfig.ready."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from serviceladder.eligibility.pending import PendingMove
from serviceladder.promotions.models import PromotionApplication
from serviceladder.promotions.states import State
from serviceladder.rules.explain import format_date

APPROVED_AWAITING_NOTICE = _("Approved by management: the public notice comes next")
ON_NOTICE_UNTIL = _("On public notice until %(date)s")
NOTICE_OVER = _("Public notice ended on %(date)s; HR finalises next")
UNDER_APPEAL = _("On public notice; an appeal is being looked into")
PROMOTED_FROM = _("Promoted: the new level takes effect on %(date)s")
# Approved and not yet in force: the step is taken, whatever the figures say today.
UNDER_WAY_STATES = (State.MGMT_APPROVED, State.ON_NOTICE, State.UNDER_APPEAL)


def _label(app: PromotionApplication, language: str, as_of: dt.date) -> tuple[str, dt.date | None]:
    if app.state == State.EFFECTIVE:
        return str(PROMOTED_FROM) % {"date": format_date(app.effective_on, language)}, app.effective_on
    if app.state == State.UNDER_APPEAL:
        return str(UNDER_APPEAL), app.notice.ends_on if app.notice_id else None
    if app.state == State.ON_NOTICE and app.notice_id and app.notice.ends_on < as_of:
        return str(NOTICE_OVER) % {"date": format_date(app.notice.ends_on, language)}, app.notice.ends_on
    if app.state == State.ON_NOTICE and app.notice_id:
        return str(ON_NOTICE_UNTIL) % {"date": format_date(app.notice.ends_on, language)}, app.notice.ends_on
    return str(APPROVED_AWAITING_NOTICE), None


def promotions_under_way(employee_ids: list[int], as_of: dt.date) -> dict[int, dict[str, PendingMove]]:
    """Applications approved by management, on notice or under appeal, and promotions finalised whose new
    level starts after `as_of` — in cycles opened by `as_of` (a date in the past sees no later cycle)."""
    language = "zh" if (get_language() or "").lower().startswith("zh") else "en"
    # Few applications are under way at any time: read them all rather than list thousands of ids in SQL.
    wanted = set(employee_ids)
    apps = (
        PromotionApplication.objects.filter(cycle__opens_on__lte=as_of, submitted_at__isnull=False)
        .filter(Q(state__in=UNDER_WAY_STATES) | Q(state=State.EFFECTIVE, effective_on__gt=as_of))
        .select_related("target_level", "notice")
        .order_by("pk")
    )
    found: dict[int, dict[str, PendingMove]] = {}
    for app in apps:
        if app.applicant_id not in wanted:
            continue
        label, until = _label(app, language, as_of)
        found.setdefault(app.applicant_id, {})[app.target_level.code] = PendingMove(
            to_level=app.target_level.code,
            state=app.state,
            label=label,
            until=until,
            url=reverse("promotion_application", kwargs={"pk": app.pk}),
        )
    return found
