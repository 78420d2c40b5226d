"""The what-if page over HTTP: who may run it, what it shows, invalid drafts, uploads, the edit page's
"Try a draft without saving", and that nothing is stored."""

import re

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from serviceladder.accounts.roles import Role
from serviceladder.audit.models import AuditEvent
from serviceladder.org.selectors import today
from serviceladder.policy.models import PolicyVersion
from tests.factories import user_with_roles
from tests.whatif.conftest import CSAT_RULE, draft_text, in_force_text

pytestmark = pytest.mark.django_db

URL = reverse("policy_whatif")
LOWER = draft_text(csat=CSAT_RULE.replace("value: 4.5", "value: 4.3"))


@pytest.fixture(autouse=True)
def _plain_http(settings):
    settings.SECURE_SSL_REDIRECT = False


def _rows():
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


def _section(html: str, title_id: str) -> str:
    start = html.index(f'id="{title_id}"')
    end = html.find("</section>", start)
    return html[start:end]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_hr_sees_the_form_prefilled_with_the_policy_in_force(client, preset_org):
    client.force_login(preset_org["hr"])
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["yaml_text"] == PolicyVersion.objects.get().content
    assert response.context["as_of"]  # today
    html = response.content.decode()
    assert 'name="draft_file"' in html and 'enctype="multipart/form-data"' in html
    assert "Gains" not in html  # nothing run yet


def test_a_lowered_threshold_shows_a_gain(client, preset_org):
    client.force_login(preset_org["hr"])
    before = _rows()
    response = client.post(URL, {"yaml": LOWER, "as_of": "2026-07-01"})
    assert response.status_code == 200
    result = response.context["result"]
    eligible = result["summary"][0]
    assert (eligible["status"], eligible["before"], eligible["after"], eligible["signed"]) == (
        "eligible",
        3,
        4,
        "+1",
    )
    (gain,) = result["gains"]["rows"]
    assert gain["number"] == "W002" and gain["team"] == "Hotline 1"
    assert gain["before"] == "not yet" and gain["after"] == "eligible now"
    assert gain["lines"] == ["CSAT 4.4 over the last 6 months; at least 4.3 needed"]
    # what the draft changes, as on the policy diff page
    (group,) = result["draft_changes"]
    assert group["rest"] == "CS1→CS2" and "4.3" in group["changes"][0]["text"]
    html = response.content.decode()
    gains = _text(_section(html, "whatif-gains"))
    assert "坐席W002" in gains and "CSAT 4.4 over the last 6 months; at least 4.3 needed" in gains
    assert "Nobody loses under the draft." in _text(_section(html, "whatif-losses"))
    team_row = next(r for r in result["by_team"] if r["key"] == "t1")
    assert [(c["before"], c["after"]) for c in team_row["cells"]][:2] == [(1, 2), (1, 0)]
    assert "Hotline 1" in html
    # the draft stays in the box for the next round
    assert response.context["yaml_text"] == LOWER
    assert _rows() == before


def test_management_may_run_it_too(client, preset_org):
    client.force_login(preset_org["management"])
    response = client.post(URL, {"yaml": LOWER, "as_of": "2026-07-01"})
    assert response.status_code == 200
    assert [r["number"] for r in response.context["result"]["gains"]["rows"]] == ["W002"]
    assert 'href="/policy/edit/"' not in response.content.decode()  # HR only


@pytest.mark.parametrize("role", [Role.AGENT, Role.TEAM_LEAD, Role.DEPARTMENT_HEAD, Role.ADMIN, None])
def test_other_roles_may_not_run_it(client, preset_org, role):
    user = user_with_roles("someone", *([role] if role else []))
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"yaml": LOWER, "as_of": "2026-07-01"}).status_code == 403


def test_an_invalid_draft_lists_its_problems_next_to_the_editor(client, preset_org):
    client.force_login(preset_org["hr"])
    bad = in_force_text().replace("to: CS2", "to: CS9", 1)
    line = next(n for n, t in enumerate(bad.splitlines(), start=1) if "to: CS9" in t)
    before = _rows()
    response = client.post(URL, {"yaml": bad, "as_of": "2026-07-01"})
    assert response.status_code == 400
    assert response.context["result"] is None
    (issue,) = response.context["issues"]
    assert (issue["path"], issue["line"]) == ("transitions[0].to", line)
    assert [(c["n"], c["hit"]) for c in issue["context"]] == [
        (line - 1, False),
        (line, True),
        (line + 1, False),
    ]
    assert issue["context"][1]["text"].strip() == "to: CS9"
    html = response.content.decode()
    problems = _text(_section(html, "draft-problems").split("</aside>")[0])
    assert f"Line {line}" in problems and "transitions[0].to" in problems
    assert "No level has the code CS9" in problems
    assert 'aria-invalid="true"' in html
    assert response.context["yaml_text"] == bad  # kept for fixing
    assert _rows() == before
    assert not AuditEvent.objects.filter(action__startswith="policy").exclude(action="policy.load").exists()


def test_a_valid_draft_is_never_stored(client, preset_org):
    client.force_login(preset_org["hr"])
    versions, events = PolicyVersion.objects.count(), AuditEvent.objects.count()
    renamed = LOWER.replace("name: cn-standard", "name: draft-2027", 1)
    assert client.post(URL, {"yaml": renamed, "as_of": "2026-07-01"}).status_code == 200
    assert (PolicyVersion.objects.count(), AuditEvent.objects.count()) == (versions, events)


def test_an_uploaded_file_wins_over_the_box(client, preset_org):
    client.force_login(preset_org["hr"])
    upload = SimpleUploadedFile(
        "draft.yaml", ("\ufeff" + LOWER).encode("utf-8"), content_type="application/yaml"
    )
    response = client.post(URL, {"yaml": in_force_text(), "as_of": "2026-07-01", "draft_file": upload})
    assert response.status_code == 200
    assert [r["number"] for r in response.context["result"]["gains"]["rows"]] == ["W002"]
    assert response.context["yaml_text"] == LOWER  # the uploaded text is now in the box


def test_bad_uploads_and_dates(client, preset_org):
    client.force_login(preset_org["hr"])
    latin1 = SimpleUploadedFile("draft.yaml", "name: é\n".encode("latin-1"))
    response = client.post(URL, {"yaml": "", "as_of": "2026-07-01", "draft_file": latin1})
    assert response.status_code == 400 and "not UTF-8 text" in response.context["errors"][0]
    response = client.post(URL, {"yaml": LOWER, "as_of": "July"})
    assert response.status_code == 400 and "YYYY-MM-DD" in response.context["errors"][0]
    response = client.post(URL, {"yaml": "  ", "as_of": "2026-07-01"})
    assert response.status_code == 400 and response.context["result"] is None
    response = client.post(URL, {"yaml": LOWER, "as_of": "2023-01-01"})  # no version in force then
    assert response.status_code == 400 and "No policy version is in force" in response.context["errors"][0]


def test_the_edit_page_tries_its_fields_without_saving(client, preset_org):
    client.force_login(preset_org["hr"])
    form = client.get(reverse("policy_edit"))
    assert 'formaction="/policy/whatif/#whatif-result-title"' in form.content.decode()
    data = {
        "base": form.context["base"].number,
        "yaml": form.context["yaml_text"],
        "effective": "",
        "reason": "",
    }
    for section in form.context["sections"]:
        for p in section.params():
            if p.kind != "bool":
                data[p.name] = p.value
            elif p.value == "true":
                data[p.name] = "true"
    csat = "p:transitions[0].conditions.metric_thresholds[0].value"
    assert data[csat] == "4.5"
    data[csat] = "4.3"
    versions = PolicyVersion.objects.count()
    response = client.post(URL, {**data, "action": "whatif"})
    assert response.status_code == 200
    assert "value: 4.3, window: 6" in response.context["yaml_text"]
    # the edit page has no date field: the simulation runs on today
    assert response.context["result"]["as_of"] == today()
    # with the figures' date, the field's new value makes W002 eligible
    response = client.post(URL, {**data, "action": "whatif", "as_of": "2026-07-01"})
    assert [r["number"] for r in response.context["result"]["gains"]["rows"]] == ["W002"]
    assert PolicyVersion.objects.count() == versions


def test_history_links_to_the_page(client, preset_org):
    client.force_login(preset_org["management"])
    assert 'href="/policy/whatif/"' in client.get(reverse("policy_history")).content.decode()


def test_the_page_in_chinese(client, preset_org):
    client.force_login(preset_org["hr"])
    client.cookies["serviceladder_language"] = "zh-hans"
    response = client.post(URL, {"yaml": LOWER, "as_of": "2026-07-01"})
    assert response.status_code == 200
    (gain,) = response.context["result"]["gains"]["rows"]
    assert (gain["before"], gain["after"]) == ("暂未符合", "现已符合条件")
    assert 'lang="zh-hans"' in response.content.decode()
