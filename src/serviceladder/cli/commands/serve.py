"""`serviceladder serve`: the production server (waitress WSGI; static files via WhiteNoise)."""

from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser("serve", help="serve the web UI with a production-grade server")
    add_serve_arguments(p)
    p.set_defaults(handler=_run)


def add_serve_arguments(p) -> None:
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--threads", type=int, default=8)


def prepare_database_and_static() -> None:
    """Apply committed migrations and collect static files; both are idempotent and quick when up to date."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def serve(*, host: str, port: int, threads: int) -> int:
    from waitress import serve as waitress_serve

    from serviceladder.wsgi import application

    print(f"serviceladder is serving on http://{host}:{port}/  (Ctrl+C to stop)", file=sys.stderr, flush=True)
    waitress_serve(application, host=host, port=port, threads=threads, ident="serviceladder")
    return 0


def _run(args) -> int:
    prepare_database_and_static()
    return serve(host=args.host, port=args.port, threads=args.threads)
