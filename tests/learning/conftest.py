import pytest

from serviceladder.learning.models import Completion
from tests.web.conftest import _fast_passwords, _plain_http, client_for  # noqa: F401
from tests.web.org import build_org, ensure_policy


@pytest.fixture
def org(db):
    """The test organisation without the one training by name build_org records for each person (the
    eligibility tests need it): the learning tests count the completions they make themselves."""
    org = build_org()
    Completion.objects.all().delete()
    return org


@pytest.fixture
def org_with_policy(org):
    """The test organisation with the preset policy loaded (which fills the catalogue from its trainings)."""
    ensure_policy(org)
    return org
