"""`serviceladder backup FILE` and `serviceladder restore FILE [--force]`.

A backup is one .tar.gz: the database (SQLite online backup or pg_dump), the interaction store and the
uploads, with a manifest of checksums. It is made while the server runs. Restore with the server stopped.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from serviceladder.cli.main import EXIT_OK, add_actor_arguments

BACKUP_WRITTEN = _(
    "Backup written to %(file)s (%(size)s bytes, %(vendor)s database, %(store)s interaction files, "
    "%(media)s uploads); SHA-256 %(sha256)s."
)
RESTORED = _(
    "Restored the backup made at %(created_at)s: %(rows)s database rows, %(store)s interaction files, "
    "%(media)s uploads."
)


def register(sub) -> None:
    b = sub.add_parser("backup", help="write the database, interaction store and uploads to one archive")
    b.add_argument("file", metavar="FILE", help="the archive to write (.tar.gz); must not exist")
    b.add_argument("--as", dest="as_user", metavar="USERNAME", help="record the backup as this user")
    b.set_defaults(handler=_backup)

    r = sub.add_parser("restore", help="restore an archive written by `backup` (stop the server first)")
    r.add_argument("file", metavar="FILE", help="the archive to read")
    r.add_argument("--force", action="store_true", help="replace an installation that already holds data")
    add_actor_arguments(r)
    # A restore replaces the database whatever state it is in, and migrates what it restored.
    r.set_defaults(handler=_restore, needs_database=False)


def _actor(as_user: str | None):
    """The command-line actor; a database without users (nothing to protect yet) is backed up as system."""
    from django.contrib.auth import get_user_model

    from serviceladder.audit.services import Actor
    from serviceladder.cli.actor import resolve_cli_actor

    if as_user is None and not get_user_model().objects.exists():
        return Actor(user=None, channel="cli")
    return resolve_cli_actor(as_user)


def _backup(args) -> int:
    from serviceladder.backup.services import backup_create

    summary = backup_create(actor=_actor(args.as_user), path=args.file)
    print(
        BACKUP_WRITTEN
        % {
            "file": summary.path,
            "size": summary.size,
            "vendor": summary.vendor,
            "store": summary.store_files,
            "media": summary.media_files,
            "sha256": summary.sha256,
        }
    )
    return EXIT_OK


def _restore(args) -> int:
    from serviceladder.audit.services import Actor
    from serviceladder.backup.services import backup_restore
    from serviceladder.core.errors import ActorError

    def actor_after() -> Actor:
        try:
            return _actor(args.as_user)
        except ActorError:  # the restore is done: record it as the system rather than fail now
            return Actor(user=None, channel="cli")

    summary = backup_restore(path=args.file, force=args.force, actor_after=actor_after, reason=args.reason)
    print(
        RESTORED
        % {
            "created_at": summary.created_at,
            "rows": summary.rows,
            "store": summary.store_files,
            "media": summary.media_files,
        }
    )
    return EXIT_OK
