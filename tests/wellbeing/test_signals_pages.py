"""The stage and signals pages over HTTP (issue 16 items 1–2 and "Also"): a person's section (kind words
for the person, the figures for their lead), the landing's counts, the team page, the heat map; every role."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from serviceladder.audit.services import Actor
from serviceladder.policy.services import policy_load
from serviceladder.wellbeing.models import WellbeingAssessment
from tests.web.org import WEB_POLICY, build_org
from tests.wellbeing.assessments_setup import assessment, qa_slide
from tests.wellbeing.signals_org import NEWEST, with_assessments

pytestmark = pytest.mark.django_db

QA_SLIDE_EN = "QA score 80 in 2026-10, worse by 10 than the own average of 90 over the 3 months before"
QA_SLIDE_ZH = "2026年10月质检分为80，比之前3个月的个人平均值90差10"
COMPLAINTS_EN = "Complaint rate missed at most 1% in each of the last 3 months (best month 3%)"
TENURE_EN = "36 whole months in the level since 2023-10-01; 24 needed"
MISSING_EN = "Complaint rate: no figures for 2026-08"


@pytest.fixture
def org(db):
    return with_assessments(build_org())


@pytest.fixture(autouse=True)
def _plain_http(settings):
    settings.SECURE_SSL_REDIRECT = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def client_for(client, org):
    def login(role_key: str, language: str = "en"):
        client.force_login(org.users[role_key])
        client.cookies["serviceladder_language"] = language
        return client

    return login


def page(client, number="E2003"):
    response = client.get(reverse("person_wellbeing", args=[number]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_lead_sees_stage_reasons_decisive_first_and_the_risk_with_figures(client_for, org):
    html = page(client_for("team_lead"))
    assert "wb-risk-act" in html and "Lifecycle stage and early warnings" in html
    assert QA_SLIDE_EN in html and COMPLAINTS_EN in html
    assert "(2026-08 – 2026-10)" in html  # the months the complaint rule looked at
    # The decisive rule (time in level, 36 months) comes before the other rule (entry, 57 months).
    decisive = html.index("Decisive:")
    assert decisive < html.index(TENURE_EN) < html.index("57 whole months in the level")
    assert "(met)" in html and "(fired)" not in html  # a stage rule is met, a signal fires
    assert reverse("wellbeing_team", args=["a1"]) in html


def test_unknown_is_explained_as_missing_data(client_for, org):
    html = page(client_for("team_lead"), "E2004")
    assert "wb-risk-unknown" in html
    assert "could not be judged because figures are missing or too few" in html
    assert MISSING_EN in html


def test_the_person_reads_kind_words_and_what_helps(client_for, org):
    html = page(client_for("agent"))
    assert "How you are doing" in html
    assert "Your quality figures dipped compared with your own recent months." in html
    assert "You seem to have handled a lot of difficult contacts lately." in html
    assert "your team lead will offer a conversation" in html
    assert QA_SLIDE_EN in html  # the figures behind it, never a bare score
    assert "Risk level" not in html and "wb-risk-act" not in html
    assert reverse("person_development", args=["E2003"]) in html
    assert "Speak up in the voice channel" in html and "Join a team activity" in html
    assert reverse("wellbeing_team", args=["a1"]) not in html


def test_the_person_in_chinese(client_for, org):
    html = page(client_for("agent", "zh-hans"))
    assert QA_SLIDE_ZH in html


def test_the_policy_can_keep_the_risk_level_from_the_person(client_for, org):
    text = (
        WEB_POLICY.replace("name: web-test", "name: web-test-quiet")
        + "wellbeing:\n  agents_see_own_risk: false\n"
    )
    policy_load(actor=Actor(user=org.users["hr"]), text=text, effective=dt.date(2025, 1, 1))
    html = page(client_for("agent"))
    assert "Lifecycle stage" in html and "Speak up in the voice channel" in html
    assert QA_SLIDE_EN not in html and "Signs we look out for" not in html
    assert QA_SLIDE_EN in page(client_for("team_lead"))
    # On the team page the lead's own row keeps their risk from them too, the others' rows do not.
    team = client_for("team_lead").get(reverse("wellbeing_team", args=["a1"])).content.decode()
    own_row = team[team.index(reverse("person_wellbeing", args=["E2002"])) :]
    own_row = own_row[: own_row.index("</tr>")]
    assert "not shown" in own_row and "wb-risk-none" not in own_row
    assert "wb-risk-act" in team


def test_no_assessment_yet(client_for, org):
    WellbeingAssessment.objects.filter(employee__number="E2003").delete()
    assert "No assessment yet" in page(client_for("team_lead"))


def test_the_landing_counts_by_risk_for_the_readers_scope(client_for, org):
    html = client_for("team_lead").get(reverse("wellbeing")).content.decode()
    assert "People you look after, by risk level in 2026-10 (yourself not included)." in html
    assert reverse("wellbeing_team", args=["a1"]) in html
    assert reverse("wellbeing_heat_map") not in html
    hr = client_for("hr").get(reverse("wellbeing")).content.decode()
    assert reverse("wellbeing_team", args=["b1"]) in hr and reverse("wellbeing_heat_map") in hr
    mgmt = client_for("management").get(reverse("wellbeing")).content.decode()
    assert reverse("wellbeing_heat_map") in mgmt and reverse("wellbeing_team", args=["a1"]) not in mgmt
    agent = client_for("agent").get(reverse("wellbeing")).content.decode()
    assert "Early warnings" not in agent


def test_the_landing_counts(client_for, org):
    from serviceladder.accounts.scoping import wellbeing_teams_visible_to
    from serviceladder.wellbeing.selectors.assessments import risk_counts

    lead = org.users["team_lead"]
    counts = risk_counts(lead, wellbeing_teams_visible_to(lead))
    assert counts.month == NEWEST and counts.totals == {"act": 1, "unknown": 1}
    hr = org.users["hr"]
    counts = risk_counts(hr, wellbeing_teams_visible_to(hr))
    assert counts.totals == {"act": 1, "unknown": 1, "none": 3, "watch": 2}  # E2002 … E2103, not E2008


def test_the_team_page(client_for, org):
    url = reverse("wellbeing_team", args=["a1"])
    html = client_for("team_lead").get(url).content.decode()
    assert "Team Hotline 1: wellbeing" in html
    assert QA_SLIDE_EN in html and "1 open case" in html
    assert "case opened" in html
    for month in ("2026-08", "2026-09", "2026-10"):
        assert f">{month}</th>" in html
    assert '<svg class="sparkline"' in html
    assert "wb-cell-pass" in html and "wb-cell-insufficient_data" in html


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("agent", 404),
        ("team_lead", 200),
        ("department_head", 200),
        ("hr", 200),
        ("management", 404),
        ("admin", 404),
        ("none", 404),
    ],
)
def test_who_opens_the_team_page(client_for, org, role, status):
    assert client_for(role).get(reverse("wellbeing_team", args=["a1"])).status_code == status


def test_a_lead_or_head_of_another_team_gets_404(client_for, org):
    for role in ("team_lead", "department_head"):
        assert client_for(role).get(reverse("wellbeing_team", args=["b1"])).status_code == 404


def test_the_team_page_needs_the_same_queries_for_more_people(client_for, org):
    client = client_for("team_lead")
    url = reverse("wellbeing_team", args=["a1"])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    from tests.factories import EmployeeFactory

    for i in range(6):
        person = EmployeeFactory(number=f"E23{i:02d}", team=org.teams["a1"])
        assessment(person, NEWEST, org.version, signals=[qa_slide(NEWEST, fired=i % 2 == 0)])
    with CaptureQueriesContext(connection) as large:
        html = client.get(url).content.decode()
    assert "E2305" in html
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("agent", 403),
        ("team_lead", 403),
        ("department_head", 200),
        ("hr", 200),
        ("management", 200),
        ("admin", 403),
        ("none", 403),
    ],
)
def test_who_opens_the_heat_map(client_for, org, role, status):
    assert client_for(role).get(reverse("wellbeing_heat_map")).status_code == status


def test_the_heat_map_counts_without_names_and_hides_small_teams(client_for, org):
    html = client_for("management").get(reverse("wellbeing_heat_map")).content.decode()
    assert "Complaints" in html  # team b1, six members
    assert 'class="num wb-heat-cell heat-3">2</td>' in html  # 2 of 6 with the quality slide
    assert "Fewer than 5 members: not shown." in html  # a1 and a2
    for name in ("李娜", "陈静", "E2003", "乙组1"):
        assert name not in html
    assert "Teams with fewer than 5 members show no counts" in html


def test_the_heat_map_of_a_department_head_is_their_department(client_for, org):
    html = client_for("department_head").get(reverse("wellbeing_heat_map")).content.decode()
    assert "Hotline 1" in html and "Complaints" not in html


def test_the_heat_map_month_selector(client_for, org):
    client = client_for("hr")
    html = client.get(reverse("wellbeing_heat_map"), {"month": "2026-09"}).content.decode()
    assert '<option value="2026-09" selected>' in html
    bad = client.get(reverse("wellbeing_heat_map"), {"month": "2026-13"}).content.decode()
    assert '<option value="2026-10" selected>' in bad


def test_the_pages_in_chinese(client_for, org):
    client = client_for("hr", "zh-hans")
    team = client.get(reverse("wellbeing_team", args=["a1"])).content.decode()
    assert QA_SLIDE_ZH in team
    assert client.get(reverse("wellbeing_heat_map")).status_code == 200


def test_a_stage_rule_as_the_engine_stores_it_reads_as_its_stage():
    from django.utils import translation

    from serviceladder.web.views.wellbeing_parts.signals import stage_label

    with translation.override("en"):
        assert stage_label("lifecycle_plateau") == "plateau"
    with translation.override("zh-hans"):
        assert stage_label("lifecycle_entry") == "入职期"


def test_each_heat_map_column_names_the_metric_its_signal_watches(client_for, org):
    text = (
        WEB_POLICY
        + "wellbeing:\n  signals:\n"
        + "    - {code: qa-slide, kind: drop, metric: qa_score, drop: 5, baseline_months: 3}\n"
    )
    heading = 'Quality slide · QA score<br><span class="muted small" translate="no">qa-slide</span>'
    before = client_for("hr").get(reverse("wellbeing_heat_map")).content.decode()
    assert heading not in before  # no policy in force names the signal's metric yet
    policy_load(actor=Actor(user=org.users["hr"]), text=text, effective=dt.date(2025, 1, 1))
    assert heading in client_for("hr").get(reverse("wellbeing_heat_map")).content.decode()
