"""Performance pay by clicks alone, in Chinese (issue 15, "Tests"): HR 赵敏 follows the to-do on her home
page, proposes last month, adjusts 李娜's bonus with a reason, approves the month and downloads the payroll
file; the download is checked (UTF-8 with BOM, Chinese and English headers, 李娜's adjusted amount). At a
desktop width and at a phone width (390 px), where nothing may scroll sideways."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.policy.services import policy_load
from serviceladder.recognition.models import BonusLine, BonusMonth
from tests.browser.conftest import screenshot
from tests.browser.test_development_cycle import click, fits, log_in_chinese, new_page
from tests.recognition.pay_org import last_month, pay_policy_text, publish_stars
from tests.web.org import build_org

HR = "zhaomin"


@pytest.fixture
def pay_org(transactional_db):
    org = build_org()
    policy_load(actor=Actor(user=org.users["hr"]), text=pay_policy_text(), effective=dt.date(2024, 1, 1))
    publish_stars(org, last_month(), {"E2003": 1, "E2004": 3})
    return org


@pytest.mark.parametrize("width", [1366, 390])
def test_hr_proposes_adjusts_approves_and_downloads_in_chinese(chromium_browser, live_server, pay_org, width):
    month = last_month()
    page = new_page(chromium_browser, live_server.url, width)
    log_in_chinese(page, live_server.url, HR)
    todo = page.locator("#todos .todo[data-kind='recognition.bonus_propose']")
    assert month in todo.inner_text()
    click(page, todo.locator("a"))
    assert page.locator("#month").input_value() == month
    fits(page, width)
    click(page, page.locator("#bonus-propose button[type=submit]"))
    assert page.url.endswith(f"/recognition/pay/{month}/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    screenshot(page, f"pay-{width}-1-proposed")
    fits(page, width)
    row = page.locator("#bonus-lines tr[data-number='E2003']")
    assert "720.00" in row.inner_text()
    click(page, row.locator("a"))
    page.fill("#adjustment", "500")  # above ± 20 %: refused with the bounds
    page.fill("#reason", "客户书面表扬两次")
    click(page, page.locator("#bonus-adjust button[type=submit]"))
    assert "-144.00" in page.locator("[role=alert]").inner_text()
    page.fill("#adjustment", "80")
    click(page, page.locator("#bonus-adjust button[type=submit]"))
    fits(page, width)
    assert "800.00" in page.locator("#bonus-lines tr[data-number='E2003']").inner_text()
    click(page, page.locator("#bonus-approve button[type=submit]"))
    screenshot(page, f"pay-{width}-2-approved")
    fits(page, width)
    with page.expect_download() as info:
        page.locator("#download-csv").click()
    with open(info.value.path(), "rb") as f:
        data = f.read()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["员工编号 Employee number", "姓名 Name", "月份 Month"]
    lina = next(r for r in rows if r[0] == "E2003")
    assert (lina[1], lina[2], lina[8], lina[9], lina[11]) == (
        "李娜",
        month,
        "80.00",
        "800.00",
        "客户书面表扬两次",
    )
    bm = BonusMonth.objects.get(month=month)
    assert bm.state == "approved"
    assert BonusLine.objects.get(bonus_month=bm, employee__number="E2003").amount == Decimal("800.00")
    assert AuditEvent.objects.filter(action="recognition.bonus_adjust").count() == 1
    # the refused adjustment answered 400 (the form with its error), which the console reports; nothing else
    assert not page.outside and [e for e in page.errors if "400" not in e] == []
