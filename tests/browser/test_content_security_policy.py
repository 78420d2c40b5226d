"""Every page, for every role, satisfies the Content-Security-Policy: no violation is reported.

The browser enforces the policy the server sends; an init script records each `securitypolicyviolation`
event (an inline style or script, a style attribute, an injected <style>, …) and the console's "Refused to"
messages. The pages are found by following the links on each page, from the navigation down, a few pages per
URL pattern, so detail pages (profiles, paths, cycles, applications, confirmations) are visited as well.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlparse

import pytest
from django.urls import Resolver404, resolve

from tests.browser.test_every_role_every_page import ROLE_USERS, demo_org, log_in  # noqa: F401

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(
    `${e.violatedDirective} blocked=${e.blockedURI} at ${e.sourceFile}:${e.lineNumber} sample=${e.sample}`);
});
"""
PER_PATTERN = 2  # pages visited per URL pattern (e.g. two profiles, two applications)
MAX_PAGES = 60
SKIP_PREFIXES = ("/logout", "/i18n/", "/static/", "/healthz")
# not pages: downloads (page.goto refuses a file), a stored policy file, a redirect
SKIP_NAMES = {
    "eligibility_export",
    "promotion_attachment",
    "notification_open",
    "policy_version",
    "import_template",
}


# Files, not pages (page.goto refuses a download): any path ending in a file name.
DOWNLOAD_SUFFIXES = (".csv", ".xlsx", ".json", ".yaml", ".parquet", ".pdf")


def _is_download(path: str) -> bool:
    return path.split("?", 1)[0].lower().endswith(DOWNLOAD_SUFFIXES)


def _url_name(path: str) -> str | None:
    try:
        return resolve(path).url_name
    except Resolver404:
        return None


def _links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href^='/']", "els => els.map(e => e.getAttribute('href'))")
    return [urlparse(h).path for h in hrefs]


def _violations(watched) -> list[str]:
    found = watched.page.evaluate("window.__cspViolations || []")
    refused = [m for m in watched.console_errors if "Refused to" in m or "Content Security Policy" in m]
    return found + refused


def crawl(watched, base_url: str, inspect=_violations) -> dict[str, list[str]]:
    """Visit pages reachable by links from the home page; answer {path: inspect(watched)} for each one."""
    page = watched.page
    queue, seen, per_name, results = ["/"], set(), Counter(), {}
    while queue and len(results) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen or path.startswith(SKIP_PREFIXES):
            continue
        seen.add(path)
        name = _url_name(path)
        if name is None or name in SKIP_NAMES or _is_download(path) or per_name[name] >= PER_PATTERN:
            continue
        per_name[name] += 1
        watched.console_errors.clear()
        response = page.goto(f"{base_url}{path}")
        page.wait_for_load_state("networkidle")
        assert response is not None
        assert response.headers.get("content-security-policy"), f"{path} has no Content-Security-Policy"
        results[path] = inspect(watched)
        queue.extend(link for link in _links(page) if link not in seen)
    return results


@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_every_page_satisfies_the_content_security_policy(browser_page, live_server, demo_org, role):  # noqa: F811
    browser_page.page.context.add_init_script(RECORD_VIOLATIONS)
    language = "en" if list(ROLE_USERS).index(role) % 2 else "zh-hans"
    log_in(browser_page, live_server.url, ROLE_USERS[role], language)
    results = crawl(browser_page, live_server.url)
    # the API's interactive documentation is a page too
    browser_page.console_errors.clear()
    response = browser_page.page.goto(f"{live_server.url}/api/docs")
    browser_page.page.wait_for_selector(".swagger-ui .info", timeout=15000)
    assert response is not None and response.headers.get("content-security-policy")
    results["/api/docs"] = _violations(browser_page)
    assert len(results) >= 8, f"only {sorted(results)} visited"
    broken = {path: sorted(set(found))[:5] for path, found in results.items() if found}
    assert broken == {}, f"CSP violations on {len(broken)} of {len(results)} pages: {broken}"
