"""The administrator creates a login for an employee and copies its one-time link; the new person opens it,
is made to choose a password, and lands on their home page. Both sides at 1366 px and 390 px.

With SERVICELADDER_SCREENSHOTS=<dir> every step is saved, in English and in Chinese.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.web.org import build_org

PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory


@pytest.fixture
def org(transactional_db):
    return build_org(months=1)


def _sign_in(page, base: str, username: str, language: str) -> None:
    page.context.add_cookies([{"name": "serviceladder_language", "value": language, "url": base}])
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("form button[type=submit]").first.click()
    assert "/login/" not in page.url


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize(("language", "width"), [("en", 1366), ("zh-hans", 390)])
def test_admin_creates_a_login_and_the_person_sets_their_password(
    chromium_browser, live_server, org, language, width
):
    base = live_server.url
    viewport = {"width": width, "height": 900}
    admin_context = chromium_browser.new_context(viewport=viewport)
    person_context = chromium_browser.new_context(viewport=viewport)
    try:
        page = admin_context.new_page()
        _sign_in(page, base, "sysadmin", language)
        page.goto(f"{base}/people/E2004/")
        with page.expect_navigation():
            page.locator("a[href^='/admin-area/users/new/']").click()  # "Create login" on the profile
        assert page.input_value("#l-employee") == "E2004"
        assert page.input_value("#l-username") == "e2004"  # the suggestion
        page.fill("#l-username", "zhangwei")
        page.fill("#l-reason", "入职开通账号")
        _no_sideways_scroll(page)
        screenshot(page, f"admin-new-login-{language}-{width}")
        with page.expect_navigation():
            page.locator("form.login-form button[type=submit]").click()
        link = page.locator(".one-time-link").inner_text().strip()
        assert link.startswith(f"{base}/welcome/")
        _no_sideways_scroll(page)
        screenshot(page, f"admin-link-shown-{language}-{width}")

        person = person_context.new_page()
        person_context.add_cookies([{"name": "serviceladder_language", "value": language, "url": base}])
        person.goto(link)
        screenshot(person, f"person-welcome-{language}-{width}")
        with person.expect_navigation():
            person.locator("#welcome-continue").click()
        assert person.url.endswith("/account/password/")
        person.goto(f"{base}/ladder/")  # any other page sends them back to choose a password first
        assert person.url.endswith("/account/password/")
        _no_sideways_scroll(person)
        screenshot(person, f"person-must-choose-{language}-{width}")
        person.fill("#id_new_password1", "zhang-wei-own-2026")
        person.fill("#id_new_password2", "zhang-wei-own-2026")
        with person.expect_navigation():
            person.locator("#password-save").click()
        assert person.url == f"{base}/"
        assert person.locator(".message-success").first.is_visible()
        screenshot(person, f"person-home-{language}-{width}")

        person.goto(link)  # the link is spent
        assert person.locator("#welcome-continue").count() == 0

        page.goto(f"{base}/admin-area/users/zhangwei/")
        _no_sideways_scroll(page)
        screenshot(page, f"admin-login-page-{language}-{width}")
    finally:
        admin_context.close()
        person_context.close()
