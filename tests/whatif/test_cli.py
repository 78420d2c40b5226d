"""`serviceladder whatif DRAFT.yaml`: table, JSON, bad input."""

import datetime as dt
import json

import pytest
from django.apps import apps

from serviceladder.cli.main import main
from tests.whatif.conftest import CSAT_RULE, draft_text, in_force_text, make_agent

pytestmark = pytest.mark.django_db

LOWER = CSAT_RULE.replace("value: 4.5", "value: 4.3")


@pytest.fixture
def draft(tmp_path):
    def write(text, name="draft.yaml"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


def _run(*args):
    return main(["whatif", *args, "--as-of", "2026-07-01", "--as", "hr"])


def test_table_summary_gains_losses_counts(preset_org, draft, capsys):
    assert _run(draft(draft_text(csat=LOWER)), "--language", "en") == 0
    out = capsys.readouterr().out
    assert out.startswith("What-if on 2026-07-01: draft cn-standard against cn-standard v1, 6 people.")
    lines = out.splitlines()
    eligible = next(line for line in lines if line.startswith("Eligible "))
    assert eligible.split()[-3:] == ["3", "4", "+1"]
    gains = lines.index("Gains (1)")
    losses = lines.index("Losses (0)")
    by_team = lines.index("Counts by team (people)")
    assert gains < losses < by_team
    gain_row = next(line for line in lines[gains:losses] if line.startswith("W002"))
    assert (
        "Becomes eligible" in gain_row and "CSAT 4.4 over the last 6 months; at least 4.3 needed" in gain_row
    )
    t1 = next(line for line in lines[by_team:] if line.startswith("t1 "))
    assert "1 → 2 (+1)" in t1
    assert "Counts by current level (people)" in out and "Counts by target level (steps)" in out


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "CSAT 4.5 over the last 6 months; at least 4.504 needed"),
        ("zh", "近6个月满意度4.5，需不低于4.504"),
    ],
)
def test_a_figure_just_below_the_drafts_bar_reads_below_it(preset_org, draft, capsys, language, text):
    """A draft raising CSAT's bar from 4.5 to 4.504 costs W006 (4.5) the step: the result says 4.504, not
    "at least 4.5 needed" beside a CSAT of 4.5."""
    make_agent("W006", preset_org["teams"]["t1"], dt.date(2024, 1, 1), 4.5, 4.5, 1.05)
    assert (
        _run(draft(draft_text(csat=CSAT_RULE.replace("value: 4.5", "value: 4.504"))), "--language", language)
        == 0
    )
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("W006"))
    assert text in row


def test_table_in_chinese(preset_org, draft, capsys):
    assert _run(draft(draft_text(csat=LOWER)), "--language", "zh") == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("W002"))
    assert "暂未符合" in row and "现已符合条件" in row  # the engine's own zh texts: not yet → eligible now


def test_json_shape(preset_org, draft, capsys):
    assert _run(draft(draft_text(csat=LOWER)), "--format", "json", "--language", "en") == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["policy"] == {"name": "cn-standard", "version": "v1"}
    assert payload["draft"] == {"name": "cn-standard"}
    assert payload["as_of"] == "2026-07-01" and payload["people"] == 6
    summary = payload["summary"]["people"]
    assert summary["before"]["eligible"] == 3 and summary["after"]["eligible"] == 4
    assert summary["delta"] == {"eligible": 1, "not_yet": -1, "insufficient_data": 0, "blocked": 0}
    (change,) = payload["changes"]  # unchanged rows are left out
    assert change["employee"] == "W002" and change["team"] == "t1" and change["department"] == "d1"
    assert (change["from_level"], change["to_level"], change["kind"]) == ("CS1", "CS2", "gained")
    assert change["before"]["status"] == "not_yet" and change["after"]["status"] == "eligible"
    # before and after are full decisions, as `serviceladder eligibility --format json` prints them
    assert change["after"]["checks"][0]["clause"] == "min_months_in_level"
    assert all(c["status"] == "pass" for c in change["after"]["checks"])
    assert change["changed_checks"] == [
        {
            "clause": "metric_threshold",
            "key": "csat_mean",
            "before": {
                "status": "fail",
                "code": change["changed_checks"][0]["before"]["code"],
                "text": "CSAT 4.4 over the last 6 months; at least 4.5 needed",
            },
            "after": {
                "status": "pass",
                "code": change["changed_checks"][0]["after"]["code"],
                "text": "CSAT 4.4 over the last 6 months; at least 4.3 needed",
            },
        }
    ]
    t1 = next(t for t in payload["counts"]["by_team"] if t["team"] == "t1")
    assert t1["before"]["eligible"] == 1 and t1["after"]["eligible"] == 2 and t1["delta"]["eligible"] == 1
    assert [r["level"] for r in payload["counts"]["by_level"]] == ["CS1", "CS4"]
    assert "CS2" in [r["level"] for r in payload["counts"]["by_target_level"]]
    assert payload["unknown_levels"] == {}


def test_invalid_draft_exits_2_with_the_line(preset_org, draft, capsys):
    text = in_force_text().replace("to: CS2", "to: CS9", 1)
    path = draft(text)
    line = next(n for n, t in enumerate(text.splitlines(), start=1) if "to: CS9" in t)
    before = {m._meta.label: m.objects.count() for m in apps.get_models()}
    assert _run(path, "--language", "en") == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{path}: transitions[0].to (line {line}): No level has the code CS9" in captured.err
    assert "[unknown_level]" in captured.err
    assert {m._meta.label: m.objects.count() for m in apps.get_models()} == before


def test_other_bad_input(preset_org, draft, capsys, tmp_path):
    assert _run(str(tmp_path / "missing.yaml")) == 2
    assert "No such file" in capsys.readouterr().err
    assert main(["whatif", draft(in_force_text()), "--as-of", "July", "--as", "hr"]) == 2
    assert _run(draft("name: [unclosed\n")) == 2
    assert "not valid YAML" in capsys.readouterr().err
    assert (
        main(["whatif", draft(in_force_text()), "--as-of", "2023-01-01", "--as", "hr"]) == 2
    )  # no policy then
