"""Every token has an end (0002 gave the existing ones theirs, in its own transaction)."""

from django.db import migrations, models

import serviceladder.api.models


class Migration(migrations.Migration):
    dependencies = [("api", "0002_apitoken_expires_at")]

    operations = [
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(
                default=serviceladder.api.models.default_expiry, verbose_name="expires"
            ),
        ),
    ]
