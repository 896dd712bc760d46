"""Checking handbook downloads by their content.

An upload is trusted by nothing it claims (name, extension, content type). A PDF must
start like a PDF and open with pypdf, unencrypted and without scripts; office documents
must be the zip packages their formats define, without macros. The type, extension and
page count stored come from this inspection, never from the browser.
"""

import re
import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from pypdf import PasswordType, PdfReader
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


# Actions a PDF reader would carry out by itself or on a click: scripts, programs, forms
# sent away, data pulled in. Links (/URI) and jumps within the file are fine.
ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/Rendition"}
# How long a chain of actions (/Next) may be before the file is refused outright.
MAX_ACTION_DEPTH = 20


def _resolved(value):
    return value.get_object() if hasattr(value, "get_object") else value


def _active(action, depth: int = 0) -> bool:
    """Is this action, or one it leads to through /Next, a script or a program start?"""
    action = _resolved(action)
    if depth > MAX_ACTION_DEPTH:
        return True
    if isinstance(action, list):
        return any(_active(item, depth + 1) for item in action)
    if not isinstance(action, dict):
        return False
    if action.get("/S") in ACTIVE_ACTIONS:
        return True
    return action.get("/Next") is not None and _active(action["/Next"], depth + 1)


def _additional_actions(owner) -> list:
    """The actions of an /AA dictionary (on open, close, focus, …)."""
    owner = _resolved(owner)
    actions = _resolved(owner.get("/AA")) if isinstance(owner, dict) else None
    return list(actions.values()) if isinstance(actions, dict) else []


def _pdf_has_active_content(reader: PdfReader) -> bool:
    catalog = _resolved(reader.trailer["/Root"])
    names = _resolved(catalog.get("/Names")) or {}
    if "/JavaScript" in names or "/EmbeddedFiles" in names:
        return True
    form = _resolved(catalog.get("/AcroForm")) or {}
    if "/XFA" in form:  # forms that run their own scripts
        return True
    actions = [catalog.get("/OpenAction"), *_additional_actions(catalog)]
    for field in _resolved(form.get("/Fields")) or []:
        actions += _additional_actions(field)
    for page in reader.pages:
        actions += _additional_actions(page)
        for annotation in _resolved(page.get("/Annots")) or []:
            annotation = _resolved(annotation)
            if not isinstance(annotation, dict):
                continue
            if annotation.get("/Subtype") == "/FileAttachment":
                return True
            actions += [annotation.get("/A"), *_additional_actions(annotation)]
    return any(_active(action) for action in actions if action is not None)


def _pdf_pages(upload: UploadedFile) -> int:
    upload.seek(0)
    try:
        reader = PdfReader(upload)
        # Only an owner password (printing, copying rules) opens for everyone: fine.
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise _refuse(
                _("The PDF is protected by a password. Please upload it without protection."),
                "encrypted",
            )
        if _pdf_has_active_content(reader):
            raise _refuse(
                _(
                    "The PDF contains scripts, attached files or automatic actions. "
                    "Please save it without them."
                ),
                "active_content",
            )
        return len(reader.pages)
    except ValidationError:
        raise
    except (PyPdfError, KeyError, ValueError, TypeError, AttributeError, RecursionError):
        # pypdf reports malformed files with all of these.
        raise _broken() from None


# Parts of an office package that carry code: VBA projects, Excel 4 macro sheets,
# ActiveX controls, OLE objects (which can wrap programs), OpenDocument Basic and scripts.
OOXML_CODE_TYPES = ("vbaproject", "macroenabled", "macrosheet", "activex", "oleobject")
OOXML_CODE_PARTS = re.compile(r"vbaproject|/macrosheets/|/activex/|/embeddings/.*\.bin$")
ODF_CODE_PARTS = ("basic/", "scripts/")
# Small parts read to identify a package; anything larger is not what it claims.
MAX_PART_BYTES = 1024 * 1024


def _read_small(package: zipfile.ZipFile, name: str) -> str:
    if package.getinfo(name).file_size > MAX_PART_BYTES:
        raise zipfile.BadZipFile(name)
    return package.read(name).decode("utf-8", "replace")


def _package_kind(upload: UploadedFile) -> FileKind | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            names = package.namelist()
            lowered = [name.lower() for name in names]
            if "mimetype" in names:
                kind = ODF_KINDS.get(_read_small(package, "mimetype").strip())
                has_code = any(name.startswith(ODF_CODE_PARTS) for name in lowered)
            else:
                kind = next((kind for part, kind in OOXML_KINDS.items() if part in names), None)
                if kind is None or "[Content_Types].xml" not in names:
                    return None
                content_types = _read_small(package, "[Content_Types].xml").lower()
                has_code = any(code in content_types for code in OOXML_CODE_TYPES) or any(
                    OOXML_CODE_PARTS.search(name) for name in lowered
                )
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        KeyError,
        OSError,
        EOFError,
        RuntimeError,  # an encrypted part
        NotImplementedError,  # an unknown compression
        zlib.error,
    ):
        return None
    if kind and has_code:
        raise _refuse(_("The document contains macros. Please save it without macros."), "macros")
    return kind


def attachment_check(upload: UploadedFile) -> CheckedFile:
    """What the uploaded file really is, or a ``ValidationError`` in plain words."""
    upload_size_check(upload, settings.THEKIZ_MAX_ATTACHMENT_BYTES)
    upload.seek(0)
    head = upload.read(1024)
    if head.startswith(b"PK\x03\x04"):
        kind = _package_kind(upload)
        if kind:
            return CheckedFile(kind=kind, size=upload.size, pages=None)
    elif b"%PDF-" in head:  # the PDF header may come anywhere in the first kilobyte
        return CheckedFile(kind=PDF, size=upload.size, pages=_pdf_pages(upload))
    raise _refuse(
        _(
            "This file is not a PDF, Word, Excel, PowerPoint or OpenDocument file. "
            "Please choose a file in one of these formats."
        ),
        "unsupported",
    )
