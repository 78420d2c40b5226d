"""`serviceladder token ...`: personal API tokens — create (the key is printed once), list, revoke.

Whoever runs this command controls the server, so it may create a token for any active user and list every
token (never a key); the audit log records the command-line actor (--as USERNAME, or the marked OS user).
Revoking follows the actor's rights as on the web: their own tokens, or anyone's for HR and administrators.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from serviceladder.cli.main import EXIT_OK, add_actor_arguments

UNKNOWN_TOKEN = gettext_lazy("No API token with id or prefix %(token)s.")


def register(sub) -> None:
    p = sub.add_parser("token", help="personal API tokens (Authorization: Bearer <key>)")
    ts = p.add_subparsers(dest="token_command", required=True, metavar="ACTION")

    c = ts.add_parser("create", help="create a token for a user and print its key (shown only once)")
    c.add_argument("--user", required=True, metavar="NAME", help="the user the token acts as")
    c.add_argument("--name", required=True, metavar="LABEL", help="what the token is for")
    c.add_argument(
        "--days",
        type=int,
        default=None,
        metavar="N",
        help="valid for N days (default SERVICELADDER_TOKEN_DEFAULT_DAYS, at most ..._TOKEN_MAX_DAYS)",
    )
    add_actor_arguments(c)
    c.set_defaults(handler=_create)

    ls = ts.add_parser("list", help="list tokens (never their keys)")
    ls.add_argument("--user", default="", metavar="NAME", help="only this user's tokens")
    ls.set_defaults(handler=_list)

    r = ts.add_parser("revoke", help="revoke a token by its id or its prefix")
    r.add_argument("token", metavar="ID|PREFIX")
    add_actor_arguments(r)
    r.set_defaults(handler=_revoke)


def _create(args) -> int:
    import sys

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from serviceladder.accounts.services import UNKNOWN_USER
    from serviceladder.api.services import api_token_create
    from serviceladder.cli.actor import resolve_cli_actor
    from serviceladder.core.errors import ValidationFailed

    actor = resolve_cli_actor(args.as_user)
    user = get_user_model().objects.filter(username=args.user).first()
    if user is None:
        raise ValidationFailed(UNKNOWN_USER, username=args.user)
    issued = api_token_create(actor=actor, user=user, name=args.name, days=args.days)
    print(issued.key)
    expires = timezone.localtime(issued.token.expires_at)
    print(
        f"token {issued.token.pk} ({issued.token.name}) for {user.get_username()}, valid until "
        f"{expires:%Y-%m-%d %H:%M}: store the key now, it is not shown again",
        file=sys.stderr,
    )
    return EXIT_OK


def _list(args) -> int:
    from django.utils import timezone

    from serviceladder.api.selectors import api_tokens_all

    def when(value) -> str:
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else "-"

    rows = [("id", "user", "name", "prefix", "created", "last used", "expires", "state")]
    for t in api_tokens_all(username=args.user):
        if t.revoked_at:
            state = f"revoked {timezone.localtime(t.revoked_at):%Y-%m-%d}"
        else:
            state = "expired" if t.is_expired else "active"
        rows.append(
            (
                str(t.pk),
                t.user.get_username(),
                t.name,
                t.prefix,
                when(t.created_at),
                when(t.last_used_at),
                when(t.expires_at),
                state,
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())
    return EXIT_OK


def _revoke(args) -> int:
    from serviceladder.api.models import ApiToken
    from serviceladder.api.services import api_token_revoke
    from serviceladder.cli.actor import resolve_cli_actor
    from serviceladder.core.errors import ValidationFailed

    actor = resolve_cli_actor(args.as_user)
    ref = args.token
    if ref.startswith("sl_"):  # "sl_<prefix>" or a whole key "sl_<prefix>_<secret>": always the prefix,
        found = ApiToken.objects.filter(prefix=ref.split("_")[1])  # even when it happens to be all digits
    elif ref.isdigit():
        found = ApiToken.objects.filter(pk=int(ref))
    else:
        found = ApiToken.objects.filter(prefix=ref)
    token = found.first()
    if token is None:
        raise ValidationFailed(UNKNOWN_TOKEN, token=args.token)
    token = api_token_revoke(actor=actor, token_id=token.pk, reason=args.reason)
    print(f"token {token.pk} ({token.name}) of {token.user.get_username()} revoked")
    return EXIT_OK
