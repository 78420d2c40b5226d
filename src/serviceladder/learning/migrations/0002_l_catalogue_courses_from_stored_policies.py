"""Courses and exams for the policies already stored before the catalogue existed (issue 17): the same as
loading them again would create (learning.services.catalogue.catalogue_sync), with later versions winning for
names. Creates only what is missing; a fresh database has no versions and nothing to do."""

from decimal import Decimal

from django.db import migrations


def forwards(apps, schema_editor):
    from serviceladder.policy.errors import PolicyInvalid
    from serviceladder.policy.validation import parse_policy

    PolicyVersion = apps.get_model("policy", "PolicyVersion")
    Course = apps.get_model("learning", "Course")
    Exam = apps.get_model("learning", "Exam")
    trainings, exams = {}, {}
    for version in PolicyVersion.objects.order_by("effective_from", "number"):
        try:
            policy = parse_policy(version.content)
        except PolicyInvalid:  # a version stored under an older schema: it keeps working without courses
            continue
        for t in policy.trainings:
            values = {"name_zh": t.name_zh, "name_en": t.name_en}
            if t.hours is not None:
                values["hours"] = Decimal(t.hours)
            if t.validity_months is not None:
                values["validity_months"] = t.validity_months
            trainings[t.code] = values
        for e in policy.exams:
            exams[e.code] = {"name_zh": e.name_zh, "name_en": e.name_en, "counts": e.counts}
    have = set(Course.objects.values_list("code", flat=True))
    Course.objects.bulk_create(
        [
            Course(code=code, from_policy=True, **values)
            for code, values in trainings.items()
            if code not in have
        ]
    )
    have = set(Exam.objects.values_list("code", flat=True))
    Exam.objects.bulk_create(
        [Exam(code=code, from_policy=True, **values) for code, values in exams.items() if code not in have]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0001_initial"),
        ("policy", "0002_policy_drafts"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
