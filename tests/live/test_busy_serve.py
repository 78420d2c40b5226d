"""The real thing on SQLite: while another connection holds the write lock, `serve` answers a sign-in and an
API write with 503 and Retry-After within the busy timeout (~5 s), not 500 after 20 s; reads keep working;
once the lock is gone the same requests succeed (issue 11, item 13)."""

import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.live.serve_process import free_port, serve_process, wait_until_up

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "demo-pass-2026"

pytestmark = pytest.mark.sqlite_only  # SQLite's write lock


@pytest.fixture
def demo_home(tmp_path):
    home = tmp_path / "home"
    env = {**os.environ, "SERVICELADDER_HOME": str(home), "PYTHONPATH": str(ROOT / "src")}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    cli = [sys.executable, "-m", "serviceladder"]
    subprocess.run(
        [*cli, "demo", "--no-serve", "--agents", "20", "--months", "1"],
        env=env, cwd=ROOT, check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    key = subprocess.run(
        [*cli, "token", "create", "--user", "hr", "--name", "busy test", "--as", "hr"],
        env=env, cwd=ROOT, check=True, capture_output=True, text=True, timeout=120,
    ).stdout.strip()  # fmt: skip
    return home, env, key


def _csrf(session, base):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', session.get(f"{base}/login/").text).group(
        1
    )


def test_a_held_write_lock_gives_503_with_retry_after_not_500(demo_home):
    home, env, key = demo_home
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with serve_process(env, port, worker=False) as server:
        wait_until_up(base, server)
        reader = requests.Session()
        reader.post(
            f"{base}/login/",
            data={"username": "hr", "password": PASSWORD, "csrfmiddlewaretoken": _csrf(reader, base)},
        )
        signer = requests.Session()
        token = _csrf(signer, base)
        application = reader.get(f"{base}/api/promotions/applications").json()["items"][0]["id"]
        comment_url = f"{base}/api/promotions/applications/{application}/comments"
        auth = {"Authorization": f"Bearer {key}"}

        lock = sqlite3.connect(home / "serviceladder.sqlite3", isolation_level=None)
        lock.execute("BEGIN IMMEDIATE")
        try:
            start = time.perf_counter()
            signed = signer.post(
                f"{base}/login/",
                data={"username": "hr", "password": PASSWORD, "csrfmiddlewaretoken": token},
                allow_redirects=False,
            )
            took = time.perf_counter() - start
            assert signed.status_code == 503, signed.text[:300]
            assert signed.headers["Retry-After"] == "2"
            assert "text/html" in signed.headers["Content-Type"]
            assert took < 9

            commented = requests.post(comment_url, json={"text": "while locked"}, headers=auth)
            assert commented.status_code == 503
            assert commented.headers["Retry-After"] == "2"
            assert commented.headers["Content-Type"] == "application/problem+json"
            assert commented.json()["code"] == "busy"

            assert reader.get(f"{base}/ladder/").status_code == 200  # a read needs no write lock
        finally:
            lock.execute("ROLLBACK")
            lock.close()

        signed = signer.post(
            f"{base}/login/",
            data={"username": "hr", "password": PASSWORD, "csrfmiddlewaretoken": token},
            allow_redirects=False,
        )
        assert signed.status_code == 302
        assert requests.post(comment_url, json={"text": "after"}, headers=auth).status_code == 201
