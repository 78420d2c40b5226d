"""The wellbeing: section on the policy pages (its own rules page), in the diff and in the parameter (edit
and what-if) form: labelled like every section, in both languages."""

import datetime as dt
import typing

import pytest
import yaml
from django.urls import reverse
from django.utils import translation

from serviceladder.audit.services import Actor
from serviceladder.policy import schema
from serviceladder.policy.models import PolicyDraft, PolicyVersion
from serviceladder.policy.presets import preset_text
from serviceladder.policy.schema import Policy
from serviceladder.policy.selectors import policy_parsed
from serviceladder.policy.services import policy_load
from serviceladder.web import labels
from tests.web.test_policy_pages_recognition import _schema_paths

STANDARD = preset_text("cn-standard")
WORKLOAD = "p:wellbeing.signals[0].percent"
QA_SLIDE = "p:wellbeing.signals[6].drop"
RETENTION = "p:wellbeing.retention_months"
ON = "p:wellbeing.enabled"


def _paths() -> list[str]:
    return sorted({"wellbeing", *_schema_paths(Policy.model_fields["wellbeing"].annotation, "wellbeing")})


def test_every_field_of_the_section_has_a_label():
    paths = _paths()
    assert "wellbeing.pulse.questions.high_is_bad" in paths
    assert [p for p in paths if p not in labels.WELLBEING_FIELDS] == []
    assert set(labels.WELLBEING_FIELDS) - set(paths) == set()


@pytest.mark.parametrize("path", sorted(labels.WELLBEING_FIELDS))
def test_every_label_reads_in_chinese(path):
    english = str(labels.WELLBEING_FIELDS[path])
    with translation.override("zh-hans"):
        chinese = str(labels.WELLBEING_FIELDS[path])
    assert "_" not in english and chinese != english, path


def test_every_coded_value_has_words_in_both_languages():
    coded = {
        "kind": typing.get_args(schema.SignalKind),
        "level": typing.get_args(schema.SignalLevel),
        "theme": typing.get_args(schema.PulseTheme),
    }
    for key, values in coded.items():
        assert set(labels.WELLBEING_VALUES[key]) == set(values), key
        for value in values:
            english = labels.wellbeing_value(f"wellbeing.signals.{key}", value)
            with translation.override("zh-hans"):
                chinese = labels.wellbeing_value(f"wellbeing.signals.{key}", value)
            assert "_" not in english and chinese != english, (key, value)


def _load(org, text=STANDARD, effective=dt.date(2024, 1, 1)):
    return policy_load(actor=Actor(user=org.users["hr"]), text=text, effective=effective).version


def _changed(text: str) -> str:
    out = (
        text.replace("metric: contacts, percent: 25,", "metric: contacts, percent: 30,")
        .replace(
            "metric: qa_score, drop: 8, baseline_months: 3}", "metric: qa_score, drop: 6, baseline_months: 3}"
        )
        .replace("typical_months_by_level: {CS1: 12,", "typical_months_by_level: {CS1: 15,")
        .replace(
            "kind: pulse, theme: exhaustion, value: 4}",
            "kind: pulse, level: act, theme: exhaustion, value: 4}",
        )
        .replace("retention_months: 24 ", "retention_months: 18 ")
    )
    assert out.count("\n") == text.count("\n") and out != text
    return out


@pytest.mark.django_db
def test_the_diff_names_wellbeing_changes_in_words(client_for, org):
    _load(org)
    _load(org, _changed(STANDARD), dt.date(2030, 1, 1))
    html = client_for("hr").get(reverse("policy_diff") + "?a=v1&b=v2").content.decode()
    assert "<span>Wellbeing signal</span>" in html and "workload" in html
    assert "Above the team median by (%)</span> 25 → 30" in html
    assert "Drop of at least</span> 8 → 6" in html
    assert "Typical time per level (months) · " in html and "(CS1)</span> 12 → 15" in html
    assert "Seriousness</span> added (act)" in html
    assert "Kept for (months)</span> 24 → 18" in html
    for key in ("typical_months_by_level", "retention_months", "wellbeing_signal", "percent</span>"):
        assert key not in html, key


@pytest.mark.django_db
def test_the_diff_speaks_chinese(client_for, org):
    _load(org)
    _load(org, _changed(STANDARD), dt.date(2030, 1, 1))
    html = client_for("hr", "zh-hans").get(reverse("policy_diff") + "?a=v1&b=v2").content.decode()
    assert "Above the team median" not in html and "Kept for" not in html
    assert "24 → 18" in html and "25 → 30" in html


@pytest.mark.django_db
def test_the_rules_page_says_each_signal_in_words(client_for, org):
    _load(org, STANDARD.replace("wellbeing:\n  enabled: true", "wellbeing:\n  enabled: false"))
    _load(org, _changed(STANDARD), dt.date(2030, 1, 1))
    client = client_for("management")
    old = client.get(reverse("policy_wellbeing") + "?version=v1").content.decode()
    assert "switched off" in old
    assert "Contacts above the team&#x27;s median by 25 % or more, 3 months in a row" in old
    new = client.get(reverse("policy_wellbeing") + "?version=v2").content.decode()
    assert "by 30 % or more" in new and "switched on" in new
    assert "QA score worse than the person&#x27;s own average of the 3 months before by 6 or more" in new
    assert "Complaint rate misses ≤ 2" in new
    assert "At the end of a shift I often feel worn out" in new
    assert "48.7 %" in new
    zh = client_for("management", "zh-hans").get(reverse("policy_wellbeing")).content.decode()
    assert "下班时我常常感到身心俱疲" in zh and "months in a row" not in zh


@pytest.mark.django_db
def test_the_rules_page_without_a_section_and_without_a_version(client_for, org):
    client = client_for("hr")
    assert "No policy version is stored yet." in client.get(reverse("policy_wellbeing")).content.decode()
    from tests.web.org import ensure_policy

    ensure_policy(org)
    html = client.get(reverse("policy_wellbeing")).content.decode()
    assert "switched off" in html and "No signal is defined." in html


def _form(client, name="policy_edit"):
    response = client.get(reverse(name))
    assert response.status_code == 200
    data = {}
    for section in response.context["sections"]:
        for p in section.params():
            if p.kind != "bool" or p.value == "true":
                data[p.name] = p.value
    return response.context, data


@pytest.mark.django_db
def test_the_form_offers_the_wellbeing_parameters_with_labels(client_for, org):
    _load(org)
    ctx, _data = _form(client_for("hr"))
    section = next(s for s in ctx["sections"] if s.title == "Wellbeing and the career lifecycle")
    by_name = {p.name: p for p in section.params()}
    assert by_name[WORKLOAD].value == "25" and by_name[WORKLOAD].label == "Above the team median by (%)"
    assert by_name[QA_SLIDE].value == "8" and by_name[ON].kind == "bool"
    assert by_name[RETENTION].label == "Kept for (months)"
    captions = [row.caption for row in section.rows]
    assert "Contacts · workload above the team" in captions
    assert "QA score · drop against own average" in captions


@pytest.mark.django_db
def test_the_form_round_trips_into_a_new_version_and_refuses_a_bad_value(client_for, org):
    v1 = _load(org)
    client = client_for("hr")
    ctx, data = _form(client)
    data.update({"base": ctx["base"].number, "yaml": ctx["yaml_text"], "effective": "2030-01-01"})
    data.update({"reason": "关怀规则调整", WORKLOAD: "0", "action": "save"})
    response = client.post(reverse("policy_edit"), data)
    assert response.status_code == 400
    by_name = {p.name: p for s in response.context["sections"] for p in s.params()}
    assert by_name[WORKLOAD].errors
    assert PolicyVersion.objects.count() == 1
    data.update({WORKLOAD: "30", QA_SLIDE: "6", RETENTION: "12"})
    del data[ON]
    response = client.post(reverse("policy_edit"), data)
    assert response.status_code == 302
    policy = policy_parsed(PolicyVersion.objects.get(number=2))
    wellbeing = policy.wellbeing
    assert (str(wellbeing.signals[0].percent), str(wellbeing.signals[6].drop)) == ("30", "6")
    assert wellbeing.retention_months == 12 and not wellbeing.enabled
    assert PolicyVersion.objects.get(number=2).content.count("\n") == v1.content.count("\n")


@pytest.mark.django_db
def test_the_whatif_draft_form_round_trips_the_wellbeing_parameters(client_for, org):
    _load(org)
    client = client_for("hr")
    ctx, fields = _form(client, "policy_draft_new")
    data = {**fields, "yaml": ctx["yaml_text"], "base": 1, "name": "关怀草案", "action": "save"}
    data.update({WORKLOAD: "40"})
    response = client.post(reverse("policy_draft_new"), data)
    assert response.status_code in (200, 302)
    stored = yaml.safe_load(PolicyDraft.objects.get().content)
    assert stored["wellbeing"]["signals"][0]["percent"] == 40
