"""competency_confirm (now the superior's rating of a skill assessment): who may confirm, what a valid rating
is, the audit row; and the form over HTTP (the old confirm URL leads to the superior's rating form)."""

import pytest
from django.urls import reverse

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.development.errors import (
    CANNOT_CONFIRM,
    CANNOT_CONFIRM_SELF,
    RATINGS_INCOMPLETE,
    ConfirmationInvalid,
    ConfirmationNotAllowed,
)
from serviceladder.development.models import Assessment, Rating
from serviceladder.development.services.confirmations import competency_confirm
from serviceladder.org.models import Team
from tests.factories import EmployeeFactory, user_with_roles
from tests.web.org import ensure_policy

GOOD = {"communication": 3, "coaching": 2}


def _confirm(org, role, number="E2004", ratings=GOOD, level="L2"):
    return competency_confirm(
        actor=Actor(user=org.users[role]),
        employee=org.employees[number],
        target_level_code=level,
        ratings=ratings,
        note="观察三个月",
    )


def _nothing_written():
    assert not Assessment.objects.exists() and not Rating.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="assessment.").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["team_lead", "department_head", "hr"])
def test_lead_head_and_hr_may_confirm_and_it_is_audited(org, role):
    version = ensure_policy(org)
    record = _confirm(org, role)
    assert record.group == "superior" and record.scores == GOOD
    assert record.assessment.policy_version == version and record.assessment.target_level_code == "L2"
    assert record.rated_by == org.users[role] and record.evidence == {"": "观察三个月"}
    event = AuditEvent.objects.get(action="assessment.rate_superior")
    assert event.employee == org.employees["E2004"] and event.actor == org.users[role]
    assert event.after["ratings"] == GOOD and event.after["required"] == {"communication": 3, "coaching": 2}
    assert event.reason == "观察三个月"


@pytest.mark.django_db
def test_the_lead_of_another_team_may_not(org):
    ensure_policy(org)
    other_lead = EmployeeFactory(number="E3001", team=org.teams["a2"])
    team = Team.objects.get(code="a2")
    team.lead = other_lead
    team.save(update_fields=["lead"])
    user = user_with_roles("otherlead", "team_lead", employee=other_lead)
    with pytest.raises(ConfirmationNotAllowed) as exc:
        competency_confirm(
            actor=Actor(user=user), employee=org.employees["E2004"], target_level_code="L2", ratings=GOOD
        )
    assert exc.value.message == CANNOT_CONFIRM
    _nothing_written()


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "number"), [("team_lead", "E2002"), ("hr", "E2008")])
def test_nobody_confirms_themselves_not_even_hr(org, role, number):
    ensure_policy(org)
    with pytest.raises(ConfirmationNotAllowed) as exc:
        _confirm(org, role, number=number)
    assert exc.value.message == CANNOT_CONFIRM_SELF
    _nothing_written()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["agent", "management", "admin"])
def test_other_roles_may_not(org, role):
    ensure_policy(org)
    with pytest.raises(ConfirmationNotAllowed):
        _confirm(org, role, number="E2004")
    _nothing_written()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "ratings",
    [
        {"communication": 3},  # coaching missing
        {"communication": 3, "coaching": 6},
        {"communication": 0, "coaching": 2},
        {"communication": "3.5", "coaching": 2},
        {"communication": 3, "coaching": 2, "leadership": 4},
    ],
)
def test_ratings_must_cover_the_profile_with_whole_numbers_1_to_5(org, ratings):
    ensure_policy(org)
    with pytest.raises(ConfirmationInvalid):
        _confirm(org, "hr", ratings=ratings)
    _nothing_written()


@pytest.mark.django_db
def test_unknown_target_level_is_refused(org):
    ensure_policy(org)
    with pytest.raises(ConfirmationInvalid):
        _confirm(org, "hr", level="NOPE")
    _nothing_written()


@pytest.mark.django_db
def test_form_records_and_profile_lists_required_vs_rated(client_for, org):
    ensure_policy(org)
    client = client_for("team_lead")
    old = reverse("competency_confirm", args=["E2004"]) + "?level=L2"
    url = reverse("assessment_rate", args=["E2004", "superior"]) + "?level=L2"
    assert client.get(old)["Location"] == url
    assert "Coaching" in client.get(url).content.decode()
    response = client.post(url, {"level": "L2", "r:communication": "4", "r:coaching": "1", "note": "ok"})
    assert response.status_code == 302
    html = client.get(reverse("person", args=["E2004"])).content.decode()
    assert "Competency confirmations" in html and "gaps" in html
    assert 'aria-label="4 / 5"' in html and 'aria-label="1 / 5"' in html
    # the agent (E2003, holding L2) sees their own confirmations but gets no button to confirm
    _confirm(org, "team_lead", number="E2003", ratings={"communication": 3}, level="X1")
    html = client_for("agent").get(reverse("person", args=["E2003"])).content.decode()
    assert "Competency confirmations" in html and "Quality specialist" in html
    assert reverse("competency_confirm", args=["E2003"]) not in html
    assert reverse("assessment_rate", args=["E2003", "superior"]) not in html


@pytest.mark.django_db
def test_form_with_a_missing_rating_says_so_and_writes_nothing(client_for, org):
    ensure_policy(org)
    client = client_for("hr")
    url = reverse("assessment_rate", args=["E2004", "superior"])
    response = client.post(url, {"level": "L2", "r:communication": "4"})
    assert response.status_code == 400
    assert str(RATINGS_INCOMPLETE % {"missing": "coaching"}) in response.content.decode()
    _nothing_written()


@pytest.mark.django_db
def test_admin_sees_no_confirmations_section(client_for, org):
    ensure_policy(org)
    _confirm(org, "hr")
    html = client_for("admin").get(reverse("person", args=["E2004"])).content.decode()
    assert "Competency confirmations" not in html


@pytest.mark.django_db
def test_the_level_dropdown_offers_only_the_steps_from_the_current_level(client_for, org):
    """A confirmation is for a step the person can take: not their own level, not a level below, not a level
    the policy opens from elsewhere."""
    import re

    from serviceladder.org.selectors import level_as_of, today

    ensure_policy(org)
    client = client_for("team_lead")
    onward = {"L1": ["L2"], "L2": ["L3", "X1"]}
    for number in ("E2003", "E2004"):
        current = level_as_of(org.employees[number], today()).level.code
        html = client.get(reverse("assessment_rate", args=[number, "superior"])).content.decode()
        select = html[html.index('<select id="level"') : html.index("</select>")]
        assert re.findall(r'<option value="([^"]+)"', select) == onward[current], (number, current)


@pytest.mark.django_db
def test_a_level_asked_for_by_link_is_selected_when_it_is_a_step(client_for, org):
    ensure_policy(org)
    client = client_for("team_lead")
    url = reverse("assessment_rate", args=["E2003", "superior"])
    html = client.get(url + "?level=X1").content.decode()
    select = html[html.index('<select id="level"') : html.index("</select>")]
    assert '<option value="X1" selected>' in select


@pytest.mark.django_db
def test_a_level_that_is_not_a_step_is_refused_and_nothing_written(client_for, org):
    """Rated only against a step the policy offers from the current level (E2004 holds L1: only L2)."""
    ensure_policy(org)
    client = client_for("team_lead")
    url = reverse("assessment_rate", args=["E2004", "superior"])
    response = client.post(url, {"level": "L3", "r:communication": "4", "r:coaching": "3"})
    assert response.status_code == 400
    assert "L3" in response.content.decode()
    _nothing_written()
