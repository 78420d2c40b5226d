"""The policy's exams on the pages (issue 17): a person's path names the exam a condition accepts, in both
languages; the parameter form offers the file's exams, a certification's validity and which result counts;
the diff and the ladder say them in words."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from serviceladder.audit.services import Actor
from serviceladder.org.models import Employee, ExamResult
from serviceladder.policy.models import PolicyVersion
from serviceladder.policy.services import policy_load
from tests.web.org import WEB_POLICY

pytestmark = pytest.mark.django_db

EXAMS = """\
exams:
  - {code: knowledge-exam, name_zh: 业务知识与技能考试, name_en: Knowledge and skills exam, counts: best}
  - {code: week-quiz, name_zh: 每周小测, name_en: Weekly quiz, counts: latest}
tracks:
"""
WITH_EXAMS = (
    WEB_POLICY.replace("tracks:\n", EXAMS, 1)
    .replace(
        "exam: {min_score: 80, within_months: 12}",
        "exam: {min_score: 80, within_months: 12, exam: knowledge-exam}",
    )
    .replace(
        "  - {code: basics, name_zh: 基础培训, name_en: Basics}",
        "  - {code: basics, name_zh: 基础培训, name_en: Basics, validity_months: 24}",
    )
)


@pytest.fixture
def exams_policy(org):
    return policy_load(
        actor=Actor(user=org.users["hr"]), text=WITH_EXAMS, effective=dt.date(2025, 1, 1)
    ).version


def _path(client, number="E2004"):
    return client.get(reverse("person_path", args=[number]) + "?as_of=2026-07-01").content.decode()


def test_the_path_names_the_exam_and_a_quiz_no_longer_passes_it(client_for, org, exams_policy):
    person = Employee.objects.get(number="E2004")  # L1, team a1: L1 → L2 asks for the exam
    ExamResult.objects.create(employee=person, date=dt.date(2026, 5, 1), name="每周小测", score=100)
    html = _path(client_for("team_lead"))
    assert "No result of Knowledge and skills exam in the last 12 months; a score of 80 needed" in html
    html = _path(client_for("team_lead", "zh-hans"))
    assert "近12个月没有业务知识与技能考试的成绩，需达到80分" in html
    ExamResult.objects.create(
        employee=person, date=dt.date(2026, 6, 1), name="Knowledge and skills exam", score=84
    )
    html = _path(client_for("team_lead"))
    assert "Knowledge and skills exam: score 84 on 2026-06-01; 80 needed within 12 months" in html


def test_the_form_offers_the_files_exams_and_writes_the_choice(client_for, org, exams_policy):
    client = client_for("hr")
    response = client.get(reverse("policy_edit"))
    html = response.content.decode()
    assert (
        "Exam accepted" in html
        and '<option value="knowledge-exam" selected>Knowledge and skills exam</option>' in html
    )
    assert '<option value="week-quiz">Weekly quiz</option>' in html
    assert "Valid for (months)" in html and "Result that counts" in html
    assert "latest result" in html
    ctx = response.context
    data = {
        "base": ctx["base"].number,
        "yaml": ctx["yaml_text"],
        "effective": "2030-01-01",
        "reason": "换考试",
    }
    for section in ctx["sections"]:
        for p in section.params():
            if p.kind != "bool" or p.value == "true":
                data[p.name] = p.value
    data["p:transitions[0].conditions.exam.exam"] = "week-quiz"
    data["p:trainings[0].validity_months"] = "36"
    assert client.post(reverse("policy_edit"), {**data, "action": "save"}).status_code == 302
    latest = PolicyVersion.objects.order_by("-number").first()
    assert "exam: week-quiz}" in latest.content and "validity_months: 36}" in latest.content
    assert latest.number == exams_policy.number + 1


def test_the_form_refuses_an_exam_the_file_does_not_define(client_for, org, exams_policy):
    client = client_for("hr")
    ctx = client.get(reverse("policy_edit")).context
    data = {"base": ctx["base"].number, "yaml": ctx["yaml_text"], "effective": "2030-01-01", "reason": "x"}
    for section in ctx["sections"]:
        for p in section.params():
            if p.kind != "bool" or p.value == "true":
                data[p.name] = p.value
    data["p:transitions[0].conditions.exam.exam"] = "final-exam"
    before = PolicyVersion.objects.count()
    html = client.post(reverse("policy_edit"), {**data, "action": "save"}).content.decode()
    assert "Unknown exam final-exam" in html and "knowledge-exam, week-quiz" in html
    assert PolicyVersion.objects.count() == before


def test_the_diff_names_exams_and_validity_in_words(client_for, org, exams_policy):
    a = PolicyVersion.objects.order_by("number").first()
    url = reverse("policy_diff") + f"?a=v{a.number}&b=v{exams_policy.number}"
    html = client_for("hr").get(url).content.decode()
    assert "Exam accepted</span> added (knowledge-exam)" in html
    assert "Valid for (months)</span> added (24)" in html
    exam_group = '<span>Exam</span> <span class="mono" translate="no">knowledge-exam</span>'
    assert exam_group + ' <span class="muted">· Knowledge and skills exam</span>' in html
    later = WITH_EXAMS.replace("counts: best}", "counts: latest}", 1)
    v3 = policy_load(actor=Actor(user=org.users["hr"]), text=later, effective=dt.date(2025, 6, 1)).version
    url = reverse("policy_diff") + f"?a=v{exams_policy.number}&b=v{v3.number}"
    html = client_for("hr").get(url).content.decode()
    assert "Result that counts</span> best result → latest result" in html
    html = client_for("hr", "zh-hans").get(url).content.decode()
    assert "业务知识与技能考试" in html


def test_the_ladder_shows_how_long_a_certification_stays_valid(client_for, org, exams_policy):
    html = client_for("agent").get(reverse("ladder_level", args=["L2"])).content.decode()
    assert "Basics · valid for 24 months" in html
