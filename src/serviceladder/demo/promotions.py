"""The demo's promotion cycle: open today, with two applications already on their way.

cn-standard accepts applications in March and September only. So that a person can run a whole cycle in the
demo on any day, the demo loads a copy of the policy in force that adds the current month to
`process.application_months` (effective from the first day of this month; the version's note says so),
then HR opens "<year>年<month>月晋升（演示）" for this month.
Two members of the demo team lead's team are nominated
by the lead and submitted; the department head has approved one of them, so both the head and HR have
something waiting. Everything goes through the promotion services, as a person would do it. The demo
logins "agent", "head", "hr" and "management" are left free to walk their own application through.

Before it, so that the last step of a cycle can be shown too, an earlier cycle in the policy's last
application month that is over has gone all the way: one member of the lead's team was nominated, approved
by the department, HR and management, and published on a notice that ended before today — HR finalises it
(the services run on the days it happened, through `clock.on`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.audit.services import Actor
from serviceladder.policy.selectors import policy_parsed, policy_version_in_force
from serviceladder.policy.services import policy_load

# Cycle names are data, written like the rest of the demo organisation: in Chinese.
DEMO_CYCLE_NAME = "{year}年{month}月晋升（演示）"
DEMO_CYCLE_NAME_EN = "{month_name} {year} promotions (demo)"
DEMO_POLICY_NOTE = _(
    "Demo copy of %(version)s: month %(month)s added to the application months so that the demo's "
    "promotion cycle is open today."
)
DEMO_PRINT = _(
    "Promotion cycle “%(cycle)s” is open from %(opens)s to %(closes)s (policy %(version)s); "
    "%(applications)s application(s) already submitted."
)
DEMO_PRINT_MONTH = _(
    "The demo's policy %(version)s adds month %(month)s to the application months (cn-standard: %(months)s) "
    "so that the cycle is open today."
)
FORM = {
    "achievements": "连续六个月客户满意度保持在 4.7 分以上,负责的售后投诉全部按时闭环。",
    "capability_growth": "独立处理复杂售后问题,参与知识库整理,带教两名新人。",
    "role_understanding": "高一级岗位需要处理疑难个案、帮助组内同事提升,并把客户声音反馈给产品。",
    "plan": "每周组织一次案例复盘;三个月内完成复杂问题与投诉处理培训。",
}
EXCEPTION_REASON = "主管推荐:旺季表现突出,作为特例申请。"
FINISHED_NOTE = "demo-finished"
DEMO_PRINT_FINISHED = _(
    "Promotion cycle “%(cycle)s” is over: the promotion of %(name)s was on public notice until %(ends)s; "
    "sign in as hr to finalise it."
)


@dataclass(frozen=True)
class DemoPromotions:
    cycle: object
    version_label: str
    month_added: int | None
    original_months: tuple[int, ...]
    applications: list = field(default_factory=list)


def with_application_month(text: str, month: int) -> str:
    """The policy text with `month` added to process.application_months (layout and comments kept when the
    list is written inline, as in the presets)."""
    pattern = re.compile(r"^(\s*application_months:\s*)\[([^\]]*)\]", re.MULTILINE)
    found = pattern.search(text)
    if found is not None:
        months = sorted({int(m) for m in found.group(2).split(",") if m.strip()} | {month})
        return (
            text[: found.start()] + f"{found.group(1)}[{', '.join(map(str, months))}]" + text[found.end() :]
        )
    import yaml

    data = yaml.safe_load(text)
    data["process"]["application_months"] = sorted({*data["process"]["application_months"], month})
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _candidates(
    lead_user, today: dt.date, exclude: set[int], *, still_on: dt.date | None = None
) -> list[tuple[object, str, str]]:
    """(employee, target level code, eligibility status) for members of the lead's team, eligible first;
    with `still_on`, only people whose level on that day is still the one they held on `today`."""
    from serviceladder.eligibility.loading import eligibility_report
    from serviceladder.promotions.page_selectors import current_level

    report = eligibility_report(lead_user, as_of=today)
    order = {"eligible": 0, "not_yet": 1, "insufficient_data": 2, "blocked": 3}
    seen, out = set(), []
    for d in sorted(
        report.decisions, key=lambda d: (order.get(d.status, 9), d.kind != "promotion", d.employee)
    ):
        person = report.people.get(d.employee)
        if person is None or person.pk in exclude or person.pk in seen or d.status == "blocked":
            continue
        if still_on is not None and current_level(person, still_on) != current_level(person, today):
            continue
        seen.add(person.pk)
        out.append((person, d.to_level, d.status))
    return out


def demo_promotions_load(*, today: dt.date | None = None) -> DemoPromotions | None:
    """Open the demo cycle and submit two nominations (None when the demo logins are missing)."""
    from serviceladder.promotions import clock
    from serviceladder.promotions.services import (
        promotion_application_nominate,
        promotion_application_submit,
        promotion_cycle_open,
        promotion_review_department,
    )

    today = today or clock.today()
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=["agent", "lead", "head", "hr"])
    }
    if len(users) < 4:
        return None
    version = policy_version_in_force(today)
    original = tuple(policy_parsed(version).process.application_months)
    month_added = None
    if today.month not in original:
        month_added = today.month
        note = str(DEMO_POLICY_NOTE % {"version": version.label, "month": today.month})
        version = policy_load(
            actor=Actor(user=None, channel="cli"),
            text=with_application_month(version.content, today.month),
            effective=today.replace(day=1),
            source_name=f"{version.source_name or version.label}+demo-month",
            note=note,
        ).version
    last_day = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    hr, lead, head = (Actor(user=users[k], channel="cli") for k in ("hr", "lead", "head"))
    exclude = {
        e.pk
        for e in (getattr(users["agent"], "employee", None), getattr(users["lead"], "employee", None))
        if e
    }
    finished = demo_finished_cycle_load(today=today, original_months=original, exclude=exclude)
    if finished is not None:
        exclude.add(finished.applicant_id)
    cycle = promotion_cycle_open(
        actor=hr,
        name=DEMO_CYCLE_NAME.format(year=today.year, month=today.month),
        name_alt=DEMO_CYCLE_NAME_EN.format(year=today.year, month_name=calendar.month_name[today.month]),
        opens_on=today.replace(day=1),
        closes_on=last_day,
        note="demo",
    )
    applications = []
    for employee, target, status in _candidates(users["lead"], today, exclude)[:2]:
        app = promotion_application_nominate(
            actor=lead, cycle=cycle, employee=employee, target_level=target, **FORM
        )
        app = promotion_application_submit(
            actor=lead, application=app, exception_reason="" if status == "eligible" else EXCEPTION_REASON
        )
        applications.append(app)
    if applications:
        promotion_review_department(
            actor=head, application=applications[0], approve=True, opinion="业绩与能力均符合要求，同意晋升。"
        )
    return DemoPromotions(cycle, version.label, month_added, original, applications)


def _last_window_over(today: dt.date, months: tuple[int, ...]) -> tuple[dt.date, dt.date] | None:
    """The last application month (of `months`) that ended at least five weeks before `today`."""
    year, month = today.year, today.month
    for _step in range(24):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        if month in months and (today - last).days >= 35:
            return dt.date(year, month, 1), last
    return None


def _working_day_before(day: dt.date, calendar_) -> dt.date:
    day -= dt.timedelta(days=1)
    while not calendar_.is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def demo_finished_cycle_load(*, today: dt.date, original_months: tuple[int, ...], exclude: set[int]):
    """An earlier cycle walked to its last step: one nomination, approved at every stage and published on a
    notice that ended before `today`, so HR can finalise it. The application, or None without a window or a
    candidate. Each step runs on its own day (clock.on); the history is dated those days."""
    from serviceladder.org.models import Employee
    from serviceladder.promotions import clock
    from serviceladder.promotions.models import PromotionApplication, StageOpinion, TransitionLog
    from serviceladder.promotions.services import (
        promotion_application_nominate,
        promotion_application_submit,
        promotion_approve_management,
        promotion_cycle_open,
        promotion_notice_publish,
        promotion_review_department,
        promotion_review_hr,
    )
    from serviceladder.promotions.services.notice import notice_end
    from serviceladder.workcalendar.selectors import work_calendar

    window = _last_window_over(today, original_months)
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["lead", "head", "hr", "management"])
    }
    if window is None or len(users) < 4:
        return None
    opens, closes = window
    submitted_on = min(opens + dt.timedelta(days=9), closes)
    # The latest publication whose notice (working days, holiday calendar) ended before today.
    policy = policy_parsed(policy_version_in_force(opens))
    days_off = work_calendar(policy.process.holiday_calendar)
    published_on = _working_day_before(today, days_off)
    while notice_end(None, published_on, policy=policy).date >= today:
        published_on = _working_day_before(published_on, days_off)
    approved_on = _working_day_before(published_on, days_off)
    hr, head, management = (Actor(user=users[k], channel="cli") for k in ("hr", "head", "management"))
    # Someone of the head's department outside the lead's team, nominated by the head: the lead's team is
    # left to the open cycle.
    lead_team = getattr(getattr(users["lead"], "employee", None), "team_id", None)
    others = exclude | set(Employee.objects.filter(team_id=lead_team).values_list("pk", flat=True))
    with clock.on(submitted_on):
        found = _candidates(users["head"], submitted_on, others, still_on=today)
        if not found:
            return None
        employee, target, status = found[0]
        cycle = promotion_cycle_open(
            actor=hr,
            name=DEMO_CYCLE_NAME.format(year=opens.year, month=opens.month),
            name_alt=DEMO_CYCLE_NAME_EN.format(year=opens.year, month_name=calendar.month_name[opens.month]),
            opens_on=opens,
            closes_on=closes,
            note=FINISHED_NOTE,
        )
        app = promotion_application_nominate(
            actor=head, cycle=cycle, employee=employee, target_level=target, **FORM
        )
        app = promotion_application_submit(
            actor=head, application=app, exception_reason="" if status == "eligible" else EXCEPTION_REASON
        )
    with clock.on(approved_on):
        app = promotion_review_department(
            actor=head, application=app, approve=True, opinion="业绩与能力均符合要求,同意晋升。"
        )
        app = promotion_review_hr(actor=hr, application=app, approve=True, opinion="数据核实无误,同意。")
        app = promotion_approve_management(
            actor=management, application=app, approve=True, opinion="同意。", override_reason="演示"
        )
    with clock.on(published_on):
        promotion_notice_publish(actor=hr, cycle=cycle, applications=[app], published_on=published_on)
    # What auto_now_add stamped today happened on those days.
    days = {"submit": submitted_on, "publish": published_on}
    for log in TransitionLog.objects.filter(application=app):
        log.at = _at(days.get(log.action, approved_on))
        TransitionLog.objects.filter(pk=log.pk).update(at=log.at)
    StageOpinion.objects.filter(application=app).update(created_at=_at(approved_on))
    PromotionApplication.objects.filter(pk=app.pk).update(created_at=_at(submitted_on))
    type(cycle).objects.filter(pk=cycle.pk).update(created_at=_at(opens))
    app.refresh_from_db()
    return app


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def demo_promotions_describe() -> list[str]:
    """Lines for the demo's printed summary: the open cycle, the month the demo's policy added, and the
    finished cycle waiting for HR to finalise it."""
    from serviceladder.promotions.models import PromotionApplication, PromotionCycle
    from serviceladder.promotions.states import State

    lines = []
    cycle = PromotionCycle.objects.select_related("policy_version").filter(note="demo").first()
    if cycle is not None:
        lines.append(
            str(DEMO_PRINT)
            % {
                "cycle": cycle.display_name,
                "opens": cycle.opens_on.isoformat(),
                "closes": cycle.closes_on.isoformat(),
                "version": cycle.policy_version.label,
                "applications": cycle.applications.filter(submitted_at__isnull=False).count(),
            }
        )
    if cycle is not None and cycle.policy_version.source_name.endswith("+demo-month"):
        before = policy_parsed(cycle.policy_version).process.application_months
        lines.append(
            str(DEMO_PRINT_MONTH)
            % {
                "version": cycle.policy_version.label,
                "month": cycle.opens_on.month,
                "months": ", ".join(str(m) for m in before if m != cycle.opens_on.month),
            }
        )
    finished = (
        PromotionApplication.objects.filter(cycle__note=FINISHED_NOTE, state=State.ON_NOTICE)
        .select_related("cycle", "applicant", "notice")
        .first()
    )
    if finished is not None:
        lines.append(
            str(DEMO_PRINT_FINISHED)
            % {
                "cycle": finished.cycle.display_name,
                "name": finished.applicant.name,
                "ends": finished.notice.ends_on,
            }
        )
    return lines
