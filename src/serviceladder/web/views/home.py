from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import can_manage_roles, has_role, user_roles
from serviceladder.accounts.selectors import role_counts
from serviceladder.core.errors import NotFoundOrForbidden
from serviceladder.development.selectors.mentoring import mentees_of
from serviceladder.org import selectors
from serviceladder.org.selectors import today as org_today
from serviceladder.policy.errors import NoPolicyInForce
from serviceladder.promotions.page_selectors import home_promotion
from serviceladder.web.charts import sparkline
from serviceladder.web.context_processors import request_todos
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
        "todos": request_todos(request),
        "today": org_today(),
        "next_step": _next_step(user, card.employee) if card else None,
        "card": card,
        "card_kpis": _card_kpis(card) if card else [],
        "teams": selectors.led_teams(user),
        "departments": selectors.headed_departments(user),
        "organisation": selectors.organisation_summary(user),
        "admin_summary": role_counts(user) if has_role(user, Role.ADMIN) and can_manage_roles(user) else None,
        "promotion": home_promotion(user),
        "mentees": mentees_of(user),
    }
    return render(request, "web/home/index.html", context)


def _next_step(user, employee) -> dict | None:
    """The agent's next step on the ladder and how far along it they are (as My path shows it): the
    promotion closest to open (eligible first, then the furthest along), else a lateral move."""
    from serviceladder.eligibility.engine import STATUS_ORDER
    from serviceladder.eligibility.selectors import eligibility_for_person
    from serviceladder.web.views.eligibility import Names, _language, build_step

    as_of = org_today()
    try:
        result = eligibility_for_person(user, employee, as_of=as_of)
    except (NoPolicyInForce, NotFoundOrForbidden):
        return None
    if not result.decisions:
        return None
    names = Names(result.policy)
    language = _language()
    steps = [build_step(d, names, as_of, language) for d in result.decisions]
    step = min(
        steps,
        key=lambda s: (
            s.decision.kind != "promotion",
            -STATUS_ORDER.index(s.decision.status),
            -s.percent,
            s.to_code,
        ),
    )
    return {
        "step": step,
        "from_name": names.level(result.level),
        "open_checks": [c for c in step.checks if c.status != "pass"],
    }


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
