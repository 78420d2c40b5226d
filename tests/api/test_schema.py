"""The OpenAPI schema is served at /api/openapi.json without a login; the docs page uses only local assets."""

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/me",
    "/api/people",
    "/api/people/{number}",
    "/api/people/{number}/eligibility",
    "/api/notifications",
    "/api/notifications/unread-count",
    "/api/notifications/{notification_id}/read",
    "/api/notifications/read-all",
}


def test_openapi_json_is_served_to_anyone_and_lists_the_endpoints(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) >= PATHS
    schemes = schema["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"} in [
        {k: v for k, v in s.items() if k in {"type", "scheme"}} for s in schemes.values()
    ]
    # every operation requires one of the two ways in, and documents its problem responses
    for path, operations in schema["paths"].items():
        for method, op in operations.items():
            assert op.get("security"), f"{method} {path} has no security"
            assert "401" in op["responses"] and "404" in op["responses"], f"{method} {path}"


def test_docs_page_loads_its_assets_from_this_server(client):
    html = client.get("/api/docs").content.decode()
    assert "swagger-ui-bundle" in html
    assert "http://" not in html and "https://" not in html and "//cdn" not in html


@pytest.mark.parametrize("method", ["get", "post"])
def test_unknown_api_path_is_a_json_problem(method):
    response = getattr(Client(enforce_csrf_checks=True), method)("/api/no-such-endpoint")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "not_found"
