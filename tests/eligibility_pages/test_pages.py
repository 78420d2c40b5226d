"""The eligibility pages over HTTP: a person's path, the grouped and filtered lists, exports, scope."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from serviceladder.cli.main import main
from serviceladder.development.models import Assessment, Rating
from serviceladder.eligibility.export import export_header
from serviceladder.policy.selectors import policy_version_in_force
from tests.factories import EmployeeFactory, LevelAssignmentFactory

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 7, 1)
ROW = re.compile(r'href="/people/([\w-]+)/path/#step-([\w-]+)"')


def groups(html: str) -> dict[str, list[tuple[str, str]]]:
    """(employee, target level) of each row, per group section of the list page (in page order)."""
    keys = ("ready_now", "ready_soon", "later")
    starts = [html.index(f'id="group-{key}"') for key in keys] + [len(html)]
    return {key: ROW.findall(html[starts[i] : starts[i + 1]]) for i, key in enumerate(keys)}


def numbers(html: str) -> set[str]:
    return {n for rows in groups(html).values() for n, _to in rows}


@pytest.fixture
def timed(org):
    """Four people in team A1 at L2 (L2 → L3 asks for 18 months, L2 → X1 for 12), judged on AS_OF."""
    team = org.teams["a1"]
    people = {}
    for number, since in (
        ("E3001", dt.date(2025, 1, 1)),  # 18 months on AS_OF: ready now
        ("E3002", dt.date(2025, 3, 1)),  # L3 on 2026-09-01: within three months
        ("E3003", dt.date(2025, 4, 1)),  # L3 on 2026-10-01: exactly three months, still "within"
        ("E3004", dt.date(2025, 4, 2)),  # L3 on 2026-10-02: one day later, "not yet"
    ):
        e = EmployeeFactory(number=number, name=f"测试{number[-1]}", team=team, hire_date=dt.date(2023, 1, 1))
        LevelAssignmentFactory(employee=e, level=org.levels[1], effective_from=since)
        people[number] = e
    return people


# --- my path and a person's path ---------------------------------------------------------------------


def test_my_path_shows_level_policy_and_every_next_step(client_for, org):
    html = client_for("agent").get(reverse("my_path")).content.decode()
    assert "My path" in html
    assert "Agent" in html and 'translate="no">L2<' in html  # current level (E2003 is at L2)
    assert "v1" in html  # policy version used
    # both steps open from L2, each with its own card, status and progress bars
    assert 'id="step-L3"' in html and 'id="step-X1"' in html
    assert html.count('class="bar bar-pass"') >= 2
    assert "Eligible now" in html


def test_path_explains_what_is_missing_with_bars_and_months(client_for, org):
    html = (
        client_for("team_lead")
        .get(reverse("person_path", args=["E2004"]) + "?as_of=2026-07-01")
        .content.decode()
    )
    assert 'id="step-L2"' in html
    assert "Not enough data" in html  # CSAT has 4 months of figures, the window is 6
    assert "not confirmed yet" in html  # no competency confirmation on record
    assert "The superior has not yet confirmed the competencies for Agent" in html  # names; a capital
    assert "Months looked at: 2026-01 – 2026-06" in html
    assert "no exam yet" in html and "No exam in the last 12 months; a score of 80 needed" in html


def test_path_shows_projection_dates(client_for, org, timed):
    html = (
        client_for("team_lead")
        .get(reverse("person_path", args=["E3002"]) + "?as_of=2026-07-01")
        .content.decode()
    )
    step = html[html.index('id="step-L3"') :]
    assert "Not yet" in step and "earliest 2026-09-01" in step
    assert "Every other condition is already met, so the step opens on 2026-09-01" in step
    assert "16 of 18 months" in step


def test_path_in_chinese_renders_explanations_in_chinese(client_for, org, timed):
    html = (
        client_for("team_lead", "zh-hans")
        .get(reverse("person_path", args=["E3002"]) + "?as_of=2026-07-01")
        .content.decode()
    )
    assert "将于2026年9月1日满足" in html  # the engine's own zh explanation


def test_a_user_without_an_employee_record_gets_a_friendly_page(client_for, org):
    response = client_for("admin").get(reverse("my_path"))
    assert response.status_code == 200
    assert "not linked to an employee record" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "number"),
    [
        ("agent", "E2004"),
        ("agent", "E2002"),
        ("team_lead", "E2005"),
        ("team_lead", "E2006"),
        ("admin", "E2004"),
    ],
)
def test_someone_elses_path_out_of_scope_is_404(client_for, org, role, number):
    response = client_for(role).get(reverse("person_path", args=[number]))
    assert response.status_code == 404
    assert org.employees[number].name not in response.content.decode()


def test_no_policy_in_force_on_the_date_says_so(client_for, org):
    response = client_for("agent").get(reverse("my_path") + "?as_of=2020-01-01")
    assert (
        response.status_code == 200
        and "No promotion policy is in force on 2020-01-01" in response.content.decode()
    )


def test_profile_links_to_the_path_and_home_to_my_path(client_for, org):
    client = client_for("agent")
    assert (
        reverse("person_path", args=["E2003"])
        in client.get(reverse("person", args=["E2003"])).content.decode()
    )
    home = client.get(reverse("home")).content.decode()
    assert home.count(reverse("my_path")) >= 1


def test_nav_offers_my_path_and_lists_by_role(client_for, org):
    for role, my_path, lists in (
        ("agent", True, False),
        ("team_lead", True, True),
        ("hr", True, True),
        ("admin", False, False),
    ):
        html = client_for(role).get(reverse("home")).content.decode()
        nav = html[html.index('class="mainnav"') : html.index("</nav>")]
        assert (reverse("my_path") in nav) is my_path, role
        assert (reverse("eligibility") in nav) is lists, role


# --- the lists -----------------------------------------------------------------------------------------


def test_lists_group_by_readiness_with_the_three_month_boundary(client_for, org, timed):
    html = client_for("team_lead").get(reverse("eligibility") + "?as_of=2026-07-01").content.decode()
    g = groups(html)
    assert ("E3001", "L3") in g["ready_now"] and ("E3001", "X1") in g["ready_now"]
    assert ("E3002", "L3") in g["ready_soon"] and ("E3003", "L3") in g["ready_soon"]
    assert ("E3004", "L3") in g["later"]
    assert g["ready_soon"].index(("E3002", "L3")) < g["ready_soon"].index(("E3003", "L3"))  # soonest first
    assert ("E2004", "L2") in g["later"]  # not enough data
    assert "Ready within 3 months" in html


def test_a_lead_sees_only_their_team(client_for, org, timed):
    html = client_for("team_lead").get(reverse("eligibility")).content.decode()
    assert numbers(html) <= {"E2002", "E2003", "E2004", "E3001", "E3002", "E3003", "E3004"}
    for outsider in ("E2005", "E2006", "E2007", "E2001"):
        assert outsider not in html
        assert org.employees[outsider].name not in html


def test_a_head_sees_the_department_and_hr_everyone(client_for, org):
    head = numbers(client_for("department_head").get(reverse("eligibility")).content.decode())
    assert "E2005" in head and "E2006" not in head
    everyone = numbers(client_for("hr").get(reverse("eligibility")).content.decode())
    assert {"E2005", "E2006", "E2007"} <= everyone


@pytest.mark.parametrize("role", ["agent", "admin", "none"])
def test_agents_admins_and_users_without_a_role_get_no_list(client_for, org, role):
    for url in (reverse("eligibility"), reverse("eligibility_export", args=["csv"])):
        response = client_for(role).get(url)
        assert response.status_code == 403
        assert "E2004" not in response.content.decode()


def test_filters_narrow_the_list(client_for, org, timed):
    client = client_for("hr")
    by_team = numbers(client.get(reverse("eligibility") + "?team=b1").content.decode())
    assert by_team == {"E2007"} | ({"E2006", "E2010"} & by_team)
    assert by_team and all(org.employees[n].team.code == "b1" for n in by_team)
    by_department = numbers(client.get(reverse("eligibility") + "?department=dept-b").content.decode())
    assert by_department == by_team  # department B has only team B1
    html = client.get(reverse("eligibility") + "?track=expert&as_of=2026-07-01").content.decode()
    assert {to for rows in groups(html).values() for _n, to in rows} == {"X1"}
    html = client.get(reverse("eligibility") + "?level=L1").content.decode()
    assert {to for rows in groups(html).values() for _n, to in rows} == {"L2"}
    html = client.get(reverse("eligibility") + "?status=eligible&as_of=2026-07-01").content.decode()
    g = groups(html)
    assert g["ready_now"] and not g["ready_soon"] and not g["later"]


def test_the_department_filter_is_for_hr_and_management_only(client_for, org):
    lead = client_for("team_lead").get(reverse("eligibility") + "?department=dept-b").content.decode()
    assert 'id="f-department"' not in lead
    assert numbers(lead) == {"E2002", "E2003", "E2004"}  # ignored, still their own team
    assert 'id="f-department"' in client_for("management").get(reverse("eligibility")).content.decode()


def test_htmx_refresh_returns_only_the_list(client_for, org):
    response = client_for("hr").get(reverse("eligibility") + "?team=a1", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and 'id="group-ready_now"' in html
    assert numbers(html) <= {"E2002", "E2003", "E2004"}
    assert "HX-Request" in response["Vary"]


def test_explanation_fragment_expands_one_step(client_for, org):
    url = reverse("person_path", args=["E2003"]) + "?to=L3&as_of=2026-07-01"
    html = client_for("team_lead").get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in html and '<details class="explain" open>' in html
    assert 'id="step-L3"' in html and 'id="step-X1"' not in html
    # out of scope stays out of scope in the fragment too
    other = client_for("agent").get(
        reverse("person_path", args=["E2004"]) + "?to=L2", headers={"HX-Request": "true"}
    )
    assert other.status_code == 404


def test_long_groups_are_paged(client_for, org):
    for i in range(55):
        e = EmployeeFactory(
            number=f"E4{i:03d}", name=f"新人{i}", team=org.teams["a1"], hire_date=dt.date(2026, 1, 1)
        )
        LevelAssignmentFactory(employee=e, level=org.levels[1], effective_from=dt.date(2026, 1, 1))
    client = client_for("team_lead")
    first = client.get(reverse("eligibility")).content.decode()
    assert len(groups(first)["later"]) == 50 and "1–50 of " in first
    second = client.get(reverse("eligibility") + "?page_later=2").content.decode()
    assert 0 < len(groups(second)["later"]) <= 50
    assert not set(groups(first)["later"]) & set(groups(second)["later"])


# --- exports ---------------------------------------------------------------------------------------------


def _csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_csv_export_has_the_cli_columns_and_rows(client_for, org, tmp_path, timed):
    response = client_for("team_lead").get(reverse("eligibility_export", args=["csv"]) + "?as_of=2026-07-01")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="eligibility-2026-07-01.csv"'
    rows = _csv(response)
    assert rows[0] == export_header()
    out = tmp_path / "cli.csv"
    code = main(
        [
            "eligibility",
            "--as-of",
            "2026-07-01",
            "--format",
            "csv",
            "--language",
            "en",
            "--as",
            "wangfang",
            "--output",
            str(out),
        ]
    )
    assert code == 0
    assert rows == list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert {r[0] for r in rows[1:]} <= {"E2002", "E2003", "E2004", "E3001", "E3002", "E3003", "E3004"}


def test_exports_follow_the_filters_and_scope(client_for, org, timed):
    client = client_for("department_head")
    rows = _csv(client.get(reverse("eligibility_export", args=["csv"]) + "?team=a2"))
    assert rows[1:] and {r[0] for r in rows[1:]} == {"E2005"}
    rows = _csv(client.get(reverse("eligibility_export", args=["csv"]) + "?status=eligible&as_of=2026-07-01"))
    assert rows[1:] and all(r[6] == "eligible now" for r in rows[1:])
    assert "E2006" not in {r[0] for r in _csv(client.get(reverse("eligibility_export", args=["csv"])))}


def test_xlsx_export_parses_back(client_for, org, timed):
    response = client_for("team_lead", "zh-hans").get(
        reverse("eligibility_export", args=["xlsx"]) + "?as_of=2026-07-01"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(response.content))
    values = list(book.active.iter_rows(values_only=True))
    assert len(values[0]) == len(export_header())
    by_person = {(r[0], r[5]): r for r in values[1:]}
    assert by_person[("E3002", "L3")][7] == "2026-09-01"
    assert "2026年9月1日" in by_person[("E3002", "L3")][8]  # the explanation in Chinese
    assert {r[0] for r in values[1:]} <= {"E2002", "E2003", "E2004", "E3001", "E3002", "E3003", "E3004"}


def test_confirmations_change_the_list(client_for, org):
    """A superior's confirmation is read: E2002 (L1) moves from "not confirmed" to a confirmed profile."""
    version = policy_version_in_force(dt.date.today())
    assessment = Assessment.objects.create(
        employee=org.employees["E2002"], target_level_code="L2", policy_version=version
    )
    Rating.objects.create(
        assessment=assessment,
        group="superior",
        scores={"communication": 3, "coaching": 1},
        rated_at=timezone.now(),
        rated_by_label="wangfang",
    )
    html = client_for("team_lead").get(reverse("person_path", args=["E2002"])).content.decode()
    assert "Competencies below the profile of Agent (1): Coaching 1/2" in html
    assert "1 of 2 competencies" in html
