"""`serviceladder manage ...` runs Django's management commands (migrate, createsuperuser, check …)."""

import argparse


def register(sub) -> None:
    p = sub.add_parser("manage", help="run a Django management command", add_help=False)
    p.add_argument("args", nargs=argparse.REMAINDER)
    p.set_defaults(handler=_run, needs_database=False)  # Django's own commands: migrate, showmigrations …


def _run(args) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["serviceladder manage", *args.args])
    return 0
