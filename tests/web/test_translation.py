"""Every page renders fully in Chinese, and the catalogue is complete."""

import re
from html.parser import HTMLParser

import polib
import pytest
from django.urls import reverse

from serviceladder.paths import PACKAGE_DIR
from tests.web.org import USERS
from tests.web.pages import ROUTES

PO = PACKAGE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"

# Product tokens and identifiers that stay in Latin letters in any language.
ALLOWED = {"serviceladder", "csat", "fcr", "aht", "kpi", "qa", "hr", "english", "cny", "yaml"}
# File formats and encodings, named as the user sees them in file names and upload hints.
ALLOWED |= {"csv", "xlsx", "json", "parquet", "gbk", "utf-", "pdf"}
# File sizes in upload hints ("10 MB", "64 KB").
ALLOWED |= {"mb", "kb"}
ALLOWED |= {username for username, *_ in USERS.values()}
# "API" stays in Latin letters in Chinese too (API 令牌).
ALLOWED |= {"api"}
VISIBLE_ATTRS = {"title", "aria-label", "placeholder", "alt"}
SKIP_TAGS = {"script", "style"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class VisibleText(HTMLParser):
    """Collects text a person sees or hears: text nodes and a few attributes, minus translate="no" parts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # True where the element (or an ancestor) is not to be translated
        self.chunks: list[str] = []

    def _skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skip = self._skipping() or tag in SKIP_TAGS or attrs.get("translate") == "no"
        if not skip:
            self.chunks.extend(v for k, v in attrs.items() if k in VISIBLE_ATTRS and v)
        if tag not in VOID:
            self.stack.append(skip)

    def handle_startendtag(self, tag, attrs):
        attrs = dict(attrs)
        if not self._skipping() and attrs.get("translate") != "no":
            self.chunks.extend(v for k, v in attrs.items() if k in VISIBLE_ATTRS and v)

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not self._skipping():
            self.chunks.append(data)


def english_words(html: str) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    text = " ".join(parser.chunks)
    text = re.sub(r"\bE\d{3,}\b", " ", text)  # employee numbers
    text = re.sub(r"\b[A-Za-z]{1,4}\d{1,3}\b", " ", text)  # level codes and policy versions (CS3, X1, v12)
    words = set(re.findall(r"[A-Za-z][A-Za-z'’-]*", text))
    return {w for w in words if w.lower() not in ALLOWED}


def test_parser_sees_english():
    html = (
        '<p>统计 <b>Hello</b><span translate="no">lina</span><input placeholder="Search">'
        " 高级客服 (CS3) v12</p>"
        "<script>var x</script>"
    )
    assert english_words(html) == {"Hello", "Search"}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(USERS))
@pytest.mark.parametrize("header", [True, False], ids=["accept-language", "cookie"])
def test_every_page_is_chinese(client, org, role, header):
    client.force_login(org.users[role])
    if header:
        kwargs = {"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9,en;q=0.5"}
    else:
        client.cookies["serviceladder_language"] = "zh-hans"
        kwargs = {}
    problems = []
    for name, cases in ROUTES.items():
        # the API docs are Swagger UI's own page (English only)
        if name in {"logout", "set_language", "healthz", "api:openapi-view"}:
            continue
        for case in cases:
            if case.ok_status != 200 or 405 in case.denied_status:
                continue  # a redirect or a POST-only route: no page to read
            url = reverse(name, kwargs=case.kwargs(org, role)) + case.query
            response = client.get(url, **kwargs)
            assert response.status_code in {200, 403, 404}
            if not response["Content-Type"].startswith("text/html"):
                continue  # a stored policy file is served as plain text, exactly as loaded
            html = response.content.decode()
            if "<html" in html:  # htmx-polled fragments (import status) have no <html> element
                assert 'lang="zh-hans"' in html, url
            if words := english_words(html):
                problems.append(f"{url}: {sorted(words)}")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_login_page_is_chinese_for_a_chinese_browser(client):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "登录" in html and not english_words(html)


@pytest.mark.django_db
def test_htmx_fragment_is_chinese(client, org):
    client.force_login(org.users["hr"])
    client.cookies["serviceladder_language"] = "zh-hans"
    html = client.get(reverse("people"), {"q": "张"}, headers={"HX-Request": "true"}).content.decode()
    assert not english_words(html)


def test_catalogue_is_complete():
    po = polib.pofile(str(PO))
    assert not po.metadata_is_fuzzy
    untranslated = [e.msgid for e in po if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags]
    assert not untranslated, untranslated
    assert not fuzzy, fuzzy
