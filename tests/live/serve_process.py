"""Run the real `serviceladder serve` as a child process for a test, on a free loopback port."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve_process(env: dict, port: int, *, worker: bool = True, log: Path | None = None):
    cmd = [sys.executable, "-m", "serviceladder", "serve", "--port", str(port)]
    if not worker:
        cmd.append("--no-worker")
    out = log.open("w") if log else subprocess.DEVNULL
    server = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=out, stderr=out)  # noqa: S603
    try:
        yield server
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if log:
            out.close()


def wait_until_up(base: str, server: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, f"serve exited with {server.returncode}"
        try:
            if requests.get(f"{base}/login/", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise AssertionError("serve did not answer in time")
