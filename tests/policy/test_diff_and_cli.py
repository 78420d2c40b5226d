import datetime as dt

import pytest
import yaml

from serviceladder.audit.services import Actor
from serviceladder.cli.main import main
from serviceladder.policy.diff import render_diff
from serviceladder.policy.models import PolicyVersion
from serviceladder.policy.services import policy_load
from tests.factories import user_with_roles
from tests.policy.conftest import BASE

CHANGED = (
    BASE.replace("min_months_in_level: 12", "min_months_in_level: 18")
    .replace(
        "value: 4.5\n          window: 6\n          min", "value: 4.6\n          window: 6\n          min"
    )
    .replace("notice_period_working_days: 5", "notice_period_working_days: 7")
)


def test_diff_names_transition_metric_and_process_changes():
    lines = render_diff(yaml.safe_load(BASE), yaml.safe_load(CHANGED))
    assert "transition L1→L2: min_months_in_level 12 → 18; metric csat_mean threshold 4.5 → 4.6" in lines
    assert "process: notice_period_working_days 5 → 7" in lines
    assert len(lines) == 2


def test_diff_added_and_removed_entities():
    added = BASE.replace("  - from: L2\n    to: L3", "  - from: L1\n    to: L3")
    lines = render_diff(yaml.safe_load(BASE), yaml.safe_load(added))
    assert "transition L1→L3: added" in lines
    assert "transition L2→L3: removed" in lines


def test_diff_identical_says_so():
    assert render_diff(yaml.safe_load(BASE), yaml.safe_load(BASE)) == ["No differences."]


def test_cli_validate_ok_and_bad(tmp_path, capsys):
    good = tmp_path / "good.yaml"
    good.write_text(BASE, encoding="utf-8")
    assert main(["policy", "validate", str(good)]) == 0
    assert "valid policy test" in capsys.readouterr().out

    bad = tmp_path / "bad.yaml"
    bad.write_text(BASE.replace("window: 6\n          min_sample", "window: 40\n          min_sample"))
    assert main(["policy", "validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "transitions[0].conditions.metric_thresholds[0].window (line 45)" in err
    assert "[out_of_range]" in err


def test_cli_presets_and_init(capsys):
    assert main(["policy", "presets"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in ("cn-standard", "ecommerce-fast", "finance-steady"))
    assert main(["policy", "init", "--preset", "finance-steady"]) == 0
    assert "name: finance-steady" in capsys.readouterr().out
    assert main(["policy", "init", "--preset", "nope"]) == 2


@pytest.mark.django_db
def test_cli_load_versions_and_diff(tmp_path, capsys):
    user_with_roles("hr-cli", "hr")
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(BASE, encoding="utf-8")
    b.write_text(CHANGED, encoding="utf-8")
    assert main(["policy", "load", str(a), "--effective", "2025-01-01", "--as", "hr-cli"]) == 0
    assert "Stored as v1" in capsys.readouterr().out
    assert main(["policy", "load", str(a), "--effective", "2025-02-01", "--as", "hr-cli"]) == 0
    assert "already stored as v1" in capsys.readouterr().out
    assert (
        main(["policy", "load", str(b), "--effective", "2025-07-01", "--as", "hr-cli", "--reason", "r"]) == 0
    )
    capsys.readouterr()
    assert main(["policy", "versions"]) == 0
    out = capsys.readouterr().out
    assert "v1" in out and "v2" in out
    assert main(["policy", "diff", "v1", "v2"]) == 0
    assert "process: notice_period_working_days 5 → 7" in capsys.readouterr().out
    assert main(["policy", "diff", "v1", str(a)]) == 0
    assert "No differences." in capsys.readouterr().out
    assert main(["policy", "load", str(a), "--effective", "2025-13-01", "--as", "hr-cli"]) == 2
    assert PolicyVersion.objects.count() == 2


@pytest.mark.django_db
def test_cli_diff_unknown_version_is_bad_input():
    user = user_with_roles("hr-x", "hr")
    policy_load(actor=Actor(user=user), text=BASE, effective=dt.date(2025, 1, 1))
    assert main(["policy", "diff", "v1", "v7"]) == 2
