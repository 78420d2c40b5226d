"""Policy history, diff, stored files and HR's parameter form over HTTP."""

import datetime as dt

import pytest
from django.urls import reverse

from serviceladder.audit.models import AuditEvent
from serviceladder.policy.models import PolicyVersion
from serviceladder.web.views.policy import NEED_REASON, PAY_HIDDEN
from tests.web.org import WEB_POLICY, ensure_policy

MIN_MONTHS = "p:transitions[0].conditions.min_months_in_level"
NOTICE = "p:process.notice_period_working_days"


def _form(client):
    """The edit form as a browser would submit it unchanged: every field with its shown value."""
    response = client.get(reverse("policy_edit"))
    assert response.status_code == 200
    ctx = response.context
    data = {
        "base": ctx["base"].number,
        "yaml": ctx["yaml_text"],
        "effective": "2030-01-01",
        "reason": "年度调整",
    }
    for section in ctx["sections"]:
        for p in section.params():
            if p.kind == "bool":
                if p.value == "true":
                    data[p.name] = "true"
            else:
                data[p.name] = p.value
    return data


@pytest.mark.django_db
def test_edit_form_writes_a_new_version_keeping_the_old_one(client_for, org):
    v1 = ensure_policy(org)
    client = client_for("hr")
    data = _form(client)
    assert data[MIN_MONTHS] == "12"
    data[MIN_MONTHS] = "15"
    response = client.post(reverse("policy_edit"), {**data, "action": "save"})
    assert response.status_code == 302 and response["Location"] == reverse("policy_history")
    v2 = PolicyVersion.objects.get(number=2)
    assert "min_months_in_level: 15" in v2.content
    assert v2.effective_from.isoformat() == "2030-01-01" and v2.note == "年度调整"
    assert v2.loaded_by == org.users["hr"]
    PolicyVersion.objects.get(pk=v1.pk)  # still there
    assert PolicyVersion.objects.get(pk=v1.pk).content == v1.content
    # the rest of the file, comments and layout included, is unchanged
    assert v2.content.replace("min_months_in_level: 15", "min_months_in_level: 12", 1) == v1.content
    assert AuditEvent.objects.filter(action="policy.load", object_id=str(v2.pk)).exists()


@pytest.mark.django_db
def test_an_edit_in_the_raw_yaml_is_kept_when_fields_are_untouched(client_for, org):
    ensure_policy(org)
    client = client_for("hr")
    data = _form(client)
    data["yaml"] = data["yaml"].replace("appeal_deadline_days: 7", "appeal_deadline_days: 10")
    data[NOTICE] = "6"
    assert client.post(reverse("policy_edit"), {**data, "action": "save"}).status_code == 302
    content = PolicyVersion.objects.get(number=2).content
    assert "appeal_deadline_days: 10" in content and "notice_period_working_days: 6" in content


@pytest.mark.django_db
def test_an_invalid_edit_is_refused_with_its_key_path_and_nothing_is_stored(client_for, org):
    ensure_policy(org)
    client = client_for("hr")
    data = _form(client)
    data[NOTICE] = "-3"
    data["p:transitions[0].conditions.metric_thresholds[0].window"] = "48"
    response = client.post(reverse("policy_edit"), {**data, "action": "save"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "process.notice_period_working_days" in html
    assert "transitions[0].conditions.metric_thresholds[0].window" in html
    assert 'aria-invalid="true"' in html  # marked at the field, not only at the top
    assert 'value="-3"' in html  # what HR typed is shown again
    assert PolicyVersion.objects.count() == 1
    assert AuditEvent.objects.filter(action="policy.load").count() == 1


@pytest.mark.django_db
def test_saving_needs_a_reason(client_for, org):
    ensure_policy(org)
    client = client_for("hr")
    data = {**_form(client), "reason": "", MIN_MONTHS: "13"}
    response = client.post(reverse("policy_edit"), {**data, "action": "save"})
    assert response.status_code == 400 and str(NEED_REASON) in response.content.decode()
    assert PolicyVersion.objects.count() == 1


@pytest.mark.django_db
def test_saving_unchanged_content_stores_nothing(client_for, org):
    ensure_policy(org)
    client = client_for("hr")
    response = client.post(reverse("policy_edit"), {**_form(client), "action": "save"}, follow=True)
    assert PolicyVersion.objects.count() == 1
    assert "Nothing changed" in response.content.decode()


@pytest.mark.django_db
def test_preview_shows_the_diff_as_a_fragment_without_storing(client_for, org):
    ensure_policy(org)
    client = client_for("hr")
    data = {**_form(client), MIN_MONTHS: "20", "action": "preview"}
    response = client.post(reverse("policy_edit"), data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "L1→L2" in html and "Min. months in level</span> 12 → 20" in html
    assert "min_months_in_level" not in html  # the label the policy pages use, never the key
    assert PolicyVersion.objects.count() == 1


@pytest.mark.django_db
def test_history_diff_and_file(client_for, org):
    ensure_policy(org)
    client = client_for("hr")
    client.post(reverse("policy_edit"), {**_form(client), MIN_MONTHS: "14", "action": "save"})
    client = client_for("management")
    html = client.get(reverse("policy_history")).content.decode()
    assert "v1" in html and "v2" in html and "in force today" in html and "年度调整" in html
    html = client.get(reverse("policy_diff") + "?a=v1&b=v2").content.decode()
    assert "L1→L2" in html and "12 → 14" in html
    response = client.get(reverse("policy_version", args=[1]) + "?download=1")
    assert response["Content-Type"].startswith("application/yaml")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.decode() == WEB_POLICY
    assert client.get(reverse("policy_diff") + "?a=v7&b=v1").status_code == 404


@pytest.mark.django_db
def test_management_may_read_but_not_edit(client_for, org):
    ensure_policy(org)
    client = client_for("management")
    assert client.get(reverse("policy_edit")).status_code == 403
    response = client.post(reverse("policy_edit"), {"yaml": WEB_POLICY, "action": "save"})
    assert response.status_code == 403
    assert PolicyVersion.objects.count() == 1


def _load_v2_with_new_bands(org):
    from serviceladder.audit.services import Actor
    from serviceladder.policy.services import policy_load

    ensure_policy(org)
    text = WEB_POLICY.replace("{min: 4321, max: 6789}", "{min: 4444, max: 6999}").replace(
        "pay_band: {min: 5432, max: 8765}",
        "pay_band: {min: 5432, max: 8765}\n        # band agreed at 5432\n",
    )
    text = text.replace("  quotas: {L2: 3}", "  quotas: {L2: 3}\n  pay_rule: {min_ratio: 1.07}")
    policy_load(actor=Actor(user=org.users["hr"]), text=text, effective=dt.date(2025, 1, 1))


FIGURES = ("4321", "6789", "4444", "6999", "5432", "8765", "1.07")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["admin", "hr", "management"])
def test_pay_bands_in_the_file_and_the_diff_only_for_hr_and_management(client_for, org, role):
    """Issue 11, item 2: the raw file and the diff follow the pay rule, with a note for the others."""
    _load_v2_with_new_bands(org)
    client = client_for(role)
    pages = {
        "file v1": client.get(reverse("policy_version", args=[1])).content.decode(),
        "file v2": client.get(reverse("policy_version", args=[2])).content.decode(),
        "download v2": client.get(reverse("policy_version", args=[2]) + "?download=1").content.decode(),
        "diff": client.get(reverse("policy_diff") + "?a=v1&b=v2").content.decode(),
        "history": client.get(reverse("policy_history")).content.decode(),
    }
    if role in ("hr", "management"):
        assert {"4321", "6789"} <= {f for f in FIGURES if f in pages["file v1"]}
        assert {"4444", "6999", "1.07"} <= {f for f in FIGURES if f in pages["file v2"]}
        assert "# band agreed at 5432" in pages["file v2"]  # the file exactly as stored
        assert "4321" in pages["diff"] and "4444" in pages["diff"] and "1.07" in pages["diff"]
        assert str(PAY_HIDDEN) not in "".join(pages.values())
        return
    for name, body in pages.items():
        assert not {f for f in FIGURES if f in body}, name
        assert str(PAY_HIDDEN) in body, name
    assert "min_months_in_level: 12" in pages["file v1"]  # the rest of the file is all there
    assert "Pay ratio (min.)" in pages["diff"]  # that it changed (by its label), not to what


@pytest.mark.django_db
def test_the_redacted_file_is_still_a_valid_policy_shape(client_for, org):
    import yaml

    _load_v2_with_new_bands(org)
    body = client_for("admin").get(reverse("policy_version", args=[2])).content.decode()
    data = yaml.safe_load(body)
    assert data["tracks"][0]["levels"][0]["pay_band"] == "(hidden)"
    assert data["process"]["pay_rule"]["min_ratio"] == "(hidden)"
    assert data["transitions"][0]["conditions"]["min_months_in_level"] == 12


def _load_v2_with_new_months_and_csat(org):
    from serviceladder.audit.services import Actor
    from serviceladder.policy.services import policy_load

    ensure_policy(org)
    text = WEB_POLICY.replace("application_months: [3, 9]", "application_months: [3, 9, 12]").replace(
        "value: 4.5, window: 6", "value: 4.6, window: 6"
    )
    policy_load(actor=Actor(user=org.users["hr"]), text=text, effective=dt.date(2030, 1, 1))


@pytest.mark.django_db
def test_diff_speaks_in_the_labels_of_the_policy_pages(client_for, org):
    _load_v2_with_new_months_and_csat(org)
    html = client_for("hr").get(reverse("policy_diff") + "?a=v1&b=v2").content.decode()
    assert "Application months</span> March, September → March, September, December" in html
    assert "CSAT, at least · Threshold</span> 4.5 → 4.6" in html
    assert "application_months" not in html and "csat_mean" not in html and "&gt;=" not in html


@pytest.mark.django_db
def test_diff_speaks_chinese(client_for, org):
    _load_v2_with_new_months_and_csat(org)
    html = client_for("hr", "zh-hans").get(reverse("policy_diff") + "?a=v1&b=v2").content.decode()
    assert "申请月份</span> 三月、九月 → 三月、九月、十二月" in html
    assert "满意度（不低于） · 门槛值</span> 4.5 → 4.6" in html


@pytest.mark.django_db
def test_editor_captions_metrics_by_name_not_key(client_for, org):
    ensure_policy(org)
    html = client_for("hr").get(reverse("policy_edit")).content.decode()
    assert '<div class="param-caption">CSAT, at least</div>' in html
    assert "csat_mean &gt;=" not in html and "csat_mean >=" not in html
