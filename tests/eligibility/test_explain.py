"""Message codes: complete in both languages, used by the clauses, rendered with readable values."""

import datetime as dt
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest

from serviceladder.eligibility.engine import evaluate
from serviceladder.rules.explain import render, render_check, render_decision
from serviceladder.rules.messages import CATALOGUES, LANGUAGES, MESSAGES
from tests.eligibility.helpers import example_person, example_policy

SRC = Path(__file__).resolve().parents[2] / "src" / "serviceladder" / "rules"


def test_every_entry_of_every_catalogue_has_zh_and_en():
    for catalogue in CATALOGUES:
        for key, texts in catalogue.items():
            assert set(texts) >= set(LANGUAGES), key
            assert all(texts[lang].strip() or key == "points" for lang in LANGUAGES), key


def test_both_languages_use_the_same_fields():
    for code, texts in MESSAGES.items():
        fields = [{f for _, f, _, _ in string.Formatter().parse(texts[lang]) if f} for lang in LANGUAGES]
        assert fields[0] == fields[1], code


def test_every_code_the_clauses_use_is_in_the_catalogue():
    source = (SRC / "clauses.py").read_text(encoding="utf-8")
    used = set(
        re.findall(
            r'"((?:tenure|service|metric|rank|exam|competency|violations|training|education|cap|team)'
            r'\.[a-z_]+)"',
            source,
        )
    )
    assert used
    assert used <= set(MESSAGES), used - set(MESSAGES)


def test_the_engine_imports_no_django():
    code = (
        "import sys, serviceladder.eligibility.engine, serviceladder.rules.explain;"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=SRC.parents[1])


AS_OF = dt.date(2026, 7, 1)


@pytest.mark.parametrize(
    ("person", "language", "fragment"),
    [
        (example_person(csat=(4.3, 4.3, 4.3)), "en", "CSAT 4.3 over the last 3 months; at least 4.5 needed"),
        (example_person(csat=(4.3, 4.3, 4.3)), "zh", "近3个月满意度4.3，需不低于4.5"),
        (
            example_person(ranks=(10, 27, 12)),
            "en",
            "in the top 20% for 2 of 3 consecutive months; 2026-05's rank 27%",
        ),
        (example_person(ranks=(10, 27, 12)), "zh", "2026年5月排名27%中断了连续记录"),
        (example_person(rated=(40, 12, 50)), "en", "2026-05 has only 12 rated contacts; at least 30 needed"),
        (example_person(violations=(dt.date(2026, 3, 10),)), "en", "clears on 2026-09-10"),
        (example_person(complaints=(0.01, 0.025, 0.02)), "en", "2026-05 was 2.5%"),
    ],
)
def test_rendered_checks(person, language, fragment):
    [d] = evaluate(person, example_policy(), AS_OF)
    texts = [render_check(c, language) for c in d.checks]
    assert any(fragment in t for t in texts), texts


def test_rendered_decisions():
    [d] = evaluate(example_person(dt.date(2025, 9, 15)), example_policy(), AS_OF)
    assert render_decision(d, "en") == "not yet; earliest on 2026-09-15"
    assert render_decision(d, "zh") == "暂未符合，最早2026年9月15日"
    assert render("decision.insufficient_data", {}, "zh-hans") == "数据不足"
