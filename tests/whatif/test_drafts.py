"""Named policy drafts: HR saves the form under a name, reopens and changes it, runs the simulation from
it and deletes it; every write is audited; bad input writes nothing; only HR and management reach it."""

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from serviceladder.accounts.roles import Role
from serviceladder.audit.actions import ACTIONS
from serviceladder.audit.models import AuditEvent
from serviceladder.policy.errors import DRAFT_NAME_MISSING
from serviceladder.policy.models import PolicyDraft, PolicyVersion
from serviceladder.web import labels
from serviceladder.web.views.policy import _sections
from tests.factories import user_with_roles
from tests.whatif.conftest import AS_OF

pytestmark = pytest.mark.django_db

CSAT = "p:transitions[0].conditions.metric_thresholds[0].value"
CSAT_KEY = CSAT[2:]
NEW = reverse("policy_draft_new")


@pytest.fixture(autouse=True)
def _plain_http(settings):
    settings.SECURE_SSL_REDIRECT = False


def _rows():
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


def _form(client, url):
    response = client.get(url)
    assert response.status_code == 200
    ctx = response.context
    data = {"base": ctx["base"].number, "yaml": ctx["yaml_text"], "name": ctx["name"], "action": "save"}
    for section in ctx["sections"]:
        for p in section.params():
            if p.kind == "bool":
                if p.value == "true":
                    data[p.name] = "true"
            elif p.kind == "months":
                data[p.name] = [m["number"] for m in p.month_choices if m["checked"]]
            else:
                data[p.name] = p.value
    return data


def _save_lower_csat(client, name="CSAT 4.3 for CS1"):
    data = _form(client, NEW)
    assert data[CSAT] == "4.5"
    data.update({CSAT: "4.3", "name": name})
    response = client.post(NEW, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return PolicyDraft.objects.get(name=name)


def test_hr_saves_the_form_as_a_named_draft_that_is_not_a_version(client, preset_org):
    client.force_login(preset_org["hr"])
    versions = list(PolicyVersion.objects.values_list("pk", "content"))
    draft = _save_lower_csat(client)
    assert draft.params == {CSAT_KEY: "4.3"}
    assert "value: 4.3, window: 6" in draft.content and draft.base_version.number == 1
    assert draft.created_by == preset_org["hr"] and draft.updated_by == preset_org["hr"]
    assert list(PolicyVersion.objects.values_list("pk", "content")) == versions  # nothing in force changed
    event = AuditEvent.objects.get(action="policy.draft.create")
    assert event.object_id == str(draft.pk) and event.after["name"] == "CSAT 4.3 for CS1"
    assert event.after["parameters"] == {CSAT_KEY: "4.3"}
    listing = client.get(reverse("policy_drafts"))
    assert listing.status_code == 200 and "CSAT 4.3 for CS1" in listing.content.decode()


def test_a_reopened_draft_shows_its_values_and_saves_in_place(client, preset_org):
    client.force_login(preset_org["hr"])
    draft = _save_lower_csat(client)
    url = reverse("policy_draft", args=[draft.pk])
    data = _form(client, url)
    assert data[CSAT] == "4.3" and data["name"] == "CSAT 4.3 for CS1"
    data.update({"name": "CSAT 4.2", CSAT: "4.2", "p:process.application_months": ["3", "6", "9"]})
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == url
    draft.refresh_from_db()
    assert PolicyDraft.objects.count() == 1 and draft.name == "CSAT 4.2"
    assert draft.params == {CSAT_KEY: "4.2", "process.application_months": "3, 6, 9"}
    assert AuditEvent.objects.filter(action="policy.draft.update", object_id=str(draft.pk)).count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [({"name": "  "}, "name"), ({CSAT: "lots"}, CSAT), ({"yaml": "tracks: [\n"}, "yaml")],
)
def test_bad_input_writes_nothing(client, preset_org, change, field):
    client.force_login(preset_org["hr"])
    data = _form(client, NEW)
    data.update({"name": "Try", **change})
    before = _rows()
    response = client.post(NEW, data)
    assert response.status_code == 400
    assert _rows() == before
    if field == "name":
        assert response.context["name_error"] == str(DRAFT_NAME_MISSING)
    elif field == CSAT:
        (p,) = [p for s in response.context["sections"] for p in s.params() if p.name == CSAT]
        assert p.errors
    else:
        assert response.context["issues"]


def test_a_bad_change_to_a_stored_draft_leaves_it_as_it_was(client, preset_org):
    client.force_login(preset_org["hr"])
    draft = _save_lower_csat(client)
    url = reverse("policy_draft", args=[draft.pk])
    data = _form(client, url)
    data.update({CSAT: "lots", "name": "broken"})
    before = _rows()
    assert client.post(url, data).status_code == 400
    assert _rows() == before
    draft.refresh_from_db()
    assert draft.name == "CSAT 4.3 for CS1" and draft.params == {CSAT_KEY: "4.3"}


def test_the_simulation_runs_from_a_saved_draft(client, preset_org):
    client.force_login(preset_org["hr"])
    draft = _save_lower_csat(client)
    before = _rows()
    url = reverse("policy_draft_result", args=[draft.pk])
    response = client.get(url, {"as_of": AS_OF.isoformat()})
    assert response.status_code == 200
    assert [r["number"] for r in response.context["result"]["gains"]["rows"]] == ["W002"]
    assert response.context["result"]["draft_name"] == "CSAT 4.3 for CS1"
    html = response.content.decode()
    assert 'id="whatif-gains"' in html and "坐席W002" in html
    assert _rows() == before  # running a draft stores nothing
    bad = client.get(url, {"as_of": "July"})
    assert bad.status_code == 400 and bad.context["result"] is None


def test_hr_deletes_a_draft_and_the_log_says_so(client, preset_org):
    client.force_login(preset_org["hr"])
    draft = _save_lower_csat(client)
    response = client.post(reverse("policy_draft", args=[draft.pk]), {"action": "delete"})
    assert response.status_code == 302 and response["Location"] == reverse("policy_drafts")
    assert not PolicyDraft.objects.exists()
    event = AuditEvent.objects.get(action="policy.draft.delete")
    assert event.before["name"] == "CSAT 4.3 for CS1"


def test_management_works_on_drafts_too(client, preset_org):
    client.force_login(preset_org["management"])
    draft = _save_lower_csat(client, name="Headcount check")
    assert draft.created_by == preset_org["management"]
    response = client.get(reverse("policy_draft_result", args=[draft.pk]), {"as_of": AS_OF.isoformat()})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "roles",
    [(Role.AGENT,), (Role.TEAM_LEAD,), (Role.DEPARTMENT_HEAD,), (Role.ADMIN,), ()],
    ids=["agent", "team_lead", "department_head", "admin", "none"],
)
def test_other_roles_reach_no_draft(client, preset_org, roles):
    hr = client
    hr.force_login(preset_org["hr"])
    draft = _save_lower_csat(hr)
    hr.logout()
    client.force_login(user_with_roles("other", *roles))
    before = _rows()
    for url in (reverse("policy_drafts"), NEW):
        assert client.get(url).status_code == 403
    for name in ("policy_draft", "policy_draft_result"):
        assert client.get(reverse(name, args=[draft.pk])).status_code in {403, 404}
    assert client.post(reverse("policy_draft", args=[draft.pk]), {"action": "delete"}).status_code in {
        403,
        404,
    }
    assert client.post(NEW, {"name": "mine", "yaml": draft.content}).status_code == 403
    assert _rows() == before and PolicyDraft.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_audit_log_names_the_edited_parameters_as_the_form_does(client, preset_org, language):
    client.force_login(preset_org["hr"])
    _save_lower_csat(client)
    client.cookies["serviceladder_language"] = language
    html = client.get(reverse("audit"), {"action": "policy.draft.create"}).content.decode()
    assert "transitions[0]" not in html and "metric_thresholds" not in html
    with translation.override(language):
        section = _sections(PolicyVersion.objects.get().content)[0]
        caption = section.rows[1].caption  # the first metric threshold: CSAT
        label = str(labels.POLICY_FIELDS["value"])
        sentence = str(ACTIONS["policy.draft.create"].sentence).split("%(actor)s")[1].split("“")[0]
    assert caption in html and label in html and "4.3" in html
    assert sentence.strip() in html
