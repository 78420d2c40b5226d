"""The audit log as HR reads it: sentences, labelled values, names (not logins), filters and the export."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor, audit_record


@pytest.fixture
def events(org):
    """The department head 周建国 approved 李娜's application; her lead 王芳 had submitted it (not as an
    exception)."""
    head, lead = org.users["department_head"], org.users["team_lead"]
    li = org.employees["E2003"]
    audit_record(
        actor=Actor(user=lead),
        action="promotion.submit",
        employee=li,
        before={"state": "draft"},
        after={"state": "submitted", "version": 2, "is_exception": False, "exception_reason": ""},
    )
    audit_record(
        actor=Actor(user=head),
        action="promotion.dept_approve",
        employee=li,
        before={"state": "submitted"},
        after={"state": "dept_approved", "stage": "department", "decision": "approve"},
        reason="业绩达标",
    )
    audit_record(
        actor=Actor(user=None, channel="cli"),
        action="promotion.cycle_open",
        after={"name": "2026年3月晋升", "opens_on": "2026-03-01", "quotas": {"L2": 3}},
    )
    return org


def _page(client, **params) -> str:
    response = client.get(reverse("audit"), params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_each_event_is_a_sentence_with_labelled_values(client_for, events):
    html = _page(client_for("hr"))
    assert "周建国 approved 李娜&#x27;s application at the department review" in html
    assert "王芳 submitted 李娜&#x27;s application" in html
    assert "The system opened the promotion cycle 2026年3月晋升" in html
    # values: labelled, formatted, never Python
    assert "Exception application" in html and "is_exception" not in html and "False" not in html
    assert "Department review" in html and "Department approved, awaiting the HR review" in html
    assert "March 1, 2026" in html or "Mar. 1, 2026" in html
    assert "Agent (L2): 3" in html  # a quota's level by its name, the code beside it
    assert "{&#x27;" not in html and '<code translate="no">promotion.' not in html  # no raw codes


@pytest.mark.django_db
def test_people_are_named_with_their_role_never_by_login(client_for, events):
    html = _page(client_for("hr"))
    assert "zhoujg" not in html
    # an account is the subject of a role change: named by its person, the login beside the name
    assert "赵敏 gave 王芳 (wangfang) the role Agent" in html
    name = '<span class="person-name" translate="no">周建国</span>'
    assert name + ' <span class="person-role">Department head</span>' in html


@pytest.mark.django_db
def test_the_log_speaks_chinese(client_for, events):
    html = _page(client_for("hr", "zh-hans"))
    assert "周建国在部门初审中通过了李娜的申请" in html
    assert "破格申请" in html and "否" in html
    assert "2026年3月1日" in html
    assert "赵敏授予王芳（wangfang）角色：客服专员" in html  # full-width brackets in Chinese


@pytest.mark.django_db
def test_filters_by_person_actor_action_and_date(client_for, events):
    client = client_for("hr")
    by_person = _page(client, person="E2003")
    assert "周建国 approved" in by_person and "opened the promotion cycle" not in by_person
    assert "周建国 approved" in _page(client, person="李娜")
    assert "周建国 approved" not in _page(client, person="王芳")
    by_actor = _page(client, actor="周建国")  # by the name people know, not only the login
    assert "周建国 approved" in by_actor and "王芳 submitted" not in by_actor
    assert "王芳 submitted" in _page(client, actor="wangfang")
    by_action = _page(client, action="promotion.submit")
    assert "王芳 submitted" in by_action and "周建国 approved" not in by_action
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    assert "周建国 approved" not in _page(client, **{"from": tomorrow})
    assert "周建国 approved" in _page(client, to=tomorrow)


@pytest.mark.django_db
def test_export_csv_is_the_filtered_log_in_sentences(client_for, events):
    client = client_for("hr")
    response = client.get(reverse("audit_export", args=["csv"]), {"person": "E2003"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][:6] == ["When", "Who", "Role", "Channel", "Action", "What happened"]
    sentences = [r[5] for r in rows[1:]]
    assert "周建国 approved 李娜's application at the department review" in sentences
    assert not any("opened the promotion cycle" in s for s in sentences)  # the filter applies
    approve = next(r for r in rows[1:] if r[5].startswith("周建国"))
    assert approve[1:3] == ["周建国", "Department head"] and approve[6:8] == ["E2003", "李娜"]
    assert "Decision: Approve" in approve[8] and approve[9] == "业绩达标"


@pytest.mark.django_db
def test_export_xlsx_and_formula_text_is_neutralised(client_for, events):
    from openpyxl import load_workbook

    audit_record(
        actor=Actor(user=events.users["hr"]),
        action="promotion.comment",
        employee=events.employees["E2003"],
        after={"text": {"length": 5, "sha256": "ab" * 32}},
        reason='=HYPERLINK("http://x")',
    )
    response = client_for("hr").get(reverse("audit_export", args=["xlsx"]), {"action": "promotion.comment"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][5] == "赵敏 commented on 李娜's application"
    assert rows[1][8] == "Text: private text, 5 characters"
    assert rows[1][9].startswith("'=")


@pytest.mark.django_db
def test_export_is_for_hr_only_and_writes_nothing(client_for, events):
    before = AuditEvent.objects.count()
    for role in ("agent", "team_lead", "department_head", "management", "admin"):
        assert client_for(role).get(reverse("audit_export", args=["csv"])).status_code == 403
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_person_page_shows_sentences(client_for, events):
    html = client_for("hr").get(reverse("person_audit", kwargs={"number": "E2003"})).content.decode()
    assert "周建国 approved 李娜&#x27;s application at the department review" in html
    assert "zhoujg" not in html
