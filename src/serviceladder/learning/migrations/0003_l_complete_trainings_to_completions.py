"""Issue 17: the earlier training records move into learning.

- every org.Training becomes a Completion (source "migrated"), linked to the catalogue course whose code or
  name (either language, any case) matches its name or other-language name;
- every promotions.TrainingAssignment becomes an Enrolment (source "promotion", with its application): its
  course is the catalogue's of the same code, created from the assignment's names and hours when missing;
  a completed one is a completed enrolment with its Completion (the migrated training record of the same
  course and day when there is one, else a new one), an open one stays assigned (one per person and course).

org 0006 and promotions 0004 then drop the old tables. Going back leaves the tables empty."""

from __future__ import annotations

import datetime as dt

from django.db import migrations


def _add_months(day: dt.date, months: int) -> dt.date:
    # the same rule as serviceladder.rules.periods.add_months (a migration keeps its own copy)
    import calendar

    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def trainings_to_learning(apps, schema_editor):
    Training = apps.get_model("org", "Training")
    Assignment = apps.get_model("promotions", "TrainingAssignment")
    Course = apps.get_model("learning", "Course")
    Completion = apps.get_model("learning", "Completion")
    Enrolment = apps.get_model("learning", "Enrolment")
    EnrolmentEvent = apps.get_model("learning", "EnrolmentEvent")

    by_code = {c.code: c for c in Course.objects.all()}
    for a in Assignment.objects.order_by("training_code", "pk"):
        if a.training_code not in by_code:
            by_code[a.training_code] = Course.objects.create(
                code=a.training_code,
                name_zh=a.name_zh or a.training_code,
                name_en=a.name_en or a.training_code,
                hours=a.hours,
                from_policy=True,
            )
    by_name = {}
    for course in by_code.values():
        for name in (course.name_en, course.name_zh, course.code):
            if name:
                by_name[name.strip().lower()] = course

    def course_named(*names):
        for name in names:
            course = by_name.get(name.strip().lower()) if name else None
            if course is not None:
                return course
        return None

    migrated = {}  # (employee, course, completed_on) → the completion of a migrated training record
    for t in Training.objects.order_by("pk").iterator():
        course = course_named(t.name, t.name_alt)
        completion = Completion.objects.create(
            employee_id=t.employee_id,
            course=course,
            name=t.name,
            name_alt=t.name_alt,
            kind=t.kind,
            completed_on=t.completed_on,
            expires_on=t.expires_on,
            source="migrated",
        )
        if course is not None:
            migrated.setdefault((t.employee_id, course.pk, t.completed_on), completion)

    open_ones = set()
    for a in Assignment.objects.order_by("assigned_on", "pk").iterator():
        course = by_code[a.training_code]
        if a.completed_on is None:
            if (a.employee_id, course.pk) in open_ones:
                continue  # one open enrolment per person and course: the earliest assignment stands
            open_ones.add((a.employee_id, course.pk))
        enrolment = Enrolment.objects.create(
            employee_id=a.employee_id,
            course=course,
            state="completed" if a.completed_on else "assigned",
            source="promotion",
            application_id=a.application_id,
            assigned_on=a.assigned_on,
        )
        EnrolmentEvent.objects.create(enrolment=enrolment, state="assigned", note="migrated")
        if a.completed_on is None:
            continue
        EnrolmentEvent.objects.create(enrolment=enrolment, state="completed", note="migrated")
        completion = migrated.pop((a.employee_id, course.pk, a.completed_on), None)
        if completion is not None:
            completion.enrolment = enrolment
            completion.save(update_fields=["enrolment"])
            continue
        Completion.objects.create(
            employee_id=a.employee_id,
            course=course,
            name=course.name_zh,
            name_alt=course.name_en,
            completed_on=a.completed_on,
            expires_on=_add_months(a.completed_on, course.validity_months)
            if course.validity_months
            else None,
            enrolment=enrolment,
            source="migrated",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0002_l_catalogue_courses_from_stored_policies"),
        ("org", "0005_examresult_exam_code"),
        ("promotions", "0003_cycle_name_in_other_language"),
    ]

    operations = [migrations.RunPython(trainings_to_learning, migrations.RunPython.noop)]
