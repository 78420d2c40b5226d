"""A whole promotion cycle by clicks alone, in Chinese, each stage under its own login, on the demo
organisation: HR opens a cycle, the agent applies, the department head, HR (with an assessment) and
management approve, HR publishes the notice and — once the notice is over — finalises. And an appeal filed
during the notice that HR upholds, which sends the application back to the HR review.

Only the demo organisation and its policy are loaded directly; every stage goes through the pages. The
server's "today" is the promotions clock (serviceladder.promotions.clock.today), moved by the test: the
live server runs in this process, so patching the module moves it for the pages too.
With SERVICELADDER_SCREENSHOTS=<dir> every stage is saved in zh-hans and in en.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.demo.generator import DEMO_PASSWORD, generate
from serviceladder.demo.loader import demo_load
from serviceladder.ladder.models import Level
from serviceladder.org.models import Employee, LevelAssignment, PayRecord
from serviceladder.promotions.models import PayChange, PromotionApplication, PromotionNotice
from serviceladder.promotions.rules import first_day_of_next_month
from serviceladder.promotions.states import State
from tests.browser.conftest import screenshot

TODAY = dt.date(2027, 3, 8)  # a Monday in the policy's March application window
CYCLE_NAME = "2027 上半年晋升"


@pytest.fixture
def promo_demo(transactional_db, monkeypatch):
    """The demo organisation as of TODAY, and a handle on the promotions clock."""
    demo_load(org=generate(seed=3, agents=30, months=8, today=TODAY), actor=Actor(user=None))
    current = {"date": TODAY}
    monkeypatch.setattr("serviceladder.promotions.clock.today", lambda: current["date"])

    class Demo:
        agent = Employee.objects.get(user__username="agent")

        @staticmethod
        def set_today(date: dt.date) -> None:
            current["date"] = date

    return Demo


class Flow:
    """Clicks through the pages as one user after another."""

    def __init__(self, watched, base_url: str, language: str = "zh-hans"):
        self.watched, self.page, self.base, self.language = watched, watched.page, base_url, language

    def login(self, username: str) -> None:
        page = self.page
        page.context.clear_cookies()
        page.context.add_cookies(
            [{"name": "serviceladder_language", "value": self.language, "url": self.base}]
        )
        page.goto(f"{self.base}/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", DEMO_PASSWORD)
        with page.expect_navigation():
            page.locator("form button[type=submit]").first.click()
        assert "/login/" not in page.url, f"{username} could not log in"
        assert page.locator("html").get_attribute("lang") == self.language

    def click(self, selector: str) -> None:
        with self.page.expect_navigation():
            self.page.locator(selector).first.click()

    def snap(self, name: str) -> None:
        """Screenshot the page in zh-hans, and the same address in en in a second tab (the first keeps its
        filled-in forms). Only when SERVICELADDER_SCREENSHOTS is set."""
        if not os.environ.get("SERVICELADDER_SCREENSHOTS"):
            return
        page, context = self.page, self.page.context
        screenshot(page, f"promotion-{name}-{self.language}")
        context.add_cookies([{"name": "serviceladder_language", "value": "en", "url": self.base}])
        other = context.new_page()
        try:
            other.goto(page.url)
            screenshot(other, f"promotion-{name}-en")
        finally:
            other.close()
            context.add_cookies(
                [{"name": "serviceladder_language", "value": self.language, "url": self.base}]
            )

    def snap_print(self, name: str) -> None:
        """The page as the print stylesheet lays it out."""
        if not os.environ.get("SERVICELADDER_SCREENSHOTS"):
            return
        self.page.emulate_media(media="print")
        try:
            screenshot(self.page, f"promotion-{name}-print-{self.language}")
        finally:
            self.page.emulate_media(media="screen")

    def nav_promotions(self) -> None:
        self.click("nav.mainnav a[href='/promotions/']")

    def open_case(self, name: str) -> None:
        """From the cycle list to the cycle, then to the person's case."""
        self.nav_promotions()
        self.click(f"a:text-is('{CYCLE_NAME}')")
        self.click(f"section[aria-labelledby=apps-h] a:text-is('{name}')")

    def expect_message(self, kind: str = "success") -> str:
        message = self.page.locator(f".message-{kind}").first
        assert message.is_visible(), f"no {kind} message on {self.page.url}: {self.page.content()[:2000]}"
        return message.inner_text()


def unexpected_console_errors(watched) -> list[str]:
    """Console errors other than the 400 answers to the refused forms this test sends on purpose."""
    return [e for e in watched.console_errors if "status of 400" not in e]


def run_to_notice(flow: Flow, demo) -> PromotionApplication:
    """HR opens the cycle, the agent applies, head, HR and management approve, HR publishes the notice."""
    page = flow.page
    agent = demo.agent

    # HR opens a cycle; a window reaching into April is refused with the policy's months named.
    flow.login("hr")
    flow.nav_promotions()
    page.fill("#name", CYCLE_NAME)
    assert page.input_value("#opens_on") == "2027-03-08"
    assert page.input_value("#closes_on") == "2027-03-31"
    page.fill("#closes_on", "2027-04-15")
    flow.click("#open-cycle button[type=submit]")
    error = flow.expect_message("error")
    assert "2027-04" in error
    flow.snap("01-hr-window-outside-the-policy-months")
    page.fill("#closes_on", "2027-03-31")
    flow.click("#open-cycle button[type=submit]")
    flow.expect_message()
    assert page.locator("h1").first.inner_text() == CYCLE_NAME
    flow.snap("02-hr-cycle-opened")

    # The agent, not eligible yet, is not pushed into a form: the home card says so, the apply page says why
    # and from when, and the form comes only as an exception application that says it is one.
    flow.login("agent")
    assert page.locator("#my-promotion").is_visible()
    card = page.locator("section[aria-labelledby=my-promotion]")
    assert card.locator("a.btn-primary[href$='/apply/']").count() == 0
    flow.snap("03-agent-home-card")
    flow.click("section[aria-labelledby=my-promotion] a[href$='/apply/']")
    assert page.locator("#standing #outlook-CS3").is_visible()
    assert page.locator("#exception-notice").is_visible() and page.locator("#application-form").count() == 0
    flow.snap("03b-agent-where-they-stand")
    flow.click("#apply-as-exception")
    page.select_option("#target_level", "CS3")
    page.fill(
        "#f-achievements", "近六个月客户满意度稳定在 4.7 以上，处理升级投诉 86 件，收到客户表扬信 5 封。"
    )
    page.fill("#f-capability_growth", "能独立处理复杂的售后纠纷，并为新人讲解退换货流程。")
    page.fill("#f-role_understanding", "高级客服负责疑难工单、质检抽查反馈和新人带教。")
    page.fill("#f-plan", "每周组织一次案例复盘，三个月内整理十篇知识库文章。")
    page.set_input_files(
        "#attachments",
        files=[{"name": "客户表扬信.txt", "mimeType": "text/plain", "buffer": "客户表扬信五封".encode()}],
    )
    flow.snap("04-agent-application-form")
    flow.click("#application-form button[type=submit]")
    assert "/review/" in page.url
    assert page.locator("#exception_reason").is_visible()  # the demo agent is not eligible yet
    page.fill("#exception_reason", "带教新人成效突出，部门推荐破格申请。")
    flow.snap("05-agent-review-before-submitting")
    flow.click("#submit-application")
    flow.expect_message()
    assert page.locator("#case-state .state-submitted").is_visible()
    assert page.locator("#case-state .badge-exception").is_visible()
    flow.snap("06-agent-case-submitted")
    app = PromotionApplication.objects.get(applicant=agent)
    assert app.is_exception and app.attachments.count() == 1

    # The department head approves with an opinion.
    flow.login("head")
    flow.open_case(agent.name)
    flow.snap("07-head-department-review")
    page.fill("#department-opinion", "业绩扎实，带教贡献明显，同意推荐。")
    flow.click("#department-approve")
    flow.expect_message()
    assert page.locator("#case-state .state-dept_approved").is_visible()

    # HR schedules an assessment, records its scores, and approves.
    flow.login("hr")
    flow.open_case(agent.name)
    page.select_option("#assessment-form select[name=kind]", "assessment")
    page.fill("#assessment-form input[name=scheduled_at]", "2027-03-09T10:00")
    flow.click("#schedule")
    flow.expect_message()
    page.fill("input[name=score_name_0]", "业务知识笔试")
    page.fill("input[name=score_value_0]", "88.5")
    page.fill("input[name=score_name_1]", "情景模拟")
    page.fill("input[name=score_value_1]", "91")
    flow.click("#record-scores")
    flow.expect_message()
    assert "88.5" in page.locator("#hr").inner_text()
    page.fill("#hr-opinion", "数据核实无误，测评成绩良好，同意。")
    flow.snap("08-hr-review-with-assessment")
    flow.click("#hr-approve")
    flow.expect_message()
    assert page.locator("#case-state .state-hr_approved").is_visible()

    # Management approves from the ranked candidates on the cycle page.
    flow.login("management")
    flow.nav_promotions()
    flow.click(f"a:text-is('{CYCLE_NAME}')")
    row = page.locator("#candidates tr", has_text=agent.name)
    assert row.is_visible()
    flow.snap("09-management-ranked-candidates")
    row.locator("input[name=opinion]").fill("符合公司发展需要，同意晋升。")
    flow.click(f"#candidates tr:has-text('{agent.name}') button[value=approve]")
    flow.expect_message()

    # HR publishes the notice from the cycle page.
    flow.login("hr")
    flow.nav_promotions()
    flow.click(f"a:text-is('{CYCLE_NAME}')")
    flow.snap("10-hr-before-publishing")
    flow.click("#publish-notice")
    flow.expect_message()
    flow.snap("11-hr-notice-published")
    app.refresh_from_db()
    assert app.state == State.ON_NOTICE
    return app


def test_whole_cycle_by_clicks_in_chinese(browser_page, live_server, promo_demo):
    flow = Flow(browser_page, live_server.url)
    page = flow.page
    agent = promo_demo.agent
    old_level = LevelAssignment.objects.filter(employee=agent).order_by("-effective_from").first().level
    old_pay = PayRecord.objects.filter(employee=agent).order_by("-effective_from").first().monthly_amount
    app = run_to_notice(flow, promo_demo)
    notice = PromotionNotice.objects.get(cycle__name=CYCLE_NAME)  # the demo has a finished cycle too
    assert notice.provisional  # 2027's holiday calendar is not official yet: shown as provisional

    # Everyone sees the notice: names and levels, no figures, no pay.
    flow.login("lead")
    flow.nav_promotions()
    flow.click("a[href='/promotions/notices/']")
    text = page.locator("main").inner_text()
    assert agent.name in text and app.target_level.name_zh in text
    assert f"{old_pay:,.2f}" not in page.content() and str(old_pay) not in page.content()
    flow.snap("12-colleague-public-notice")
    flow.click(f"a[href='/promotions/notices/{notice.pk}/']")
    flow.snap("13-printable-notice")
    flow.snap_print("13-printable-notice")

    # Finalising during the notice is refused with the end date.
    flow.login("hr")
    flow.open_case(agent.name)
    flow.click("#finalise")
    assert notice.ends_on.isoformat() in flow.expect_message("error")

    # Time passes: the day after the notice ends, HR finalises.
    promo_demo.set_today(notice.ends_on + dt.timedelta(days=1))
    page.goto(page.url)  # a GET: reloading would send the refused POST again
    assert page.locator("#pay").is_visible()
    flow.snap("14-hr-finalise-with-pay")
    flow.click("#finalise")
    flow.expect_message()
    assert page.locator("#case-state .state-effective").is_visible()
    flow.snap("15-hr-case-effective")

    # The agent sees the effective promotion and their own new pay.
    flow.login("agent")
    flow.click("section[aria-labelledby=my-promotion] a[href^='/promotions/applications/']")
    pay = PayChange.objects.get(application=app)
    assert page.locator("#pay").is_visible()
    assert f"{pay.final_amount:,.2f}" in page.locator("#pay").inner_text()
    flow.snap("16-agent-case-effective")
    flow.click(f"a[href='/promotions/applications/{app.pk}/print/']")
    flow.snap("17-printable-application-form")
    flow.snap_print("17-printable-application-form")

    # Level and pay change from the first day of the month after the notice, not before.
    effective = first_day_of_next_month(notice.ends_on)
    app.refresh_from_db()
    assert app.state == State.EFFECTIVE and app.effective_on == effective
    assert LevelAssignment.objects.get(employee=agent, effective_from=effective).level == Level.objects.get(
        code="CS3"
    )
    before = LevelAssignment.objects.filter(employee=agent, effective_from__lt=effective)
    assert before.order_by("-effective_from").first().level == old_level
    new_pay = PayRecord.objects.get(employee=agent, effective_from=effective).monthly_amount
    assert new_pay == pay.final_amount and new_pay > old_pay
    assert pay.proposed_amount == max(
        pay.band_min or Decimal(0), (old_pay * pay.min_ratio).quantize(Decimal("0.01"))
    )
    assert not PayRecord.objects.filter(employee=agent, effective_from__gt=effective).exists()

    # Every stage's audit row names its actor.
    audited = set(AuditEvent.objects.filter(employee=agent).values_list("action", "actor_label"))
    assert {
        ("promotion.create", "agent"),
        ("promotion.attachment_add", "agent"),
        ("promotion.submit", "agent"),
        ("promotion.dept_approve", "head"),
        ("promotion.assessment_schedule", "hr"),
        ("promotion.assessment_record", "hr"),
        ("promotion.hr_approve", "hr"),
        ("promotion.mgmt_approve", "management"),
        ("promotion.publish", "hr"),
        ("promotion.finalise", "hr"),
    } <= audited
    assert unexpected_console_errors(browser_page) == []


def test_appeal_upheld_sends_the_application_back_to_hr_review(browser_page, live_server, promo_demo):
    flow = Flow(browser_page, live_server.url)
    page = flow.page
    agent = promo_demo.agent
    app = run_to_notice(flow, promo_demo)

    # A colleague (the team lead) appeals from the public notice.
    flow.login("lead")
    flow.nav_promotions()
    flow.click("a[href='/promotions/notices/']")
    flow.click(f"a[href='/promotions/notices/entries/{app.pk}/appeal/']")
    page.fill("#text", "该同事上月有一次客户投诉未按流程上报，请核实。")
    flow.snap("20-colleague-files-an-appeal")
    flow.click("#file-appeal")
    flow.expect_message()
    app.refresh_from_db()
    assert app.state == State.UNDER_APPEAL

    # The applicant sees the appeal but not who filed it.
    flow.login("agent")
    flow.click("section[aria-labelledby=my-promotion] a[href^='/promotions/applications/']")
    assert page.locator("#case-state .state-under_appeal").is_visible()
    assert "lead" not in page.locator("#appeals").inner_text()
    assert "lead" not in page.locator("#timeline").inner_text()
    flow.snap("21-applicant-under-appeal")

    # HR sees the appellant in its inbox and upholds the appeal: back to the HR review.
    flow.login("hr")
    assert page.locator("nav.mainnav .nav-count").is_visible()
    flow.nav_promotions()
    flow.click("a[href='/promotions/appeals/']")
    appellant = page.locator(".appeal .person").first.inner_text()
    assert "组长" in appellant and "lead" not in appellant  # the lead, by name and role, not their login
    page.locator(".appeal input[name=outcome][value=upheld_hr]").first.check()
    page.fill(".appeal textarea[name=answer]", "经核实投诉属实，退回人力资源部复审。")
    flow.snap("22-hr-appeal-inbox")
    flow.click(".appeal button[type=submit]")
    flow.expect_message()
    flow.snap("23-hr-appeal-answered")
    app.refresh_from_db()
    assert app.state == State.DEPT_APPROVED and app.notice is None
    assert AuditEvent.objects.filter(
        employee=agent, action="promotion.appeal_uphold_hr", actor_label="hr"
    ).exists()
    assert AuditEvent.objects.filter(
        employee=agent, action="promotion.appeal_file", actor_label="lead"
    ).exists()

    # The case is at the HR review again.
    flow.open_case(agent.name)
    assert page.locator("#case-state .state-dept_approved").is_visible()
    assert page.locator("#hr-approve").is_visible()
    flow.snap("24-hr-review-again")
    assert unexpected_console_errors(browser_page) == []
