"""Run the whole test suite: on SQLite, on PostgreSQL, and in headless Chromium.

    python tests/run.py [extra pytest arguments]

- SQLite: always (an in-memory test database).
- PostgreSQL: when a server answers at $SERVICELADDER_TEST_POSTGRES
  (default postgres://serviceladder:serviceladder@127.0.0.1:5432/serviceladder); the user needs CREATEDB.
- Browser: when Chromium is at $SERVICELADDER_CHROMIUM (default /usr/bin/chromium), in the SQLite pass.
Whatever is missing is said plainly and the rest still runs. With SERVICELADDER_REQUIRE_ALL=1 (CI sets it)
a missing part is a failure instead.
The last line is the combined count: "total: N passed, N failed, N skipped".
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG = "postgres://serviceladder:serviceladder@127.0.0.1:5432/serviceladder"
DEFAULT_CHROMIUM = "/usr/bin/chromium"


def postgres_problem(url: str) -> str | None:
    try:
        import psycopg
    except ImportError:
        return "the psycopg package is not installed"
    try:
        with psycopg.connect(_libpq_url(url), connect_timeout=3) as conn:
            conn.execute("select 1")
    except Exception as exc:  # noqa: BLE001 - any failure means "not available"; we print why
        return f"no server answers at {_redacted(url)} ({str(exc).strip().splitlines()[0]})"
    return None


def _libpq_url(url: str) -> str:
    return "postgresql://" + url.split("://", 1)[1]


def _redacted(url: str) -> str:
    scheme, rest = url.split("://", 1)
    if "@" in rest:
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':', 1)[0]}:***@{host}"
    return url


def count(junit: Path) -> dict[str, int]:
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    if not junit.exists():
        return totals
    root = ET.parse(junit).getroot()  # noqa: S314 - our own pytest output
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    for suite in suites:
        for key in totals:
            totals[key] += int(suite.get(key, 0))
    return totals


def run_pytest(label: str, env: dict[str, str], args: list[str], junit: Path) -> tuple[int, dict[str, int]]:
    print(f"\n=== {label} ===", flush=True)
    cmd = [sys.executable, "-m", "pytest", f"--junitxml={junit}", *args]
    code = subprocess.call(cmd, cwd=ROOT, env=env)
    return code, count(junit)


def main(argv: list[str]) -> int:
    require_all = os.environ.get("SERVICELADDER_REQUIRE_ALL") == "1"
    base_env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    base_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
    workers = os.environ.get("SERVICELADDER_TEST_WORKERS", "2")
    parallel = ["-n", workers] if workers not in {"", "0", "1"} else []

    missing: list[str] = []
    chromium = os.environ.get("SERVICELADDER_CHROMIUM", DEFAULT_CHROMIUM)
    if not Path(chromium).exists():
        missing.append(
            f"Chromium: not found at {chromium} (install Debian's chromium package); browser tests skipped"
        )
    pg_url = os.environ.get("SERVICELADDER_TEST_POSTGRES", DEFAULT_PG)
    pg_problem = postgres_problem(pg_url)
    if pg_problem:
        missing.append(f"PostgreSQL: {pg_problem}; the PostgreSQL pass is skipped")

    results: list[tuple[str, int, dict[str, int]]] = []
    with tempfile.TemporaryDirectory(prefix="serviceladder-tests-") as tmp:
        sqlite_env = {**base_env, "SERVICELADDER_HOME": str(Path(tmp) / "sqlite-home")}
        code, totals = run_pytest(
            "SQLite (with browser tests)",
            sqlite_env,
            # PostgreSQL-only tests (row-lock races) run in the PostgreSQL pass, not skipped here.
            [*parallel, "-m", "not postgres_only", *argv],
            Path(tmp) / "a.xml",
        )
        results.append(("SQLite", code, totals))
        if not pg_problem:
            pg_env = {
                **base_env,
                "DATABASE_URL": pg_url,
                "SERVICELADDER_HOME": str(Path(tmp) / "pg-home"),
            }
            code, totals = run_pytest(
                "PostgreSQL", pg_env, [*parallel, "-m", "not browser", *argv], Path(tmp) / "b.xml"
            )
            results.append(("PostgreSQL", code, totals))

    print("\n=== summary ===")
    passed = failed = skipped = 0
    worst = 0
    for label, code, t in results:
        p = t["tests"] - t["failures"] - t["errors"] - t["skipped"]
        f = t["failures"] + t["errors"]
        print(f"{label}: {p} passed, {f} failed, {t['skipped']} skipped (pytest exit {code})")
        passed, failed, skipped = passed + p, failed + f, skipped + t["skipped"]
        # pytest exits 5 when a filter selects nothing; that is not a failure of the product.
        worst = max(worst, 0 if code == 5 else code)
    for line in missing:
        print(f"NOT RUN - {line}")
    if missing and require_all:
        print("SERVICELADDER_REQUIRE_ALL=1: a missing part counts as a failure.")
        worst = worst or 1
    if require_all and skipped:
        print("SERVICELADDER_REQUIRE_ALL=1: skipped tests count as a failure.")
        worst = worst or 1
    if passed == 0:
        worst = worst or 1
    print(f"total: {passed} passed, {failed} failed, {skipped} skipped")
    return worst


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
