"""By clicks, in Chinese: the agent applies with two files, removes one from the draft (htmx confirm),
submits, and removes the other while the case waits for the department review. The stored files go too.

With SERVICELADDER_SCREENSHOTS=<dir> each step is saved in zh-hans and in en.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

from serviceladder.audit.models import AuditEvent
from serviceladder.promotions.models import ApplicationAttachment, PromotionApplication
from serviceladder.promotions.states import State
from tests.browser.conftest import screenshot
from tests.promotions_web import builders as web
from tests.web.org import build_org

pytestmark = pytest.mark.browser

PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory
LANGUAGE_COOKIE = "serviceladder_language"


@pytest.fixture
def org(transactional_db, monkeypatch):
    org = build_org(months=2)
    web.cycle(org)  # HR opened 2026 下半年晋升 (September window)
    monkeypatch.setattr("serviceladder.promotions.clock.today", lambda: web.SEPTEMBER)
    return org


class Steps:
    def __init__(self, watched, base: str):
        self.page, self.base = watched.page, base

    def login(self, username: str, language: str = "zh-hans") -> None:
        page = self.page
        page.context.add_cookies([{"name": LANGUAGE_COOKIE, "value": language, "url": self.base}])
        page.goto(f"{self.base}/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.locator("form button[type=submit]").first.click()
        assert "/login/" not in page.url
        assert page.locator("html").get_attribute("lang") == language

    def click(self, selector: str) -> None:
        with self.page.expect_navigation():
            self.page.locator(selector).first.click()

    def snap(self, name: str) -> None:
        """This page in zh-hans, and the same address in en in a second tab."""
        if not os.environ.get("SERVICELADDER_SCREENSHOTS"):
            return
        page, context = self.page, self.page.context
        screenshot(page, f"attachment-{name}-zh-hans")
        context.add_cookies([{"name": LANGUAGE_COOKIE, "value": "en", "url": self.base}])
        other = context.new_page()
        try:
            other.goto(page.url)
            screenshot(other, f"attachment-{name}-en")
        finally:
            other.close()
            context.add_cookies([{"name": LANGUAGE_COOKIE, "value": "zh-hans", "url": self.base}])

    def remove(self, name: str) -> str:
        """Click the remove button of the file `name`, accept the confirm, wait for the page it leads to."""
        page = self.page
        questions: list[str] = []

        def accept(dialog):
            questions.append(dialog.message)
            dialog.accept()

        page.once("dialog", accept)
        row = page.locator("#attachments li", has_text=name)
        with page.expect_navigation():
            row.locator("button[type=submit]").click()
        assert questions and name in questions[0]
        return questions[0]


def test_the_applicant_uploads_and_removes_attachments(browser_page, live_server, org):
    steps = Steps(browser_page, live_server.url)
    page = steps.page
    cycle = web.cycle(org)

    steps.login("lina")
    page.goto(f"{live_server.url}/promotions/cycles/{cycle.pk}/apply/")
    page.select_option("#target_level", "L3")
    for field, text in web.FORM.items():
        page.fill(f"#f-{field}", text)
    page.set_input_files(
        "#attachments",
        files=[
            {"name": "客户表扬信.txt", "mimeType": "text/plain", "buffer": "客户表扬信五封".encode()},
            {"name": "质检报告.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 quality report"},
        ],
    )
    steps.click("#application-form button[type=submit]")
    assert "/review/" in page.url
    app = PromotionApplication.objects.get(applicant=org.employees["E2003"])
    stored = {a.original_name: Path(settings.MEDIA_ROOT) / a.file.name for a in app.attachments.all()}
    assert set(stored) == {"客户表扬信.txt", "质检报告.pdf"} and all(p.exists() for p in stored.values())

    # The draft's case page: both files, each with a remove button (no reason asked of the uploader).
    page.goto(f"{live_server.url}/promotions/applications/{app.pk}/")
    assert page.locator("#attachments li").count() == 2
    assert page.locator("#attachments input[name=reason]").count() == 0
    steps.snap("01-draft-with-two-files")
    question = steps.remove("质检报告.pdf")
    assert "质检报告.pdf" in question
    assert "质检报告.pdf" in page.locator(".message-success").first.inner_text()
    assert page.locator("#attachments li").count() == 1
    history = page.locator("#timeline").inner_text()
    assert "质检报告.pdf" in history
    steps.snap("02-draft-one-file-removed")
    assert not stored["质检报告.pdf"].exists() and stored["客户表扬信.txt"].exists()

    # Submitted and waiting for the department review: the uploader may still take a file back.
    page.goto(f"{live_server.url}/promotions/applications/{app.pk}/review/")
    if page.locator("#exception_reason").count():
        page.fill("#exception_reason", "带教新人成效突出")
    steps.click("#submit-application")
    assert page.locator("#case-state .state-submitted").is_visible()
    steps.snap("03-submitted-before-the-department-review")
    steps.remove("客户表扬信.txt")
    assert page.locator("#attachments").count() == 0
    assert page.locator("#timeline .tl-attachment_removed").count() == 2
    steps.snap("04-submitted-both-files-removed")
    assert not stored["客户表扬信.txt"].exists()
    app.refresh_from_db()
    assert app.state == State.SUBMITTED and not ApplicationAttachment.objects.filter(application=app).exists()
    assert AuditEvent.objects.filter(action="promotion.attachment_remove", actor_label="lina").count() == 2
    assert browser_page.console_errors == []
