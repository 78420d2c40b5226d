"""Resolve who a command-line change is recorded under: --as USERNAME, else the marked OS user."""

from __future__ import annotations

import getpass

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from serviceladder.audit.services import Actor
from serviceladder.core.errors import ActorError

UNKNOWN_USER = _("No active user named %(username)s.")
NO_CLI_ACTOR = _(
    "The operating-system user %(os_user)s is not marked as a command-line actor; pass --as USERNAME "
    "or run: serviceladder user cli-actor USERNAME"
)


def resolve_cli_actor(as_user: str | None) -> Actor:
    User = get_user_model()
    if as_user:
        user = User.objects.filter(username=as_user, is_active=True).first()
        if user is None:
            raise ActorError(UNKNOWN_USER, username=as_user)
        return Actor(user=user, channel="cli")
    os_user = getpass.getuser()
    user = User.objects.filter(cli_actor__os_username=os_user, is_active=True).first()
    if user is None:
        raise ActorError(NO_CLI_ACTOR, os_user=os_user)
    return Actor(user=user, channel="cli")
