"""Audit events as people read them: a sentence in the reader's language and labelled, formatted values.

One place turns a stored event into text, for the log pages and the CSV/XLSX export alike. The sentence
comes from audit.actions.ACTIONS; values are labelled by web.labels.AUDIT_FIELDS and formatted here:
yes/no for booleans, localised dates, levels and employees by name (the code beside the name), states and
stages by their label, private texts as "private text, N characters", lists and mappings spelt out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.people import SYSTEM_PERSON, PersonName, people_by_user_id
from serviceladder.audit.actions import ACTIONS
from serviceladder.audit.models import AuditEvent
from serviceladder.web import labels

YES, NO = _("yes"), _("no")
PRIVATE_TEXT = _("private text, %(count)s characters")
SOMEONE = _("someone")
DASH = "—"

LEVEL_KEYS = {"level", "from_level", "target_level", "to_level", "highest_level"}
EMPLOYEE_KEYS = {"employee", "manager", "nominated_by", "lead", "head", "applicant"}
USERNAME_KEYS = {"username"}  # an account that is the subject of the event: its person's name, login beside
# Internal references a reader cannot use (row ids, stored paths, row versions).
HIDDEN_KEYS = {"version", "comment", "assessment", "appeal", "applications", "stored"}
HIDDEN_FOR = {"policy.load": set(), "backup.restore": set()}  # their "version" is a label people use
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


@dataclass
class Detail:
    key: str
    label: str
    labelled: bool
    before: str | None
    after: str | None


@dataclass
class ReadableEvent:
    event: AuditEvent
    actor: PersonName
    person: str
    action_label: str
    action_known: bool
    sentence: str
    details: list[Detail] = field(default_factory=list)


@dataclass
class _Names:
    levels: dict[str, str]
    employees: dict[str, str]
    accounts: dict[str, str] = field(default_factory=dict)


def _chinese() -> bool:
    return (get_language() or "").lower().startswith("zh")


def _separator() -> str:
    return "、" if _chinese() else ", "


def _pair(key: str, value: str) -> str:
    return f"{key}：{value}" if _chinese() else f"{key}: {value}"


def _is_fingerprint(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"length", "sha256"}


def format_value(key: str, value: Any, *, names: _Names | None = None, action: str = "") -> str:
    """One value as a person reads it (see the module docstring)."""
    names = names or _Names({}, {})
    if value is None or value == "" or value == [] or value == {}:
        return DASH
    if _is_fingerprint(value):
        return gettext(PRIVATE_TEXT) % {"count": value["length"]}
    if isinstance(value, bool):
        return str(YES if value else NO)
    if isinstance(value, dict):
        inner_key = "level" if key == "quotas" else ""
        return ("；" if _chinese() else "; ").join(
            _pair(_key_text(inner_key, k, names), format_value(inner_key or str(k), v, names=names))
            for k, v in value.items()
        )
    if isinstance(value, list | tuple):
        return _separator().join(format_value(key, v, names=names, action=action) for v in value)
    if key in LEVEL_KEYS:
        return _named(str(value), names.levels)
    if key in EMPLOYEE_KEYS:
        return _named(str(value), names.employees)
    if key in USERNAME_KEYS:
        return _named(str(value), names.accounts)
    choice = labels.audit_choice_label(key, str(value), action)
    if choice is not None:
        return choice
    if key == "sha256" and isinstance(value, str) and len(value) > 16:
        return value[:12] + "…"
    if key in {"monthly_amount", "final_amount", "proposed_amount"}:
        try:
            return formats.number_format(Decimal(str(value)), 2, use_l10n=True, force_grouping=True)
        except (InvalidOperation, ValueError):
            return str(value)
    if isinstance(value, str) and _DATE.match(value) and (d := parse_date(value)) is not None:
        return formats.date_format(d, "DATE_FORMAT")
    if isinstance(value, str) and _DATETIME.match(value):
        try:
            moment = parse_datetime(value)
        except ValueError:
            moment = None
        if moment is not None:
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return formats.date_format(moment, "DATETIME_FORMAT")
    if isinstance(value, dt.datetime):
        return formats.date_format(
            timezone.localtime(value) if timezone.is_aware(value) else value, "DATETIME_FORMAT"
        )
    if isinstance(value, dt.date):
        return formats.date_format(value, "DATE_FORMAT")
    return str(value)


def _key_text(inner_key: str, key: Any, names: _Names) -> str:
    if inner_key == "level":
        return _named(str(key), names.levels)
    label = labels.AUDIT_FIELDS.get(str(key))
    return str(label) if label is not None else str(key)


def _named(code: str, table: dict[str, str]) -> str:
    name = table.get(code)
    if not name or name == code:
        return code
    return f"{name}（{code}）" if _chinese() else f"{name} ({code})"


def _codes(events: Iterable[AuditEvent], keys: set[str]) -> set[str]:
    out: set[str] = set()
    for ev in events:
        for data in (ev.before or {}, ev.after or {}):
            for k, v in data.items():
                if k == "quotas" and isinstance(v, dict) and keys is LEVEL_KEYS:
                    out.update(str(c) for c in v)
                elif k in keys and isinstance(v, str | int):
                    out.add(str(v))
    return out


def _lookups(events: list[AuditEvent]) -> _Names:
    from serviceladder.core.i18n import pick
    from serviceladder.ladder.models import Level
    from serviceladder.org.models import Employee

    level_codes = _codes(events, LEVEL_KEYS)
    numbers = _codes(events, EMPLOYEE_KEYS)
    levels = {
        code: pick(zh, en)
        for code, zh, en in Level.objects.filter(code__in=level_codes).values_list(
            "code", "name_zh", "name_en"
        )
    }
    employees = dict(Employee.objects.filter(number__in=numbers).values_list("number", "name"))
    accounts = dict(
        Employee.objects.filter(user__username__in=_codes(events, USERNAME_KEYS)).values_list(
            "user__username", "name"
        )
    )
    return _Names(levels, employees, accounts)


def _hidden(action: str) -> set[str]:
    if action in HIDDEN_FOR:
        return HIDDEN_FOR[action]
    return HIDDEN_KEYS


def _draft_parameters(value: Any, version: Any) -> str:
    """A policy draft's edited parameters ("key path: value") as the form labels them, read from the draft's
    base version (stored versions never change, so the labels are those HR saw)."""
    from serviceladder.policy.models import PolicyVersion
    from serviceladder.web.views.policy import _sections

    number = str(version or "").removeprefix("v")
    content = (
        PolicyVersion.objects.filter(number=int(number)).values_list("content", flat=True).first()
        if number.isdigit()
        else None
    )
    where: dict[str, str] = {}
    if content:
        for section in _sections(content):
            for row in section.rows:
                for p in row.params:
                    where[p.key] = " · ".join(part for part in (section.title, row.caption, p.label) if part)
    return ("；" if _chinese() else "; ").join(
        _pair(where.get(str(k), str(k)), format_value("", v)) for k, v in value.items()
    )


def _details(ev: AuditEvent, names: _Names) -> list[Detail]:
    before, after = ev.before or {}, ev.after or {}
    hidden = _hidden(ev.action)
    rows = []
    for key in dict.fromkeys([*before.keys(), *after.keys()]):
        if key in hidden:
            continue
        label = labels.AUDIT_FIELDS.get(key)
        if (
            key == "parameters"
            and ev.action.startswith("policy.draft.")
            and isinstance(after.get(key, before.get(key)), dict)
        ):
            version = after.get("version", before.get("version"))
            rows.append(
                Detail(
                    key=key,
                    label=capfirst(str(label)),
                    labelled=True,
                    before=_draft_parameters(before[key], version) if key in before else None,
                    after=_draft_parameters(after[key], version) if key in after else None,
                )
            )
            continue
        rows.append(
            Detail(
                key=key,
                label=capfirst(str(label)) if label is not None else key,
                labelled=label is not None,
                before=format_value(key, before[key], names=names, action=ev.action)
                if key in before
                else None,
                after=format_value(key, after[key], names=names, action=ev.action) if key in after else None,
            )
        )
    return rows


class _Fields(dict):
    """The sentence's fields: a field the event does not carry reads as a dash, never an error."""

    def __missing__(self, key: str) -> str:
        return DASH


def sentence(ev: AuditEvent, actor: PersonName, person: str, names: _Names | None = None) -> str:
    entry = ACTIONS.get(ev.action)
    if entry is None:
        return ""
    names = names or _Names({}, {})
    fields = _Fields()
    for data in (ev.before or {}, ev.after or {}):
        for key, value in data.items():
            fields[key] = format_value(key, value, names=names, action=ev.action)
    fields["actor"] = actor.shown_name
    fields["person"] = person
    return capfirst(str(entry.sentence) % fields)


def readable_events(events: Iterable[AuditEvent], *, viewer) -> list[ReadableEvent]:
    """The events with their sentences and details, in the active language (a few queries for any count)."""
    events = list(events)
    people = people_by_user_id((ev.actor_id for ev in events), viewer=viewer)
    names = _lookups(events)
    out = []
    for ev in events:
        if ev.actor_id is not None:
            actor = people.get(ev.actor_id) or PersonName(name=ev.actor_label)
        elif ev.actor_label and ev.actor_label != "system":
            actor = PersonName(name=ev.actor_label)
        else:
            actor = SYSTEM_PERSON
        person = ev.employee.name if ev.employee_id else str(SOMEONE)
        entry = ACTIONS.get(ev.action)
        out.append(
            ReadableEvent(
                event=ev,
                actor=actor,
                person=person,
                action_label=str(entry.label) if entry else ev.action,
                action_known=entry is not None,
                sentence=sentence(ev, actor, person, names),
                details=_details(ev, names),
            )
        )
    return out


def export_rows(events: Iterable[AuditEvent], *, viewer) -> tuple[list[str], list[list[Any]]]:
    """(header, rows) of the log as a spreadsheet, in the active language."""
    header = [
        gettext("When"),
        gettext("Who"),
        gettext("Role"),
        gettext("Channel"),
        gettext("Action"),
        gettext("What happened"),
        gettext("Employee number"),
        gettext("Employee"),
        gettext("Changes"),
        gettext("Reason"),
    ]
    rows = []
    for r in readable_events(events, viewer=viewer):
        changes = ("；" if _chinese() else "; ").join(
            _pair(
                d.label,
                f"{d.before} → {d.after}"
                if d.before is not None and d.after is not None
                else d.after or d.before or "",
            )
            for d in r.details
        )
        ev = r.event
        rows.append(
            [
                timezone.localtime(ev.at).strftime("%Y-%m-%d %H:%M:%S"),
                r.actor.shown_name,
                r.actor.role_label,
                str(labels.CHANNELS.get(ev.channel, ev.channel)),
                r.action_label,
                r.sentence or ev.action,
                ev.employee.number if ev.employee_id else "",
                ev.employee.name if ev.employee_id else "",
                changes,
                ev.reason,
            ]
        )
    return header, rows
