from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import can_manage_roles, has_role, user_roles
from serviceladder.accounts.selectors import role_counts
from serviceladder.org import selectors
from serviceladder.promotions.page_selectors import home_promotion
from serviceladder.web.charts import sparkline
from serviceladder.web.methods import read_only


@read_only
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@read_only
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user_roles(user):
        return render(request, "web/home/no_role.html")
    card = selectors.agent_card(user) if has_role(user, Role.AGENT) else None
    context = {
        "card": card,
        "card_kpis": _card_kpis(card) if card else [],
        "teams": selectors.led_teams(user),
        "departments": selectors.headed_departments(user),
        "organisation": selectors.organisation_summary(user),
        "admin_summary": role_counts(user) if has_role(user, Role.ADMIN) and can_manage_roles(user) else None,
        "promotion": home_promotion(user),
    }
    return render(request, "web/home/index.html", context)


def _card_kpis(card: selectors.AgentCard) -> list[dict]:
    """The latest month's headline KPIs, each with a sparkline over the last months."""
    rows = card.metrics
    spec = [
        ("csat_mean", _("CSAT"), "score"),
        ("fcr_rate", _("FCR"), "pct"),
        ("aht_seconds", _("AHT"), "mmss"),
        ("on_time_response_rate", _("On-time response"), "pct"),
        ("qa_score", _("QA score"), "score1"),
    ]
    kpis = []
    for attr, label, kind in spec:
        values = [getattr(r, attr) for r in rows]
        months = ", ".join(r.month for r in rows)
        kpis.append(
            {
                "label": label,
                "value": values[-1] if values else None,
                "kind": kind,
                "spark": sparkline(
                    values, title=_("%(kpi)s trend, %(months)s") % {"kpi": label, "months": months}
                ),
            }
        )
    return kpis
