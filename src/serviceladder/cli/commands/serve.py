"""`serviceladder serve`: the production server (waitress WSGI; static files via WhiteNoise).

Django is set up here, not by `main`: whether the site speaks plain HTTP is decided before settings load.
Bound to a loopback address without a trusted proxy, nobody else can reach it, so it serves plain HTTP; on any
other address (or behind a named proxy) it expects HTTPS from a reverse proxy unless
SERVICELADDER_INSECURE_HTTP=1 says otherwise. The first line it prints says which.
"""

from __future__ import annotations

import ipaddress
import os
import signal
import subprocess
import sys
import time

from django.utils.translation import gettext_lazy as _

INSECURE_HTTP = "SERVICELADDER_INSECURE_HTTP"
# How the site answers plain-HTTP requests (http_mode).
LOOPBACK, PLAIN, PROXIED = "loopback", "plain", "proxied"
SERVING_LOOPBACK = _(
    "serviceladder is serving plain HTTP on %(url)s for this computer only (a loopback address without "
    "--trusted-proxy); Ctrl+C to stop."
)
SERVING_PLAIN = _(
    "serviceladder is serving plain HTTP on %(url)s (SERVICELADDER_INSECURE_HTTP=1): passwords cross the "
    "network unencrypted; Ctrl+C to stop."
)
SERVING_PROXIED = _(
    "serviceladder is listening on %(url)s and expects HTTPS from a reverse proxy (plain-HTTP requests are "
    "redirected to https://); to serve plain HTTP without a proxy, set SERVICELADDER_INSECURE_HTTP=1. "
    "Ctrl+C to stop."
)
MAIL_TO_FILES = _(
    "E-mails are written to %(folder)s (set EMAIL_BACKEND to send them, --show-mail to print them)."
)
MAIL_PRINTED = _("E-mails are printed here.")
MAIL_SENT = _("E-mails are sent through %(backend)s.")
CONSOLE_MAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"


def register(sub) -> None:
    p = sub.add_parser("serve", help="serve the web UI with a production-grade server")
    add_serve_arguments(p)
    p.set_defaults(handler=_run, needs_django=False)


def is_loopback(host: str) -> bool:
    """Whether `host` (an address or `localhost`) can only be reached from this computer."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def http_mode(*, host: str, trusted_proxy: str | None, environ=os.environ) -> str:
    """PLAIN when SERVICELADDER_INSECURE_HTTP=1 asks for it, LOOPBACK (plain HTTP too) on a loopback address
    without a trusted proxy, else PROXIED: HTTPS expected from a reverse proxy, plain HTTP redirected."""
    if environ.get(INSECURE_HTTP) == "1":
        return PLAIN
    if not trusted_proxy and is_loopback(host):
        return LOOPBACK
    return PROXIED


def http_mode_apply(mode: str, environ=os.environ) -> None:
    """Before settings load: a loopback-only server speaks plain HTTP (no redirect, no secure cookies)."""
    if mode == LOOPBACK:
        environ[INSECURE_HTTP] = "1"


def serving_line(mode: str, *, host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    url = f"http://{shown}:{port}/"
    message = {LOOPBACK: SERVING_LOOPBACK, PLAIN: SERVING_PLAIN, PROXIED: SERVING_PROXIED}[mode]
    return str(message) % {"url": url}


def mail_line() -> str:
    """Where notification e-mails go, as configured (settings.EMAIL_BACKEND)."""
    from django.conf import settings

    backend = settings.EMAIL_BACKEND
    if backend == "django.core.mail.backends.filebased.EmailBackend":
        return str(MAIL_TO_FILES) % {"folder": settings.EMAIL_FILE_PATH}
    if backend == CONSOLE_MAIL_BACKEND:
        return str(MAIL_PRINTED)
    if backend == "django.core.mail.backends.smtp.EmailBackend":
        return str(MAIL_SENT) % {"backend": f"SMTP {settings.EMAIL_HOST}:{settings.EMAIL_PORT}"}
    return str(MAIL_SENT) % {"backend": backend}


def with_request_log(application, stream=None):
    """The WSGI application, printing one line per request: client, method, path (no query string, which
    may carry a token), status and time. Static files are logged only when they fail."""

    def logged(environ, start_response):
        started = time.monotonic()
        seen = {}

        def recording_start_response(status, headers, exc_info=None):
            seen["status"] = status.split(" ", 1)[0]
            return start_response(status, headers, exc_info)

        try:
            return application(environ, recording_start_response)
        finally:
            path = environ.get("PATH_INFO", "")
            status = seen.get("status", "500")
            if not (path.startswith("/static/") and status < "400"):
                ms = (time.monotonic() - started) * 1000
                print(
                    f"{environ.get('REMOTE_ADDR', '-')} {environ.get('REQUEST_METHOD', '-')} {path} "
                    f"{status} {ms:.0f} ms",
                    file=stream or sys.stderr,
                    flush=True,
                )

    return logged


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
        "--show-mail",
        action="store_true",
        help="print notification e-mails here instead of writing them to $SERVICELADDER_HOME/mail "
        "(when EMAIL_BACKEND is not set)",
    )
    p.add_argument(
        "--quiet", action="store_true", help="do not print a line for each request (errors are still shown)"
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
    *,
    host: str,
    port: int,
    threads: int,
    worker: bool = True,
    trusted_proxy: str | None = None,
    mode: str = PROXIED,
    request_log: bool = True,
) -> int:
    from waitress import serve as waitress_serve

    from serviceladder.wsgi import application

    if request_log:
        application = with_request_log(application)

    child = None
    if worker:
        from serviceladder.cli.commands.worker_supervisor import WorkerSupervisor

        child = WorkerSupervisor(start_worker).start()
    # SIGTERM (systemd, docker stop) unwinds like Ctrl+C, so the worker is stopped with the server.
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    print(serving_line(mode, host=host, port=port), file=sys.stderr)
    print(mail_line(), file=sys.stderr, flush=True)
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


def show_mail_apply(show: bool, environ=os.environ) -> None:
    """--show-mail: the console backend, unless EMAIL_BACKEND names another one (SMTP in production)."""
    if show and not environ.get("EMAIL_BACKEND"):
        environ["EMAIL_BACKEND"] = CONSOLE_MAIL_BACKEND


def _run(args) -> int:
    from serviceladder.cli.main import database_ready, setup_django

    mode = http_mode(host=args.host, trusted_proxy=args.trusted_proxy)
    http_mode_apply(mode)
    show_mail_apply(args.show_mail)
    setup_django()
    database_ready()
    prepare_static()
    return serve(
        host=args.host,
        port=args.port,
        threads=args.threads,
        worker=not args.no_worker,
        trusted_proxy=args.trusted_proxy,
        mode=mode,
        request_log=not args.quiet,
    )
