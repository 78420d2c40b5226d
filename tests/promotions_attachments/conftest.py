import pytest

from tests.api.conftest import bearer, key_for  # noqa: F401  (shared fixtures)
from tests.promotions_web.conftest import today  # noqa: F401
from tests.web.conftest import _fast_passwords, _plain_http, client_for, org  # noqa: F401


@pytest.fixture
def media(settings):
    """The folder attachments are stored in (each test has its own, see tests/conftest.py)."""
    return settings.MEDIA_ROOT
