"""Checking handbook downloads by their content.

An upload is trusted by nothing it claims (name, extension, content type). A PDF must
start like a PDF and open with pypdf, unencrypted and without anything active
(``pdf``); office documents must be the zip packages their formats define, within the
unpacking limits (``packages``), without code, DDE, external content or event listeners
(``office``). The type, extension and page count stored come from this inspection, never
from the browser.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from common.uploads import upload_size_check

from .kinds import KINDS_BY_TYPE, PDF, FileKind, refusal
from .office import package_kind
from .pdf import pdf_pages

__all__ = ["KINDS_BY_TYPE", "CheckedFile", "FileKind", "attachment_check"]


@dataclass(frozen=True)
class CheckedFile:
    kind: FileKind
    size: int
    pages: int | None


def attachment_check(upload: UploadedFile) -> CheckedFile:
    """What the uploaded file really is, or a ``ValidationError`` in plain words."""
    upload_size_check(upload, settings.THEKIZ_MAX_ATTACHMENT_BYTES)
    upload.seek(0)
    head = upload.read(1024)
    if head.startswith(b"PK\x03\x04"):
        kind = package_kind(upload)
        if kind:
            return CheckedFile(kind=kind, size=upload.size, pages=None)
    elif b"%PDF-" in head:  # the PDF header may come anywhere in the first kilobyte
        return CheckedFile(kind=PDF, size=upload.size, pages=pdf_pages(upload))
    raise refusal(
        _(
            "This file is not a PDF, Word, Excel, PowerPoint or OpenDocument file. "
            "Please choose a file in one of these formats."
        ),
        "unsupported",
    )
