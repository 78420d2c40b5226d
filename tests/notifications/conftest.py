import pytest

from tests.factories import EmployeeFactory, UserFactory


@pytest.fixture(autouse=True)
def _plain_http(settings):
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture
def people(db):
    """Three users: an account e-mail, an address on the employee record only, no address at all."""
    with_mail = UserFactory(username="ann", email="ann@example.com")
    via_employee = UserFactory(username="bo")
    EmployeeFactory(number="N0001", name="薄", user=via_employee, email="bo@example.com")
    without = UserFactory(username="cy")
    return {"ann": with_mail, "bo": via_employee, "cy": without}
