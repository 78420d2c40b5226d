"""The audit log in a browser: every name stays on one line (never one character per line), at desk and phone
widths, in both languages, with a long sentence and many labelled values beside it."""

from __future__ import annotations

import pytest

from serviceladder.audit.services import Actor, audit_record
from tests.browser.conftest import log_in, screenshot
from tests.web.org import build_org

PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory


@pytest.fixture
def org(transactional_db):
    org = build_org(months=2)
    audit_record(
        actor=Actor(user=org.users["department_head"]),
        action="promotion.dept_approve",
        employee=org.employees["E2003"],
        before={"state": "submitted"},
        after={"state": "dept_approved", "stage": "department", "decision": "approve", "is_exception": False},
        reason="业绩达标，能力符合要求，同意晋升。" * 4,
    )
    return org


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("width", [1366, 390])
def test_names_never_wrap_in_the_audit_log(browser_page, live_server, org, language, width):
    page = browser_page.page
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server.url, "zhaomin", PASSWORD, language)
    page.goto(f"{live_server.url}/audit/")
    names = page.locator(".audit-table .person-name")
    assert names.count() >= 4
    for i in range(names.count()):
        box = names.nth(i).bounding_box()
        line = float(names.nth(i).evaluate("e => parseFloat(getComputedStyle(e).lineHeight) || 20"))
        assert box["height"] < 1.6 * line, (names.nth(i).inner_text(), box)
    sentence = page.locator(".audit-sentence").first
    assert sentence.bounding_box()["width"] > 150  # the sentence has room to read
    screenshot(page, f"audit-log-{language}-{width}")
