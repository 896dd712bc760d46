"""handbook.attachments: a download is judged by its content, not by its name."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf.actions import JavaScript
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from handbook.attachments import attachment_check
from tests.factories import pdf_bytes, pdf_with, zip_package


def check(content: bytes, name: str = "datei.pdf"):
    return attachment_check(SimpleUploadedFile(name, content, "application/octet-stream"))


def refused(content: bytes) -> str:
    with pytest.raises(ValidationError) as error:
        check(content)
    return error.value.code


def name(value: str) -> NameObject:
    return NameObject(value)


def action(kind: str, **entries) -> DictionaryObject:
    return DictionaryObject(
        {name("/S"): name(kind), **{name(f"/{k}"): v for k, v in entries.items()}}
    )


DOCX = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
XLSX = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}
ODT = {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}


def test_a_pdf_with_several_pages_is_counted():
    checked = check(pdf_bytes(pages=4), name="scan.txt")
    assert (checked.kind.extension, checked.pages) == ("pdf", 4)


def test_a_pdf_whose_header_comes_after_some_bytes_is_still_a_pdf():
    assert check(b"\n" * 50 + pdf_bytes()).kind.extension == "pdf"


def test_a_pdf_with_only_an_owner_password_opens_for_everyone_and_is_fine():
    content = pdf_with(
        lambda w: w.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    )
    assert check(content).pages == 1


def test_a_pdf_with_an_opening_password_is_refused():
    content = pdf_with(lambda w: w.encrypt("geheim", algorithm="RC4-128"))
    assert refused(content) == "encrypted"


def test_a_pdf_with_an_ordinary_link_is_fine():
    def link(writer):
        writer.add_annotation(
            0,
            DictionaryObject(
                {
                    name("/Type"): name("/Annot"),
                    name("/Subtype"): name("/Link"),
                    name("/Rect"): ArrayObject([NumberObject(0)] * 4),
                    name("/A"): action("/URI", URI=TextStringObject("https://thekiz.de")),
                }
            ),
        )

    assert check(pdf_with(link)).pages == 1


def _open_script(writer):
    writer.add_open_action(JavaScript("app.alert(1)"))


def _page_script(writer):
    writer.pages[0][name("/AA")] = DictionaryObject(
        {name("/O"): action("/JavaScript", JS=TextStringObject("app.alert(1)"))}
    )


def _launching_link(writer):
    writer.add_annotation(
        0,
        DictionaryObject(
            {
                name("/Type"): name("/Annot"),
                name("/Subtype"): name("/Link"),
                name("/Rect"): ArrayObject([NumberObject(0)] * 4),
                name("/A"): action("/Launch", F=TextStringObject("calc.exe")),
            }
        ),
    )


def _script_behind_a_jump(writer):
    writer._root_object[name("/OpenAction")] = action(
        "/GoTo",
        D=ArrayObject([writer.pages[0].indirect_reference, name("/Fit")]),
        Next=action("/JavaScript", JS=TextStringObject("x")),
    )


def _embedded_file(writer):
    writer.add_attachment("programm.exe", b"MZ")


@pytest.mark.parametrize(
    "change",
    [_open_script, _page_script, _launching_link, _script_behind_a_jump, _embedded_file],
    ids=["open-script", "page-script", "launching-link", "script-behind-jump", "embedded-file"],
)
def test_a_pdf_with_active_content_is_refused(change):
    assert refused(pdf_with(change)) == "active_content"


def test_fpdf_open_action_for_zoom_is_no_active_content():
    # fpdf2 (the demo PDF) writes a plain "show page one" /OpenAction.
    assert b"/OpenAction" in pdf_bytes()
    assert check(pdf_bytes()).pages == 1


def test_office_documents_are_recognised_by_their_parts():
    assert check(zip_package(DOCX), name="x.pdf").kind.label == "Word"
    assert check(zip_package(XLSX)).kind.extension == "xlsx"
    assert check(zip_package(ODT)).kind.extension == "odt"


@pytest.mark.parametrize(
    "parts",
    [
        {**DOCX, "word/vbaProject.bin": b"vba"},
        {**DOCX, "word/VBAPROJECT.BIN": b"vba"},
        {
            "[Content_Types].xml": b'<Override ContentType="application/vnd.ms-office.'
            b'vbaProject"/>',
            "word/document.xml": b"<w:document/>",
            "word/harmlos.dat": b"vba",
        },
        {**XLSX, "xl/macrosheets/sheet1.xml": b"<xm:macrosheet/>"},
        {**DOCX, "word/activeX/activeX1.xml": b"<ax/>"},
        {**DOCX, "word/embeddings/oleObject1.bin": b"ole"},
        {**ODT, "Basic/Standard/Module1.xml": b"<script/>"},
        {**ODT, "Scripts/python/tool.py": b"import os"},
    ],
    ids=[
        "vba",
        "vba-upper-case",
        "vba-declared-under-another-name",
        "excel4-macro-sheet",
        "activex",
        "ole-object",
        "odf-basic",
        "odf-scripts",
    ],
)
def test_office_documents_with_code_are_refused(parts):
    assert refused(zip_package(parts)) == "macros"


def test_an_encrypted_or_oversized_package_part_is_refused_not_a_crash():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", b"application/vnd.oasis.opendocument.text")
    data = bytearray(buffer.getvalue())
    data[6] |= 0x1  # the "encrypted" flag of the local header
    central = data.rfind(b"PK\x01\x02")
    data[central + 8] |= 0x1  # and of the central directory
    assert refused(bytes(data)) == "unsupported"
    assert refused(zip_package({**DOCX, "[Content_Types].xml": b" " * (2 * 1024 * 1024)})) == (
        "unsupported"
    )


@pytest.mark.parametrize(
    "content",
    [b"MZ\x90\x00 ein Programm", b"Nur Text", b"PK\x03\x04 kein zip", b"\x89PNG\r\n\x1a\n"],
    ids=["program", "text", "broken-zip", "image"],
)
def test_anything_else_is_refused(content):
    assert refused(content) == "unsupported"


def test_empty_and_too_large_files_are_refused(settings):
    assert refused(b"") == "empty"
    settings.THEKIZ_MAX_ATTACHMENT_BYTES = 100
    assert refused(pdf_bytes()) == "too_large"
