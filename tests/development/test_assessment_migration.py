"""Migration 0003: every competency confirmation becomes an assessment with the superior's rating, keeping
the policy version, the rater, the time and the note; eligibility then reads it. (0004 drops the old table,
so the test builds it from the migration state just before, runs the data function, and drops it again.)"""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from serviceladder.development.models import Assessment, Rating
from serviceladder.development.selectors.confirmations import competency_ratings_as_of
from tests.development.assessment_setup import load_policy

migration = importlib.import_module(
    "serviceladder.development.migrations.0003_assess_confirmations_to_ratings"
)


@pytest.fixture
def old_apps():
    """The apps as migration 0003 sees them, with the CompetencyConfirmation table created for the test."""
    state = MigrationExecutor(connection).loader.project_state(
        ("development", "0003_assess_confirmations_to_ratings")
    )
    apps = state.apps
    model = apps.get_model("development", "CompetencyConfirmation")
    with connection.schema_editor() as editor:
        editor.create_model(model)
    yield apps
    with connection.schema_editor() as editor:
        editor.delete_model(model)


@pytest.mark.django_db(transaction=True)
def test_each_confirmation_becomes_an_assessment_with_the_superiors_rating(org, old_apps):
    version = load_policy(org)
    confirmation = old_apps.get_model("development", "CompetencyConfirmation")
    when = timezone.make_aware(dt.datetime(2025, 3, 14, 10, 30))
    with_note = confirmation.objects.create(
        employee_id=org.employees["E2004"].pk,
        target_level_code="L2",
        policy_version_id=version.pk,
        ratings={"communication": 3, "coaching": "2"},
        confirmed_by_id=org.users["team_lead"].pk,
        confirmed_by_label="wangfang",
        note="观察三个月",
    )
    confirmation.objects.filter(pk=with_note.pk).update(confirmed_at=when)
    confirmation.objects.create(
        employee_id=org.employees["E2003"].pk,
        target_level_code="X1",
        policy_version_id=version.pk,
        ratings={"communication": 2},
        confirmed_by_id=None,
        confirmed_by_label="former-lead",
    )
    migration.confirmations_to_ratings(old_apps, None)

    assert Assessment.objects.count() == 2 and Rating.objects.count() == 2
    rating = Rating.objects.select_related("assessment").get(assessment__employee=org.employees["E2004"])
    assert rating.group == "superior" and rating.scores == {"communication": 3, "coaching": 2}
    assert rating.rated_by == org.users["team_lead"] and rating.rated_by_label == "wangfang"
    assert rating.rated_at == when and rating.assessment.opened_at == when
    assert rating.evidence == {"": "观察三个月"}
    assert rating.assessment.policy_version == version and rating.assessment.target_level_code == "L2"
    other = Rating.objects.get(assessment__employee=org.employees["E2003"])
    assert other.evidence == {} and other.rated_by is None and other.rated_by_label == "former-lead"
    # what the competency_confirmation clause reads, as of the day of the confirmation and before it
    emp = org.employees["E2004"].pk
    assert competency_ratings_as_of([emp], dt.date(2025, 3, 14))[emp] == {
        "L2": {"communication": 3, "coaching": 2}
    }
    assert competency_ratings_as_of([emp], dt.date(2025, 3, 13)) == {}
