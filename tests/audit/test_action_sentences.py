"""Every action the code base can record has a sentence in English and in Chinese, with the same fields.

The code is searched for the calls that record audit events (`action="..."`, `..._ACTION = "..."`) and for the
action codes built at run time (f-strings), so a new action without a sentence fails here, and the record
function itself refuses an unknown code.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

import serviceladder
from serviceladder.audit.actions import ACTIONS, UnknownAuditAction
from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor, audit_record, audit_record_many

SRC = Path(serviceladder.__file__).parent
CODE = re.compile(r'"([a-z_]+(?:\.[a-z_]+)+)"')
# Lines that record an action or name an action constant.
RECORDING = re.compile(r"\baction\s*=|_ACTION\b.*=")
DYNAMIC = re.compile(r'action\s*=\s*f"([^"]+)"')
FIELD = re.compile(r"%\((\w+)\)s")
CJK = re.compile(r"[\u4e00-\u9fff]")

# The f-string codes the code base builds, and every value each can take.
KNOWN_DYNAMIC = {
    "promotion.{action}",  # promotions/workflow.py: one per Action
    "import.{kind}",  # org/services.py: roster, teams and the dated records
    "{action}.{'create' if creating else 'update'}",  # org/services.py: departments and teams
    "{action}.{'update' if row.existing else 'create'}",  # org/services.py: pay, exams, violations, trainings
    "org.{model._meta.model_name}",  # org/services.py: the prefix of the line above
}


def _python_files():
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts or path.parts[-2] == "commands" or "tests" in path.parts:
            continue
        yield path


def literal_codes() -> dict[str, str]:
    found = {}
    for path in _python_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not RECORDING.search(line) or "add_argument" in line or ".filter(" in line:
                continue
            for code in CODE.findall(line):
                found[code] = f"{path.relative_to(SRC)}:{number}"
    return found


def dynamic_patterns() -> dict[str, str]:
    found = {}
    for path in _python_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for pattern in DYNAMIC.findall(line):
                found[pattern] = f"{path.relative_to(SRC)}:{number}"
    return found


def dynamic_codes() -> set[str]:
    from serviceladder.org.imports.records import MODELS
    from serviceladder.promotions.states import Action

    codes = {f"promotion.{a}" for a in Action.values}
    codes |= {f"import.{kind}" for kind in ("roster", "teams", *MODELS)}
    codes |= {f"org.{name}.{op}" for name in ("department", "team") for op in ("create", "update")}
    codes |= {f"org.{m._meta.model_name}.{op}" for m in MODELS.values() for op in ("create", "update")}
    return codes


def test_the_search_finds_the_recording_calls():
    codes = literal_codes()
    # a few known calls, so that a broken search cannot pass by finding nothing
    for code in ("promotion.comment", "signin.success", "policy.load", "backup.restore", "demo.load"):
        assert code in codes
    assert "promotion.nominate" in codes and "promotion.create" in codes  # both sides of a conditional


def test_every_literal_action_has_a_sentence():
    missing = {code: where for code, where in literal_codes().items() if code not in ACTIONS}
    assert missing == {}, "add a sentence to serviceladder.audit.actions.ACTIONS for: " + repr(missing)


def test_every_built_action_code_is_known_and_has_a_sentence():
    patterns = dynamic_patterns()
    assert set(patterns) == KNOWN_DYNAMIC, (
        "a new action code built at run time: list its values in dynamic_codes() and give each a sentence: "
        + repr({p: w for p, w in patterns.items() if p not in KNOWN_DYNAMIC})
    )
    missing = sorted(code for code in dynamic_codes() if code not in ACTIONS)
    assert missing == []


def test_every_sentence_and_label_is_in_both_languages_with_the_same_fields():
    problems = []
    for code, entry in ACTIONS.items():
        with translation.override("en"):
            en_sentence, en_label = str(entry.sentence), str(entry.label)
        with translation.override("zh-hans"):
            zh_sentence, zh_label = str(entry.sentence), str(entry.label)
        if not en_sentence.strip() or not en_label.strip():
            problems.append(f"{code}: empty English text")
        if not CJK.search(zh_sentence) or zh_sentence == en_sentence:
            problems.append(f"{code}: no Chinese sentence for {en_sentence!r}")
        if not CJK.search(zh_label) or zh_label == en_label:
            problems.append(f"{code}: no Chinese label for {en_label!r}")
        if set(FIELD.findall(en_sentence)) != set(FIELD.findall(zh_sentence)):
            problems.append(f"{code}: the two sentences use different fields")
    assert problems == []


@pytest.mark.django_db
def test_an_unknown_action_is_refused_and_nothing_is_written():
    with pytest.raises(UnknownAuditAction):
        audit_record(actor=Actor(user=None), action="promotion.teleport")
    with pytest.raises(UnknownAuditAction):
        audit_record_many(actor=Actor(user=None), action="promotion.teleport", entries=[{}])
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_a_known_action_is_recorded():
    audit_record(actor=Actor(user=None), action="calendar.seed", after={"years": [2026]})
    assert AuditEvent.objects.filter(action="calendar.seed").count() == 1
