"""Shared set-up for the skill assessment tests: the web test organisation with a policy that switches
peer rating on, and extra colleagues in team a1 (each with a login) to be asked as peers."""

from __future__ import annotations

import datetime as dt

from serviceladder.audit.services import Actor
from serviceladder.policy.services import policy_load
from tests.factories import EmployeeFactory, LevelAssignmentFactory, user_with_roles
from tests.web.org import WEB_POLICY

PEER_POLICY = WEB_POLICY + "development:\n  enabled: true\n  peer_rating:\n    enabled: true\n"
PEERS = ["E3101", "E3102", "E3103", "E3104", "E3105", "E3106"]
PEER_NAMES = {
    "E3101": "欧阳询",
    "E3102": "颜真卿",
    "E3103": "柳公权",
    "E3104": "赵孟頫",
    "E3105": "褚遂良",
    "E3106": "虞世南",
}
L2_GOOD = {"communication": 3, "coaching": 2}


def load_policy(org, text: str = PEER_POLICY, effective: dt.date = dt.date(2024, 1, 1)):
    return policy_load(actor=Actor(user=org.users["hr"]), text=text, effective=effective).version


def add_peers(org) -> dict[str, object]:
    """Six colleagues in team a1 at L1, each with an agent login; returns number → user."""
    users = {}
    for number in PEERS:
        e = EmployeeFactory(
            number=number, name=PEER_NAMES[number], team=org.teams["a1"], hire_date=dt.date(2023, 1, 2)
        )
        LevelAssignmentFactory(employee=e, level=org.levels[0], effective_from=dt.date(2023, 1, 2))
        org.employees[number] = e
        users[number] = user_with_roles(f"peer{number}", "agent", employee=e)
    return users


def actor(org, role):
    return Actor(user=org.users[role])
