"""Checking handbook downloads by their content.

An upload is trusted by nothing it claims (name, extension, content type). A PDF must
start like a PDF and open with pypdf, unencrypted and without scripts; office documents
must be the zip packages their formats define, without macros. The type, extension and
page count stored come from this inspection, never from the browser.
"""

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from thekiz_portal.utils.uploads import upload_size_check


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extension: str
    label: str


PDF = FileKind("application/pdf", "pdf", "PDF")
# Office Open XML: the part that makes a package a document, workbook or presentation.
OOXML_KINDS = {
    "word/document.xml": FileKind(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
        "Word",
    ),
    "xl/workbook.xml": FileKind(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "Excel"
    ),
    "ppt/presentation.xml": FileKind(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pptx",
        "PowerPoint",
    ),
}
# OpenDocument: the package's first entry "mimetype" names the format.
ODF_KINDS = {
    kind.content_type: kind
    for kind in (
        FileKind("application/vnd.oasis.opendocument.text", "odt", "OpenDocument-Text"),
        FileKind("application/vnd.oasis.opendocument.spreadsheet", "ods", "OpenDocument-Tabelle"),
        FileKind(
            "application/vnd.oasis.opendocument.presentation", "odp", "OpenDocument-Präsentation"
        ),
    )
}
KINDS_BY_TYPE = {
    kind.content_type: kind for kind in (PDF, *OOXML_KINDS.values(), *ODF_KINDS.values())
}


@dataclass(frozen=True)
class CheckedFile:
    kind: FileKind
    size: int
    pages: int | None


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _broken() -> ValidationError:
    return _refuse(
        _("The file could not be read; it may be damaged. Please try another one."), "broken"
    )


# Actions a PDF reader would carry out on opening: scripts, programs, forms sent away.
ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData"}


def _runs_code(action) -> bool:
    """Is this (open or additional) action a script or a program start? Plain "show page
    one at this zoom" destinations, which many PDF writers add, are fine."""
    action = action.get_object() if hasattr(action, "get_object") else action
    return isinstance(action, dict) and action.get("/S") in ACTIVE_ACTIONS


def _pdf_pages(upload: UploadedFile) -> int:
    upload.seek(0)
    try:
        reader = PdfReader(upload)
        if reader.is_encrypted:
            raise _refuse(
                _("The PDF is protected by a password. Please upload it without protection."),
                "encrypted",
            )
        catalog = reader.trailer["/Root"]
        names = catalog.get("/Names") or {}
        actions = [catalog.get("/OpenAction"), *(catalog.get("/AA") or {}).values()]
        if "/JavaScript" in names or any(_runs_code(action) for action in actions):
            raise _refuse(
                _("The PDF contains scripts or automatic actions. Please save it without them."),
                "active_content",
            )
        return len(reader.pages)
    except ValidationError:
        raise
    except (PyPdfError, KeyError, ValueError, TypeError, AttributeError, RecursionError):
        # pypdf reports malformed files with all of these.
        raise _broken() from None


def _package_kind(upload: UploadedFile) -> FileKind | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
            if "mimetype" in names:
                mimetype = package.read("mimetype").decode("ascii", "replace").strip()
                kind = ODF_KINDS.get(mimetype)
                has_macros = any(name.startswith("Basic/") for name in names)
            else:
                kind = next((kind for part, kind in OOXML_KINDS.items() if part in names), None)
                if kind and "[Content_Types].xml" not in names:
                    kind = None
                has_macros = any(name.endswith("vbaProject.bin") for name in names)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError):
        return None
    if kind and has_macros:
        raise _refuse(_("The document contains macros. Please save it without macros."), "macros")
    return kind


def attachment_check(upload: UploadedFile) -> CheckedFile:
    """What the uploaded file really is, or a ``ValidationError`` in plain words."""
    upload_size_check(upload, settings.THEKIZ_MAX_ATTACHMENT_BYTES)
    upload.seek(0)
    head = upload.read(8)
    if head.startswith(b"%PDF-"):
        return CheckedFile(kind=PDF, size=upload.size, pages=_pdf_pages(upload))
    if head.startswith(b"PK\x03\x04"):
        kind = _package_kind(upload)
        if kind:
            return CheckedFile(kind=kind, size=upload.size, pages=None)
    raise _refuse(
        _(
            "This file is not a PDF, Word, Excel, PowerPoint or OpenDocument file. "
            "Please choose a file in one of these formats."
        ),
        "unsupported",
    )
