"""The policy's exams (issue 17): unique codes and names, a condition names one of them, a training's
validity; each problem reported at its key path and line."""

import pytest

from serviceladder.policy import validation as v
from serviceladder.policy.validation import check_policy_text
from tests.policy.conftest import BASE

EXAMS = """\
exams:
  - code: knowledge-exam
    name_zh: 业务知识与技能考试
    name_en: Knowledge and skills exam
    counts: best
  - code: week-quiz
    name_zh: 每周小测
    name_en: Weekly quiz
"""
WITH_EXAMS = BASE.replace("tracks:\n", EXAMS + "tracks:\n", 1).replace(
    "      trainings:\n        - basics\n",
    "      exam:\n        min_score: 80\n        within_months: 12\n        exam: knowledge-exam\n"
    "      trainings:\n        - basics\n",
    1,
)


def _line_of(text: str, marker: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if marker in line)


def test_exams_and_a_condition_naming_one_are_valid():
    result = check_policy_text(
        WITH_EXAMS.replace("    name_en: Basics\n", "    name_en: Basics\n    validity_months: 24\n")
    )
    assert result.ok, [i.render() for i in result.issues]
    assert result.policy.transitions[0].conditions.exam.exam == "knowledge-exam"
    assert [(e.code, e.counts) for e in result.policy.exams] == [
        ("knowledge-exam", "best"),
        ("week-quiz", "best"),
    ]
    assert result.policy.trainings[0].validity_months == 24


@pytest.mark.parametrize(
    ("old", "new", "path", "code", "found", "marker"),
    [
        (
            "exam: knowledge-exam",
            "exam: final-exam",
            "transitions[0].conditions.exam.exam",
            v.UNKNOWN_EXAM,
            "final-exam",
            "exam: final-exam",
        ),
        (
            "code: week-quiz",
            "code: knowledge-exam",
            "exams[1].code",
            v.DUPLICATE_CODE,
            "knowledge-exam",
            None,
        ),
        (
            "name_en: Weekly quiz",
            "name_en: knowledge and skills EXAM",
            "exams[1].name_en",
            v.DUPLICATE_EXAM_NAME,
            "knowledge and skills EXAM",
            "name_en: knowledge and skills EXAM",
        ),
        (
            "name_zh: 每周小测",
            "name_zh: knowledge-exam",
            "exams[1].name_zh",
            v.DUPLICATE_EXAM_NAME,
            "knowledge-exam",
            "name_zh: knowledge-exam",
        ),
        ("counts: best", "counts: first", "exams[0].counts", None, None, "counts: first"),
        (
            "    name_en: Basics\n",
            "    name_en: Basics\n    validity_months: 0\n",
            "trainings[0].validity_months",
            None,
            None,
            "validity_months: 0",
        ),
    ],
)
def test_exam_problems_are_reported_where_they_are(old, new, path, code, found, marker):
    assert old in WITH_EXAMS
    text = WITH_EXAMS.replace(old, new, 1)
    result = check_policy_text(text)
    assert not result.ok and result.policy is None
    matching = [i for i in result.issues if i.path == path and (code is None or i.code == code)]
    assert matching, [i.render() for i in result.issues]
    if found is not None:
        assert matching[0].found == found
    if marker is not None:
        assert matching[0].line == _line_of(text, marker)


def test_an_unknown_exam_lists_the_exams_of_the_file():
    result = check_policy_text(WITH_EXAMS.replace("exam: knowledge-exam", "exam: final-exam", 1))
    (issue,) = [i for i in result.issues if i.code == v.UNKNOWN_EXAM]
    assert issue.allowed == "knowledge-exam, week-quiz"
    assert "final-exam" in issue.render() and "knowledge-exam, week-quiz" in issue.render()
    no_exams = check_policy_text(
        WITH_EXAMS.replace(EXAMS, "").replace("exam: knowledge-exam", "exam: final-exam", 1)
    )
    assert [i.code for i in no_exams.issues] == [v.UNKNOWN_EXAM]


def test_a_condition_without_an_exam_stays_valid():
    assert check_policy_text(WITH_EXAMS.replace("        exam: knowledge-exam\n", "", 1)).ok


@pytest.mark.parametrize("name", ["cn-standard", "ecommerce-fast", "finance-steady"])
def test_every_preset_exam_condition_names_the_presets_exam(name):
    from serviceladder.policy.presets import preset_text

    policy = check_policy_text(preset_text(name)).policy
    assert [e.code for e in policy.exams] == ["knowledge-exam"]
    exams = [t.conditions.exam for t in policy.transitions if t.conditions.exam is not None]
    assert exams and all(e.exam == "knowledge-exam" for e in exams)


def test_certifications_in_the_presets_expire():
    from serviceladder.policy.presets import preset_text

    def validity(name):
        return {t.code: t.validity_months for t in check_policy_text(preset_text(name)).policy.trainings}

    assert validity("cn-standard")["train-the-trainer"] == 24
    assert validity("cn-standard")["service-foundations"] is None
    assert validity("finance-steady")["compliance-annual"] == 12
    assert validity("finance-steady")["product-certification"] == 24
