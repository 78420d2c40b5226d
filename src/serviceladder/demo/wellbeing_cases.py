"""Wellbeing cases for the demo (issue 16 item 3).

Runs after the daily scan has stored the assessments (the engine's step in the loader). In the demo lead's
team, the people whose latest assessment fired a signal get cases opened by their lead, as people would have
done it through the services (audited, notified) some days ago: one case "during" with a conversation done, a
workload relief now overdue (its owner is reminded) and a schedule change ahead; one case "before" with a
talk about the expert track owned by HR and a stress-relief session owned by the head; one case closed after
its actions and a follow-up. One more case is opened by HR in another team. When the first "act" person of
the team is not needed for these, they are left without a case so the lead's home page shows the warning to
act on. Without assessments (a scan that found nothing), the cases are opened by hand with signal codes of
the policy (or plain codes when the policy has no wellbeing section).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from serviceladder.org.models import Employee
from serviceladder.org.selectors import today as local_today
from serviceladder.policy.errors import NoPolicyInForce
from serviceladder.policy.selectors import policy_in_force
from serviceladder.wellbeing.models import Case
from serviceladder.wellbeing.selectors.cases import latest_assessment
from serviceladder.wellbeing.services import cases as svc

FALLBACK_SIGNALS = ["workload", "quality-slide", "plateau"]
OPENED_DAYS_AGO = 12


def _signal_codes(day: dt.date) -> list[str]:
    try:
        codes = [s.code for s in policy_in_force(day).wellbeing.signals]
    except NoPolicyInForce:
        codes = []
    return codes or FALLBACK_SIGNALS


def _open(runner, person: Employee, *, phase: str, summary: str, hand_signal: str, days_ago: int = 0) -> Case:
    assessment = latest_assessment(person)
    fired = bool(assessment is not None and assessment.fired)
    signals = None if fired else ([] if assessment is not None else [hand_signal])
    case = svc.case_open(
        acting_user=runner, employee=person, phase=phase, signals=signals, summary=summary, channel="system"
    )
    if days_ago:  # the demo's history: opened before its first actions were planned
        Case.objects.filter(pk=case.pk).update(opened_at=timezone.now() - dt.timedelta(days=days_ago))
        case.refresh_from_db()
    return case


def _rank(person: Employee) -> tuple:
    assessment = latest_assessment(person)
    risk = assessment.risk if assessment is not None else "none"
    return ({"act": 0, "watch": 1}.get(risk, 2), person.number)


def demo_wellbeing_cases_load(today: dt.date | None = None) -> dict:
    """A few open cases with actions (one overdue) and one closed (see the module docstring)."""
    day = today or local_today()
    planned = day - dt.timedelta(days=OPENED_DAYS_AGO)
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=["lead", "hr", "head", "agent"])
    }
    lead, hr, head = users.get("lead"), users.get("hr"), users.get("head")
    if lead is None or hr is None:
        return {"cases": 0}
    team = (
        Employee.objects.filter(team__lead__user=lead, leave_date__isnull=True)
        .exclude(user=lead)
        .select_related("team__department__head__user", "team__lead__user")
    )
    if "agent" in users:
        team = team.exclude(user=users["agent"])
    people = sorted(team, key=_rank)
    warned = [p for p in people if _rank(p)[0] == 0]
    if len(warned) >= 2 and len(people) >= 5:
        people.remove(warned[0])  # left for the lead to act on (the home page's to-do)
    codes = _signal_codes(day)
    made = 0
    if len(people) >= 1:
        case = _open(
            lead,
            people[0],
            phase="during",
            summary="连续几周加班，质检分下滑，情绪明显低落。",
            hand_signal=codes[0],
            days_ago=OPENED_DAYS_AGO,
        )
        talk = svc.case_action_add(
            acting_user=lead,
            case=case,
            kind="conversation",
            owner=lead,
            due_on=planned + dt.timedelta(days=2),
            note="一对一谈话，了解压力来源",
            today=planned,
            channel="system",
        )
        svc.case_action_done(
            acting_user=lead,
            action=talk,
            result="压力主要来自夜班和投诉专线",
            done_on=planned + dt.timedelta(days=2),
            today=day,
            channel="system",
        )
        svc.case_action_add(
            acting_user=lead,
            case=case,
            kind="workload_relief",
            owner=lead,
            due_on=planned + dt.timedelta(days=7),  # overdue by now
            note="两周内不排投诉专线",
            today=planned,
            channel="system",
        )
        svc.case_action_add(
            acting_user=lead,
            case=case,
            kind="schedule_change",
            owner=lead,
            due_on=day + dt.timedelta(days=5),
            note="下月起减少夜班",
            today=day,
            channel="system",
        )
        made += 1
    if len(people) >= 2:
        case = _open(
            lead,
            people[1],
            phase="before",
            summary="在本级时间较长，最近没有发展目标。",
            hand_signal=codes[-1],
        )
        svc.case_action_add(
            acting_user=lead,
            case=case,
            kind="track_talk",
            owner=hr,
            due_on=day + dt.timedelta(days=10),
            note="介绍专家通道与转岗机会",
            today=day,
            channel="system",
        )
        if head is not None:
            svc.case_action_add(
                acting_user=lead,
                case=case,
                kind="stress_relief",
                owner=head,
                due_on=day + dt.timedelta(days=14),
                today=day,
                channel="system",
            )
        made += 1
    if len(people) >= 3:
        case = _open(
            lead,
            people[2],
            phase="after",
            summary="病假返岗后的恢复期。",
            hand_signal=codes[0],
            days_ago=OPENED_DAYS_AGO,
        )
        rest = svc.case_action_add(
            acting_user=lead,
            case=case,
            kind="break",
            owner=lead,
            due_on=planned + dt.timedelta(days=3),
            today=planned,
            channel="system",
        )
        svc.case_action_done(
            acting_user=lead,
            action=rest,
            result="调休三天",
            done_on=planned + dt.timedelta(days=3),
            today=day,
        )
        svc.case_follow_up_add(
            acting_user=lead, case=case, note="状态恢复，质检分回到平均水平", today=day, channel="system"
        )
        svc.case_close(
            acting_user=lead, case=case, outcome="恢复正常工作节奏", reason="resolved", channel="system"
        )
        made += 1
    other = (
        Employee.objects.filter(team__isnull=False, leave_date__isnull=True)
        .exclude(team__lead__user=lead)
        .exclude(wellbeing_cases__state="open")
        .order_by("number")
    )
    elsewhere = next((p for p in other if p.team.lead_id not in (None, p.pk)), None)
    if elsewhere is not None:
        case = _open(
            hr, elsewhere, phase="before", summary="员工向人力资源部反映工作压力大。", hand_signal=codes[0]
        )
        svc.case_action_add(
            acting_user=hr,
            case=case,
            kind="conversation",
            owner=hr,
            due_on=day + dt.timedelta(days=3),
            today=day,
            channel="system",
        )
        made += 1
    return {"cases": made}
