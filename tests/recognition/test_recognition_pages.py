"""Recognition in the browser (issue 15, item 2): the landing's block, the give form (colleagues by name and
team only, a filter that works without JavaScript), the person's section with hide / show for moderators, the
profile's count and latest few, and the entries of the development record."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from serviceladder.audit.models import AuditEvent
from serviceladder.recognition.models import Recognition
from serviceladder.recognition.services.recognition import recognition_hide
from tests.recognition.received_setup import actor, thank
from tests.web.org import PEOPLE

pytestmark = pytest.mark.django_db


def test_the_landing_offers_the_form_and_what_the_reader_gave_and_received(org, client_for):
    thank(org, "agent", "E2004", text="帮我整理了退款流程")
    thank(org, "team_lead", "E2003", text="主动接了疑难投诉")
    html = client_for("agent").get(reverse("recognition")).content.decode()
    assert reverse("recognition_give") in html
    assert "帮我整理了退款流程" in html and "张伟" in html  # given, with the person thanked
    assert "主动接了疑难投诉" in html and "王芳" in html  # received, from whom


def test_an_administrator_without_an_employee_record_gets_no_form(org, client_for):
    html = client_for("admin").get(reverse("recognition")).content.decode()
    assert reverse("recognition_give") not in html
    assert client_for("admin").get(reverse("recognition_give")).status_code == 403


def test_the_form_lists_colleagues_by_name_and_team_only(org, client_for):
    html = client_for("agent").get(reverse("recognition_give")).content.decode()
    options = re.findall(r'<option value="(E\d+)"[^>]*>([^<]*)</option>', html)
    numbers = [n for n, _label in options]
    assert "E2003" not in numbers  # never oneself
    assert set(numbers) == set(PEOPLE) - {"E2003"}
    labels = dict(options)
    assert labels["E2004"] == "张伟 · Hotline 1" and labels["E2006"] == "陈静 · Complaints"
    for _name, _team, pay in PEOPLE.values():  # no figure of anyone
        assert str(pay) not in html and f"{int(pay):,}" not in html


def test_the_filter_box_narrows_the_list_without_javascript(org, client_for):
    client = client_for("agent")
    html = client.get(reverse("recognition_give") + "?q=Complaints").content.decode()
    assert set(re.findall(r'<option value="(E\d+)"', html)) == {"E2006", "E2007", "E2010"}
    html = client.get(reverse("recognition_give") + "?q=张伟").content.decode()
    assert re.findall(r'<option value="(E\d+)"( selected)?', html) == [("E2004", " selected")]


def test_giving_through_the_form(org, client_for):
    client = client_for("agent")
    response = client.post(
        reverse("recognition_give"), {"to": "E2004", "category": "helping_colleague", "text": "帮我顶了夜班"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("recognition")
    r = Recognition.objects.get()
    assert (r.recipient.number, r.category, r.source, r.text) == (
        "E2004",
        "helping_colleague",
        "colleague",
        "帮我顶了夜班",
    )


@pytest.mark.parametrize(
    "data",
    [
        {"to": "E2003", "category": "helping_colleague", "text": "给自己点赞"},
        {"to": "", "category": "helping_colleague", "text": "谢谢"},
        {"to": "E2004", "category": "helping_colleague", "text": ""},
        {"to": "E2004", "category": "nonsense", "text": "谢谢"},
    ],
)
def test_bad_input_comes_back_with_the_reason_and_writes_nothing(org, client_for, data):
    response = client_for("agent").post(reverse("recognition_give"), data)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not Recognition.objects.exists()


def test_the_person_section_shows_what_was_received_hidden_only_to_moderators(org, client_for):
    kept = thank(org, "management", "E2003", category="going_beyond", text="系统故障时安抚了大量来电")
    hidden = thank(org, "hr", "E2003", text="不合适的玩笑")
    recognition_hide(actor=actor(org, "team_lead"), recognition=hidden, reason="调侃同事")
    url = reverse("person_recognition", args=["E2003"])
    own = client_for("agent").get(url).content.decode()
    assert "系统故障时安抚了大量来电" in own and "孙强" in own and "Going beyond" in own
    assert "不合适的玩笑" not in own and reverse("recognition_visibility", args=[kept.pk]) not in own
    lead = client_for("team_lead").get(url).content.decode()
    assert "不合适的玩笑" in lead and "调侃同事" in lead
    assert reverse("recognition_visibility", args=[kept.pk]) in lead
    assert reverse("recognition_visibility", args=[hidden.pk]) in lead
    admin = client_for("admin").get(url).content.decode()
    assert "系统故障时安抚了大量来电" not in admin  # an administrator reads no performance record


def test_a_customer_compliment_reads_from_a_customer_with_its_reference(org, client_for):
    Recognition.objects.create(
        recipient=org.employees["E2003"],
        category="customer_praise",
        source="customer",
        text="退款办得很快",
        date=org.employees["E2003"].hire_date,
        given_by=org.users["hr"],
        customer_reference="T-42",
    )
    html = client_for("agent").get(reverse("person_recognition", args=["E2003"])).content.decode()
    assert "A customer (T-42)" in html and "退款办得很快" in html


def test_the_lead_hides_through_the_page_with_a_reason(org, client_for):
    r = thank(org, "hr", "E2003", text="哈哈")
    client = client_for("team_lead")
    url = reverse("recognition_visibility", args=[r.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": " "}).status_code == 400
    r.refresh_from_db()
    assert r.hidden_at is None and not AuditEvent.objects.filter(action="recognition.hide").exists()
    response = client.post(url, {"reason": "调侃同事"})
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.hidden_reason == "调侃同事"
    assert AuditEvent.objects.get(action="recognition.hide").channel == "web"
    assert client.post(url, {"reason": "核实无误"}).status_code == 302
    r.refresh_from_db()
    assert r.hidden_at is None
    assert client_for("agent").post(url, {"reason": "x"}).status_code in (403, 404)


def test_the_profile_shows_a_count_and_the_latest_few(org, client_for):
    for i in range(7):
        thank(org, "management", "E2003", text=f"感谢第{i}次")
    hidden = thank(org, "hr", "E2003", text="被隐藏的")
    recognition_hide(actor=actor(org, "hr"), recognition=hidden, reason="x")
    html = client_for("team_lead").get(reverse("person", args=["E2003"])).content.decode()
    assert re.search(r'id="recognition-count">7<', html)
    assert "感谢第6次" in html and "感谢第2次" in html and "感谢第1次" not in html  # the latest five
    assert "被隐藏的" not in html
    assert (
        'id="recognition-count"'
        not in client_for("admin").get(reverse("person", args=["E2003"])).content.decode()
    )


def test_the_development_record_lists_recognition_received(org, client_for):
    thank(org, "team_lead", "E2003", category="knowledge_base", text="写了会员积分知识库文章")
    hidden = thank(org, "hr", "E2003", text="被隐藏的")
    recognition_hide(actor=actor(org, "hr"), recognition=hidden, reason="x")
    html = client_for("agent").get(reverse("person_development", args=["E2003"])).content.decode()
    record = html[html.index('id="record"') :]
    assert "写了会员积分知识库文章" in record and "Knowledge-base contribution" in record
    assert "被隐藏的" not in record


@pytest.mark.parametrize("name", ["recognition", "recognition_give"])
def test_pages_render_in_chinese(org, client_for, name):
    thank(org, "team_lead", "E2003")
    assert client_for("agent", "zh-hans").get(reverse(name)).status_code == 200
