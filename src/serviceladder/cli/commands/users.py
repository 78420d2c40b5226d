"""`serviceladder user ...`: create users, grant and revoke roles, mark the command-line actor."""

from __future__ import annotations

import getpass
import sys

from django.utils.translation import gettext_lazy as _

from serviceladder.cli.main import add_actor_arguments

NO_BASE_URL = _("Set SERVICELADDER_BASE_URL (the site's address) so that the link can be printed in full.")
NO_PASSWORD = _(
    "No password for %(username)s: set SERVICELADDER_PASSWORD, or run the command in a terminal to be asked."
)


def register(sub) -> None:
    p = sub.add_parser("user", help="manage users and roles")
    us = p.add_subparsers(dest="user_command", required=True, metavar="ACTION")

    c = us.add_parser("create", help="create a user (password read from SERVICELADDER_PASSWORD or asked)")
    c.add_argument("username")
    c.add_argument("--employee", help="link to this employee number")
    c.add_argument("--role", action="append", default=[], help="grant this role (repeatable)")
    c.add_argument(
        "--language",
        default=None,
        metavar="zh-hans|en",
        help="language of the user's pages, notifications and e-mails (default: the site's LANGUAGE_CODE)",
    )
    add_actor_arguments(c)
    c.set_defaults(handler=_create)

    for action in ("grant", "revoke"):
        g = us.add_parser(action, help=f"{action} a role")
        g.add_argument("username")
        g.add_argument("role")
        add_actor_arguments(g)
        g.set_defaults(handler=_grant if action == "grant" else _revoke)

    u = us.add_parser("unlock", help="clear a sign-in lock-out (HR or administrator; --reason required)")
    u.add_argument("username")
    add_actor_arguments(u)
    u.set_defaults(handler=_unlock)

    for action in ("deactivate", "reactivate"):
        d = us.add_parser(action, help=f"{action} a login (HR or administrator; --reason required)")
        d.add_argument("username")
        add_actor_arguments(d)
        d.set_defaults(handler=_switch, action=action)

    ln = us.add_parser("link", help="print a one-time sign-in link for USERNAME (--reason required)")
    ln.add_argument("username")
    add_actor_arguments(ln)
    ln.set_defaults(handler=_link)

    lv = us.add_parser(
        "deactivate-leavers", help="switch off the logins of everyone whose leave date has come (run daily)"
    )
    lv.set_defaults(handler=_leavers)

    a = us.add_parser("cli-actor", help="record command-line changes by this OS user under USERNAME")
    a.add_argument("username")
    a.add_argument("--os-user", default=None, help="operating-system account (default: the current one)")
    a.set_defaults(handler=_cli_actor)


def _create(args) -> int:
    import os

    from django.contrib.auth import get_user_model

    from serviceladder.accounts.services import cli_actor_mark, user_create
    from serviceladder.audit.services import Actor
    from serviceladder.cli.actor import resolve_cli_actor

    # A fresh installation has nobody to act as: the first user is created by the system itself
    # and becomes the command-line actor of whoever runs this shell.
    first_user = not get_user_model().objects.exists()
    actor = Actor(user=None, channel="cli") if first_user else resolve_cli_actor(args.as_user)
    password = os.environ.get("SERVICELADDER_PASSWORD") or _password_ask(args.username)
    user = user_create(
        actor=actor,
        username=args.username,
        password=password,
        employee_number=args.employee,
        roles=args.role,
        reason=args.reason,
        language=args.language,
    )
    print(f"created {user.username}")
    if first_user:
        os_user = getpass.getuser()
        cli_actor_mark(username=user.username, os_username=os_user)
        print(f"first user: command-line changes by {os_user} are recorded as {user.username}")
    return 0


def _password_ask(username: str) -> str:
    from serviceladder.core.errors import ValidationFailed

    if not sys.stdin.isatty():  # a script or a pipe: getpass would read a line of input or fail
        raise ValidationFailed(NO_PASSWORD, username=username)
    return getpass.getpass(f"Password for {username}: ")


def _grant(args) -> int:
    from serviceladder.accounts.services import role_grant
    from serviceladder.cli.actor import resolve_cli_actor

    role_grant(
        actor=resolve_cli_actor(args.as_user), username=args.username, role=args.role, reason=args.reason
    )
    print(f"{args.username}: +{args.role}")
    return 0


def _revoke(args) -> int:
    from serviceladder.accounts.services import role_revoke
    from serviceladder.cli.actor import resolve_cli_actor

    role_revoke(
        actor=resolve_cli_actor(args.as_user), username=args.username, role=args.role, reason=args.reason
    )
    print(f"{args.username}: -{args.role}")
    return 0


def _cli_actor(args) -> int:
    from serviceladder.accounts.services import cli_actor_mark

    os_user = args.os_user or getpass.getuser()
    cli_actor_mark(username=args.username, os_username=os_user)
    print(f"command-line changes by {os_user} are recorded as {args.username}")
    return 0


def _unlock(args) -> int:
    from serviceladder.accounts.signin import signin_lock_clear
    from serviceladder.cli.actor import resolve_cli_actor

    actor = resolve_cli_actor(args.as_user)
    if signin_lock_clear(actor=actor, username=args.username, reason=args.reason):
        print(f"{args.username}: sign-in lock-out cleared")
    else:
        print(f"{args.username}: was not locked out")
    return 0


def _switch(args) -> int:
    from serviceladder.accounts.logins import user_deactivate, user_reactivate
    from serviceladder.cli.actor import resolve_cli_actor

    service = user_deactivate if args.action == "deactivate" else user_reactivate
    service(actor=resolve_cli_actor(args.as_user), username=args.username, reason=args.reason)
    print(f"{args.username}: {args.action}d")
    return 0


def _link(args) -> int:
    from django.conf import settings

    from serviceladder.accounts.logins import one_time_link_issue
    from serviceladder.cli.actor import resolve_cli_actor
    from serviceladder.core.errors import ValidationFailed

    if not settings.SERVICELADDER_BASE_URL:
        raise ValidationFailed(NO_BASE_URL)
    issued = one_time_link_issue(
        actor=resolve_cli_actor(args.as_user), username=args.username, reason=args.reason
    )
    print(issued.url(settings.SERVICELADDER_BASE_URL))
    return 0


def _leavers(args) -> int:
    from serviceladder.accounts.logins import logins_of_leavers_deactivate
    from serviceladder.audit.services import SYSTEM

    done = logins_of_leavers_deactivate(actor=SYSTEM)
    for username in done:
        print(f"{username}: deactivated (left)")
    print(f"{len(done)} login(s) deactivated")
    return 0
