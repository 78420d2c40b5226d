"""Promotion cases for the route matrix rows of /api/promotions (tests/web/pages.py), on tests.web.org's
organisation and WEB_POLICY, made through the services with the promotions clock set inside the
September window. Idempotent per org: the matrix calls a builder once per role."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

from django.utils import timezone

from serviceladder.audit.services import Actor
from serviceladder.promotions import services
from serviceladder.promotions.states import State

SEPTEMBER = dt.date(2026, 9, 10)  # WEB_POLICY accepts applications in March and September
PUBLISHED_ON = dt.date(2026, 9, 14)  # a Monday
FORM = {
    "achievements": "连续六个月满意度 4.8",
    "capability_growth": "独立处理升级投诉",
    "role_understanding": "负责疑难工单与新人辅导",
    "plan": "每周组织一次案例复盘",
}


@contextmanager
def clock_at(date: dt.date):
    from serviceladder.promotions import clock

    today, now = clock.today, clock.now
    clock.today = lambda: date
    clock.now = lambda: timezone.make_aware(dt.datetime.combine(date, dt.time(10, 0)))
    try:
        yield
    finally:
        clock.today, clock.now = today, now


def _actor(org, key: str) -> Actor:
    return Actor(user=org.users[key], channel="api")


def _cache(org) -> dict:
    if not hasattr(org, "promotion_api"):
        org.promotion_api = {}
    return org.promotion_api


def cycle(org):
    """The September cycle of tests.promotions_web.builders: one cycle and one agent case per org, whichever
    builder module makes them first (the agent may not apply again for a step already under way)."""
    from tests.promotions_web import builders as web

    return web.cycle(org)


def agent_case(org, state: str = State.ON_NOTICE):
    """The agent's (李娜 E2003, team A1, L2 → L3) application, moved by each stage's own role up to
    `state` — the same case the web and attachment tests build (tests.promotions_web.builders)."""
    from tests.promotions_web import builders as web

    stages = {
        State.DRAFT: web.draft,
        State.SUBMITTED: web.submitted,
        State.DEPT_APPROVED: web.dept_approved,
        State.HR_APPROVED: web.hr_approved,
        State.MGMT_APPROVED: web.mgmt_approved,
        State.ON_NOTICE: web.on_notice,
    }
    app = web.draft(org)
    app.refresh_from_db()
    order = list(stages)
    if app.state in order and order.index(app.state) < order.index(state):
        app = stages[state](org)
        app.refresh_from_db()
    return app


def b1_case(org):
    """A submitted application of 陈静 (E2006, department B; given an agent login here): among the test
    users only HR and management may see it."""
    from serviceladder.accounts.roles import Role
    from tests.factories import user_with_roles

    cache = _cache(org)
    if "b1" not in cache:
        employee = org.employees["E2006"]
        user = user_with_roles("chenjing", Role.AGENT, employee=employee)
        me = Actor(user=user, channel="api")
        with clock_at(SEPTEMBER):
            app = services.promotion_application_create(actor=me, cycle=cycle(org), target_level="L2", **FORM)
            services.promotion_application_submit(actor=me, application=app, exception_reason="特批")
        cache["b1"] = app
    return cache["b1"]


# --- kwargs for the route matrix ----------------------------------------------------------------------------


def cycle_kwargs(org, role) -> dict:
    agent_case(org)
    return {"cycle_id": cycle(org).pk}


def on_notice_kwargs(org, role) -> dict:
    return {"application_id": agent_case(org).pk}


def draft_kwargs(org, role) -> dict:
    return {"application_id": agent_case(org, State.DRAFT).pk}


def b1_kwargs(org, role) -> dict:
    return {"application_id": b1_case(org).pk}


def with_case(org, role) -> dict:
    agent_case(org)
    return {}
