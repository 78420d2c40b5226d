"""Attachments as files: checks on an upload (size, file-name extension, first bytes matching the type) and
the download answer shared by the case page and the API (the original name in Content-Disposition).

The stored name is generated (models.attachment_path); the original name is kept only as text.
"""

from __future__ import annotations

import logging
import unicodedata
from pathlib import PurePath
from urllib.parse import quote

from django.http import FileResponse
from django.template.defaultfilters import filesizeformat

from serviceladder.promotions.errors import (
    ATTACHMENT_CONTENT,
    ATTACHMENT_TOO_LARGE,
    ATTACHMENT_TYPE,
    AttachmentFileMissing,
    PromotionInvalid,
)

log = logging.getLogger(__name__)

# The audit action of a removal; the case timeline reads these rows back (selectors.application_timeline).
REMOVE_ACTION = "promotion.attachment_remove"

MAX_BYTES = 10 * 1024 * 1024
ZIP = b"PK\x03\x04"
# extension → (content type, accepted leading bytes; None: plain text)
ACCEPTED: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (ZIP,)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (ZIP,)),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (ZIP,)),
    ".txt": ("text/plain", None),
}


def check_upload(uploaded_file) -> tuple[str, str]:
    """(clean original name, content type) of an acceptable upload; PromotionInvalid otherwise."""
    name = PurePath(str(uploaded_file.name or "file").replace("\\", "/")).name[:255] or "file"
    suffix = PurePath(name).suffix.lower()
    if suffix not in ACCEPTED:
        raise PromotionInvalid(ATTACHMENT_TYPE, name=name, allowed=", ".join(sorted(ACCEPTED)))
    size = uploaded_file.size or 0
    if size > MAX_BYTES:
        raise PromotionInvalid(
            ATTACHMENT_TOO_LARGE, name=name, size=filesizeformat(size), limit=filesizeformat(MAX_BYTES)
        )
    content_type, magic = ACCEPTED[suffix]
    uploaded_file.seek(0)
    head = uploaded_file.read(2048)
    uploaded_file.seek(0)
    if magic is None:
        ok = b"\x00" not in head
        if ok:
            try:
                head.decode("utf-8")
            except UnicodeDecodeError as exc:
                ok = exc.start > len(head) - 4  # a character cut at the 2048-byte boundary
    else:
        ok = any(head.startswith(m) for m in magic)
    if not ok:
        raise PromotionInvalid(ATTACHMENT_CONTENT, name=name, kind=suffix.lstrip(".").upper())
    return name, content_type


def content_disposition(name: str) -> str:
    """`attachment` with the original file name (RFC 6266): an ASCII `filename` for old clients and the
    exact name as UTF-8 in `filename*` (RFC 8187), so 业绩证明.pdf arrives as 业绩证明.pdf."""
    name = name.replace("\r", " ").replace("\n", " ") or "file"
    path = PurePath(name)
    stem, suffix = _ascii(path.stem).strip(" ._-"), _ascii(path.suffix)
    ascii_name = f"{stem or 'attachment'}{suffix if len(suffix) > 1 else ''}"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(c if c.isprintable() and c not in '"\\;' else "_" for c in text)


def attachment_response(attachment) -> FileResponse:
    """The stored file with its type and original name; AttachmentFileMissing (404) when the file is gone."""
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError):
        log.warning("attachment %s: stored file %r is missing", attachment.pk, attachment.file.name)
        raise AttachmentFileMissing() from None
    response = FileResponse(handle, content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition(attachment.original_name)
    return response
