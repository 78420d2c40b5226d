import os
import secrets
import subprocess
import sys


def test_production_settings_pass_check_deploy(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SERVICELADDER_INSECURE_HTTP", "DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        SECRET_KEY=secrets.token_urlsafe(60),
        SERVICELADDER_HOME=str(tmp_path),
        DJANGO_SETTINGS_MODULE="serviceladder.settings",
    )
    result = subprocess.run(
        [sys.executable, "-m", "serviceladder", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_insecure_http_switch_turns_off_https_only_settings(tmp_path):
    env = {**os.environ, "SERVICELADDER_HOME": str(tmp_path), "SERVICELADDER_INSECURE_HTTP": "1"}
    env["DJANGO_SETTINGS_MODULE"] = "serviceladder.settings"
    code = "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE)"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["False", "False"], result.stderr
