"""The shipped presets switch wellbeing on with every kind of signal the issue names, the four pulse themes
(exactly one exhaustion question, the benchmark's), in both languages."""

from decimal import Decimal

import pytest

from serviceladder.policy.presets import preset_names, preset_text
from serviceladder.policy.validation import check_policy_text


@pytest.mark.parametrize("name", preset_names())
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_preset_has_a_valid_wellbeing_section(name, language):
    check = check_policy_text(preset_text(name, language=language))
    assert check.issues == [], check.issues
    wellbeing = check.policy.wellbeing
    assert wellbeing.enabled
    signals = {s.code: s for s in wellbeing.signals}
    assert {s.kind for s in signals.values()} == {
        "workload",
        "worsening",
        "threshold",
        "drop",
        "plateau",
        "setback",
        "pulse",
    }
    workload = signals["workload"]
    assert (workload.metric, workload.percent, workload.months) == ("contacts", Decimal(25), 3)
    assert {s.metric for s in signals.values() if s.kind == "worsening"} == {
        "aht_seconds",
        "attendance_rate",
        "acw_seconds",
    }
    assert {(s.metric, s.level) for s in signals.values() if s.kind == "drop"} == {
        ("qa_score", "act"),
        ("csat_mean", "act"),
    }
    assert signals["complaints-high"].metric == "complaint_rate"
    assert signals["abuse-high"].metric == "abusive_rate"
    questions = wellbeing.pulse.questions
    assert [q.code for q in questions] == ["exhaustion", "achievement", "path_clarity", "respect"]
    assert [q.theme for q in questions] == ["exhaustion", "achievement", "path_clarity", "respect"]
    assert questions[0].high_is_bad and not any(q.high_is_bad for q in questions[1:])
    assert all(q.zh and q.en for q in questions)
    assert wellbeing.pulse.benchmark_percent == Decimal("48.7")
    assert set(wellbeing.stages.typical_months_by_level) == {
        code
        for code, (track, _level, _rank) in check.policy.levels().items()
        if track is check.policy.tracks[0]
    }
