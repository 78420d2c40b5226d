"""The competency confirmation is the superior's rating of a skill assessment now (0003 moved every row):
its old table goes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("development", "0003_assess_confirmations_to_ratings")]

    operations = [migrations.DeleteModel(name="CompetencyConfirmation")]
