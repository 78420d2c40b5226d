# Issue 17: a promotion training is a learning.Enrolment now (learning 0002 copied every assignment).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("promotions", "0003_cycle_name_in_other_language"),
        ("learning", "0003_l_complete_trainings_to_completions"),
    ]

    operations = [migrations.DeleteModel(name="TrainingAssignment")]
