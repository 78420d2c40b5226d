"""`serviceladder import KIND --template [--lang zh-hans|en] [--format csv|xlsx] > FILE`.

Writes the kind's template (every column, one example row; metrics.import_templates) to stdout. Only a
user who may import the kind gets it, as in the browser; the language is --lang, else the acting user's own
language, else Chinese.
"""

from __future__ import annotations

import argparse
import sys

from django.utils.translation import gettext_lazy as _

DEFAULT_LANGUAGE = "zh-hans"

FILE_REQUIRED = _("Name the file to import, or pass --template to write a template.")
TEMPLATE_WITHOUT_FILE = _("--template writes a template to stdout and reads no file; leave out %(file)s.")
XLSX_TO_TERMINAL = _(
    "An XLSX template is binary and would garble the terminal; redirect it to a file "
    "(> %(kind)s-template.xlsx) or use --format csv."
)


def add_template_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("template")
    group.add_argument(
        "--template",
        action="store_true",
        help="write a template of this kind to stdout instead: every column and one example row",
    )
    group.add_argument(
        "--lang",
        choices=("zh-hans", "en"),
        help="the template's headers and example: zh-hans or en (default: the acting user's language, "
        "else zh-hans)",
    )
    group.add_argument(
        "--format",
        dest="template_format",
        choices=("csv", "xlsx"),
        default="csv",
        help="the template's file format (default: csv; xlsx only into a file or a pipe)",
    )


def file_or_template(args) -> bool:
    """True when the command is to write a template (and has done so); False to import args.file.

    Bad combinations are bad input (exit 2): no FILE without --template, a FILE with it.
    """
    from serviceladder.core.errors import ValidationFailed

    if not args.template:
        if args.file is None:
            raise ValidationFailed(FILE_REQUIRED)
        return False
    if args.file is not None:
        raise ValidationFailed(TEMPLATE_WITHOUT_FILE, file=str(args.file))
    write_template(args)
    return True


def write_template(args) -> None:
    from serviceladder.accounts.scoping import require_import
    from serviceladder.accounts.selectors import language_code, user_stored_language
    from serviceladder.cli.actor import resolve_cli_actor
    from serviceladder.core.errors import ValidationFailed
    from serviceladder.metrics.import_templates import import_template

    if args.template_format == "xlsx" and sys.stdout.isatty():
        raise ValidationFailed(XLSX_TO_TERMINAL, kind=args.kind)
    actor = resolve_cli_actor(args.as_user)
    require_import(actor.user, args.kind)
    language = args.lang or language_code(user_stored_language(actor.user)) or DEFAULT_LANGUAGE
    template = import_template(kind=args.kind, language=language, file_format=args.template_format)
    sys.stdout.buffer.write(template.data)
    sys.stdout.flush()
