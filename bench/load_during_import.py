# ruff: noqa: S603, S608 - subprocesses and SQL text the benchmark itself builds from its own values
"""Load test (issue 11): does everyone keep working while a long import runs?

    PYTHONPATH=src python bench/load_during_import.py --rows 10000000
    PYTHONPATH=src python bench/load_during_import.py --rows 2000000 \
        --database-url postgres://serviceladder:serviceladder@127.0.0.1:5432/sl_load

1. a fresh home and database (SQLite by default) with the demo organisation (`demo --no-serve --agents N`);
2. an interactions file of --rows rows for the demo's employees (generated like bench/ingest.py) and a large
   monthly KPI sheet (every employee, every month of 2025 they were employed);
3. the real `serviceladder serve` (waitress, production settings and password hasher) on a free loopback
   port; the sign-in time on the idle machine is measured first;
4. the interactions import and then the KPI-sheet import run as CLI subprocesses while 20 threads read pages,
   post comments on a promotion application (API, bearer token) and sign in, until both imports end (or
   --max-seconds);
5. prints the request count, failures by status, 503s retried, the slowest request per kind, and whether the
   stored figures equal the reference query of bench/ingest.py (the import's result is unchanged by load).

Only loopback traffic; every loop is bounded.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import duckdb
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import ingest  # noqa: E402 - the generator and the reference query are shared with bench/ingest.py

DEMO_PASSWORD = "demo-pass-2026"
READ_PAGES = ["/", "/people/", "/promotions/", "/ladder/", "/notifications/", "/api/me", "/api/people"]
RETRIES = 5

PREPARE = """
import json, os, sys, django
os.environ["DJANGO_SETTINGS_MODULE"] = "serviceladder.settings"
django.setup()
from django.contrib.auth import get_user_model
from serviceladder.org.models import Employee
from serviceladder.promotions.models import PromotionApplication
out = {
    "employees": [[e.number, e.hire_date.isoformat() if e.hire_date else None,
                   e.leave_date.isoformat() if e.leave_date else None]
                  for e in Employee.objects.order_by("number")],
    "users": list(get_user_model().objects.filter(is_active=True).order_by("username")
                  .values_list("username", flat=True)),
    "application": PromotionApplication.objects.order_by("pk").values_list("pk", flat=True).first(),
}
json.dump(out, open(sys.argv[1], "w"))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd: list[str], env: dict, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, env=env, cwd=ROOT, check=True, **kw)


def generate_interactions(path: Path, rows: int, numbers: list[str]) -> None:
    """bench/ingest.py's file, with agent ids drawn from the demo's employee numbers."""
    tmp = path.with_suffix(".raw.parquet")
    ingest.generate(tmp, rows)
    con = duckdb.connect()
    con.execute("CREATE TABLE nums (idx BIGINT, number VARCHAR)")
    con.executemany("INSERT INTO nums VALUES (?, ?)", list(enumerate(numbers)))
    n = len(numbers)
    con.execute(
        f"COPY (SELECT r.* REPLACE (n.number AS agent_id) FROM read_parquet('{tmp}') r "
        f"JOIN nums n ON n.idx = hash(r.agent_id) % {n}) TO '{path}' (FORMAT parquet)"
    )
    con.close()
    tmp.unlink()


def generate_sheet(path: Path, employees: list[list]) -> int:
    """Every employee, every month of 2025 within their employment: QA score and KPI completion."""
    rng = random.Random(11)
    lines = ["工号,月份,质检得分,业绩完成率"]
    for number, hired, left in employees:
        for m in range(1, 13):
            month = f"2025-{m:02d}"
            if (hired and month < hired[:7]) or (left and month > left[:7]):
                continue
            lines.append(f"{number},{month},{rng.randint(60, 100)},{rng.randint(70, 130)}%")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.count = 0
        self.failures: Counter = Counter()
        self.retried_503 = 0
        self.slowest: dict[str, tuple[float, str]] = defaultdict(lambda: (0.0, ""))
        self.times: dict[str, list[float]] = defaultdict(list)

    def record(self, kind: str, seconds: float, what: str) -> None:
        with self.lock:
            self.count += 1
            self.times[kind].append(seconds)
            if seconds > self.slowest[kind][0]:
                self.slowest[kind] = (seconds, what)

    def fail(self, kind: str, status: object) -> None:
        with self.lock:
            self.failures[f"{kind} {status}"] += 1


def request(stats: Stats, kind: str, send, what: str, ok=(200, 201, 302)) -> requests.Response | None:
    """One logical request; a 503 with Retry-After is retried (at most RETRIES times). The time recorded is
    the whole, retries included."""
    start = time.perf_counter()
    for _attempt in range(RETRIES + 1):
        try:
            response = send()
        except requests.RequestException as exc:
            stats.fail(kind, type(exc).__name__)
            return None
        if response.status_code == 503 and response.headers.get("Retry-After"):
            with stats.lock:
                stats.retried_503 += 1
            time.sleep(min(float(response.headers["Retry-After"]), 5) * random.uniform(0.5, 1.0))
            continue
        break
    stats.record(kind, time.perf_counter() - start, what)
    if response.status_code not in ok:
        stats.fail(kind, response.status_code)
        return None
    return response


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return match.group(1) if match else ""


def sign_in(base: str, username: str, stats: Stats | None = None) -> tuple[requests.Session, bool]:
    session = requests.Session()
    for _attempt in range(RETRIES + 1):  # the sign-in form itself may meet a busy database
        login = session.get(f"{base}/login/", timeout=60)
        if login.status_code != 503:
            break
        time.sleep(1)
    token = csrf_of(login.text)

    def send():
        return session.post(
            f"{base}/login/",
            data={"username": username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{base}/login/"},
            allow_redirects=False,
            timeout=60,
        )

    if stats is None:
        response = send()
        return session, response.status_code == 302
    response = request(stats, "sign-in", send, f"POST /login/ {username}", ok=(302,))
    return session, response is not None


def reader(base: str, session: requests.Session, stats: Stats, stop: threading.Event, seed: int) -> None:
    rng = random.Random(seed)
    while not stop.is_set():
        page = rng.choice(READ_PAGES)
        request(stats, "read", lambda page=page: session.get(base + page, timeout=60), f"GET {page}")


def commenter(base: str, key: str, application: int, stats: Stats, stop: threading.Event, n: int) -> None:
    url = f"{base}/api/promotions/applications/{application}/comments"
    i = 0
    while not stop.is_set():
        i += 1
        text = f"load test comment {n}-{i}"
        request(
            stats,
            "comment",
            lambda text=text: requests.post(
                url, json={"text": text}, headers={"Authorization": f"Bearer {key}"}, timeout=60
            ),
            f"POST {url.removeprefix(base)}",
        )
        stop.wait(0.2)


def signer(base: str, users: list[str], stats: Stats, stop: threading.Event, seed: int) -> None:
    rng = random.Random(seed)
    while not stop.is_set():
        sign_in(base, rng.choice(users), stats)


def wait_until_up(base: str, server: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"serve exited with {server.returncode}")
        try:
            if requests.get(f"{base}/login/", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    sys.exit("serve did not answer in time")


def main() -> int:  # noqa: PLR0915 - one linear scenario
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=10_000_000, help="interaction rows (default 10M)")
    ap.add_argument("--agents", type=int, default=2000, help="demo frontline people (default 2000)")
    ap.add_argument("--threads", type=int, default=20)
    ap.add_argument("--database-url", default="", help="PostgreSQL URL (default: SQLite in the home)")
    ap.add_argument("--max-seconds", type=float, default=3600, help="stop the load after this long")
    ap.add_argument("--workdir", type=Path, default=None, help="keep files here (default: a temp dir)")
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="serviceladder-load-"))
    work.mkdir(parents=True, exist_ok=True)
    home = work / "home"
    shutil.rmtree(home, ignore_errors=True)
    env = {
        **os.environ,
        "SERVICELADDER_HOME": str(home),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "SERVICELADDER_INSECURE_HTTP": "1",  # plain HTTP on loopback: cookies without the Secure flag
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DATABASE_URL", None)
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    cli = [sys.executable, "-m", "serviceladder"]
    server = None
    try:
        t = time.perf_counter()
        run(
            [*cli, "demo", "--no-serve", "--agents", str(args.agents), "--months", "3", "--reset"],
            env,
            stdout=subprocess.DEVNULL,
        )
        facts_file = work / "facts.json"
        run([sys.executable, "-c", PREPARE, str(facts_file)], env)
        facts = json.loads(facts_file.read_text())
        print(
            f"demo: {len(facts['employees'])} employees, {len(facts['users'])} users "
            f"({time.perf_counter() - t:.0f}s)"
        )
        if facts["application"] is None:
            sys.exit("the demo has no promotion application to comment on")
        key = run(
            [*cli, "token", "create", "--user", "hr", "--name", "load test", "--as", "hr"],
            env,
            capture_output=True,
            text=True,
        ).stdout.strip()
        data = work / f"interactions-{args.rows}.parquet"
        t = time.perf_counter()
        # Contacts only for people employed all year: a contact before the hire month or after the leave month
        # is rejected by the import, as it should be.
        whole_year = [
            number
            for number, hired, left in facts["employees"]
            if hired and hired < "2025-01-01" and (left is None or left > "2025-12-31")
        ]
        generate_interactions(data, args.rows, whole_year)
        sheet = work / "kpi-sheet.csv"
        sheet_rows = generate_sheet(sheet, facts["employees"])
        took = time.perf_counter() - t
        print(f"files: {args.rows:,} interaction rows, {sheet_rows:,} sheet rows ({took:.0f}s)")

        log = (work / "serve.log").open("w")  # noqa: SIM115 - open while the server runs
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [*cli, "serve", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        wait_until_up(base, server)

        idle = []
        for _ in range(5):
            s = time.perf_counter()
            _session, ok = sign_in(base, "hr")
            idle.append(time.perf_counter() - s)
            if not ok:
                sys.exit("sign-in failed on the idle server")
        idle_sign_in = statistics.median(idle)
        print(f"sign-in on the idle machine (median of 5, GET + POST): {idle_sign_in:.2f}s")

        stats, stop = Stats(), threading.Event()
        readers = [sign_in(base, "hr")[0] for _ in range(3)]  # HR may open every page read
        users = facts["users"][:50]
        threads = []
        for i in range(args.threads):
            if i % 2 == 0:
                target = (reader, base, readers[i % len(readers)], stats, stop, i)
            elif i % 4 == 1:
                target = (commenter, base, key, facts["application"], stats, stop, i)
            else:
                target = (signer, base, users, stats, stop, i)
            threads.append(threading.Thread(target=target[0], args=target[1:], daemon=True))

        imports: dict[str, tuple[int, float, str]] = {}

        def run_imports() -> None:
            for name, cmd in [
                ("interactions", [*cli, "import", "interactions", str(data), "--as", "hr"]),
                ("kpi sheet", [*cli, "import", "metrics", str(sheet), "--as", "hr"]),
            ]:
                s = time.perf_counter()
                proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
                imports[name] = (
                    proc.returncode,
                    time.perf_counter() - s,
                    (proc.stderr or proc.stdout)[-400:],
                )
            stop.set()

        started = time.perf_counter()
        importer = threading.Thread(target=run_imports, daemon=True)
        importer.start()
        for thread in threads:
            thread.start()
        importer.join(args.max_seconds)
        stop.set()
        for thread in threads:
            thread.join(120)
        load_seconds = time.perf_counter() - started

        print(f"\nimports (under load, {load_seconds:.0f}s):")
        for name, (code, seconds, tail) in imports.items():
            print(f"  {name}: exit {code} in {seconds:.1f}s" + (f"\n    {tail.strip()}" if code else ""))
        print(f"requests: {stats.count:,} ({args.threads} threads); 503s retried: {stats.retried_503}")
        print(
            f"failures: {sum(stats.failures.values())}"
            + "".join(f"\n  {k}: {n}" for k, n in sorted(stats.failures.items()))
        )
        for kind in ("read", "comment", "sign-in"):
            times = stats.times.get(kind, [])
            if not times:
                continue
            worst, what = stats.slowest[kind]
            p95 = sorted(times)[int(len(times) * 0.95)]
            print(
                f"  {kind:8} n={len(times):6}  median {statistics.median(times):.2f}s  p95 {p95:.2f}s  "
                f"slowest {worst:.2f}s ({what})"
            )
        limit = idle_sign_in + 2
        slow_sign_in = stats.slowest["sign-in"][0]
        slow_other = max(stats.slowest["read"][0], stats.slowest["comment"][0])
        print(
            f"targets: reads/comments <= 2s: {'yes' if slow_other <= 2 else 'NO'}; "
            f"sign-in <= idle + 2s ({limit:.2f}s): {'yes' if slow_sign_in <= limit else 'NO'}"
        )

        server.terminate()
        server.wait(30)
        server = None
        ref_dir = work / "reference-copy"
        shutil.rmtree(ref_dir, ignore_errors=True)  # a --workdir kept from an earlier run
        _q, _t, ref_rows = ingest.run_reference(data, ref_dir)
        months = sorted({r[1] for r in ref_rows})
        stored = {k: v for k, v in ingest.stored_figures(env).items() if k[1] in months}
        problems = ingest.compare(ref_rows, stored)
        if imports.get("interactions", (1,))[0] != 0:
            print("import result: the interactions import failed")
        elif problems:
            print(
                f"import result: CHANGED, {len(problems)} figure(s) differ, e.g.:", *problems[:5], sep="\n  "
            )
        else:
            print(f"import result: unchanged ({len(ref_rows):,} employee-months equal the reference query)")
        failed = bool(stats.failures) or bool(problems) or any(c for c, _s, _t in imports.values())
        return 1 if failed else 0
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
