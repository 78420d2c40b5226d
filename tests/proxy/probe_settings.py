"""Production settings plus a probe page showing what the app believes about a request (test_serve_proxy).

Used only by the `serve` subprocess of tests/proxy: DJANGO_SETTINGS_MODULE=tests.proxy.probe_settings.
"""

from serviceladder.settings import *  # noqa: F403

ROOT_URLCONF = "tests.proxy.probe_urls"
# the probe answers over plain HTTP too, to show what an untrusted request looks like
SECURE_REDIRECT_EXEMPT = [r"^healthz/probe$"]
