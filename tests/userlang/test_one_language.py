"""One language at a time: names and punctuation follow the reader's language on the key pages."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from serviceladder.core.i18n import localized, written_in_chinese
from serviceladder.notifications.models import Notification
from serviceladder.promotions.models import PromotionCycle
from serviceladder.promotions.services import promotion_review_department
from tests.promotions.conftest import submitted

pytestmark = pytest.mark.django_db

COOKIE = "serviceladder_language"
# Full-width forms (！＂（），：；？ …) and CJK punctuation (、。「」『』【】〔〕 …)
FULL_WIDTH = re.compile(
    r"[\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u3001-\u3003\u3008-\u3011\u3014-\u301f]"
)
# An ASCII colon right after a Chinese character: a label in Chinese with an English colon
ASCII_COLON_AFTER_CHINESE = re.compile(r"[\u4e00-\u9fff]:")
# Chinese words in English parentheses: "(已通过)"
ASCII_PAREN_AROUND_CHINESE = re.compile(r"\([\u4e00-\u9fff][^()]*\)")
CYCLE_ZH = "2025年下半年晋升（试点）"
CYCLE_EN = "H2 2025 promotions (pilot)"


@pytest.fixture(autouse=True)
def _plain_http(settings):
    settings.SECURE_SSL_REDIRECT = False


def visible_text(page: str) -> str:
    page = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", page)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def browser(user, language: str) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[COOKIE] = language
    return client


@pytest.fixture
def case(org, django_capture_on_commit_callbacks):
    PromotionCycle.objects.filter(pk=org.cycle.pk).update(name=CYCLE_ZH, name_alt=CYCLE_EN)
    with django_capture_on_commit_callbacks(execute=True):
        app = submitted(org)
        promotion_review_department(actor=org.actor("head"), application=app, approve=True, opinion="Agreed")
    return app


def key_pages(org, app) -> list[str]:
    return [
        reverse("home"),
        reverse("promotion_cycles"),
        reverse("promotion_cycle", args=[org.cycle.pk]),
        reverse("promotion_application", args=[app.pk]),
        reverse("notifications"),
        reverse("my_path"),
        reverse("ladder"),
    ]


def more_pages(org, app) -> list[str]:
    """The rest of the pages a person reads (each role opens those it may)."""
    lina = org.employees["applicant"].number
    return [
        reverse("person", args=[lina]),
        reverse("person_path", args=[lina]),
        reverse("people"),
        reverse("eligibility"),
        reverse("policy_history"),
        reverse("promotion_notices"),
        reverse("promotion_appeals"),
        reverse("audit"),
        reverse("queues"),
        reverse("imports"),
        reverse("users"),
        reverse("api_tokens"),
    ]


@pytest.mark.parametrize("who", ["applicant", "nominator", "head", "hr", "management", "admin"])
def test_every_role_reads_its_pages_in_one_language(org, case, who):
    """English: no full-width punctuation. Chinese: no English colon or parenthesis beside Chinese text."""
    opened = 0
    for language in ("en", "zh-hans"):
        client = browser(org.users[who], language)
        for url in key_pages(org, case) + more_pages(org, case):
            response = client.get(url)
            if response.status_code != 200:
                continue
            opened += 1
            text = visible_text(response.content.decode())
            if language == "en":
                assert not FULL_WIDTH.search(text), (url, sorted(set(FULL_WIDTH.findall(text))))
            else:
                assert not ASCII_COLON_AFTER_CHINESE.search(text), (
                    url,
                    ASCII_COLON_AFTER_CHINESE.findall(text),
                )
                assert not ASCII_PAREN_AROUND_CHINESE.search(text), (
                    url,
                    ASCII_PAREN_AROUND_CHINESE.findall(text),
                )
    assert opened >= 10


@pytest.mark.parametrize("who", ["applicant", "head", "hr"])
def test_english_pages_carry_no_full_width_punctuation(org, case, who):
    client = browser(org.users[who], "en")
    for url in key_pages(org, case):
        response = client.get(url)
        if response.status_code != 200:  # a page this role may not open
            continue
        text = visible_text(response.content.decode())
        assert '<html lang="en">' in response.content.decode()
        found = sorted(set(FULL_WIDTH.findall(text)))
        assert not found, (url, found, [m.start() for m in FULL_WIDTH.finditer(text)][:3])
        assert CYCLE_ZH not in text, url


def test_chinese_pages_put_a_full_width_colon_after_a_label(org, case):
    client = browser(org.users["applicant"], "zh-hans")
    cycle_page = visible_text(client.get(reverse("promotion_cycle", args=[org.cycle.pk])).content.decode())
    assert "我的申请：" in cycle_page
    assert CYCLE_ZH in cycle_page and CYCLE_EN not in cycle_page
    for url in key_pages(org, case):
        text = visible_text(client.get(url).content.decode())
        assert not ASCII_COLON_AFTER_CHINESE.search(text), (url, ASCII_COLON_AFTER_CHINESE.findall(text))


def test_the_cycle_name_follows_the_reader_in_pages_and_notifications(org, case):
    english = visible_text(browser(org.users["hr"], "en").get(reverse("promotion_cycles")).content.decode())
    assert CYCLE_EN in english and CYCLE_ZH not in english
    chinese = visible_text(
        browser(org.users["hr"], "zh-hans").get(reverse("promotion_cycles")).content.decode()
    )
    assert CYCLE_ZH in chinese and CYCLE_EN not in chinese


def test_a_quota_notification_names_the_cycle_in_each_readers_language(
    org, case, django_capture_on_commit_callbacks
):
    from serviceladder.accounts.services import user_language_set
    from serviceladder.promotions.services import promotion_cycle_quotas_set

    user_language_set(user=org.users["hr2"], language="zh-hans")
    user_language_set(user=org.users["management"], language="en")
    Notification.objects.all().delete()
    cycle = PromotionCycle.objects.get(pk=org.cycle.pk)
    with django_capture_on_commit_callbacks(execute=True):
        promotion_cycle_quotas_set(
            actor=org.actor("hr"),
            cycle=cycle,
            quotas={"L2": 3},
            reason="more room",
            expected_version=cycle.version,
        )
    zh = Notification.objects.get(recipient=org.users["hr2"])
    en = Notification.objects.get(recipient=org.users["management"])
    assert CYCLE_ZH in zh.title and CYCLE_EN not in zh.title
    assert CYCLE_EN in en.title and CYCLE_ZH not in en.title


@pytest.mark.parametrize(
    ("original", "other", "en", "zh"),
    [
        ("2026年12月晋升", "December 2026 promotions", "December 2026 promotions", "2026年12月晋升"),
        ("Spring 2027", "2027年春季晋升", "Spring 2027", "2027年春季晋升"),
        ("2026年12月晋升", "", "2026年12月晋升", "2026年12月晋升"),  # no translation: as typed
        ("Spring 2027", "  ", "Spring 2027", "Spring 2027"),
    ],
)
def test_a_typed_name_is_shown_in_the_readers_language_else_as_typed(original, other, en, zh):
    with translation.override("en"):
        assert localized(original, other) == en
    with translation.override("zh-hans"):
        assert localized(original, other) == zh


def test_chinese_is_recognised_by_its_characters():
    assert written_in_chinese("Q3 晋升") and written_in_chinese("㐀")
    assert not written_in_chinese("H2 2025 (pilot)") and not written_in_chinese("")


def test_the_cli_the_form_and_the_api_take_the_name_in_the_other_language(org, capsys):
    from serviceladder.cli.main import main

    code = main(
        ["promotions", "cycle", "open", "--name", "2026年春季晋升", "--name-alt", "Spring 2026 promotions",
         "--opens", "2026-03-01", "--closes", "2026-03-15", "--as", "zhaomin"]
    )  # fmt: skip
    assert code == 0
    assert "Spring 2026 promotions" in capsys.readouterr().out  # the command line speaks English here
    cli = PromotionCycle.objects.get(name="2026年春季晋升")
    assert cli.name_alt == "Spring 2026 promotions"

    hr = browser(org.users["hr"], "en")
    response = hr.post(
        reverse("promotion_cycles"),
        {
            "name": "Autumn 2026",
            "name_alt": " 2026年秋季晋升 ",
            "opens_on": "2026-09-01",
            "closes_on": "2026-09-10",
        },
    )
    assert response.status_code == 302
    form = PromotionCycle.objects.get(name="Autumn 2026")
    assert form.name_alt == "2026年秋季晋升"
    with translation.override("zh-hans"):
        assert str(form) == "2026年秋季晋升"

    response = hr.post(
        "/api/promotions/cycles",
        {
            "name": "2026年九月补充",
            "name_alt": "September 2026 extra",
            "opens_on": "2026-09-11",
            "closes_on": "2026-09-20",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert (response.json()["name"], response.json()["name_alt"]) == (
        "2026年九月补充",
        "September 2026 extra",
    )


def test_training_names_follow_the_reader_and_typed_ones_stay_as_typed(org):
    import datetime as dt

    from serviceladder.learning.models import Completion

    lina = org.employees["applicant"]
    done = dt.date(2025, 5, 1)
    Completion.objects.create(employee=lina, name="基础培训", completed_on=done)  # the policy's "basics"
    Completion.objects.create(
        employee=lina, name="客服专员资格证", name_alt="Customer service certificate", completed_on=done
    )
    Completion.objects.create(employee=lina, name="内部分享会", completed_on=done)  # no English form
    url = reverse("person", args=[lina.number])

    english = visible_text(browser(org.users["hr"], "en").get(url).content.decode())
    assert "Basics" in english and "Customer service certificate" in english and "内部分享会" in english
    assert "基础培训" not in english and "客服专员资格证" not in english
    chinese = visible_text(browser(org.users["hr"], "zh-hans").get(url).content.decode())
    assert "基础培训" in chinese and "客服专员资格证" in chinese and "内部分享会" in chinese
    assert "Customer service certificate" not in chinese


def test_the_reason_a_promotion_writes_on_the_level_and_pay_reads_in_each_language(org, today):
    import datetime as dt

    from serviceladder.org.models import LevelAssignment, PayRecord
    from serviceladder.promotions.services import promotion_finalise
    from serviceladder.promotions.states import State
    from tests.promotions.conftest import advance

    PromotionCycle.objects.filter(pk=org.cycle.pk).update(name=CYCLE_ZH, name_alt=CYCLE_EN)
    app = advance(org, submitted(org), State.MGMT_APPROVED)
    today(dt.date(2025, 9, 29))
    advance(org, app, State.ON_NOTICE)
    promotion_finalise(actor=org.actor("hr"), application=app, today=dt.date(2025, 10, 14))
    lina = org.employees["applicant"]
    level = LevelAssignment.objects.get(employee=lina, level__code="L2")
    pay = PayRecord.objects.filter(employee=lina).latest("effective_from")
    english = f"Promoted in {CYCLE_EN}, application {app.pk}"
    assert level.reason == pay.reason == english  # the text (CLI, exports, audit) in the source language
    chinese = f"{CYCLE_ZH}晋升，申请编号 {app.pk}"
    for record in (level, pay):
        with translation.override("en"):
            assert record.shown_reason == english
        with translation.override("zh-hans"):
            assert record.shown_reason == chinese
    url = reverse("person", args=[lina.number])
    assert chinese in visible_text(browser(org.users["hr"], "zh-hans").get(url).content.decode())
    page = visible_text(browser(org.users["hr"], "en").get(url).content.decode())
    assert english in page and CYCLE_ZH not in page


def test_the_punctuation_helpers_follow_the_language():
    from serviceladder.web.templatetags.web_language import label_colon, label_sep, parenthesized

    with translation.override("en"):
        assert (label_colon("Reason"), label_sep(), parenthesized("passed")) == ("Reason: ", ": ", "(passed)")
    with translation.override("zh-hans"):
        assert (label_colon("原因"), label_sep(), parenthesized("已通过")) == ("原因：", "：", "（已通过）")
