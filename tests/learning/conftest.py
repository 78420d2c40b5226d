from tests.web.conftest import _fast_passwords, _plain_http, client_for, org  # noqa: F401
