"""The stars:, performance_pay:, coaching: and improvement_plans: sections on the policy pages, in the diff
and in the parameter (edit and what-if) form: labelled like every section, in both languages."""

import datetime as dt
import typing

import pytest
import yaml
from django.urls import reverse
from django.utils import translation
from pydantic import BaseModel

from serviceladder.audit.services import Actor
from serviceladder.policy.models import PolicyVersion
from serviceladder.policy.presets import preset_text
from serviceladder.policy.schema import Policy
from serviceladder.policy.selectors import policy_parsed
from serviceladder.policy.services import policy_load
from serviceladder.web import labels
from serviceladder.web.views.policy import PAY_HIDDEN

STANDARD = preset_text("cn-standard")

BASE_CS2 = "p:performance_pay.base_by_level.CS2"
COEFFICIENT_5 = "p:performance_pay.star_coefficients.5"
CSAT_5 = "p:stars.tiers[0].conditions.metric_thresholds[0].value"
INSUFFICIENT = "p:performance_pay.insufficient_data"
BOTTOM = "p:improvement_plans.bottom_percent"
COACHING_ON = "p:coaching.enabled"
QA_DROP = "p:coaching.rules[1].drop"


def _schema_paths(model: type[BaseModel], prefix: str) -> list[str]:
    """Every field of a section as a dotted path (list items without an index, aliases as the file spells
    them), sub-models walked too."""
    out = []
    for name, info in model.model_fields.items():
        path = f"{prefix}.{info.alias or name}"
        out.append(path)
        for arg in [info.annotation, *typing.get_args(info.annotation)]:
            inner = [arg, *typing.get_args(arg)]
            for candidate in inner:
                if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                    out.extend(_schema_paths(candidate, path))
    return out


def _section_paths() -> list[str]:
    paths = []
    for section in labels.RECOGNITION_SECTIONS:
        paths.append(section)
        paths.extend(_schema_paths(Policy.model_fields[section].annotation, section))
    return sorted(set(paths))


def test_the_walk_over_the_schema_finds_nested_fields():
    paths = _section_paths()
    assert "stars.tiers.conditions.rank.top_percent" in paths
    assert "stars.tiers.conditions.recognition.categories" in paths
    assert "performance_pay.score_bands.from" in paths  # the alias, as the file writes it
    assert "coaching.rules.baseline_months" in paths and "improvement_plans.duration_months" in paths
    assert len(paths) > 50


def test_every_field_of_the_four_sections_has_a_label():
    missing = [path for path in _section_paths() if path not in labels.RECOGNITION_FIELDS]
    assert missing == []
    unused = set(labels.RECOGNITION_FIELDS) - set(_section_paths())
    assert unused == set()  # a label for a field the schema no longer has


@pytest.mark.parametrize("path", _section_paths())
def test_every_label_reads_in_chinese(path):
    english = str(labels.RECOGNITION_FIELDS[path])
    with translation.override("zh-hans"):
        chinese = str(labels.RECOGNITION_FIELDS[path])
    assert chinese != english and any("\u4e00" <= ch <= "\u9fff" for ch in chinese), (path, chinese)


def test_every_coded_value_has_words_in_both_languages():
    from serviceladder.policy import schema

    coded = {
        "period": typing.get_args(schema.Stars.model_fields["period"].annotation),
        "peer_group": typing.get_args(schema.PeerGroup),
        "categories": schema.RECOGNITION_CATEGORIES,
        "basis": typing.get_args(schema.PerformancePay.model_fields["basis"].annotation),
        "insufficient_data": typing.get_args(
            schema.PerformancePay.model_fields["insufficient_data"].annotation
        ),
        "proration": typing.get_args(schema.PerformancePay.model_fields["proration"].annotation),
        "quarter_tier_months": typing.get_args(
            schema.PerformancePay.model_fields["quarter_tier_months"].annotation
        ),
        "rounding": typing.get_args(schema.PerformancePay.model_fields["rounding"].annotation),
        "kind": typing.get_args(schema.CoachingRule.model_fields["kind"].annotation),
        "aggregation": typing.get_args(schema.PeriodMetric.model_fields["aggregation"].annotation),
    }
    for key, values in coded.items():
        assert set(labels.RECOGNITION_VALUES[key]) == set(values), key
        for value in values:
            english = labels.recognition_value(key, value)
            with translation.override("zh-hans"):
                chinese = labels.recognition_value(key, value)
            assert "_" not in english and chinese != english, (key, value)


def _load(org, text=STANDARD, effective=dt.date(2024, 1, 1)):
    return policy_load(actor=Actor(user=org.users["hr"]), text=text, effective=effective).version


def _changed(text: str) -> str:
    out = (
        text.replace(
            '{metric: csat_mean, comparison: ">=", value: 4.8, min_sample: 30}',
            '{metric: csat_mean, comparison: ">=", value: 4.7, min_sample: 30}',
        )
        .replace("CS2: 900,", "CS2: 950,")
        .replace("5: 1.5}", "5: 1.6}")
        .replace("insufficient_data: hold ", "insufficient_data: base ")
        .replace("drop: 8, baseline_months: 3", "drop: 6, baseline_months: 3")
        .replace("bottom_percent: 10 ", "bottom_percent: 5 ")
    )
    assert out.count("\n") == text.count("\n") and out != text
    return out


@pytest.mark.django_db
def test_the_diff_names_changes_in_the_four_sections_in_words(client_for, org):
    _load(org)
    _load(org, _changed(STANDARD), dt.date(2030, 1, 1))
    html = client_for("hr").get(reverse("policy_diff") + "?a=v1&b=v2").content.decode()
    assert "<span>5 stars</span>" in html
    assert "CSAT, at least · Threshold</span> 4.8 → 4.7" in html
    assert "Base bonus per level (monthly) · Intermediate service agent (CS2)</span> 900 → 950" in html
    assert "Coefficient by star tier · 5 stars</span> 1.5 → 1.6" in html
    assert "Not enough data</span> held for HR → the base bonus" in html
    assert "<span>Coaching rule</span>" in html and "qa-drop" in html
    assert "Drop of at least</span> 6" not in html and "Drop of at least</span> 8 → 6" in html
    assert "Bottom percent of the peer group</span> 10 → 5" in html
    # no key of the file shows where a label exists
    for key in ("base_by_level", "star_coefficients", "insufficient_data", "bottom_percent", "star_tier"):
        assert key not in html, key


@pytest.mark.django_db
def test_the_diff_speaks_chinese_in_the_four_sections(client_for, org):
    _load(org)
    _load(org, _changed(STANDARD), dt.date(2030, 1, 1))
    html = client_for("hr", "zh-hans").get(reverse("policy_diff") + "?a=v1&b=v2").content.decode()
    assert "<span>5 星</span>" in html
    assert "满意度（不低于） · 门槛值</span> 4.8 → 4.7" in html
    assert "中级客服 (CS2)</span> 900 → 950" in html
    assert "交人力资源处理 → 按基数发放" in html


@pytest.mark.django_db
def test_bonus_amounts_stay_out_of_the_diff_and_the_rules_page_without_pay_rights(client_for, org):
    _load(org)
    _load(org, _changed(STANDARD), dt.date(2030, 1, 1))
    client = client_for("admin")
    diff = client.get(reverse("policy_diff") + "?a=v1&b=v2").content.decode()
    assert "950" not in diff and "4000" not in diff and str(PAY_HIDDEN) in diff
    assert "Coefficient by star tier · 5 stars</span> 1.5 → 1.6" in diff  # coefficients are not pay
    page = client.get(reverse("policy_recognition") + "?version=v1").content.decode()
    assert "Base bonus per level" not in page and "900" not in page and "4,000" not in page
    assert str(PAY_HIDDEN) in page and "× 1.5" in page
    stored = client.get(reverse("policy_version", args=[1])).content.decode()
    data = yaml.safe_load(stored)
    assert data["performance_pay"]["base_by_level"]["CS2"] == "(hidden)"
    assert data["performance_pay"]["cap"] == "(hidden)"


@pytest.mark.django_db
def test_the_rules_page_shows_tiers_pay_coaching_and_the_bottom_band_in_words(client_for, org):
    _load(org)
    html = client_for("hr").get(reverse("policy_recognition")).content.decode()
    assert "CSAT ≥ 4.8 (mean of the period, from 30 rated contacts a month)" in html
    assert "QA score ≥ 95" in html and "top 10 % of the peer group in every month" in html
    assert "no violations" in html and "at least 1 recognition" in html
    assert "Intermediate service agent" in html and "900.00 CNY" in html and "4,000.00 CNY" in html
    assert "× 1.5" in html and "no star" in html
    assert "QA score worse than the person&#x27;s own average of the 3 months before by 8 or more" in html
    assert "CSAT misses its threshold (≥ 4.2) 2 months in a row" in html
    assert "The bottom 10 % of the peer group (same level and department, from 5 people) for 3 months" in html
    assert "held for HR" in html and "± 20 %" in html
    assert "csat_mean" not in html and "base_by_level" not in html
    zh = client_for("hr", "zh-hans").get(reverse("policy_recognition")).content.decode()
    assert "满意度 ≥ 4.8（周期平均值，每月评价量不少于 30）" in zh
    assert "每个月都位于同级人员前 10 %" in zh and "交人力资源处理" in zh


@pytest.mark.django_db
def test_the_rules_page_of_an_older_version_and_of_a_policy_without_the_sections(client_for, org):
    from tests.web.org import WEB_POLICY

    _load(org, WEB_POLICY)
    _load(org, _changed(STANDARD), dt.date(2025, 1, 1))
    client = client_for("management")
    old = client.get(reverse("policy_recognition") + "?version=v1").content.decode()
    assert old.count("switched off") == 4 and "CSAT ≥" not in old
    new = client.get(reverse("policy_recognition")).content.decode()
    assert "CSAT ≥ 4.7" in new and "950.00 CNY" in new
    assert client.get(reverse("policy_recognition") + "?version=v9").status_code == 404


def _form(client):
    response = client.get(reverse("policy_edit"))
    assert response.status_code == 200
    ctx = response.context
    data = {
        "base": ctx["base"].number,
        "yaml": ctx["yaml_text"],
        "effective": "2030-01-01",
        "reason": "奖金调整",
    }
    for section in ctx["sections"]:
        for p in section.params():
            if p.kind == "bool":
                if p.value == "true":
                    data[p.name] = "true"
            else:
                data[p.name] = p.value
    return data, ctx["sections"]


@pytest.mark.django_db
def test_the_form_offers_the_main_parameters_with_labels(client_for, org):
    _load(org)
    data, sections = _form(client_for("hr"))
    titles = [s.title for s in sections]
    assert {"Star-service ratings", "Performance pay", "Coaching from KPI drops"} <= set(titles)
    assert "Improvement plans (bottom band)" in titles
    by_name = {p.name: p for s in sections for p in s.params()}
    assert by_name[BASE_CS2].value == "900" and by_name[BASE_CS2].label == "Intermediate service agent"
    assert by_name[COEFFICIENT_5].value == "1.5" and by_name[COEFFICIENT_5].label == "5 stars"
    assert by_name[CSAT_5].value == "4.8" and by_name[CSAT_5].label == "CSAT, at least"
    assert by_name[INSUFFICIENT].kind == "choice" and by_name[INSUFFICIENT].value == "hold"
    assert ("base", "the base bonus") in by_name[INSUFFICIENT].choices
    assert by_name["p:stars.enabled"].kind == "bool" and by_name["p:performance_pay.cap"].value == "4000"
    assert by_name[BOTTOM].value == "10" and by_name["p:improvement_plans.months"].label == "Months in a row"
    html = client_for("hr").get(reverse("policy_edit")).content.decode()
    assert '<option value="hold" selected>held for HR</option>' in html
    assert '<div class="param-caption">5 stars</div>' in html


@pytest.mark.django_db
def test_the_form_round_trips_the_new_parameters_into_a_new_version(client_for, org):
    v1 = _load(org)
    client = client_for("hr")
    data, _sections = _form(client)
    data.update({BASE_CS2: "950", COEFFICIENT_5: "1.6", CSAT_5: "4.7", INSUFFICIENT: "base", BOTTOM: "5"})
    data.update({QA_DROP: "6"})
    del data[COACHING_ON]  # an unticked box
    preview = client.post(reverse("policy_edit"), {**data, "action": "preview"}, HTTP_HX_REQUEST="true")
    html = preview.content.decode()
    assert "Intermediate service agent (CS2)</span> 900 → 950" in html
    assert "Switched on</span> yes → no" in html
    assert PolicyVersion.objects.count() == 1
    response = client.post(reverse("policy_edit"), {**data, "action": "save"})
    assert response.status_code == 302
    v2 = PolicyVersion.objects.get(number=2)
    policy = policy_parsed(v2)
    assert str(policy.performance_pay.base_by_level["CS2"]) == "950"
    assert str(policy.performance_pay.star_coefficients[5]) == "1.6"
    assert str(policy.stars.tiers[0].conditions.metric_thresholds[0].value) == "4.7"
    assert policy.performance_pay.insufficient_data == "base"
    assert str(policy.improvement_plans.bottom_percent) == "5" and not policy.coaching.enabled
    assert str(policy.coaching.rules[1].drop) == "6"
    # the rest of the file, its comments included, is as it was
    assert v2.content.count("\n") == v1.content.count("\n")
    assert "# HR may adjust a proposal by up to ± 20 %, always with a reason" in v2.content


@pytest.mark.django_db
def test_a_bad_value_in_the_new_fields_is_refused_at_its_field_and_nothing_is_stored(client_for, org):
    _load(org)
    client = client_for("hr")
    data, _sections = _form(client)
    data.update({BASE_CS2: "lots", INSUFFICIENT: "later", COEFFICIENT_5: "-1"})
    response = client.post(reverse("policy_edit"), {**data, "action": "save"})
    assert response.status_code == 400
    by_name = {p.name: p for s in response.context["sections"] for p in s.params()}
    assert by_name[BASE_CS2].errors and by_name[INSUFFICIENT].errors
    assert by_name[COEFFICIENT_5].errors  # a mapping keyed by numbers: the issue still finds its field
    assert PolicyVersion.objects.count() == 1


@pytest.mark.django_db
def test_the_whatif_draft_form_round_trips_the_new_parameters(client_for, org):
    from serviceladder.policy.models import PolicyDraft

    _load(org)
    client = client_for("hr")
    page = client.get(reverse("policy_draft_new"))
    assert page.status_code == 200
    fields = {
        p.name: p.value
        for s in page.context["sections"]
        for p in s.params()
        if p.kind != "bool" or p.value == "true"
    }
    data = {**fields, "yaml": page.context["yaml_text"], "base": 1, "name": "bonus 2030", "action": "save"}
    data.update({BASE_CS2: "950", INSUFFICIENT: "zero", "p:stars.enabled": "true"})
    response = client.post(reverse("policy_draft_new"), data)
    assert response.status_code in (200, 302), response.content.decode()[:2000]
    draft = PolicyDraft.objects.get()
    stored = yaml.safe_load(draft.content)
    assert stored["performance_pay"]["base_by_level"]["CS2"] == 950
    assert stored["performance_pay"]["insufficient_data"] == "zero"
    again = client.get(reverse("policy_draft", args=[draft.pk]))
    by_name = {p.name: p for s in again.context["sections"] for p in s.params()}
    assert by_name[BASE_CS2].value == "950" and by_name[INSUFFICIENT].value == "zero"
