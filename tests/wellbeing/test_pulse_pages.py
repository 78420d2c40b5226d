"""The pulse pages over HTTP: answering by the form (and the to-do that goes away), refusals, HR's cycles,
results with suppression visible and never a number, the subtraction attack across two cuts, shared answers
kept out of the totals, exports, and what each role reads."""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
from decimal import Decimal

import pytest
from django.urls import reverse

from serviceladder.audit.services import Actor
from serviceladder.todos.registry import items_for
from serviceladder.wellbeing.errors_pulse import ALREADY_ANSWERED
from serviceladder.wellbeing.models import PulseAnswered, PulseCycle, PulseResponse, PulseShared
from serviceladder.wellbeing.services import pulse as services
from serviceladder.wellbeing.todos_pulse import TO_ANSWER
from tests.wellbeing.pulse_setup import add_team, answer_as, closed_with_teams, hr, open_cycle, values

pytestmark = pytest.mark.django_db

ANSWER = reverse("pulse_answer")
RESULTS = reverse("pulse_results")


def _form(a=3, b=3, c=3, d=3, **extra):
    data = {"action": "answer", "choice": "anonymous", "comment": ""}
    data.update({f"q-{code}": v for code, v in zip(values().keys(), (a, b, c, d), strict=True)})
    data.update(extra)
    return data


def test_an_agent_answers_by_the_form_and_the_to_do_goes_away(client_for, org):
    cycle = open_cycle(org)
    client = client_for("agent")
    assert [i.kind for i in items_for(org.users["agent"]) if i.kind == TO_ANSWER] == [TO_ANSWER]
    page = client.get(ANSWER).content.decode()
    assert "How your answer stays anonymous" in page
    assert "I often feel drained at the end of a shift" in page
    assert "Share with my lead" in page and "王芳" in page  # the lead of team a1
    response = client.post(ANSWER, _form(4, 2, 3, 5, comment="排班太紧"))
    assert response.status_code == 302
    assert PulseAnswered.objects.filter(cycle=cycle, employee=org.employees["E2003"]).exists()
    assert PulseResponse.objects.get().values["exhaustion"] == 4
    assert TO_ANSWER not in [i.kind for i in items_for(org.users["agent"])]
    page = client.get(ANSWER).content.decode()
    assert "You have answered this pulse" in page
    assert "排班太紧" not in page  # an anonymous answer is never shown back, not even to its author


def test_answering_twice_by_the_form_is_refused(client_for, org):
    open_cycle(org)
    client = client_for("agent")
    client.post(ANSWER, _form())
    response = client.post(ANSWER, _form(5, 5, 5, 5))
    assert response.status_code == 400
    assert str(ALREADY_ANSWERED) in response.content.decode()
    assert PulseResponse.objects.count() == 1


def test_a_missing_answer_keeps_the_form_filled_and_writes_nothing(client_for, org):
    open_cycle(org)
    form = _form(4, 2, 3, 5)
    del form["q-respect"]
    response = client_for("agent").post(ANSWER, form)
    assert response.status_code == 400
    assert 'value="4" required checked' in response.content.decode()
    assert not PulseAnswered.objects.exists()


def test_an_error_while_answering_puts_neither_values_nor_comment_in_the_log(
    client, org, caplog, monkeypatch
):
    """A failure inside the save: the log has one line for the request, no traceback with the answer."""
    open_cycle(org)
    secret = "只对你说：组长太凶"

    def failing_create(**fields):
        raise RuntimeError(f"could not store {fields['values']} {fields['comment']}")

    monkeypatch.setattr(PulseResponse.objects, "create", failing_create)
    client.raise_request_exception = False
    client.force_login(org.users["agent"])
    with caplog.at_level(logging.DEBUG):
        response = client.post(ANSWER, _form(5, 1, 1, 1, comment=secret))
    assert response.status_code == 500
    logged = "\n".join(
        logging.Formatter().format(record) + repr(getattr(record, "request", "")) for record in caplog.records
    )
    assert "Internal Server Error: /wellbeing/pulse/" in logged
    assert secret not in logged
    assert "'exhaustion': 5" not in logged and "could not store" not in logged
    assert not PulseAnswered.objects.exists()  # the whole answer rolled back


def test_the_servers_request_log_prints_no_request_body():
    from serviceladder.cli.commands.serve import with_request_log

    out = io.StringIO()
    body = b"q-exhaustion=5&comment=%E7%BB%84%E9%95%BF"

    def app(environ, start_response):
        environ["wsgi.input"].read()
        start_response("302 Found", [])
        return [b""]

    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/wellbeing/pulse/",
        "REMOTE_ADDR": "10.0.0.7",
        "wsgi.input": io.BytesIO(body),
        "CONTENT_LENGTH": str(len(body)),
    }
    with_request_log(app, out)(environ, lambda status, headers, exc_info=None: None)
    line = out.getvalue()
    assert line.startswith("10.0.0.7 POST /wellbeing/pulse/ 302")
    assert "exhaustion" not in line and "comment" not in line


# --- results --------------------------------------------------------------------------------------------


def test_hr_reads_results_with_the_small_team_folded_and_never_a_number(client_for, org):
    closed_with_teams(org)
    page = client_for("hr").get(RESULTS).content.decode()
    assert "big · Customer Service 1" in page
    assert "tiny · Customer Service 1</strong>: fewer than 5 answers — folded into the department" in page
    assert "mid · Customer Service 1</strong>: hidden together with a smaller team" in page
    # tiny and mid have no section of their own
    assert 'data-label="Group">tiny' not in page and 'data-label="Group">mid' not in page
    assert "<summary><strong>tiny" not in page and "<summary><strong>mid" not in page
    assert '<th scope="row" data-label="Group">big · Customer Service 1</th>' in page
    assert "48.7 %" in page and "indicative — one survey" in page
    assert "17 answers" in page  # department a: 8 + 6 + 3
    assert "希望多些培训" in page  # HR reads comments


def test_the_subtraction_attack_across_two_cuts_fails(org):
    """Department minus its shown teams gives nothing smaller than the minimum, and never the small team."""
    from serviceladder.wellbeing.selectors.pulse_results import cycle_results

    cycle = closed_with_teams(org)
    results = cycle_results(org.users["hr"], cycle)
    by = {(g.level, g.name): g for g in results.shown}
    dept = by[("department", "Customer Service 1")]
    teams = [g for g in results.shown if g.level == "team" and g.department == "Customer Service 1"]
    assert [g.name for g in teams] == ["big"]
    for question in range(4):
        left = [
            d - sum(t.distributions[question].counts[i] for t in teams)
            for i, d in enumerate(dept.distributions[question].counts)
        ]
        assert sum(left) >= results.min_group
        tiny_alone = {0: [0, 0, 0, 1, 2], 1: [2, 1, 0, 0, 0], 2: [2, 1, 0, 0, 0], 3: [2, 1, 0, 0, 0]}
        assert left != tiny_alone[question]
    # the organisation minus department b minus department a leaves nothing either
    org_group = by[("organisation", "")]
    assert org_group.answers == dept.answers + by[("department", "Customer Service 2")].answers


def test_nothing_is_shown_below_the_minimum_in_the_whole_organisation(client_for, org):
    cycle = open_cycle(org)
    _t, people = add_team(org, "a", "few", 6)
    answer_as(people[:4], cycle, [values()] * 4)
    services.pulse_cycle_close(actor=hr(org), cycle=cycle)
    page = client_for("hr").get(RESULTS).content.decode()
    assert "nothing is shown for this pulse" in page
    assert "pulse-group" not in page
    assert "Export CSV" not in page


def test_shared_answers_are_left_out_of_the_totals_and_shown_to_the_lead_only(client_for, org):
    from serviceladder.wellbeing.selectors.pulse_results import cycle_results

    cycle = closed_with_teams(org, shared_in_big=2)
    big = next(g for g in cycle_results(org.users["hr"], cycle).shown if g.name == "big")
    assert big.answers == 8
    assert big.distributions[0].counts == (0, 8, 0, 0, 0)  # the two 5s shared are not here
    assert PulseShared.objects.count() == 2
    # Team big has no lead: its people share with the department head, who lists them, and only them.
    page = client_for("department_head").get(reverse("pulse_shared")).content.decode()
    assert "big成员0" in page and "big成员1" in page
    assert "big成员2" not in page  # answered anonymously: not listed, nor that they answered
    assert "big成员0" not in client_for("hr").get(RESULTS).content.decode()


def test_the_department_head_reads_their_department_and_management_reads_no_comments(client_for, org):
    closed_with_teams(org)
    head = client_for("department_head").get(RESULTS).content.decode()
    assert "Customer Service 1" in head and "Customer Service 2" not in head
    assert "希望多些培训" not in head
    management = client_for("management").get(RESULTS).content.decode()
    assert "Customer Service 2" in management
    assert "希望多些培训" not in management


def test_the_export_holds_the_shown_groups_only(client_for, org):
    closed_with_teams(org)
    response = client_for("hr").get(reverse("pulse_results_export", kwargs={"fmt": "csv"}))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    teams = {row[3] for row in rows[1:]}
    assert teams == {"", "big", "far"}
    assert len(rows) == 1 + 5 * 4  # organisation, 2 departments, 2 teams, × 4 questions
    response = client_for("hr").get(reverse("pulse_results_export", kwargs={"fmt": "xlsx"}))
    assert response.content[:2] == b"PK"


def test_no_page_names_who_answered(client_for, org):
    """HR's cycles page counts answers; the results name no person; the answer rows hold none."""
    cycle = closed_with_teams(org)
    names = [e.name for e in org.employees.values()] + ["big成员0", "tiny成员1", "far成员0"]
    for path in (reverse("pulse_cycles"), RESULTS):
        page = client_for("hr").get(path).content.decode()
        assert not [n for n in names if n in page and n != "赵敏"], path  # 赵敏 is HR, the reader
    assert 'data-label="Answered">24</td>' in client_for("hr").get(reverse("pulse_cycles")).content.decode()
    assert PulseAnswered.objects.filter(cycle=cycle).count() == 24


def test_hr_schedules_opens_and_closes_by_the_page(client_for, org):
    from tests.wellbeing.pulse_setup import load_pulse_policy

    load_pulse_policy(org)
    client = client_for("hr")
    month = (dt.date.today().replace(day=1) + dt.timedelta(days=40)).strftime("%Y-%m")
    assert client.post(reverse("pulse_cycles"), {"action": "schedule", "month": month}).status_code == 302
    cycle = PulseCycle.objects.get(month=month)
    client.post(reverse("pulse_cycles"), {"action": "open", "cycle": cycle.pk})
    cycle.refresh_from_db()
    assert cycle.state == PulseCycle.State.OPEN
    client.post(reverse("pulse_cycles"), {"action": "close", "cycle": cycle.pk})
    cycle.refresh_from_db()
    assert cycle.state == PulseCycle.State.CLOSED
    response = client.post(reverse("pulse_cycles"), {"action": "schedule", "month": "1999-01"})
    assert response.status_code == 400
    assert PulseCycle.objects.count() == 1


def test_the_api_gives_the_shown_groups_and_the_folded_ones_without_numbers(client_for, org):
    closed_with_teams(org)
    body = client_for("hr").get("/api/wellbeing/pulse/results").json()
    shown = {(g["level"], g["name"]): g for g in body["shown"]}
    assert shown[("team", "big")]["answers"] == 8
    assert shown[("team", "big")]["distributions"][0]["counts"] == [0, 8, 0, 0, 0]
    folded = {g["name"]: g for g in body["folded"] if g["level"] == "team"}
    assert folded["tiny"] == {
        "level": "team",
        "name": "tiny",
        "department": "Customer Service 1",
        "reason": "few_answers",
    }
    assert folded["mid"]["reason"] == "complementary"
    assert ("team", "tiny") not in shown and ("team", "mid") not in shown
    assert "希望多些培训" not in str(body)  # comments are for HR's page only
    head = client_for("department_head").get("/api/wellbeing/pulse/results").json()
    assert {g["name"] for g in head["shown"] if g["level"] == "department"} == {"Customer Service 1"}
    assert client_for("agent").get("/api/wellbeing/pulse/results").status_code == 403


def test_a_persons_wellbeing_page_shows_their_shared_answers_to_their_lead_only(client_for, org):
    cycle = open_cycle(org)
    services.pulse_answer(
        actor=Actor(user=org.users["agent"]),
        cycle=cycle,
        values=values(5, 1, 2, 2),
        comment="想调班",
        choice="shared",
    )
    url = reverse("person_wellbeing", kwargs={"number": "E2003"})
    lead_page = client_for("team_lead").get(url).content.decode()
    assert "Pulse answers shared with you" in lead_page and "想调班" in lead_page
    for role in ("hr", "department_head"):
        assert "想调班" not in client_for(role).get(url).content.decode(), role
    services.pulse_share_revoke(actor=Actor(user=org.users["agent"]), cycle=cycle)
    assert "想调班" not in client_for("team_lead").get(url).content.decode()


def test_the_trend_shows_a_group_only_in_the_cycles_where_it_was_shown(client_for, org):
    from serviceladder.org.models import Employee
    from serviceladder.wellbeing.selectors.pulse_results import trend

    first = closed_with_teams(org)
    start = dt.date.fromisoformat(f"{first.month}-01") + dt.timedelta(days=40)
    start = start.replace(day=1)
    second = services.pulse_cycle_schedule(actor=hr(org), month=start.strftime("%Y-%m"), today=start)
    second = services.pulse_cycle_open(actor=hr(org), cycle=second, today=start)
    for code, exhausted in (("mid", 6), ("big", 5)):
        people = list(Employee.objects.filter(team__code=code).order_by("number"))
        answer_as(people, second, [values(5 if i < exhausted else 1) for i in range(len(people))])
    second = services.pulse_cycle_close(actor=hr(org), cycle=second, today=start)
    rows = {row.name: row.points for row in trend(org.users["hr"], [first, second])}
    # tiny: 3 answers in the first cycle (folded), none in the second: never a figure. mid: hidden with
    # tiny in the first cycle, shown in the second (nothing hidden left beside it).
    assert rows.get("tiny") is None
    assert rows["mid"][0] is None and rows["mid"][1] == Decimal("100.0")
    assert rows["big"] == (Decimal("0.0"), Decimal("50.0"))
    page = client_for("hr").get(RESULTS).content.decode()
    assert "Exhaustion across pulses" in page


def test_sharing_and_taking_back_by_the_form(client_for, org):
    open_cycle(org)
    client = client_for("agent")
    response = client.post(ANSWER, _form(5, 1, 2, 2, choice="shared", comment="想调班"), follow=True)
    page = response.content.decode()
    assert "shared with 王芳" in page
    assert "You shared your answers with 王芳" in page and "想调班" in page  # shown back to its author
    assert PulseShared.objects.filter(employee=org.employees["E2003"]).exists()
    assert not PulseResponse.objects.exists()
    page = client.post(ANSWER, {"action": "revoke"}, follow=True).content.decode()
    assert "no longer sees it" in page
    assert not PulseShared.objects.exists()
    assert not PulseResponse.objects.exists()
    assert client.post(ANSWER, _form()).status_code == 400  # no second answer after taking it back
