"""handbook.attachments: a download is judged by its content, not by its name."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf.actions import JavaScript
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from handbook.attachments import attachment_check, packages
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


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
ODF = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0" '
    'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink"'
)


def word(body: str = "<w:p><w:r><w:t>Hallo</w:t></w:r></w:p>") -> bytes:
    return f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'.encode()


def rels(*relationships: tuple[str, str, bool]) -> bytes:
    """A .rels part: (type, target, external) for each relationship."""
    items = "".join(
        f'<Relationship Id="rId{n}" Type="{RELATIONSHIPS}/{kind}" Target="{target}"'
        + (' TargetMode="External"' if external else "")
        + "/>"
        for n, (kind, target, external) in enumerate(relationships, start=1)
    )
    return (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{items}</Relationships>"
    ).encode()


def sheet(cells: str) -> bytes:
    rows = f'<sheetData><row r="1">{cells}</row></sheetData>'
    return f'<worksheet xmlns="{S}">{rows}</worksheet>'.encode()


def odf_content(body: str) -> bytes:
    return (
        f"<office:document-content {ODF}><office:body><office:text>{body}"
        "</office:text></office:body></office:document-content>"
    ).encode()


DOCX = {
    "[Content_Types].xml": CONTENT_TYPES,
    "_rels/.rels": rels(("officeDocument", "word/document.xml", False)),
    "word/document.xml": word(),
}
XLSX = {
    "[Content_Types].xml": CONTENT_TYPES,
    "xl/workbook.xml": f'<workbook xmlns="{S}"/>'.encode(),
    "xl/worksheets/sheet1.xml": sheet('<c r="A1"><f>SUM(B1:B9)</f></c>'),
}
PPTX = {
    "[Content_Types].xml": CONTENT_TYPES,
    "ppt/presentation.xml": b'<p:presentation xmlns:p="urn:p"/>',
}
ODT = {
    "mimetype": b"application/vnd.oasis.opendocument.text",
    "content.xml": odf_content("<text:p>Hallo</text:p>"),
}


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
    assert check(zip_package(PPTX, deflated=True)).kind.extension == "pptx"
    assert check(zip_package(ODT)).kind.extension == "odt"


@pytest.mark.parametrize(
    "parts",
    [
        {**DOCX, "word/vbaProject.bin": b"vba"},
        {**DOCX, "word/VBAPROJECT.BIN": b"vba"},
        {
            "[Content_Types].xml": b'<Override ContentType="application/vnd.ms-office.'
            b'vbaProject"/>',
            "word/document.xml": word(),
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


# --- PDF: bookmarks, jumps to other files, links that call out by themselves -------------


def _link(target) -> DictionaryObject:
    return DictionaryObject(
        {
            name("/Type"): name("/Annot"),
            name("/Subtype"): name("/Link"),
            name("/Rect"): ArrayObject([NumberObject(0)] * 4),
            name("/A"): target,
        }
    )


def _bookmark_script(writer):
    item = writer.add_outline_item(title="Start", page_number=0).get_object()
    item[name("/A")] = action("/JavaScript", JS=TextStringObject("app.alert(1)"))


def _nested_bookmark_script(writer):
    parent = writer.add_outline_item(title="Kapitel", page_number=0)
    writer.add_outline_item(title="Abschnitt", page_number=0, parent=parent)
    child = writer.add_outline_item(
        title="Unterabschnitt", page_number=0, parent=parent
    ).get_object()
    child[name("/A")] = action("/JavaScript", JS=TextStringObject("app.alert(1)"))


def _open_remote_file(writer):
    writer._root_object[name("/OpenAction")] = action(
        "/GoToR", F=TextStringObject("\\\\server.example\\share\\x.pdf")
    )


def _page_embedded_jump(writer):
    writer.pages[0][name("/AA")] = DictionaryObject(
        {name("/O"): action("/GoToE", NewWindow=NumberObject(0))}
    )


def _open_web_address(writer):
    writer._root_object[name("/OpenAction")] = action(
        "/URI", URI=TextStringObject("https://tracker.example/")
    )


def _page_web_address(writer):
    writer.pages[0][name("/AA")] = DictionaryObject(
        {name("/O"): action("/URI", URI=TextStringObject("https://tracker.example/"))}
    )


def _open_launch(writer):
    writer._root_object[name("/OpenAction")] = action("/Launch", F=TextStringObject("cmd"))


def _hover_web_address(writer):
    annotation = _link(action("/GoTo", D=ArrayObject([NumberObject(0), name("/Fit")])))
    annotation[name("/AA")] = DictionaryObject(
        {name("/E"): action("/URI", URI=TextStringObject("https://tracker.example/"))}
    )
    writer.add_annotation(0, annotation)


def _link_to_remote_file(writer):
    writer.add_annotation(0, _link(action("/GoToR", F=TextStringObject("anderes.pdf"))))


def _link_to_network_path(writer):
    writer.add_annotation(0, _link(action("/URI", URI=TextStringObject("file://server/x"))))


def _script_in_a_form_field_kid(writer):
    kid = DictionaryObject(
        {
            name("/T"): TextStringObject("feld"),
            name("/AA"): DictionaryObject(
                {name("/K"): action("/JavaScript", JS=TextStringObject("app.alert(1)"))}
            ),
        }
    )
    parent = DictionaryObject({name("/T"): TextStringObject("gruppe")})
    parent[name("/Kids")] = ArrayObject([writer._add_object(kid)])
    writer._root_object[name("/AcroForm")] = DictionaryObject(
        {name("/Fields"): ArrayObject([writer._add_object(parent)])}
    )


@pytest.mark.parametrize(
    "change",
    [
        _bookmark_script,
        _nested_bookmark_script,
        _open_remote_file,
        _page_embedded_jump,
        _open_web_address,
        _page_web_address,
        _open_launch,
        _hover_web_address,
        _link_to_remote_file,
        _link_to_network_path,
        _script_in_a_form_field_kid,
    ],
    ids=[
        "bookmark-script",
        "nested-bookmark-script",
        "open-remote-file",
        "page-embedded-jump",
        "open-web-address",
        "page-web-address",
        "open-launch",
        "hover-web-address",
        "link-to-remote-file",
        "link-to-network-path",
        "form-field-kid-script",
    ],
)
def test_a_pdf_that_runs_opens_or_calls_out_by_itself_is_refused_in_german(change):
    with pytest.raises(ValidationError) as error:
        check(pdf_with(change))
    assert error.value.code == "active_content"
    assert "Verweise auf andere Dateien" in error.value.messages[0]


def test_a_pdf_with_bookmarks_and_web_and_mail_links_is_fine():
    def bookmarks_and_links(writer):
        chapter = writer.add_outline_item(title="Kapitel", page_number=0)
        writer.add_outline_item(title="Abschnitt", page_number=0, parent=chapter)
        writer.add_annotation(0, _link(action("/URI", URI=TextStringObject("mailto:a@b.de"))))
        writer.add_annotation(0, _link(action("/URI", URI=TextStringObject("https://a.de"))))

    assert check(pdf_with(bookmarks_and_links)).pages == 1


# --- Office: external relationships, DDE, event listeners ---------------------------------


def refused_with(parts: dict[str, bytes], code: str, words: str) -> None:
    with pytest.raises(ValidationError) as error:
        check(zip_package(parts, deflated=True), name="dokument.docx")
    assert error.value.code == code
    assert words in error.value.messages[0]


@pytest.mark.parametrize(
    ("part", "relationship"),
    [
        ("word/_rels/settings.xml.rels", ("attachedTemplate", "https://x.example/t.dotm", True)),
        ("word/_rels/document.xml.rels", ("oleObject", "file:///C:/daten/tabelle.xlsx", True)),
        ("word/_rels/document.xml.rels", ("image", "\\\\server.example\\bild.png", True)),
        ("word/_rels/webSettings.xml.rels", ("frame", "https://x.example/", True)),
        ("word/_rels/document.xml.rels", ("hyperlink", "file:///C:/programm.exe", True)),
    ],
    ids=["remote-template", "linked-ole-object", "external-picture", "frame", "file-link"],
)
def test_an_office_document_that_loads_external_content_is_refused(part, relationship):
    refused_with({**DOCX, part: rels(relationship)}, "external_content", "aus dem Internet")


def test_an_office_document_with_web_and_mail_links_is_fine():
    links = rels(
        ("hyperlink", "https://www.thekiz.de/", True),
        ("hyperlink", "mailto:info@thekiz.de", True),
        ("styles", "styles.xml", False),
    )
    parts = {**DOCX, "word/_rels/document.xml.rels": links}
    assert check(zip_package(parts, deflated=True)).kind.extension == "docx"


DDE_RUNS = (
    '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    "<w:r><w:instrText> DDE</w:instrText></w:r>"
    '<w:r><w:instrText xml:space="preserve">AUTO c:\\\\windows\\\\system32\\\\cmd.exe '
    '"/k calc" </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
)


@pytest.mark.parametrize(
    "parts",
    [
        {**DOCX, "word/document.xml": word(DDE_RUNS)},
        {**DOCX, "word/document.xml": word('<w:p><w:fldSimple w:instr=" dde Excel x y"/></w:p>')},
        {**DOCX, "word/header1.xml": f'<w:hdr xmlns:w="{W}">{DDE_RUNS}</w:hdr>'.encode()},
        {
            **XLSX,
            "xl/externalLinks/externalLink1.xml": (
                f'<externalLink xmlns="{S}"><ddeLink ddeService="cmd" ddeTopic="/c calc"/>'
                "</externalLink>"
            ).encode(),
        },
        {**XLSX, "xl/worksheets/sheet1.xml": sheet("<c r=\"A1\"><f>cmd|' /C calc'!A0</f></c>")},
        {**XLSX, "xl/worksheets/sheet1.xml": sheet("<c r=\"A1\"><f>cmd&#124;'/C calc'!A0</f></c>")},
        {
            **ODT,
            "content.xml": odf_content(
                '<text:dde-connection-decls><text:dde-connection-decl office:name="x" '
                'office:dde-application="cmd" office:dde-topic="t" office:dde-item="i"/>'
                "</text:dde-connection-decls>"
            ),
        },
    ],
    ids=[
        "word-field-split-over-runs",
        "word-simple-field",
        "word-header",
        "excel-link",
        "excel-formula",
        "excel-formula-escaped",
        "opendocument-connection",
    ],
)
def test_an_office_document_with_dde_is_refused(parts):
    refused_with(parts, "dde", "DDE-Felder")


def test_office_documents_with_ordinary_fields_and_formulas_are_fine():
    fields = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE '
        '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:fldSimple w:instr=" DATE \\@ &quot;dd.MM.yyyy&quot; "/></w:p>'
    )
    assert check(zip_package({**DOCX, "word/document.xml": word(fields)})).kind.label == "Word"
    formulas = sheet(
        '<c r="A1"><f>"a|b"&amp;\'Plan|2026\'!B1</f></c><c r="A2"><f>SUM(B1:B9)</f></c>'
    )
    assert check(zip_package({**XLSX, "xl/worksheets/sheet1.xml": formulas})).kind.label == "Excel"


@pytest.mark.parametrize(
    "body",
    [
        '<office:event-listeners><script:event-listener script:language="ooo:script" '
        'script:event-name="dom:load" xlink:href="vnd.sun.star.script:x"/>'
        "</office:event-listeners>",
        '<presentation:event-listener script:event-name="dom:click" '
        'presentation:action="execute" xlink:href="file:///bin/sh"/>',
    ],
    ids=["script", "presentation"],
)
def test_an_opendocument_file_with_event_listeners_is_refused(body):
    refused_with({**ODT, "content.xml": odf_content(body)}, "event_listeners", "von selbst")


# --- Zip bombs and lying headers ----------------------------------------------------------


def test_a_part_packed_a_thousand_times_is_refused_from_the_directory():
    bomb = {**DOCX, "word/media/leer.bin": b"\0" * (20 * 1024 * 1024)}
    refused_with(bomb, "zip_bomb", "ungewöhnlich dicht gepackt")


def test_a_package_that_unpacks_beyond_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(packages, "MAX_UNPACKED_BYTES", 100 * 1024)
    refused_with(
        {**DOCX, "word/media/bild.png": bytes(range(256)) * 400}, "zip_bomb", "100,0\xa0KB"
    )


def test_a_package_of_too_many_parts_is_refused():
    parts = {**DOCX, **{f"word/media/{n}.png": b"" for n in range(packages.MAX_PARTS)}}
    refused_with(parts, "zip_bomb", "gewöhnliches Office-Dokument")


def _declared(data: bytes, part: str, size: int, crc: int) -> bytes:
    """The package with another size and checksum for ``part`` in both of its headers."""
    data, encoded = bytearray(data), part.encode()
    local = data.find(b"PK\x03\x04")
    while data[local + 30 : local + 30 + len(encoded)] != encoded:
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(encoded)] != encoded:
        central = data.find(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, local + 14, crc)
    struct.pack_into("<I", data, local + 22, size)
    struct.pack_into("<I", data, central + 16, crc)
    struct.pack_into("<I", data, central + 24, size)
    return bytes(data)


def test_a_part_that_holds_more_than_its_header_says_is_refused():
    # The header promises only the harmless beginning; the DDE field comes after it.
    document = word("<w:p><w:r><w:t>" + "Hallo " * 100 + "</w:t></w:r></w:p>" + DDE_RUNS)
    prefix = document[:200]
    data = _declared(
        zip_package({**DOCX, "word/document.xml": document}, deflated=True),
        "word/document.xml",
        len(prefix),
        zlib.crc32(prefix),
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:  # zipfile alone would not notice
        assert archive.read("word/document.xml") == prefix
    with pytest.raises(ValidationError) as error:
        check(data)
    assert error.value.code == "broken"


def test_a_bomb_behind_a_small_declared_size_is_refused_without_unpacking_it():
    bomb = zip_package({**DOCX, "word/media/leer.bin": b"\0" * (50 * 1024 * 1024)}, deflated=True)
    data = _declared(bomb, "word/media/leer.bin", 1024, 0)
    with pytest.raises(ValidationError) as error:
        check(data)
    assert error.value.code == "broken"


def test_a_package_with_two_parts_of_one_name_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part, content in DOCX.items():
            archive.writestr(part, content)
        archive.writestr("Word/Document.xml", word(DDE_RUNS))  # the same part for Word
    with pytest.raises(ValidationError) as error:
        check(buffer.getvalue())
    assert error.value.code == "broken"


def test_an_office_part_with_a_dtd_is_refused():
    # Entities of a DTD could hide a field from the byte scan: office formats have none.
    hidden = (
        b'<!DOCTYPE w:document [<!ENTITY f "&#60;w:instrText>DDEAUTO calc&#60;/w:instrText>">]>'
    )
    with pytest.raises(ValidationError) as error:
        check(zip_package({**DOCX, "word/document.xml": hidden + word("<w:p>&f;</w:p>")}))
    assert error.value.code == "broken"
