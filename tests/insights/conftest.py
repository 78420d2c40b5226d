"""The insights tests use the eligibility pages' organisation (preset policy) and logged-in clients."""

from tests.eligibility_pages.conftest import client_for, org  # noqa: F401  (shared fixtures)
from tests.web.conftest import _fast_passwords, _plain_http  # noqa: F401  (shared fixtures)
