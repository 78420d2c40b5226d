"""`serviceladder policy ...`: presets, init, validate, load, diff, versions."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from serviceladder.cli.main import EXIT_BAD_INPUT, EXIT_OK, add_actor_arguments


def register(sub) -> None:
    p = sub.add_parser("policy", help="the career framework and promotion policy file")
    ps = p.add_subparsers(dest="policy_command", required=True, metavar="ACTION")

    # presets, init, validate and diff of two files never touch the database.
    pr = ps.add_parser("presets", help="list the shipped presets")
    _language_argument(pr, "the language of the summaries")
    pr.set_defaults(handler=_presets, needs_database=False)

    i = ps.add_parser("init", help="print a complete, commented policy file")
    i.add_argument("--preset", default="cn-standard", help="preset name (see: policy presets)")
    _language_argument(i, "the language of the file's comments (the policy is the same)")
    i.set_defaults(handler=_init, needs_database=False)

    v = ps.add_parser("validate", help="check a policy file; exit 2 with every problem")
    v.add_argument("file")
    v.set_defaults(handler=_validate, needs_database=False)

    ld = ps.add_parser("load", help="store a policy file as a new immutable version")
    ld.add_argument("file")
    ld.add_argument("--effective", required=True, metavar="YYYY-MM-DD", help="first day the version applies")
    add_actor_arguments(ld)
    ld.set_defaults(handler=_load)

    d = ps.add_parser("diff", help="what changed between two policy files or stored versions (v1, v2 …)")
    d.add_argument("a")
    d.add_argument("b")
    d.set_defaults(handler=_diff, needs_database=False)

    ps.add_parser("versions", help="list stored versions").set_defaults(handler=_versions)


def _language_argument(parser, help_text: str) -> None:
    parser.add_argument(
        "--language", default="en", choices=["en", "zh-hans", "zh"], metavar="zh-hans|en", help=help_text
    )


def _read(path: str) -> str:
    from django.utils.translation import gettext as _

    from serviceladder.core.errors import ValidationFailed

    file = Path(path)
    if not file.is_file():
        raise ValidationFailed(_("No such file: %(path)s"), path=path)
    try:
        return file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationFailed(_("%(path)s is not a UTF-8 text file."), path=path) from None


def _print_issues(path: str, issues) -> None:
    for issue in issues:
        print(f"{path}: {issue.render()}", file=sys.stderr)


def _presets(args) -> int:
    from serviceladder.policy.presets import preset_names, preset_summary

    for name in preset_names():
        print(f"{name:16} {preset_summary(name, args.language)}")
    return EXIT_OK


def _init(args) -> int:
    from serviceladder.policy.presets import preset_text

    sys.stdout.write(preset_text(args.preset, args.language))
    return EXIT_OK


def _validate(args) -> int:
    from django.utils.translation import gettext as _

    from serviceladder.policy.validation import check_policy_text

    result = check_policy_text(_read(args.file))
    if not result.ok:
        _print_issues(args.file, result.issues)
        print(_("%(count)s problem(s) found.") % {"count": len(result.issues)}, file=sys.stderr)
        return EXIT_BAD_INPUT
    policy = result.policy
    print(
        _(
            "%(path)s: valid policy %(name)s: %(tracks)s track(s), %(levels)s level(s), "
            "%(transitions)s transition(s)."
        )
        % {
            "path": args.file,
            "name": policy.name,
            "tracks": len(policy.tracks),
            "levels": len(policy.levels()),
            "transitions": len(policy.transitions),
        }
    )
    return EXIT_OK


def _load(args) -> int:
    from serviceladder.cli.actor import resolve_cli_actor
    from serviceladder.core.errors import ValidationFailed
    from serviceladder.policy.errors import BAD_EFFECTIVE_DATE, PolicyInvalid
    from serviceladder.policy.services import policy_load

    try:
        effective = dt.date.fromisoformat(args.effective)
    except ValueError:
        raise ValidationFailed(BAD_EFFECTIVE_DATE, value=args.effective) from None
    text = _read(args.file)
    actor = resolve_cli_actor(args.as_user)
    try:
        result = policy_load(
            actor=actor, text=text, effective=effective, source_name=Path(args.file).name, note=args.reason
        )
    except PolicyInvalid as exc:
        _print_issues(args.file, exc.issues)
        return EXIT_BAD_INPUT
    print(result.message)
    for key, codes in result.ladder.items():
        if codes:
            print(f"  ladder {key}: {', '.join(codes)}")
    return EXIT_OK


def _source_data(ref: str):
    """A file path, or a stored version (v3 / 3) when no such file exists."""
    from serviceladder.cli.main import database_ready
    from serviceladder.policy.errors import PolicyInvalid
    from serviceladder.policy.selectors import policy_version_get
    from serviceladder.policy.validation import load_yaml

    if Path(ref).is_file():
        text = _read(ref)
    else:
        database_ready()  # only a stored version needs the database
        text = policy_version_get(ref).content
    data, _lines, issues = load_yaml(text)
    if issues:
        raise PolicyInvalid(issues=issues)
    return data


def _diff(args) -> int:
    from serviceladder.policy.diff import render_diff

    for line in render_diff(_source_data(args.a), _source_data(args.b)):
        print(line)
    return EXIT_OK


def _versions(args) -> int:
    from django.utils.translation import gettext as _

    from serviceladder.policy.selectors import policy_versions

    rows = list(policy_versions())
    if not rows:
        print(
            _("No policy version stored yet; load one with: serviceladder policy load FILE --effective DATE")
        )
    for v in rows:
        loaded = v.loaded_at.astimezone().strftime("%Y-%m-%d %H:%M")
        print(
            f"{v.label:5} {v.name:18} {_('effective')} {v.effective_from}  {v.sha256[:12]}  "
            f"{loaded} {v.loaded_by_label}  {v.source_name}  {v.note}".rstrip()
        )
    return EXIT_OK
