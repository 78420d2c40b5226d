"""Promotion objects for the web tests, made through the services (never written into the database
directly), on tests.web.org's organisation and WEB_POLICY. Idempotent per org: the route matrix calls a
builder once per role."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

from django.core.files.uploadedfile import SimpleUploadedFile

from serviceladder.audit.services import Actor
from serviceladder.promotions import services

# WEB_POLICY accepts applications in March and September; the CN 2026 calendar is official.
SEPTEMBER = dt.date(2026, 9, 10)
PUBLISHED_ON = dt.date(2026, 9, 14)  # a Monday
FORM = {
    "achievements": "连续六个月满意度 4.8，处理投诉案例 120 件",
    "capability_growth": "独立处理升级投诉，带教两名新人",
    "role_understanding": "高级客服负责疑难工单与新人辅导",
    "plan": "每周组织一次案例复盘",
}


@contextmanager
def clock_at(date: dt.date):
    """Fix the promotions clock (what the services and pages call today) for the block."""
    from serviceladder.promotions import clock

    original = clock.today
    clock.today = lambda: date
    try:
        yield
    finally:
        clock.today = original


def actor(org, key: str) -> Actor:
    return Actor(user=org.users[key], channel="web")


def _cache(org) -> dict:
    if not hasattr(org, "promotions"):
        org.promotions = {}
    return org.promotions


def cycle(org, name: str = "2026 下半年晋升", opens=dt.date(2026, 9, 1), closes=dt.date(2026, 9, 30)):
    from tests.web.org import ensure_policy

    cache = _cache(org)
    if name not in cache:
        ensure_policy(org)
        cache[name] = services.promotion_cycle_open(
            actor=actor(org, "hr"), name=name, opens_on=opens, closes_on=closes
        )
    return cache[name]


def draft(org, key: str = "agent", target: str = "L3", cycle_name: str = "2026 下半年晋升", **form):
    """The agent's (李娜 E2003, L2) draft application with one attachment."""
    cache = _cache(org)
    slot = f"draft:{cycle_name}:{key}"
    if slot not in cache:
        c = cycle(org, cycle_name)
        with clock_at(SEPTEMBER):
            app = services.promotion_application_create(
                actor=actor(org, key), cycle=c, target_level=target, **{**FORM, **form}
            )
            services.promotion_attachment_add(
                actor=actor(org, key),
                application=app,
                uploaded_file=SimpleUploadedFile("业绩.txt", "客户表扬信三封".encode(), "text/plain"),
            )
        cache[slot] = app
    return cache[slot]


def submitted(org, key: str = "agent", target: str = "L3", **kwargs):
    app = draft(org, key, target)
    if app.state == "draft":
        with clock_at(SEPTEMBER):
            services.promotion_application_submit(actor=actor(org, key), application=app, **kwargs)
    app.refresh_from_db()
    return app


def dept_approved(org):
    app = submitted(org)
    if app.state == "submitted":
        services.promotion_review_department(
            actor=actor(org, "department_head"), application=app, approve=True, opinion="业绩突出，同意"
        )
        app.refresh_from_db()
    return app


def hr_approved(org):
    app = dept_approved(org)
    if app.state == "dept_approved":
        with clock_at(SEPTEMBER):
            services.promotion_review_hr(
                actor=actor(org, "hr"), application=app, approve=True, opinion="数据核实无误"
            )
        app.refresh_from_db()
    return app


def mgmt_approved(org):
    app = hr_approved(org)
    if app.state == "hr_approved":
        with clock_at(SEPTEMBER):
            services.promotion_approve_management(
                actor=actor(org, "management"), application=app, approve=True, opinion="同意晋升"
            )
        app.refresh_from_db()
    return app


def on_notice(org):
    app = mgmt_approved(org)
    if app.state == "mgmt_approved":
        with clock_at(PUBLISHED_ON):
            services.promotion_notice_publish(actor=actor(org, "hr"), cycle=app.cycle)
        app.refresh_from_db()
    return app


def appealed(org, appellant: str = "team_lead"):
    app = on_notice(org)
    if app.state == "on_notice":
        with clock_at(PUBLISHED_ON):
            services.promotion_appeal_file(
                actor=actor(org, appellant), application=app, text="该同事上月有一次严重投诉未如实上报"
            )
        app.refresh_from_db()
    return app


# --- kwargs builders for tests/web/pages.py ROUTES ---------------------------------------------------------


def cycle_kwargs(org, role):
    return {"pk": cycle(org).pk}


def fresh_cycle_kwargs(org, role):
    """A cycle with no application in it (the apply and nominate forms)."""
    return {"pk": cycle(org, "2027 上半年晋升", dt.date(2027, 3, 1), dt.date(2027, 3, 31)).pk}


def case_kwargs(org, role):
    return {"pk": on_notice(org).pk}


def draft_kwargs(org, role):
    # The lateral move: L3 is on notice in the main cycle (on_notice), and a step under way cannot be applied
    # for again.
    return {"pk": draft(org, target="X1", cycle_name="2026 下半年晋升（草稿）").pk}


def attachment_kwargs(org, role):
    app = on_notice(org)
    return {"pk": app.pk, "attachment_pk": app.attachments.first().pk}


def notice_kwargs(org, role):
    return {"pk": on_notice(org).notice_id}


def appeal_kwargs(org, role):
    return {"pk": on_notice(org).pk}


def with_case(org, role):
    on_notice(org)
    return {}


def with_appeal(org, role):
    appealed(org)
    return {}


def case_cycle_kwargs(org, role):
    return {"pk": on_notice(org).cycle_id}


def review_cycle_kwargs(org, role):
    return {"pk": hr_stage(org).cycle_id}


def hr_stage(org):
    """A second case at the HR review, in its own cycle: 张伟 E2004 (team A1, L1 → L2), an exception."""
    cache = _cache(org)
    if "hr_stage" not in cache:
        c = cycle(org, "2026 下半年晋升（复审）")
        with clock_at(SEPTEMBER):
            app = services.promotion_application_nominate(
                actor=actor(org, "team_lead"),
                cycle=c,
                employee=org.employees["E2004"],
                target_level="L2",
                **FORM,
            )
            services.promotion_application_submit(
                actor=actor(org, "team_lead"), application=app, exception_reason="带教表现突出，破格推荐"
            )
        services.promotion_review_department(
            actor=actor(org, "department_head"), application=app, approve=True, opinion="同意推荐"
        )
        app.refresh_from_db()
        cache["hr_stage"] = app
    return cache["hr_stage"]


def hr_stage_kwargs(org, role):
    return {"pk": hr_stage(org).pk}
