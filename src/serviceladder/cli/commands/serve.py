"""`serviceladder serve`: the production server (waitress WSGI; static files via WhiteNoise)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys


def register(sub) -> None:
    p = sub.add_parser("serve", help="serve the web UI with a production-grade server")
    add_serve_arguments(p)
    p.set_defaults(handler=_run)


def add_serve_arguments(p) -> None:
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--threads", type=int, default=8)
    p.add_argument(
        "--no-worker",
        action="store_true",
        help="do not start the upload worker (run `serviceladder manage db_worker` yourself)",
    )
    p.add_argument(
        "--trusted-proxy",
        default=os.environ.get("SERVICELADDER_TRUSTED_PROXY") or None,
        metavar="ADDR",
        help="the reverse proxy's address (e.g. 127.0.0.1): its X-Forwarded-Proto, -Host and -For are "
        "believed, nobody else's (default $SERVICELADDER_TRUSTED_PROXY, else none)",
    )


# The headers a trusted reverse proxy sets; from any other address waitress drops them before Django.
PROXY_HEADERS = frozenset({"x-forwarded-proto", "x-forwarded-host", "x-forwarded-for"})


def proxy_options(trusted_proxy: str | None) -> dict:
    """waitress's settings for a reverse proxy at `trusted_proxy` (one hop); none: every proxy header dropped.

    waitress then sets wsgi.url_scheme, HTTP_HOST and REMOTE_ADDR from the proxy's headers, so Django sees
    HTTPS (no redirect loop, the CSRF origin check passes) and the real client's address (sign-in throttling).
    """
    options: dict = {"clear_untrusted_proxy_headers": True}
    if trusted_proxy:
        options.update(
            trusted_proxy=trusted_proxy, trusted_proxy_count=1, trusted_proxy_headers=set(PROXY_HEADERS)
        )
    return options


def prepare_static() -> None:
    """Collect static files (idempotent, quick when up to date). The database was made ready before the
    command ran (cli/database.py): migrated when empty, or the command stopped when migrations are pending."""
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def start_worker() -> subprocess.Popen:
    """The background worker for browser uploads (django-tasks' database backend), as a child process."""
    command = [
        sys.executable,
        "-m",
        "serviceladder",
        "manage",
        "upload_worker",
        "--interval",
        "1",
        "--no-startup-delay",
        "--no-reload",
        "--verbosity",
        "0",
    ]
    return subprocess.Popen(command, env=os.environ.copy())  # noqa: S603


def stop_worker(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.terminate()  # the worker finishes its current task's bookkeeping on SIGTERM
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def serve(
    *, host: str, port: int, threads: int, worker: bool = True, trusted_proxy: str | None = None
) -> int:
    from waitress import serve as waitress_serve

    from serviceladder.wsgi import application

    child = None
    if worker:
        from serviceladder.cli.commands.worker_supervisor import WorkerSupervisor

        child = WorkerSupervisor(start_worker).start()
    # SIGTERM (systemd, docker stop) unwinds like Ctrl+C, so the worker is stopped with the server.
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    print(f"serviceladder is serving on http://{host}:{port}/  (Ctrl+C to stop)", file=sys.stderr, flush=True)
    try:
        waitress_serve(
            application,
            host=host,
            port=port,
            threads=threads,
            ident="serviceladder",
            **proxy_options(trusted_proxy),
        )
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        if child is not None:
            child.stop(stop_worker)
    return 0


def _raise_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _run(args) -> int:
    prepare_static()
    return serve(
        host=args.host,
        port=args.port,
        threads=args.threads,
        worker=not args.no_worker,
        trusted_proxy=args.trusted_proxy,
    )
