"""The anonymous pulse in the demo (issue 16 item 4): two closed monthly cycles and the current one open.

Most teams answer well (six or seven in ten); the quality-assurance team (cmp-qa) gives only three answers
each month, so its results are folded into the complaints department, and the next smallest team there is
hidden with it (complementary suppression). In the last closed cycle two people of the demo lead's team
shared their answers with the lead. The current cycle is open and part-answered; none of the demo logins
has answered it, so the demo agent finds "Answer this month's pulse" on their home page.

Answers go through the pulse service (pulse_answer_record, for people without a login), so they are stored
exactly as a person's answer would be; cycles are scheduled, opened and closed by the services on the days
the daily job would have. When the policy in force asks no pulse questions, a version with the default
four (exhaustion, achievement, path clarity, respect) is loaded first, with the same effective date (for
each version in force on a cycle's dates).
"""

from __future__ import annotations

import datetime as dt
import random

import yaml
from django.contrib.auth import get_user_model
from django.db import transaction

from serviceladder.accounts.roles import Role
from serviceladder.audit.services import Actor
from serviceladder.org.models import Employee
from serviceladder.policy.selectors import policy_parsed, policy_version_in_force
from serviceladder.policy.services import policy_load
from serviceladder.rules.periods import date_month_index, first_day, month_label
from serviceladder.wellbeing.models import PulseCycle
from serviceladder.wellbeing.services import pulse as services

# The default question set (question codes shared with the policy presets: exhaustion, achievement,
# path_clarity, respect).
DEFAULT_QUESTIONS = [
    {
        "code": "exhaustion",
        "theme": "exhaustion",
        "high_is_bad": True,
        "zh": "下班时，我常常感到身心俱疲。",
        "en": "At the end of a shift I often feel worn out.",
    },
    {
        "code": "achievement",
        "theme": "achievement",
        "zh": "我能从自己的工作中获得成就感。",
        "en": "My work gives me a sense of achievement.",
    },
    {
        "code": "path_clarity",
        "theme": "path_clarity",
        "zh": "我清楚自己在这里下一步可以怎样发展。",
        "en": "I can see where my next step here could be.",
    },
    {
        "code": "respect",
        "theme": "respect",
        "zh": "在工作中，我感到被客户和同事尊重。",
        "en": "I feel respected at work, by customers and colleagues.",
    },
]
User = get_user_model()
FEW_TEAM = "cmp-qa"  # answers too few: folded
LOGIN_TEAM = "after-phone-1"
COMMENTS = [
    "排班能不能提前一周公布？临时调班太多了。",
    "投诉电话太多，希望组里能轮换一下岗位。",
    "感谢组长最近的辅导，很有帮助。",
    "晋升标准希望再透明一点，不知道自己差在哪里。",
    "系统经常卡顿，影响处理时长。",
    "希望多组织一些减压活动。",
    "遇到辱骂的客户时，希望能有转接主管的通道。",
    "培训课程很实用，希望多开几期。",
]
# Per department, how tired people are: the weights of answers 1..5 on the exhaustion question.
EXHAUSTION = {
    "presales": (8, 18, 30, 28, 16),
    "aftersales": (5, 12, 26, 33, 24),
    "complaints": (3, 8, 22, 35, 32),
}
POSITIVE = (6, 14, 30, 34, 16)


def _ensure_questions(actor: Actor, days: list[dt.date]) -> None:
    """Each policy version in force on one of `days` asks the questions (a copy with them, same date)."""
    for version in sorted({policy_version_in_force(day) for day in days}, key=lambda v: v.number):
        _with_questions(actor, version)


def _with_questions(actor: Actor, version) -> None:
    policy = policy_parsed(version)
    if policy.wellbeing.enabled and len(policy.wellbeing.pulse.questions) >= services.MIN_QUESTIONS:
        return
    data = yaml.safe_load(version.content)
    wellbeing = data.setdefault("wellbeing", {}) or {}
    data["wellbeing"] = wellbeing
    wellbeing["enabled"] = True
    pulse = wellbeing.setdefault("pulse", {}) or {}
    wellbeing["pulse"] = pulse
    if len(pulse.get("questions") or []) < services.MIN_QUESTIONS:
        pulse["questions"] = DEFAULT_QUESTIONS
    policy_load(
        actor=actor,
        text=yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
        effective=version.effective_from,
        source_name=version.source_name,
        note="demo: the pulse's questions",
    )


def _values(rng: random.Random, department: str, cycle: PulseCycle) -> dict:
    out = {}
    for q in cycle.questions:
        weights = EXHAUSTION.get(department, POSITIVE) if q["theme"] == "exhaustion" else POSITIVE
        out[q["code"]] = rng.choices((1, 2, 3, 4, 5), weights=weights)[0]
    return out


def _answer_month(rng, cycle: PulseCycle, people: list[Employee], *, share: list[Employee], rate: float):
    by_team: dict[str, list[Employee]] = {}
    for person in people:
        by_team.setdefault(person.team.code, []).append(person)
    for code, members in sorted(by_team.items()):
        answering = members[:3] if code == FEW_TEAM else [p for p in members if rng.random() < rate]
        answering += [p for p in members if p in share and p not in answering]
        for person in answering:
            department = person.team.department.code
            choice = services.SHARED if person in share else services.ANONYMOUS
            comment = rng.choice(COMMENTS) if rng.random() < 0.12 else ""
            services.pulse_answer_record(
                cycle=cycle,
                person=person,
                values=_values(rng, department, cycle),
                comment=comment,
                choice=choice,
            )


@transaction.atomic
def demo_pulse_load(org, actor: Actor) -> int:
    """Two closed cycles (the two months before this one) and this month's open; returns the answers."""
    today = org.today
    this_month = date_month_index(today)
    _ensure_questions(actor, [first_day(this_month - 2), first_day(this_month - 1), today])
    rng = random.Random(f"serviceladder-demo:{org.seed}:pulse")
    system = Actor(None, "system")  # the daily job opens and closes cycles
    hr = Actor(User.objects.filter(role_grants__role=Role.HR).order_by("pk").first(), "web")
    people = list(
        Employee.objects.filter(team__isnull=False, hire_date__lte=today, user__isnull=True)
        .exclude(leave_date__lte=today)
        .select_related("team__department", "team__lead")
        .order_by("number")
    )
    lead_team = [p for p in people if p.team.code == LOGIN_TEAM and p.team.lead_id != p.pk]
    for back in (2, 1):
        start = first_day(this_month - back)
        cycle = services.pulse_cycle_schedule(actor=hr, month=month_label(this_month - back), today=start)
        cycle = services.pulse_cycle_open(actor=system, cycle=cycle, today=start)
        share = lead_team[:2] if back == 1 else []
        _answer_month(rng, cycle, people, share=share, rate=0.7 if back == 2 else 0.65)
        services.pulse_cycle_close(actor=system, cycle=cycle, today=cycle.closes_on)
    opens = max(first_day(this_month), today - dt.timedelta(days=2))
    cycle = services.pulse_cycle_schedule(
        actor=hr, month=month_label(this_month), opens_on=opens, today=opens
    )
    cycle = services.pulse_cycle_open(actor=system, cycle=cycle, today=opens)
    _answer_month(rng, cycle, people, share=lead_team[2:3], rate=0.4)
    return cycle.answered.count() + sum(
        c.answered.count() for c in PulseCycle.objects.filter(state=PulseCycle.State.CLOSED)
    )
