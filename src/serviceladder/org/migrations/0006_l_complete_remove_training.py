# Issue 17: a completed training is a learning.Completion now (learning 0002 copied every record).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0005_examresult_exam_code"),
        ("learning", "0003_l_complete_trainings_to_completions"),
    ]

    operations = [migrations.DeleteModel(name="Training")]
