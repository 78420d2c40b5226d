"""Star-service ratings by clicks alone, in Chinese (issue 15 item 1): HR computes the period that just ended
from the Recognition landing, the team lead opens the borderline to-do and nominates 李娜 one tier up with a
reason, HR opens the nomination to-do, accepts it and publishes, and 李娜 sees her three stars with the
reasons on her recognition page. Screenshots with SERVICELADDER_SCREENSHOTS."""

from __future__ import annotations

import pytest
from django.utils import timezone

from serviceladder.recognition.models import StarPeriod, StarRating
from serviceladder.recognition.services.stars import period_just_ended
from tests.browser.conftest import log_in, screenshot
from tests.recognition.stars_setup import default_figures, set_figures, stars_policy
from tests.web.org import build_org

PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory


@pytest.fixture
def stars_org(transactional_db):
    org = build_org()
    stars_policy(org)
    month = period_just_ended("month", timezone.localdate())
    default_figures(org, month)
    # 李娜 (E2003): two stars, and only the top-50 % rank short of three: borderline.
    set_figures(org, month, E2003={"csat_mean": 4.65, "qa_score": 92})
    strong = {"csat_mean": 4.9, "qa_score": 95, "fcr_rate": 0.95}
    set_figures(org, month, **dict.fromkeys(("E2001", "E2005", "E2007"), strong))
    return org, month


def as_user(page, base, username):
    page.context.clear_cookies()
    log_in(page, base, username, PASSWORD, "zh-hans")


def test_hr_computes_lead_nominates_hr_publishes_agent_sees_the_tier(browser_page, live_server, stars_org):
    org, month = stars_org
    page, base = browser_page.page, live_server.url

    as_user(page, base, "zhaomin")
    with page.expect_navigation():
        page.locator("nav.mainnav a[href='/recognition/']").click()
    with page.expect_navigation():
        page.get_by_role("link", name="星级评选：计算、决定、公布").click()
    assert page.locator("#star-period").input_value() == month  # the period that just ended
    with page.expect_navigation():
        page.get_by_role("button", name="计算", exact=True).click()
    assert f"{month}星级评定" in page.locator("h1").inner_text()
    assert StarRating.objects.get(employee__number="E2003").computed_stars == 2
    screenshot(page, "stars-hr-period-zh")

    as_user(page, base, "wangfang")
    todo = page.locator("#todos .todo[data-kind='stars.borderline']")
    assert todo.count() == 1
    with page.expect_navigation():
        todo.locator("a").first.click()
    row = page.locator("tr", has_text="李娜")
    assert "临界" in row.inner_text()
    row.get_by_text("提名为3星").click()
    row.locator("textarea[name=reason]").fill("本月收到三封客户表扬信，并带教新同事")
    with page.expect_navigation():
        row.get_by_role("button", name="提名上调一星").click()
    assert "已提名李娜为3星" in page.locator(".messages, [role=status], .message").first.inner_text()
    screenshot(page, "stars-lead-nominated-zh")

    as_user(page, base, "zhaomin")
    with page.expect_navigation():
        page.locator("#todos .todo[data-kind='stars.decide'] a").first.click()
    row = page.locator("tr", has_text="李娜")
    assert "本月收到三封客户表扬信" in row.inner_text()
    row.locator("input[name=reason]").fill("表扬信属实，同意")
    with page.expect_navigation():
        row.get_by_role("button", name="通过", exact=True).click()
    with page.expect_navigation():
        page.get_by_role("button", name="公布", exact=True).click()
    assert StarPeriod.objects.get(code=month).state == "published"
    assert StarRating.objects.get(employee__number="E2003").final_stars == 3
    screenshot(page, "stars-hr-published-zh")

    as_user(page, base, "lina")
    with page.expect_navigation():
        page.locator("nav.mainnav a[href='/recognition/']").click()
    with page.expect_navigation():
        page.get_by_role("link", name="我的星级、认可与奖金").click()
    section = page.locator("#stars")
    text = section.inner_text()
    assert f"{month}评为3星" in text
    assert "组长提名上调一星，人力资源部已通过" in text
    assert "满意度" in text and "质检分" in text  # the reasons, condition by condition
    screenshot(page, "stars-agent-zh")
    assert browser_page.console_errors == []
