"""The promotions test organisation (two departments, every role, a fixed "today") for the to-do tests."""

import pytest

from serviceladder.todos import registry
from tests.promotions.conftest import org, today  # noqa: F401


@pytest.fixture
def empty_registry(monkeypatch):
    """A registry with no provider registered (the apps' providers come back after the test)."""
    monkeypatch.setattr(registry, "_providers", {})
    monkeypatch.setattr(registry, "_kinds", {})
    return registry
