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
    from tests.web.org import ensure_policy

    cache = _cache(org)
    if "cycle" not in cache:
        ensure_policy(org)
        cache["cycle"] = services.promotion_cycle_open(
            actor=_actor(org, "hr"),
            name="2026 下半年晋升",
            opens_on=dt.date(2026, 9, 1),
            closes_on=dt.date(2026, 9, 30),
        )
    return cache["cycle"]


def agent_case(org, state: str = State.ON_NOTICE):
    """The agent's (李娜 E2003, team A1, L2 → L3) application, moved by each stage's own role up to
    `state`."""
    cache = _cache(org)
    if "agent" not in cache:
        c = cycle(org)
        with clock_at(SEPTEMBER):
            cache["agent"] = services.promotion_application_create(
                actor=_actor(org, "agent"), cycle=c, target_level="L3", **FORM
            )
    app = cache["agent"]
    app.refresh_from_db()
    steps = {
        State.DRAFT: lambda: services.promotion_application_submit(
            actor=_actor(org, "agent"), application=app
        ),
        State.SUBMITTED: lambda: services.promotion_review_department(
            actor=_actor(org, "department_head"), application=app, approve=True, opinion="同意"
        ),
        State.DEPT_APPROVED: lambda: services.promotion_review_hr(
            actor=_actor(org, "hr"), application=app, approve=True, opinion="数据核实无误"
        ),
        State.HR_APPROVED: lambda: services.promotion_approve_management(
            actor=_actor(org, "management"), application=app, approve=True, opinion="同意晋升"
        ),
        State.MGMT_APPROVED: lambda: services.promotion_notice_publish(
            actor=_actor(org, "hr"), cycle=app.cycle, applications=[app]
        ),
    }
    order = list(steps) + [State.ON_NOTICE]
    while order.index(app.state) < order.index(state):
        with clock_at(PUBLISHED_ON if app.state == State.MGMT_APPROVED else SEPTEMBER):
            steps[app.state]()
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
