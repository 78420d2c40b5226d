"""The Queues page in a browser: a department head's queue at 1366 px and on a 390 px phone, where each
queue is a block and every figure is on screen without scrolling sideways (not even inside the table box).
Screenshots in both languages when SERVICELADDER_SCREENSHOTS is set."""

from __future__ import annotations

import pytest

from serviceladder.metrics.models import QueueMonthlyFigure
from tests.browser.conftest import screenshot
from tests.browser.test_every_role_every_page import demo_org, log_in  # noqa: F401


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_department_head_reads_their_queue_on_a_desktop_and_a_phone(
    browser_page,
    live_server,
    demo_org,  # noqa: F811
    language,
):
    page = browser_page.page
    log_in(browser_page, live_server.url, "head", language)
    department = demo_org["agent"].team.department
    mine = QueueMonthlyFigure.objects.filter(department=department).order_by("-month").first()
    page.goto(f"{live_server.url}/queues/")
    rows = page.locator(".queue-table tbody tr")
    assert rows.count() == 1
    # English groups thousands with commas; Chinese writes the number whole (Django's zh-Hans formats).
    offered = f"{mine.offered:,}" if language == "en" else f"{mine.offered}"
    assert mine.queue in rows.first.inner_text() and offered in rows.first.inner_text()
    screenshot(page, f"{language}-queues-1366")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    wrap = page.locator(".table-wrap")
    assert wrap.evaluate("e => e.scrollWidth <= e.clientWidth")
    for cell in page.locator(".queue-table tbody td").all():
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    screenshot(page, f"{language}-queues-390")
    assert browser_page.console_errors == []
