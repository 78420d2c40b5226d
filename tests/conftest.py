import os

import pytest

from serviceladder.core.messages import compile_catalogues

compile_catalogues()

pytest_plugins = ["tests.browser_fixtures"]  # one shared headless Chromium for browser tests in any folder


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, settings, monkeypatch):
    """Each test gets its own $SERVICELADDER_HOME so files written by one never leak into another."""
    monkeypatch.setenv("SERVICELADDER_HOME", str(tmp_path / "home"))
    settings.MEDIA_ROOT = tmp_path / "home" / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    yield


@pytest.fixture(autouse=True)
def _default_language():
    """A Chinese request leaves zh-hans active in the thread; every test starts and ends in the default."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


def pytest_collection_modifyitems(config, items):
    """A test for one database is deselected on the other, never skipped: CI counts a skip as a failure."""
    from django.db import connection

    other = {"sqlite": "postgres_only", "postgresql": "sqlite_only"}.get(connection.vendor)
    kept, dropped = [], []
    for item in items:
        (dropped if other and item.get_closest_marker(other) else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']} ({os.environ.get('DATABASE_URL', 'sqlite')})"
