"""API tokens expire. Tokens that exist when this migration runs get the default lifetime counted from now
(SERVICELADDER_TOKEN_DEFAULT_DAYS after the upgrade), so no script stops working on the day of the upgrade."""

import datetime as dt

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def existing_tokens_expire(apps, schema_editor):
    ApiToken = apps.get_model("api", "ApiToken")
    expires = timezone.now() + dt.timedelta(days=settings.SERVICELADDER_TOKEN_DEFAULT_DAYS)
    ApiToken.objects.using(schema_editor.connection.alias).filter(expires_at__isnull=True).update(
        expires_at=expires
    )


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires"),
        ),
        migrations.RunPython(existing_tokens_expire, migrations.RunPython.noop),
    ]
