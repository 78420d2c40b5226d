"""Tokens that exist at the upgrade get the default lifetime counted from the migration's date."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)


def test_existing_tokens_expire_the_default_days_after_the_migration(settings):
    settings.SERVICELADDER_TOKEN_DEFAULT_DAYS = 30
    executor = MigrationExecutor(connection)
    executor.migrate([("api", "0001_initial")])
    old_apps = executor.loader.project_state([("api", "0001_initial")]).apps
    User = old_apps.get_model("auth", "User")
    Token = old_apps.get_model("api", "ApiToken")
    user = User.objects.create(username="old-script-owner")
    Token.objects.create(
        user=user,
        name="old",
        prefix="abcd1234",
        key_hash="x" * 64,
        created_at=timezone.now() - dt.timedelta(days=400),
    )
    before = timezone.now()
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    from serviceladder.api.models import ApiToken

    token = ApiToken.objects.get(prefix="abcd1234")
    assert dt.timedelta(days=30) <= token.expires_at - before < dt.timedelta(days=30, minutes=5)
    assert not token.is_expired
