"""Mentoring and the development record for the demo (issue 14, items 6 and 7).

Habits it imitates:
- about two in five newcomers (hired in the last nine months) get a mentor: an experienced agent (CS3 and
  up) of their own team, else of their department; about two in five people on the expert track get one
  from the expert levels, often from another team;
- mentors meet every two to four weeks, a few days early or late; some mentors have let it slip, so their
  next session is overdue; about one mentorship in eight has ended;
- about a third of the agents have something in their development record (knowledge-base articles,
  customer praise, newcomers coached, process improvements), one to four entries in the last 18 months.
The demo's logins take part: `agent` mentors a newcomer of their team (a session is due, so it is on their
home page) and has a mentor and a record of their own; `lead` mentors someone on the expert track.
Rows are written directly, like the other demo records (the services would date everything today).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from serviceladder.demo.specs import DemoOrganisation, PersonSpec
from serviceladder.development.models import Contribution, MentoringSession, Mentorship
from serviceladder.org.models import Employee

SHARE_NEWCOMERS = 0.4
SHARE_EXPERT = 0.4
SHARE_ENDED = 0.12
SHARE_SLIPPED = 0.2
SHARE_RECORD = 0.33
NEWCOMER_DAYS = 270
SENIOR = {"CS3", "CS4", "CS5"}


def _on_expert_track(q: PersonSpec) -> bool:
    return bool(q.current_level and q.current_level.startswith("EX-"))


FOCUS_NEWCOMER = [
    ("电话沟通与投诉处理", "Phone manner and complaint handling"),
    ("业务知识与系统操作", "Product knowledge and the ticket system"),
    ("压力调节与情绪管理", "Handling stress on busy shifts"),
]
FOCUS_EXPERT = [
    ("疑难投诉个案复盘", "Reviewing hard complaint cases"),
    ("质检标准与评分一致性", "Quality scoring and calibration"),
    ("培训课程设计与授课", "Designing and giving training sessions"),
]
NOTES = [
    ("一起复听了三通升级投诉录音，讨论安抚话术。", "先用确认句式复述客户诉求，下周再听两通。"),
    ("梳理了退款规则的常见误区。", "把退款规则整理成一页速查表。"),
    ("聊了高峰时段的节奏安排和休息。", "试着在两通电话之间做三次深呼吸。"),
    ("看了本月质检扣分项，主要在结束语。", "结束语按新模板执行，月底再看质检结果。"),
    ("讨论了专家通道的要求和时间安排。", "报名下个月的疑难个案研讨会。"),
]
RECORD = {
    Contribution.Kind.KB_ARTICLE: ["退款规则说明", "跨境物流查询指引", "会员积分常见问题", "发票开具流程"],
    Contribution.Kind.CUSTOMER_PRAISE: ["客户来电表扬耐心细致", "VIP 客户致信感谢", "客户在回访中点名表扬"],
    Contribution.Kind.NEWCOMER_COACHED: ["带教新人两周", "辅导新人通过上岗考核"],
    Contribution.Kind.PROCESS_IMPROVEMENT: ["优化工单转派流程", "改进夜班交接清单"],
}
NEWCOMER_PASSED = "新人顺利通过上岗考核。"
KIND_WEIGHTS = {
    Contribution.Kind.KB_ARTICLE: 3,
    Contribution.Kind.CUSTOMER_PRAISE: 4,
    Contribution.Kind.NEWCOMER_COACHED: 2,
    Contribution.Kind.PROCESS_IMPROVEMENT: 1,
}
EVIDENCE = {
    Contribution.Kind.KB_ARTICLE: "KB-{n}",
    Contribution.Kind.CUSTOMER_PRAISE: "工单 {n}",
    Contribution.Kind.NEWCOMER_COACHED: "",
    Contribution.Kind.PROCESS_IMPROVEMENT: "",
}


@dataclass(frozen=True)
class DemoMentoring:
    mentorships: int
    sessions: int
    contributions: int


def _pick_focus(rng, choices) -> str:
    return rng.choice(choices)[0]


def _mentor_for(
    rng, p: PersonSpec, people: list[PersonSpec], team_dept: dict, expert: bool
) -> PersonSpec | None:
    if expert:
        pool = [q for q in people if _on_expert_track(q) and q is not p]
    else:
        pool = [q for q in people if q.team == p.team and q.current_level in SENIOR and q.role == "agent"]
        if not pool:
            dept = team_dept.get(p.team)
            pool = [
                q
                for q in people
                if q.team
                and team_dept.get(q.team) == dept
                and q.current_level in SENIOR
                and q.role == "agent"
            ]
    pool = [q for q in pool if q.number != p.number]
    return rng.choice(pool) if pool else None


def demo_development_mentoring(org: DemoOrganisation) -> DemoMentoring:
    """Write the demo's mentorships, their sessions and the development record (see the module docstring)."""
    rng = random.Random(f"serviceladder-demo:{org.seed}:mentoring")
    today = org.today
    emp = {e.number: e for e in Employee.objects.select_related("user")}
    login_of = {login.username: login.employee for login in org.logins}
    hr_user = emp[login_of["hr"]].user
    team_dept = {t.code: t.department for t in org.teams}
    people = sorted((p for p in org.people if p.role == "agent"), key=lambda p: p.number)
    agent_no, lead_no = login_of.get("agent"), login_of.get("lead")

    pairs: list[tuple[PersonSpec, PersonSpec, str, bool]] = []  # mentee, mentor, focus, slipped
    taken: set[tuple[str, str]] = set()
    agent = org.person(agent_no) if agent_no else None
    # The login agent mentors the newest colleague of their team; a session is due (their home page shows it).
    if agent is not None:
        newest = max(
            (
                q
                for q in people
                if q.team == agent.team and q.number != agent.number and (today - q.hire_date).days >= 90
            ),
            key=lambda q: q.hire_date,
            default=None,
        )
        if newest is not None:
            pairs.append((newest, agent, _pick_focus(rng, FOCUS_NEWCOMER), True))
        mentor = _mentor_for(rng, agent, people, team_dept, expert=False)
        if mentor is not None and mentor.number != agent.number:
            pairs.append((agent, mentor, "专家通道准备：疑难投诉处理", False))
    # The login lead mentors someone on the expert track of another team.
    if lead_no:
        lead = org.person(lead_no)
        expert = [q for q in people if _on_expert_track(q) and q.team != lead.team]
        if expert:
            pairs.append((rng.choice(expert), lead, _pick_focus(rng, FOCUS_EXPERT), False))
    for p in people:
        newcomer = (today - p.hire_date).days < NEWCOMER_DAYS
        expert = bool(p.current_level and p.current_level.startswith("EX-"))
        if not (newcomer or expert) or any(m.number == p.number for m, _x, _f, _s in pairs):
            continue
        if rng.random() >= (SHARE_NEWCOMERS if newcomer else SHARE_EXPERT):
            continue
        mentor = _mentor_for(rng, p, people, team_dept, expert=expert and not newcomer)
        if mentor is None:
            continue
        focus = _pick_focus(rng, FOCUS_EXPERT if expert and not newcomer else FOCUS_NEWCOMER)
        pairs.append((p, mentor, focus, rng.random() < SHARE_SLIPPED))

    mentorships, sessions = [], []
    for mentee, mentor, focus, slipped in pairs:
        if (mentee.number, mentor.number) in taken:
            continue
        taken.add((mentee.number, mentor.number))
        every = rng.choice((2, 3, 4))
        earliest = max(mentee.hire_date + dt.timedelta(days=7), today - dt.timedelta(days=240))
        starts = earliest + dt.timedelta(days=rng.randint(0, max(0, (today - earliest).days - 30)))
        ended = (
            mentor.number not in (agent_no, lead_no)
            and mentee.number != agent_no
            and rng.random() < SHARE_ENDED
        )
        ends_on = None
        if ended:
            ends_on = starts + dt.timedelta(weeks=rng.randint(8, 16))
            ended = ends_on < today
            if not ended:
                ends_on = None
        elif rng.random() < 0.5:
            ends_on = starts + dt.timedelta(weeks=rng.choice((26, 39, 52)))
        m = Mentorship(
            mentor=emp[mentor.number],
            mentee=emp[mentee.number],
            focus=focus,
            starts_on=starts,
            ends_on=ends_on,
            every_weeks=every,
            created_by=hr_user,
        )
        last_day = ends_on if ended else today
        # A slipped mentorship's last session was over a cadence ago; otherwise the next is not due yet.
        stop = last_day - dt.timedelta(weeks=every + 1) if slipped else last_day
        held = starts + dt.timedelta(weeks=every, days=rng.randint(-3, 3))
        logged_by = emp[mentor.number].user or hr_user
        dates = []
        while held <= stop:
            dates.append(held)
            held += dt.timedelta(weeks=every, days=rng.randint(-3, 3))
        mentorships.append((m, ended, dates, logged_by))
    created = Mentorship.objects.bulk_create([m for m, _e, _d, _u in mentorships])
    for m, ended, dates, logged_by in mentorships:
        if ended:
            m.ended_at = timezone.make_aware(dt.datetime.combine(m.ends_on, dt.time(17, 0)))
        for i, held in enumerate(dates):
            notes, steps = NOTES[(i + m.pk) % len(NOTES)]
            sessions.append(
                MentoringSession(
                    mentorship=m, held_on=held, notes=notes, next_steps=steps, logged_by=logged_by
                )
            )
    Mentorship.objects.bulk_update([m for m, e, _d, _u in mentorships if e], ["ended_at"])
    MentoringSession.objects.bulk_create(sessions, batch_size=500)

    contributions = []
    lead_team = org.person(lead_no).team if lead_no else None
    for p in people:
        mine = p.number == agent_no
        if not mine and rng.random() >= SHARE_RECORD:
            continue
        kinds = (
            [
                Contribution.Kind.KB_ARTICLE,
                Contribution.Kind.CUSTOMER_PRAISE,
                Contribution.Kind.NEWCOMER_COACHED,
            ]
            if mine
            else rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()), k=rng.randint(1, 4))
        )
        for kind in kinds:
            date = today - dt.timedelta(days=rng.randint(5, 540))
            date = max(date, p.hire_date + dt.timedelta(days=30))
            if date > today:
                continue
            if mine:
                author = emp[p.number].user
            elif p.team == lead_team and kind != Contribution.Kind.CUSTOMER_PRAISE:
                author = emp[lead_no].user
            else:
                author = hr_user
            evidence = EVIDENCE[kind].format(n=rng.randint(1000, 99999))
            contributions.append(
                Contribution(
                    employee=emp[p.number],
                    kind=kind,
                    title=rng.choice(RECORD[kind]),
                    date=date,
                    description="" if kind != Contribution.Kind.NEWCOMER_COACHED else NEWCOMER_PASSED,
                    evidence=evidence,
                    recorded_by=author,
                    recorded_by_label=author.get_username(),
                )
            )
    Contribution.objects.bulk_create(contributions, batch_size=500)
    return DemoMentoring(len(created), len(sessions), len(contributions))
