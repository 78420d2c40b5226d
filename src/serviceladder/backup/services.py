"""`backup_create` and `backup_restore`: the database, the interaction store and the uploads, together.

A backup runs while the server serves: the database is snapshotted and the interaction store copied while
the store's import lock is held, so the figures in the database and the raw rows they were computed from are
from the same moment (an interactions import holds that lock until its database transaction committed).
"""

from __future__ import annotations

import getpass
import os
import shutil
import tarfile
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

import serviceladder
from serviceladder.audit.services import Actor, audit_record
from serviceladder.backup import database as db
from serviceladder.backup.archive import FORMAT, ArchiveWriter, extract_verified, file_sha256, files_under
from serviceladder.backup.errors import (
    HOME_NOT_EMPTY,
    MIGRATIONS_TOO_NEW,
    TARGET_EXISTS,
    VENDOR_MISMATCH,
    BackupFailed,
)
from serviceladder.metrics.interactions.store import store_lock, store_root

BACKUP_ACTION, RESTORE_ACTION = "backup.create", "backup.restore"


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    vendor: str
    size: int
    sha256: str
    store_files: int
    media_files: int
    rows: int


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def backup_create(*, actor: Actor, path: Path | str) -> BackupSummary:
    """Write one archive to `path` (a new file; written beside it and renamed, so no half file is left)."""
    path = Path(path).resolve()
    if path.exists():
        raise BackupFailed(TARGET_EXISTS, file=path)
    vendor = db.vendor()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex}.partial")
    try:
        with tempfile.TemporaryDirectory(dir=path.parent, prefix=".serviceladder-backup-") as work:
            dump = Path(work) / "database"
            with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
                writer = ArchiveWriter(tar)
                with store_lock(store_root()):
                    snapshot = db.sqlite_snapshot if vendor == "sqlite" else db.postgres_snapshot
                    migrations, counts = snapshot(dump)
                    store_files = writer.add_tree(store_root(), "interactions")
                writer.add_file(dump, db.DUMP_NAMES[vendor])
                media_files = writer.add_tree(_media_root(), "media")
                writer.add_manifest(
                    {
                        "format": FORMAT,
                        "version": serviceladder.__version__,
                        "database_vendor": vendor,
                        "created_at": timezone.now().isoformat(),
                        "migrations": migrations,
                        "row_counts": counts,
                    }
                )
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    summary = BackupSummary(
        path=path,
        vendor=vendor,
        size=path.stat().st_size,
        sha256=file_sha256(path),
        store_files=store_files,
        media_files=media_files,
        rows=sum(counts.values()),
    )
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=BACKUP_ACTION,
            after={
                "file": str(path),
                "sha256": summary.sha256,
                "size": summary.size,
                "database_vendor": vendor,
                "store_files": store_files,
                "media_files": media_files,
            },
        )
    return summary


@dataclass(frozen=True)
class RestoreSummary:
    created_at: str
    vendor: str
    store_files: int
    media_files: int
    rows: int


def home_contents() -> list[str]:
    """What this installation already holds: tables with data, a store with files, uploads."""
    found = db.data_present()
    if any(files_under(store_root())):
        found.append("interactions")
    if any(files_under(_media_root())):
        found.append("media")
    return found


def _check_migrations(archive: Path, manifest: dict) -> None:
    known = {
        f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    }
    unknown = sorted(set(manifest.get("migrations", [])) - known)
    if unknown:
        raise BackupFailed(MIGRATIONS_TOO_NEW, file=archive, names=", ".join(unknown[:5]))


def _swap_in(source: Path, live: Path) -> None:
    """Replace the folder `live` by `source` (renames; the old folder is removed once the new one is in)."""
    live.parent.mkdir(parents=True, exist_ok=True)
    old = live.with_name(f".{live.name}-replaced-{uuid.uuid4().hex}")
    if live.exists():
        os.replace(live, old)
    if source.is_dir():
        shutil.move(str(source), str(live))
    else:
        live.mkdir()
    shutil.rmtree(old, ignore_errors=True)


def _swap_store(source: Path, root: Path) -> None:
    """The store keeps its lock file: only the month partitions are replaced."""
    for part in [p for p in root.iterdir() if not p.name.startswith(".")] if root.is_dir() else []:
        old = root / f".replaced-{uuid.uuid4().hex}"
        os.replace(part, old)
        shutil.rmtree(old, ignore_errors=True) if old.is_dir() else old.unlink()
    if source.is_dir():
        for part in source.iterdir():
            shutil.move(str(part), str(root / part.name))


def backup_restore(
    *, path: Path | str, actor_after: Callable[[], Actor], force: bool = False, reason: str = ""
) -> RestoreSummary:
    """Restore an archive over this installation. Stop the server first. Every checksum is verified before
    anything is touched; a home that holds data is replaced only with `force`. The restored audit log ends
    with an event saying who restored what: `actor_after()` names them in the restored database (the users
    before the restore may not exist in it)."""
    archive = Path(path).resolve()
    vendor = db.vendor()
    root = store_root()
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=root.parent, prefix=".serviceladder-restore-") as work:
        unpacked = Path(work)
        manifest = extract_verified(archive, unpacked)
        if manifest.get("database_vendor") != vendor:
            raise BackupFailed(
                VENDOR_MISMATCH, file=archive, found=manifest.get("database_vendor"), here=vendor
            )
        _check_migrations(archive, manifest)
        contents = home_contents()
        if contents and not force:
            raise BackupFailed(HOME_NOT_EMPTY, what=", ".join(contents[:6]))
        dump = unpacked / db.DUMP_NAMES[vendor]
        with store_lock(root):
            (db.sqlite_restore if vendor == "sqlite" else db.postgres_restore)(dump)
            _swap_store(unpacked / "interactions", root)
        _swap_in(unpacked / "media", _media_root())
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)  # a backup from an older version is brought up
    summary = RestoreSummary(
        created_at=manifest["created_at"],
        vendor=vendor,
        store_files=sum(1 for _ in files_under(root)),
        media_files=sum(1 for _ in files_under(_media_root())),
        rows=sum(manifest.get("row_counts", {}).values()),
    )
    with transaction.atomic():
        audit_record(
            actor=actor_after(),
            action=RESTORE_ACTION,
            after={
                "file": str(archive),
                "sha256": file_sha256(archive),
                "created_at": summary.created_at,
                "version": manifest.get("version"),
                "database_vendor": vendor,
                "forced": bool(contents),
                "replaced": contents,
                "os_user": getpass.getuser(),
            },
            reason=reason,
        )
    return summary
