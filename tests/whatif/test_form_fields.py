"""The policy form covers the weights, the application months and the other tunable parameters, labelled from
web.labels; a bad value is reported on its field in the reader's language and nothing is stored."""

import pytest
from django.urls import reverse
from django.utils import translation

from serviceladder.audit.models import AuditEvent
from serviceladder.policy.models import PolicyVersion
from serviceladder.web import labels

pytestmark = pytest.mark.django_db

WEIGHT = "p:performance_score.weights.csat_mean"
WEIGHT_FCR = "p:performance_score.weights.fcr_rate"
MONTHS = "p:process.application_months"


@pytest.fixture(autouse=True)
def _plain_http(settings):
    settings.SECURE_SSL_REDIRECT = False


def _form(client):
    response = client.get(reverse("policy_edit"))
    assert response.status_code == 200
    ctx = response.context
    data = {"base": ctx["base"].number, "yaml": ctx["yaml_text"], "effective": "2030-01-01", "reason": "调整"}
    for section in ctx["sections"]:
        for p in section.params():
            if p.kind == "bool":
                if p.value == "true":
                    data[p.name] = "true"
            elif p.kind == "months":
                data[p.name] = [m["number"] for m in p.month_choices if m["checked"]]
            else:
                data[p.name] = p.value
    return response, data


def test_the_form_has_a_field_for_every_tunable_parameter(client, preset_org):
    client.force_login(preset_org["hr"])
    response, data = _form(client)
    params = {p.key: p for s in response.context["sections"] for p in s.params()}
    expected = {
        "performance_score.weights.csat_mean": "0.25",
        "performance_score.weights.aht_seconds": "0.1",
        "metric_parameters.fcr_window_days": "7",
        "metric_parameters.on_time_sla_seconds": "60",
        "process.application_months": "3, 9",
        "process.holiday_calendar": "CN",
        "transitions[0].conditions.min_months_of_service": "12",
        "transitions[0].conditions.exam.within_months": "12",
        "transitions[0].conditions.competency_confirmation": "false",
        "transitions[1].conditions.competency_confirmation": "true",
        "transitions[3].conditions.team_conditions[1].improvement": "2%",
    }
    for key, value in expected.items():
        assert params[key].value == value, key
    with translation.override("en"):
        assert params["performance_score.weights.csat_mean"].label == labels.metric_label("csat_mean")
    assert params["metric_parameters.fcr_window_days"].label == str(labels.POLICY_FIELDS["fcr_window_days"])
    html = response.content.decode()
    # the months are ticked by name, never typed as numbers
    assert f'name="{MONTHS}" value="3" checked' in html and f'name="{MONTHS}" value="6">' in html
    for raw in ("csat_mean >=", ">csat_mean<", ">performance_score"):
        assert raw not in html


def test_weights_and_months_edited_in_the_form_are_saved(client, preset_org):
    client.force_login(preset_org["hr"])
    _response, data = _form(client)
    data.update({WEIGHT: "0.20", WEIGHT_FCR: "0.20", MONTHS: ["3", "6", "9"], "action": "save"})
    response = client.post(reverse("policy_edit"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    v2 = PolicyVersion.objects.get(number=2)
    assert "csat_mean: 0.20" in v2.content and "fcr_rate: 0.20" in v2.content
    assert "application_months: [3, 6, 9]" in v2.content


@pytest.mark.parametrize(
    ("language", "field", "value"),
    [("en", WEIGHT, "lots"), ("zh-hans", WEIGHT, "lots"), ("en", MONTHS, []), ("zh-hans", MONTHS, [])],
)
def test_a_bad_value_is_reported_on_its_field_and_nothing_is_stored(
    client, preset_org, language, field, value
):
    client.force_login(preset_org["hr"])
    client.cookies["serviceladder_language"] = language
    _response, data = _form(client)
    audit_before = AuditEvent.objects.count()
    data.update({field: value, "action": "save"})
    if value == []:
        del data[field]
    response = client.post(reverse("policy_edit"), data)
    assert response.status_code == 400
    params = {p.name: p for s in response.context["sections"] for p in s.params()}
    assert params[field].errors, field
    assert all(not p.errors for name, p in params.items() if name != field)
    html = response.content.decode()
    assert 'class="field-msg"' in html
    message = " ".join(params[field].errors)
    has_chinese = any("\u4e00" <= ch <= "\u9fff" for ch in message)
    assert has_chinese == (language == "zh-hans"), message
    assert PolicyVersion.objects.count() == 1 and AuditEvent.objects.count() == audit_before
