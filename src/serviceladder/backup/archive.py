"""The backup file: one tar.gz holding database/, interactions/, media/ and a manifest.json written last.

The manifest names the format, the product version, the database vendor, when it was made, the applied
migrations, the rows per table and the SHA-256 of every other member; a restore checks them all first.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from serviceladder.backup.errors import (
    CHECKSUM_MISMATCH,
    FORMAT_TOO_NEW,
    NOT_AN_ARCHIVE,
    UNSAFE_MEMBER,
    BackupFailed,
)

FORMAT = 1
MANIFEST = "manifest.json"
SECTIONS = ("database", "interactions", "media")


class _Hashing(io.RawIOBase):
    """A reader that hashes what tarfile reads through it, so each file is read once."""

    def __init__(self, fh) -> None:
        self._fh, self.sha256 = fh, hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._fh.read(len(buffer))
        self.sha256.update(data)
        buffer[: len(data)] = data
        return len(data)


@dataclass
class ArchiveWriter:
    tar: tarfile.TarFile
    checksums: dict[str, str] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)

    def add_file(self, source: Path, name: str) -> None:
        info = self.tar.gettarinfo(str(source), arcname=name)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        with source.open("rb") as fh:
            reader = _Hashing(fh)
            self.tar.addfile(info, reader)
        self.checksums[name] = reader.sha256.hexdigest()
        self.sizes[name] = info.size

    def add_tree(self, root: Path, section: str) -> int:
        """Every regular file under `root` (names starting with "." left out: locks, staging folders)."""
        added = 0
        for path in files_under(root):
            self.add_file(path, f"{section}/{path.relative_to(root).as_posix()}")
            added += 1
        return added

    def add_manifest(self, manifest: dict[str, Any]) -> None:
        data = json.dumps({**manifest, "files": self.checksums}, indent=2, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode = len(data), 0o600
        self.tar.addfile(info, io.BytesIO(data))


def files_under(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file() or path.is_symlink():
            continue
        yield path


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def extract_verified(archive: Path, into: Path) -> dict[str, Any]:
    """Unpack into `into` (a new, empty folder) and return the manifest once every checksum matched."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = tar.getmembers()
            for member in members:
                top = member.name.split("/", 1)[0]
                if member.name != MANIFEST and (
                    top not in SECTIONS or not (member.isfile() or member.isdir())
                ):
                    raise BackupFailed(UNSAFE_MEMBER, file=archive, name=member.name)
            tar.extractall(into, filter="data")  # refuses absolute paths, "..", links out of the folder
    except (OSError, tarfile.TarError, EOFError) as exc:
        raise BackupFailed(NOT_AN_ARCHIVE, file=archive, problem=exc) from exc
    try:
        manifest = json.loads((into / MANIFEST).read_text())
        checksums: dict[str, str] = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BackupFailed(NOT_AN_ARCHIVE, file=archive, problem=f"{MANIFEST}: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupFailed(FORMAT_TOO_NEW, file=archive, found=manifest.get("format"), known=FORMAT)
    present = {m.name for m in members if m.isfile() and m.name != MANIFEST}
    for name in sorted(present | set(checksums)):
        path = into / name
        if name not in checksums or not path.is_file() or file_sha256(path) != checksums[name]:
            raise BackupFailed(CHECKSUM_MISMATCH, file=archive, name=name)
    return manifest
