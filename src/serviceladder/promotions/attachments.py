"""Checks on uploaded attachments: size, file-name extension, and that the first bytes match the type.

The stored name is generated (models.attachment_path); the original name is kept only as text.
"""

from __future__ import annotations

from pathlib import PurePath

from django.template.defaultfilters import filesizeformat

from serviceladder.promotions.errors import (
    ATTACHMENT_CONTENT,
    ATTACHMENT_TOO_LARGE,
    ATTACHMENT_TYPE,
    PromotionInvalid,
)

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
