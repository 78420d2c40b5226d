"""Every competency confirmation becomes a skill assessment with the superior's rating (issue 14: one
mechanism). The policy version, the rater, the time and the note (as the rating's general evidence note)
are kept; the assessment is dated by the confirmation."""

from django.db import migrations

GENERAL_NOTE = ""  # development.models.assessments.GENERAL_NOTE, frozen here


def confirmations_to_ratings(apps, schema_editor):
    confirmation_model = apps.get_model("development", "CompetencyConfirmation")
    assessment_model = apps.get_model("development", "Assessment")
    rating_model = apps.get_model("development", "Rating")
    for c in confirmation_model.objects.order_by("confirmed_at", "pk").iterator():
        assessment = assessment_model.objects.create(
            employee_id=c.employee_id,
            target_level_code=c.target_level_code,
            policy_version_id=c.policy_version_id,
            opened_by_id=c.confirmed_by_id,
        )
        # opened_at is set on creation: date it by the confirmation in a second statement.
        assessment_model.objects.filter(pk=assessment.pk).update(opened_at=c.confirmed_at)
        rating_model.objects.create(
            assessment=assessment,
            group="superior",
            scores={k: int(v) for k, v in c.ratings.items()},
            evidence={GENERAL_NOTE: c.note} if c.note.strip() else {},
            rated_at=c.confirmed_at,
            rated_by_id=c.confirmed_by_id,
            rated_by_label=c.confirmed_by_label,
        )


class Migration(migrations.Migration):
    dependencies = [("development", "0002_development_plans")]

    operations = [migrations.RunPython(confirmations_to_ratings, migrations.RunPython.noop, elidable=False)]
