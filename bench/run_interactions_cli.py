"""Run `import interactions` with the same dispatch as `serviceladder` (until it is wired into `import`)."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    from serviceladder.cli.commands.interactions_cli import add_interactions_parser
    from serviceladder.cli.main import EXIT_BAD_INPUT, EXIT_ERROR, setup_django

    parser = argparse.ArgumentParser(prog="serviceladder")
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import").add_subparsers(dest="kind", required=True)
    add_interactions_parser(imp)
    args = parser.parse_args(argv)
    setup_django()
    from serviceladder.core.errors import DomainError

    try:
        return args.handler(args) or 0
    except DomainError as exc:
        print(f"serviceladder: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
