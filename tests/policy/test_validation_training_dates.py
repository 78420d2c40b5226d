"""The policy's dates for learning: `process.promotion_training_due_months` (1–24, default 3) and a
training's `renewal_days` (0–365, shorter than its validity); `policy validate` refuses bad values with the
path, the line, the value and what is allowed."""

import pytest

from serviceladder.cli.main import main
from serviceladder.policy import validation as v
from serviceladder.policy.validation import check_policy_text
from tests.policy.conftest import BASE

APPEAL = "appeal_deadline_days: 7\n"
BASICS = "    name_en: Basics\n"


def _due(months) -> str:
    assert APPEAL in BASE
    return BASE.replace(APPEAL, f"{APPEAL}  promotion_training_due_months: {months}\n", 1)


def _training(extra: str) -> str:
    assert BASICS in BASE
    return BASE.replace(BASICS, BASICS + extra, 1)


def test_the_due_months_default_to_three_and_take_the_policys_value():
    assert check_policy_text(BASE).policy.process.promotion_training_due_months == 3
    for months in (1, 6, 24):
        result = check_policy_text(_due(months))
        assert result.ok, [i.render() for i in result.issues]
        assert result.policy.process.promotion_training_due_months == months


@pytest.mark.parametrize(("months", "allowed"), [(0, ">= 1"), (25, "<= 24")])
def test_policy_validate_refuses_due_months_outside_1_to_24(tmp_path, capsys, months, allowed):
    path = tmp_path / "policy.yaml"
    text = _due(months)
    path.write_text(text, encoding="utf-8")
    assert main(["policy", "validate", str(path)]) == 2
    err = capsys.readouterr().err
    line = text[: text.index("promotion_training_due_months")].count("\n") + 1
    assert f"process.promotion_training_due_months (line {line})" in err
    assert "[out_of_range]" in err and str(months) in err and allowed in err


def test_policy_validate_refuses_a_word_for_the_due_months(tmp_path, capsys):
    path = tmp_path / "policy.yaml"
    path.write_text(_due("three"), encoding="utf-8")
    assert main(["policy", "validate", str(path)]) == 2
    assert "process.promotion_training_due_months" in capsys.readouterr().err


def test_a_trainings_renewal_days():
    result = check_policy_text(_training("    validity_months: 12\n    renewal_days: 60\n"))
    assert result.ok and result.policy.trainings[0].renewal_days == 60
    assert check_policy_text(BASE).policy.trainings[0].renewal_days is None
    for extra, code, found in (
        ("    renewal_days: 400\n", v.OUT_OF_RANGE, "400"),
        ("    renewal_days: -1\n", v.OUT_OF_RANGE, "-1"),
        ("    validity_months: 1\n    renewal_days: 28\n", v.RENEWAL_TOO_LONG, "28"),
    ):
        result = check_policy_text(_training(extra))
        issues = [i for i in result.issues if i.path == "trainings[0].renewal_days"]
        assert [(i.code, i.found) for i in issues] == [(code, found)], extra
    # one day shorter than the shortest month is fine
    assert check_policy_text(_training("    validity_months: 1\n    renewal_days: 27\n")).ok


def test_the_parameter_form_offers_both_values_when_the_file_writes_them():
    from django.utils import translation

    from serviceladder.policy.presets import preset_text
    from serviceladder.web.views.policy import _sections

    with translation.override("en"):
        params = {p.path: p for s in _sections(preset_text("cn-standard")) for p in s.params()}
    due = params[("process", "promotion_training_due_months")]
    assert (due.label, due.value) == ("Promotion training due (months)", "3")
    renewal = [p for path, p in params.items() if path[0] == "trainings" and path[-1] == "renewal_days"]
    assert [(p.label, p.value) for p in renewal] == [("Renew (days before expiry)", "60")]
    assert ("process", "promotion_training_due_months") not in {
        p.path for s in _sections(BASE) for p in s.params()
    }
