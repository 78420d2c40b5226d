"""A wellbeing case by clicks alone, in Chinese (issue 16 item 3): the team lead 王芳 sees the warning on 李娜
in the Wellbeing area with its reasons, opens a case from her wellbeing page, plans two actions, marks them
done, records the follow-up and closes the case. Screenshots with SERVICELADDER_SCREENSHOTS."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from serviceladder.wellbeing.models import Case, CaseAction, CaseFollowUp
from tests.browser.conftest import log_in, screenshot
from tests.web.org import build_org
from tests.wellbeing.cases_setup import assessment_for

PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory
REASON_ZH = "比之前3个月的个人平均值91差11"


@pytest.fixture
def warned_org(transactional_db):
    org = build_org()
    assessment_for(org, "E2003")  # 李娜: the quality slide fired, risk "act"
    return org


def test_the_lead_opens_plans_follows_up_and_closes_a_case(browser_page, live_server, warned_org):
    page, base = browser_page.page, live_server.url
    log_in(page, base, "wangfang", PASSWORD, "zh-hans")

    with page.expect_navigation():
        page.locator("nav.mainnav a[href='/wellbeing/']").click()
    block = page.locator("#cases")
    assert "尚未开立个案的预警" in block.inner_text()
    with page.expect_navigation():
        block.get_by_role("link", name="李娜").click()
    warning = page.locator("#cases")
    assert REASON_ZH in warning.inner_text()
    screenshot(page, "wellbeing-case-warning-zh")
    with page.expect_navigation():
        warning.get_by_role("link", name="开立个案").click()
    assert REASON_ZH in page.locator("#open-case-form").inner_text()
    page.get_by_label("阶段").select_option(label="事中（缓解）")
    with page.expect_navigation():
        page.get_by_role("button", name="开立个案").click()
    assert "关怀个案已开立" in page.locator(".messages, [role=status], .message").first.inner_text()
    assert REASON_ZH in page.locator("#signals").inner_text()

    due = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    for kind, note in (("一次谈话", "下周一单独谈一次"), ("减压辅导", "报名减压讲座")):
        page.locator("#a-kind").select_option(label=kind)
        page.locator("#a-due").fill(due)
        page.locator("#a-note").fill(note)
        with page.expect_navigation():
            page.get_by_role("button", name="计划措施").click()
    assert page.locator("#actions tbody tr").count() == 2
    screenshot(page, "wellbeing-case-actions-zh")

    for result in ("谈过了，压力来自夜班", "已参加讲座"):
        row = page.locator("#actions tbody tr", has=page.locator("input[name=result]")).first
        row.locator("input[name=result]").fill(result)
        with page.expect_navigation():
            row.get_by_role("button", name="标记完成").click()
    page.locator("#f-note").fill("状态明显好转，质检分回升")
    with page.expect_navigation():
        page.get_by_role("button", name="记录跟进").click()
    assert "状态明显好转" in page.locator("#follow-ups").inner_text()

    page.locator("#c-outcome").fill("调整排班后恢复正常")
    page.locator("#c-reason").select_option(label="情况已改善")
    with page.expect_navigation():
        page.locator("#close-button").click()
    assert "已结案" in page.locator("#case-state").inner_text()
    assert "调整排班后恢复正常" in page.locator("#outcome").inner_text()
    screenshot(page, "wellbeing-case-closed-zh")

    case = Case.objects.get()
    assert (case.state, case.phase, case.close_reason) == ("closed", "during", "resolved")
    assert sorted(CaseAction.objects.values_list("kind", flat=True)) == ["conversation", "stress_relief"]
    assert not CaseAction.objects.filter(done_on__isnull=True).exists()
    assert CaseFollowUp.objects.count() == 1
