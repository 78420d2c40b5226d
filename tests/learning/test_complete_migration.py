"""Migration learning 0002: the earlier training records become completions and the promotion training
assignments become enrolments (with a completion when done). org 0006 and promotions 0004 drop the old
tables, so the test builds them from the migration state, runs the data function, and drops them again."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from serviceladder.learning.models import Completion, Course, Enrolment
from tests.factories import EmployeeFactory, TeamFactory

migration = importlib.import_module(
    "serviceladder.learning.migrations.0003_l_complete_trainings_to_completions"
)


@pytest.fixture
def old_apps():
    state = MigrationExecutor(connection).loader.project_state(
        ("learning", "0003_l_complete_trainings_to_completions")
    )
    apps = state.apps
    models = [apps.get_model("org", "Training"), apps.get_model("promotions", "TrainingAssignment")]
    with connection.schema_editor() as editor:
        for model in models:
            editor.create_model(model)
    yield apps
    with connection.schema_editor() as editor:
        for model in reversed(models):
            editor.delete_model(model)


@pytest.mark.django_db(transaction=True)
def test_trainings_and_assignments_move_into_learning(old_apps):
    team = TeamFactory(code="t1")
    a1, a2, a3 = (EmployeeFactory(number=n, team=team) for n in ("A1", "A2", "A3"))
    basics = Course.objects.create(code="basics", name_zh="基础", name_en="Basics", validity_months=12)
    training = old_apps.get_model("org", "Training")
    assignment = old_apps.get_model("promotions", "TrainingAssignment")
    training.objects.create(employee_id=a1.pk, name="BASICS", completed_on=dt.date(2025, 1, 10))
    training.objects.create(
        employee_id=a1.pk,
        name="普通话证书",
        name_alt="Mandarin certificate",
        kind="certification",
        completed_on=dt.date(2024, 5, 1),
        expires_on=dt.date(2026, 4, 30),
    )
    done = {"name_zh": "基础", "name_en": "Basics", "assigned_on": dt.date(2024, 12, 1)}
    lead = {"name_zh": "带教技巧", "name_en": "Coaching skills", "hours": 8}
    assignment.objects.create(
        employee_id=a1.pk, training_code="basics", completed_on=dt.date(2025, 1, 10), **done
    )
    assignment.objects.create(
        employee_id=a1.pk, training_code="lead-skills", assigned_on=dt.date(2024, 12, 1), **lead
    )
    assignment.objects.create(
        employee_id=a2.pk,
        training_code="lead-skills",
        assigned_on=dt.date(2024, 12, 1),
        completed_on=dt.date(2025, 2, 1),
        **lead,
    )
    # two open assignments of one course (two promotions): one open enrolment
    for day in (dt.date(2024, 6, 1), dt.date(2025, 6, 1)):
        assignment.objects.create(employee_id=a3.pk, training_code="lead-skills", assigned_on=day, **lead)

    migration.trainings_to_learning(old_apps, None)

    created = Course.objects.get(code="lead-skills")
    assert (created.name_zh, created.name_en, created.hours, created.from_policy) == (
        "带教技巧",
        "Coaching skills",
        8,
        True,
    )
    assert Course.objects.count() == 2  # basics was there already
    completions = {
        (c.employee.number, c.name): (
            c.course and c.course.code,
            c.expires_on,
            c.enrolment_id is not None,
            c.source,
        )
        for c in Completion.objects.select_related("employee", "course")
    }
    assert completions == {
        # the training record of the course, linked to the completed assignment of the same day
        ("A1", "BASICS"): ("basics", None, True, "migrated"),
        ("A1", "普通话证书"): (None, dt.date(2026, 4, 30), False, "migrated"),
        # a completed assignment without a training record gets its completion
        ("A2", "带教技巧"): ("lead-skills", None, True, "migrated"),
    }
    enrolments = sorted(
        (e.employee.number, e.course.code, e.state, e.source, e.assigned_on)
        for e in Enrolment.objects.select_related("employee", "course")
    )
    assert enrolments == [
        ("A1", "basics", "completed", "promotion", dt.date(2024, 12, 1)),
        ("A1", "lead-skills", "assigned", "promotion", dt.date(2024, 12, 1)),
        ("A2", "lead-skills", "completed", "promotion", dt.date(2024, 12, 1)),
        ("A3", "lead-skills", "assigned", "promotion", dt.date(2024, 6, 1)),
    ]
    linked = Completion.objects.get(name="BASICS")
    assert linked.enrolment.course == basics and linked.enrolment.employee == a1
