"""The one NinjaAPI instance behind /api/. Routers are added here, one module per area (see README.md)."""

from __future__ import annotations

from ninja import NinjaAPI, Swagger
from ninja.renderers import JSONRenderer

from serviceladder.api import (
    development_assessments,
    development_conversations,
    development_export,
    development_goals,
    development_mentoring,
    development_plans,
    eligibility,
    health,
    learning_reports,
    me,
    notifications,
    people,
    problems,
    promotion_stages,
    promotions,
    queues,
    recognition_coaching,
    recognition_improvement,
    recognition_pay,
    recognition_received,
    stars,
    wellbeing_pulse,
    wellbeing_signals,
    wellbeing_voice,
)
from serviceladder.api.auth import AUTH


class Utf8JSONRenderer(JSONRenderer):
    # Names are Chinese: send them as they are, not as \\u escapes.
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="serviceladder API",
    version="1",
    description=(
        "Career development and promotion for customer-service teams. Authenticate with a personal token "
        "(`Authorization: Bearer <key>`, created under Account → API tokens or with `serviceladder token "
        "create`) or with the browser session (unsafe methods then need the X-CSRFToken header). Errors are "
        'JSON problems: {"type", "title", "code", "detail", "status"}; a person you may not see is 404. An '
        "expired token is 401 with the code token_expired; too many unknown keys from one address are 429 "
        "with Retry-After."
    ),
    auth=AUTH,
    renderer=Utf8JSONRenderer(),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    # Swagger UI from the assets bundled in the django-ninja package ("ninja" is in INSTALLED_APPS);
    # no validator badge, which would call out to the internet.
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
)
problems.install(api)

api.add_router("", me.router)
api.add_router("", health.router)
api.add_router("/people", people.router)
api.add_router("/people", eligibility.router)
api.add_router("/people", development_conversations.router)
api.add_router("/people", development_goals.router)
api.add_router("/people", development_assessments.router)
api.add_router("/people", development_plans.router)
api.add_router("/people", recognition_improvement.router)
api.add_router("/notifications", notifications.router)
api.add_router("/promotions", promotions.router)
api.add_router("/promotions", promotion_stages.router)
api.add_router("/queues", queues.router)
api.add_router("/development", development_mentoring.router)
api.add_router("/development", development_export.router)
api.add_router("/people", recognition_received.people_router)
api.add_router("/recognition", recognition_received.router)
api.add_router("/bonus", recognition_pay.router)
api.add_router("/stars", stars.router)
api.add_router("/coaching", recognition_coaching.router)
api.add_router("/wellbeing", wellbeing_voice.router)
api.add_router("/wellbeing", wellbeing_signals.router)
api.add_router("/wellbeing", wellbeing_pulse.router)
api.add_router("/learning", learning_reports.router)
