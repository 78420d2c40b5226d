"""A promotion case's frozen exam check names the exam it accepts in the reader's language (issue 17)."""

import datetime as dt

from serviceladder.promotions.page_selectors import check_text
from serviceladder.rules import clauses
from serviceladder.rules.facts import ExamFact

NAMES = {
    "levels": {},
    "trainings": {},
    "competencies": {},
    "exams": {"knowledge-exam": "业务知识与技能考试"},
}


def _frozen(exams):
    r = clauses.exam_score(
        exams, min_score=80, within_months=12, as_of=dt.date(2026, 7, 1), exam="knowledge-exam"
    )
    return {"code": r.code, "values": r.values, "text": "stored"}


def test_the_frozen_check_names_the_exam():
    check = _frozen([ExamFact(dt.date(2026, 6, 1), 70, 100, "knowledge-exam")])
    assert check_text(check, "zh-hans", NAMES) == "业务知识与技能考试：近12个月最好成绩70分，需达到80分"
    # without the version's names, the code is shown rather than nothing
    assert check_text(check, "en") == "knowledge-exam: best score in the last 12 months is 70; 80 needed"
