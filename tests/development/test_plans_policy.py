"""The policy's development section: template cross-checks, and every preset switches development on with
a new-hire template, a direction review and one template per track."""

from __future__ import annotations

import pytest

from serviceladder.policy.presets import preset_names, preset_text
from serviceladder.policy.validation import (
    DUPLICATE_CODE,
    MESSAGES,
    TEMPLATE_TRACK_NEEDED,
    TEMPLATE_TRACK_NOT_ALLOWED,
    UNKNOWN_TRACK,
    check_policy_text,
)
from tests.web.org import WEB_POLICY


def _check(templates: str):
    return check_policy_text(WEB_POLICY + "development:\n  enabled: true\n  templates:\n" + templates)


T = "    - {{code: {code}, stage: {stage}, name_zh: 模板, name_en: Template{track}}}\n"


def _t(code, stage, track=None):
    return T.format(code=code, stage=stage, track=f", track: {track}" if track else "")


def test_good_templates_pass():
    check = _check(_t("a", "new_hire") + _t("b", "direction_review") + _t("c", "track", "expert"))
    assert check.ok, [i.render() for i in check.issues]


@pytest.mark.parametrize(
    ("templates", "code", "path", "found"),
    [
        (
            _t("a", "new_hire") + _t("a", "direction_review"),
            DUPLICATE_CODE,
            "development.templates[1].code",
            "a",
        ),
        (_t("a", "track", "nope"), UNKNOWN_TRACK, "development.templates[0].track", "nope"),
        (_t("a", "track"), TEMPLATE_TRACK_NEEDED, "development.templates[0].stage", "track"),
        (
            _t("a", "new_hire", "expert"),
            TEMPLATE_TRACK_NOT_ALLOWED,
            "development.templates[0].track",
            "new_hire",
        ),
    ],
)
def test_bad_templates_are_reported_with_path_line_and_value(templates, code, path, found):
    check = _check(templates)
    assert not check.ok and check.policy is None
    [issue] = check.issues
    assert (issue.code, issue.path, issue.found) == (code, path, found)
    assert issue.line is not None and issue.line > WEB_POLICY.count("\n")
    assert issue.message == str(MESSAGES[code]) % {"found": issue.found, "allowed": issue.allowed}
    if code in (UNKNOWN_TRACK, TEMPLATE_TRACK_NEEDED):
        assert issue.allowed == "service, expert"


@pytest.mark.parametrize("name", preset_names())
def test_every_preset_switches_development_on_with_a_template_per_stage_and_track(name):
    check = check_policy_text(preset_text(name))
    assert check.ok
    development = check.policy.development
    assert development.enabled
    stages = [t.stage for t in development.templates]
    assert stages.count("new_hire") == 1 and stages.count("direction_review") == 1
    tracks = {t.track for t in development.templates if t.stage == "track"}
    assert tracks == {t.code for t in check.policy.tracks}
    assert all(t.goals or t.actions for t in development.templates)


def test_the_diff_and_the_parameter_form_label_the_development_section_in_both_languages():
    from django.utils import translation

    from serviceladder.web.views.policy import _diff_groups, _sections

    old = WEB_POLICY + "development:\n  enabled: false\n  conversation_every_months: 3\n"
    new = (
        WEB_POLICY
        + "development:\n  enabled: true\n  conversation_every_months: 2\n  templates:\n"
        + _t("starter", "new_hire")
    )
    expected = {
        "en": ("Development planning", "Career conversation every (months)", "Plan template"),
        "zh-hans": ("发展规划", "职业发展面谈间隔（月）", "计划模板"),
    }
    for language, (section, field, template) in expected.items():
        with translation.override(language):
            groups = {(g["word"], g["rest"]): g for g in _diff_groups(old, new)}
            settings = groups[(section, "")]
            assert field in [row["key"] for row in settings["changes"]]
            assert all(row["labelled"] for row in settings["changes"])
            assert (template, "starter") in groups
            titles = [s.title for s in _sections(new)]
            assert titles[-1] == section
