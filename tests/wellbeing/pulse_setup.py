"""Shared set-up of the pulse tests: build_org's policy with a wellbeing section asking four questions, a
cycle opened or closed, extra teams of any size, and answers given through the service as each person."""

from __future__ import annotations

import datetime as dt

from serviceladder.accounts.roles import Role
from serviceladder.audit.services import Actor
from serviceladder.policy.services import policy_load
from serviceladder.wellbeing.services import pulse as services
from tests.factories import EmployeeFactory, TeamFactory, user_with_roles
from tests.web.org import WEB_POLICY

PULSE_SECTION = """\
wellbeing:
  enabled: true
  pulse:
    min_group: 5
    open_days: 7
    questions:
      - code: exhaustion
        theme: exhaustion
        high_is_bad: true
        zh: 下班时我常常感到精疲力竭
        en: I often feel drained at the end of a shift
      - code: achievement
        theme: achievement
        zh: 我的工作让我有成就感
        en: My work gives me a sense of achievement
      - code: path_clarity
        theme: path_clarity
        zh: 我清楚自己下一步的发展路径
        en: I know what my next career step is
      - {code: respect, theme: respect, zh: 我在工作中受到尊重, en: I am treated with respect at work}
"""
PULSE_POLICY = WEB_POLICY + PULSE_SECTION
CODES = ("exhaustion", "achievement", "path_clarity", "respect")


def load_pulse_policy(org, effective: dt.date = dt.date(2024, 1, 1)):
    return policy_load(actor=Actor(user=org.users["hr"]), text=PULSE_POLICY, effective=effective).version


def hr(org) -> Actor:
    return Actor(user=org.users["hr"])


def open_cycle(org, *, today: dt.date | None = None):
    today = today or dt.date.today()
    load_pulse_policy(org)
    cycle = services.pulse_cycle_schedule(actor=hr(org), month=today.strftime("%Y-%m"), today=today)
    return services.pulse_cycle_open(actor=hr(org), cycle=cycle, today=today)


def values(a=3, b=3, c=3, d=3) -> dict:
    return dict(zip(CODES, (a, b, c, d), strict=True))


def add_team(org, department_key: str, code: str, members: int):
    """A team of `members` agents, each with a login (agent role)."""
    team = TeamFactory(code=code, department=org.departments[department_key], name_zh=code, name_en=code)
    people = []
    for i in range(members):
        e = EmployeeFactory(number=f"P{code}{i:02d}", name=f"{code}成员{i}", team=team)
        user_with_roles(f"{code}-{i}", Role.AGENT, employee=e)
        people.append(e)
    return team, people


def answer_as(people, cycle, answers, *, choice=services.ANONYMOUS):
    """Each person answers (their own login) with the matching values."""
    for person, given in zip(people, answers, strict=False):
        services.pulse_answer(actor=Actor(user=person.user), cycle=cycle, values=given, choice=choice)


def closed_with_teams(org, *, shared_in_big: int = 0):
    """Department a: team big (10 members, 8 anonymous answers and `shared_in_big` shared), team mid
    (6 members, 6 answers), team tiny (4 members, 3 answers); department b: team far (7 members, 7
    answers). Closed."""
    cycle = open_cycle(org)
    _big, big = add_team(org, "a", "big", 10)
    _mid, mid = add_team(org, "a", "mid", 6)
    _tiny, tiny = add_team(org, "a", "tiny", 4)
    _far, far = add_team(org, "b", "far", 7)
    answer_as(big[shared_in_big : shared_in_big + 8], cycle, [values(2, 4, 4, 4)] * 8)
    answer_as(big[:shared_in_big], cycle, [values(5, 1, 1, 1)] * 8, choice=services.SHARED)
    answer_as(mid, cycle, [values(4, 3, 3, 3)] * 6)
    answer_as(tiny[:3], cycle, [values(5, 1, 2, 1), values(5, 2, 1, 1), values(4, 1, 1, 2)])
    services.pulse_answer(
        actor=Actor(user=far[0].user),
        cycle=cycle,
        values=values(3, 3, 3, 3),
        comment="希望多些培训",
        choice="anonymous",
    )
    answer_as(far[1:], cycle, [values(1, 5, 5, 5)] * 6)
    return services.pulse_cycle_close(actor=hr(org), cycle=cycle)
