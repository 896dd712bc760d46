"""The kinds of file the handbook offers for download, and the refusals of the checks."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


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


def refusal(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def broken() -> ValidationError:
    return refusal(
        _("The file could not be read; it may be damaged. Please try another one."), "broken"
    )
