"""The case page of a promotion application shows the reviewers the applicant's assessment history for
the step applied for."""

from __future__ import annotations

import pytest
from django.urls import reverse

from serviceladder.audit.services import Actor
from serviceladder.development.services.assessments import assessment_rate
from tests.promotions_web import builders

pytestmark = pytest.mark.django_db


def _rate(org, scores):
    assessment_rate(
        actor=Actor(user=org.users["team_lead"]),
        employee=org.employees["E2003"],
        target_level_code="L3",
        group="superior",
        scores=scores,
    )


def test_reviewers_see_the_history_of_the_step_applied_for(client_for, org):
    app = builders.submitted(org, "agent", "L3")
    url = reverse("promotion_application", args=[app.pk])
    html = client_for("department_head").get(url).content.decode()
    assert "Skill assessment history" not in html  # never assessed: nothing to show
    _rate(org, {"communication": 3, "coaching": 2})
    _rate(org, {"communication": 4, "coaching": 3})
    with builders.clock_at(builders.SEPTEMBER):
        html = client_for("department_head").get(url).content.decode()
    assert "Skill assessment history" in html and "How the gaps to Senior agent moved" in html
    section = html[html.index('id="skill-assessments"') :]
    row = section[section.index('<th scope="row">Communication</th>') :]
    row = row[: row.index("</tr>")]
    assert "— / +1 / —" in row and "— / 0 / —" in row
    with builders.clock_at(builders.SEPTEMBER):
        own = client_for("agent").get(url).content.decode()
    assert "Skill assessment history" in own
