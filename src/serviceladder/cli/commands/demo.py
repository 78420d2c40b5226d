"""`serviceladder demo`: build a database with a demo organisation, print the logins, serve it.

Django is set up here, not by `main`, because serving over plain HTTP must be decided before settings load.
"""

from __future__ import annotations

import getpass
import os
import sys
import time
from pathlib import Path

from django.utils.translation import gettext_lazy as _

DEFAULT_AGENTS, DEFAULT_MONTHS, DEFAULT_SEED, DEFAULT_PORT = 320, 18, 7, 8000
# Command-line changes in the demo are recorded as the HR user, who may run every import.
DEMO_CLI_ACTOR = "hr"

BAD_AGENTS = _("--agents must be between %(low)s and %(high)s.")
BAD_MONTHS = _("--months must be between %(low)s and %(high)s.")
NOT_A_DEMO_DATABASE = _(
    "The database at %(where)s holds data that the demo did not create; "
    "pass --reset to erase it and load the demo."
)
EXTERNAL_DATABASE = _(
    "The database from DATABASE_URL already holds data; pass --reset to erase it and load the demo."
)
DEMO_EXISTS = _(
    "A demo database already exists at %(where)s; rebuilding it erases every change made in it since."
)
DEMO_EXISTS_ASK = _("Rebuild it (r), keep it and serve it as it is (k), or stop (Enter)? ")
DEMO_EXISTS_NOT_A_TERMINAL = _(
    "A demo database already exists at %(where)s; pass --keep to serve it as it is, or --reset to rebuild "
    "it (erasing every change made in it since)."
)
DEMO_KEEP_NOT_DEMO = _(
    "The database at %(where)s holds data that the demo did not create; --keep serves only a demo database "
    "(use `serviceladder serve` for this one)."
)
DEMO_KEPT = _("Keeping the demo database at %(where)s as it is (--keep).")
DEMO_STOPPED = _("Stopped; the demo database was left as it is.")
# What happens to an existing database: nothing there (LOAD), erase by flushing (FLUSH), KEEP it, or STOP.
REBUILD, KEEP, STOP, LOAD, FLUSH = "rebuild", "keep", "stop", "load", "flush"


def register(sub) -> None:
    p = sub.add_parser("demo", help="create the database with a demo organisation and serve it")
    p.add_argument("--no-serve", action="store_true", help="load the demo and exit")
    p.add_argument("--agents", type=int, default=DEFAULT_AGENTS, help="frontline people (default 320)")
    p.add_argument("--months", type=int, default=DEFAULT_MONTHS, help="months of metrics (default 18)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help="same seed, same organisation (default 7)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help="port on 127.0.0.1 (default 8000)")
    existing = p.add_mutually_exclusive_group()
    existing.add_argument(
        "--reset",
        action="store_true",
        help="erase an existing database (demo or other data), then load the demo",
    )
    existing.add_argument(
        "--keep", action="store_true", help="keep an existing demo database as it is and serve it"
    )
    p.add_argument("--show-mail", action="store_true", help="print the e-mails the demo sends while serving")
    p.add_argument("--quiet", action="store_true", help="do not print a line for each request")
    p.set_defaults(handler=_run, needs_django=False)


def _run(args) -> int:
    from serviceladder.cli.commands.serve import LOOPBACK, http_mode_apply, show_mail_apply

    if not args.no_serve:
        # The demo is served on 127.0.0.1 over plain HTTP: cookies must not require HTTPS.
        http_mode_apply(LOOPBACK)
        show_mail_apply(args.show_mail)
    from serviceladder.cli.main import setup_django

    setup_django()

    from django.core.management import call_command
    from django.utils import timezone

    from serviceladder.accounts.services import cli_actor_mark
    from serviceladder.audit.services import Actor
    from serviceladder.core.errors import ValidationFailed
    from serviceladder.demo import generator
    from serviceladder.demo.loader import demo_load

    if not generator.MIN_AGENTS <= args.agents <= generator.MAX_AGENTS:
        raise ValidationFailed(BAD_AGENTS, low=generator.MIN_AGENTS, high=generator.MAX_AGENTS)
    if not generator.MIN_MONTHS <= args.months <= generator.MAX_MONTHS:
        raise ValidationFailed(BAD_MONTHS, low=generator.MIN_MONTHS, high=generator.MAX_MONTHS)

    started = time.monotonic()
    plan = _clear_existing_database(reset=args.reset, keep=args.keep)
    if plan == STOP:
        return 0
    call_command("migrate", interactive=False, verbosity=0)
    if plan == KEEP:
        _print_kept_logins()
        return _serve(args)
    if plan == FLUSH:
        call_command("flush", interactive=False, verbosity=0)
    org = generator.generate(
        seed=args.seed, agents=args.agents, months=args.months, today=timezone.localdate()
    )
    # The demo's history (reviews of the seeded applications) notifies in-app only: mailing the fictional
    # staff would bury the logins under e-mails printed by the console backend.
    from django.test.utils import override_settings

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        summary = demo_load(org=org, actor=Actor(user=None, channel="cli"))
    os_user = getpass.getuser()
    cli_actor_mark(username=DEMO_CLI_ACTOR, os_username=os_user)
    _print_summary(org, summary, os_user=os_user, seconds=time.monotonic() - started)
    from serviceladder.demo.promotions import demo_promotions_describe

    for line in demo_promotions_describe():
        print(line)

    return _serve(args)


def _serve(args) -> int:
    if args.no_serve:
        return 0
    from serviceladder.cli.commands.serve import LOOPBACK, prepare_static, serve

    prepare_static()
    return serve(host="127.0.0.1", port=args.port, threads=8, mode=LOOPBACK, request_log=not args.quiet)


def _default_sqlite_path() -> Path | None:
    """The SQLite file in $SERVICELADDER_HOME when that is the database in use, else None."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if os.environ.get("DATABASE_URL") or db["ENGINE"] != "django.db.backends.sqlite3":
        return None
    path = Path(str(db["NAME"])).resolve()
    return path if path == (settings.HOME / "serviceladder.sqlite3").resolve() else None


def _existing_data() -> tuple[bool, bool]:
    """(holds people or users, holds a demo organisation), read without assuming the schema is current."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from serviceladder.audit.models import AuditEvent
    from serviceladder.demo.loader import DEMO_LOAD_ACTION
    from serviceladder.org.models import Employee

    tables = set(connection.introspection.table_names())
    qn = connection.ops.quote_name
    has_data = False
    with connection.cursor() as cursor:
        for model in (Employee, get_user_model()):
            if model._meta.db_table in tables:
                cursor.execute(f"SELECT 1 FROM {qn(model._meta.db_table)} LIMIT 1")  # noqa: S608
                has_data = has_data or cursor.fetchone() is not None
        is_demo = False
        if AuditEvent._meta.db_table in tables:
            cursor.execute(
                f"SELECT 1 FROM {qn(AuditEvent._meta.db_table)} WHERE action = %s LIMIT 1",  # noqa: S608
                [DEMO_LOAD_ACTION],
            )
            is_demo = cursor.fetchone() is not None
    return has_data, is_demo


def _ask_about_existing_demo(where) -> str:
    """REBUILD, KEEP or STOP for an existing demo database, neither --reset nor --keep given. At a terminal
    the person is asked; otherwise (a script, CI) nothing is guessed: the command stops with exit code 2."""
    from serviceladder.core.errors import ValidationFailed

    if not sys.stdin.isatty():
        raise ValidationFailed(DEMO_EXISTS_NOT_A_TERMINAL, where=where)
    print(DEMO_EXISTS % {"where": where})
    try:
        answer = input(str(DEMO_EXISTS_ASK)).strip().lower()
    except EOFError:
        answer = ""
    return {"r": REBUILD, "k": KEEP}.get(answer[:1], STOP)


def _clear_existing_database(*, reset: bool, keep: bool = False) -> str:
    """Make room for the demo. Deletes the default SQLite file itself; returns FLUSH when a flush is needed,
    LOAD when the demo can be loaded as it is, KEEP when the existing demo database is kept (--keep, or the
    person chose to keep it) and STOP when the person chose to stop.

    A database with data the demo did not write is only erased with --reset; an existing demo database is
    rebuilt with --reset, kept with --keep, and otherwise the person is asked (never in a script).
    """
    from django.db import connections

    from serviceladder.core.errors import ValidationFailed

    has_data, is_demo = _existing_data()
    if not has_data and not is_demo:
        return LOAD
    sqlite_path = _default_sqlite_path()
    where = sqlite_path or "DATABASE_URL"
    if keep:
        if not is_demo:
            raise ValidationFailed(DEMO_KEEP_NOT_DEMO, where=where)
        print(DEMO_KEPT % {"where": where})
        return KEEP
    if is_demo and not reset:
        choice = _ask_about_existing_demo(where)
        if choice == KEEP:
            print(DEMO_KEPT % {"where": where})
            return KEEP
        if choice == STOP:
            print(DEMO_STOPPED)
            return STOP
    if sqlite_path is None:
        if not (reset or is_demo):
            raise ValidationFailed(EXTERNAL_DATABASE)
        print(_("Erasing the existing database."), file=sys.stderr)
        return FLUSH
    if not (is_demo or reset):
        raise ValidationFailed(NOT_A_DEMO_DATABASE, where=sqlite_path)
    print(_("Rebuilding the demo database at %(path)s.") % {"path": sqlite_path})
    connections.close_all()
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{sqlite_path}{suffix}").unlink(missing_ok=True)
    return LOAD


def _print_kept_logins() -> None:
    """The demo logins as they are in the kept database (roles may have changed since it was loaded)."""
    from django.contrib.auth import get_user_model

    from serviceladder.accounts.roles import Role
    from serviceladder.demo.generator import DEMO_PASSWORD
    from serviceladder.demo.promotions import demo_promotions_describe

    names = ["agent", "lead", "head", "hr", "management", "admin"]
    users = {
        u.username: u
        for u in get_user_model()
        .objects.filter(username__in=names)
        .select_related("employee")
        .prefetch_related("role_grants")
    }
    print(_("Demo logins — the password for all of them is: %(password)s") % {"password": DEMO_PASSWORD})
    for username in names:
        user = users.get(username)
        if user is None:
            continue
        roles = " + ".join(str(Role(g.role).label) for g in user.role_grants.all())
        person = getattr(user, "employee", None)
        who = f"{person.name} ({person.number})" if person else ""
        print(f"  {username:<12} {roles:<20} {who}".rstrip())
    for line in demo_promotions_describe():
        print(line)


def _print_summary(org, summary, *, os_user: str, seconds: float) -> None:
    from serviceladder.accounts.roles import Role
    from serviceladder.demo.generator import DEMO_PASSWORD

    print(
        _(
            "Demo organisation loaded in %(seconds).1f s: %(employees)s employees in %(departments)s "
            "departments and %(teams)s teams, %(metrics)s monthly metric rows (%(first)s to %(last)s)."
        )
        % {
            "seconds": seconds,
            "employees": summary.employees,
            "departments": summary.departments,
            "teams": summary.teams,
            "metrics": summary.monthly_metrics,
            "first": org.months[0],
            "last": org.months[-1],
        }
    )
    teams = {t.code: t for t in org.teams}
    heads = {d.head: d for d in org.departments}
    print()
    print(_("Demo logins — the password for all of them is: %(password)s") % {"password": DEMO_PASSWORD})
    for login in org.logins:
        person = org.person(login.employee)
        roles = " + ".join(str(Role(r).label) for r in login.roles)
        where = teams[person.team].name_zh if person.team else ""
        if person.number in heads:
            where = heads[person.number].name_zh
        print(f"  {login.username:<12} {roles:<20} {person.name} ({person.number}) {where}".rstrip())
    print()
    print(
        _("Command-line changes by the operating-system user %(os_user)s are recorded as %(username)s.")
        % {"os_user": os_user, "username": DEMO_CLI_ACTOR}
    )
