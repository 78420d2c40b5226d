"""What can go wrong when backing up or restoring; each message is a translatable constant tests import."""

from django.utils.translation import gettext_lazy as _

from serviceladder.core.errors import DomainError


class BackupFailed(DomainError):
    code = "backup"
    message = _("The backup could not be made.")


TARGET_EXISTS = _("%(file)s already exists; choose another file name.")
TOOL_MISSING = _(
    "%(tool)s was not found on PATH; install the PostgreSQL client (Debian: apt install postgresql-client)."
)
TOOL_FAILED = _("%(tool)s failed: %(problem)s")
UNSUPPORTED_DATABASE = _("Backups support SQLite and PostgreSQL, not %(vendor)s.")
NOT_AN_ARCHIVE = _("%(file)s is not a serviceladder backup: %(problem)s")
UNSAFE_MEMBER = _("%(file)s holds an unexpected entry %(name)s; it was not restored.")
CHECKSUM_MISMATCH = _("%(file)s is damaged: %(name)s does not match its checksum.")
FORMAT_TOO_NEW = _("%(file)s was written in backup format %(found)s; this version reads format %(known)s.")
VENDOR_MISMATCH = _(
    "%(file)s holds a %(found)s database and this installation uses %(here)s; restore it into %(found)s."
)
MIGRATIONS_TOO_NEW = _(
    "%(file)s comes from a newer serviceladder (migrations %(names)s are unknown here); upgrade first."
)
HOME_NOT_EMPTY = _(
    "This installation already holds data (%(what)s); pass --force to replace it with the backup."
)
