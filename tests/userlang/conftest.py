from tests.promotions.conftest import org, today  # noqa: F401  (shared fixtures)
