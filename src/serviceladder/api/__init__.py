"""The JSON API under /api/ (django-ninja); the OpenAPI schema is served at /api/openapi.json.

See README.md beside this file for how authentication, errors and scoping work and how to add a router.
"""
