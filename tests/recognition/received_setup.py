"""Shared bits of the recognition tests (issue 15, item 2): the web organisation and a few helpers."""

from __future__ import annotations

from serviceladder.audit.services import Actor
from serviceladder.recognition.services.recognition import recognition_give


def actor(org, role: str, channel: str = "web") -> Actor:
    return Actor(user=org.users[role], channel=channel)


def thank(org, giver: str, number: str, *, category="helping_colleague", text="谢谢你帮我处理投诉"):
    return recognition_give(
        actor=actor(org, giver), recipient=org.employees[number], category=category, text=text
    )
