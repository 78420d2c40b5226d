"""Readable, translatable labels for codes that appear in the audit log and role lists."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.roles import Role

AUDIT_ACTIONS = {
    "user.create": _("User created"),
    "user.cli_actor": _("Command-line user marked"),
    "role.grant": _("Role granted"),
    "role.revoke": _("Role revoked"),
    "employee.create": _("Employee created"),
    "employee.update": _("Employee updated"),
    "level.assign": _("Level changed"),
    "pay.change": _("Pay changed"),
    "import.roster": _("Roster imported"),
    "import.metrics": _("Monthly figures imported"),
    "api_token.create": _("API token created"),
    "api_token.revoke": _("API token revoked"),
    "api_token.lockout": _("Unknown API keys refused"),
    "signin.success": _("Signed in"),
    "signin.failure": _("Sign-in failed"),
    "signin.lockout": _("Sign-in locked out"),
    "signin.unlock": _("Sign-in lock-out cleared"),
}

AUDIT_FIELDS = {
    "username": _("user"),
    "role": _("role"),
    "roles": _("roles"),
    "employee": _("employee"),
    "os_username": _("operating-system user"),
    "level": _("level"),
    "team": _("team"),
    "name": _("name"),
    "monthly_amount": _("monthly pay"),
    "effective_from": _("effective from"),
    "prefix": _("key prefix"),
    "address": _("client address"),
    "until": _("until"),
    "kind": _("kind"),
    "key": _("key"),
    "expires_at": _("expires"),
}

CHANNELS = {
    "web": _("web"),
    "cli": _("command line"),
    "api": _("API"),
    "system": _("system"),
}


def role_label(code: str) -> str:
    return str(Role(code).label) if code in Role.values else code


def audit_action_label(code: str) -> tuple[str, bool]:
    """(label, translated?) — unknown codes are shown as they are, marked as not translatable."""
    if code in AUDIT_ACTIONS:
        return str(AUDIT_ACTIONS[code]), True
    return code, False


def audit_changes(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per key: its label (or raw key), the old and the new value, roles shown by their label."""
    rows = []
    for key in list(dict.fromkeys([*before.keys(), *after.keys()])):
        label = AUDIT_FIELDS.get(key)
        rows.append(
            {
                "key": str(label) if label else key,
                "key_translated": label is not None,
                "before": _value(key, before.get(key)) if key in before else None,
                "after": _value(key, after.get(key)) if key in after else None,
            }
        )
    return rows


def _value(key: str, value: Any) -> str:
    if key == "role" and isinstance(value, str):
        return role_label(value)
    if key == "roles" and isinstance(value, list):
        return "、".join(role_label(v) for v in value) if value else "—"
    if value is None or value == "":
        return "—"
    return str(value)
