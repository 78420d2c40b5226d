"""Compile the .po catalogues to .mo in pure Python (polib), so no GNU gettext is needed on a user's machine.

The .mo files are build products and are not kept in git; they are refreshed when their .po is newer.
"""

import os
import tempfile
from pathlib import Path

import polib

from serviceladder.paths import PACKAGE_DIR


def compile_catalogues(locale_dir: Path = PACKAGE_DIR / "locale") -> list[Path]:
    written = []
    for po_path in locale_dir.glob("*/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        # Write then rename, so parallel test workers never read a half-written catalogue.
        fd, tmp = tempfile.mkstemp(dir=mo_path.parent, suffix=".mo.tmp")
        os.close(fd)
        polib.pofile(str(po_path)).save_as_mofile(tmp)
        os.replace(tmp, mo_path)
        written.append(mo_path)
    return written
