"""Office documents (Office Open XML and OpenDocument): what kind they are, and refused
when they carry code or anything that runs, starts or fetches by itself.

Refused: macros and the parts that hold code (VBA, Excel 4 macro sheets, ActiveX, OLE
objects, OpenDocument Basic and scripts); external relationships other than web and mail
links (remote templates, linked objects and pictures, frames); DDE (Word fields, Excel
links and formulas, OpenDocument connections); OpenDocument event listeners.

oletools was weighed for the DDE and relationship checks and not taken: it analyses OLE
and VBA, which these checks refuse outright without analysis; for zip packages it does
what the few lines below do, but only on a file path, without OpenDocument and without
DDE formulas, and it brings seven packages (one a GUI toolkit). See docs/architecture.md.
Parts are first scanned as bytes for the few names these checks look for; only a part
that shows one is parsed, with the standard library's expat (which refuses entity
expansion attacks since version 2.4.1; a DTD is refused before that).
"""

import re
import zipfile
from collections.abc import Iterator
from typing import BinaryIO
from xml.parsers import expat

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from .kinds import ODF_KINDS, OOXML_KINDS, FileKind, broken, refusal
from .packages import package_parts, part_chunks

# Parts of an office package that carry code: VBA projects, Excel 4 macro sheets,
# ActiveX controls, OLE objects (which can wrap programs), OpenDocument Basic and scripts.
OOXML_CODE_TYPES = ("vbaproject", "macroenabled", "macrosheet", "activex", "oleobject")
OOXML_CODE_PARTS = re.compile(r"vbaproject|/macrosheets/|/activex/|/embeddings/.*\.bin$")
ODF_CODE_PARTS = ("basic/", "scripts/")
# Small parts read to identify a package; anything larger is not what it claims.
MAX_PART_BYTES = 1024 * 1024
XML_PARTS = (".xml", ".rels")
# The only external targets a document may have: links a reader clicks.
LINK_SCHEMES = ("http://", "https://", "mailto:")
DDE_FIELDS = {"DDE", "DDEAUTO"}
SPREADSHEET_NAMESPACES = {
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
}
# Text in quotes inside a formula ("…" strings, '…' sheet names): a "|" there is text.
FORMULA_QUOTED = re.compile(r'"[^"]*"|\'[^\']*\'')
ODF_DDE = {"dde-connection-decl", "dde-connection", "dde-link", "dde-source"}
# Markup office formats never use: a DTD could declare entities that turn into elements
# the byte scan below would not see.
NO_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY")
# A part is parsed only if its bytes show something the checks look for: element and
# attribute names cannot be escaped in XML, a "|" in a formula can (&#124;).
OOXML_SIGNS = re.compile(rb"TargetMode|instrText|fldSimple|ddeLink|\||&#0*124;|&#[xX]0*7[cC];")
ODF_SIGNS = re.compile(rb"event-listener|dde-")
SIGN_OVERLAP = 32  # bytes kept from one piece to the next: no sign is cut in two


def _macros() -> Exception:
    return refusal(_("The document contains macros. Please save it without macros."), "macros")


def _external() -> Exception:
    return refusal(
        _(
            "The document loads content from the internet or from other files (for "
            "example a template or a linked object). Please save it without such links."
        ),
        "external_content",
    )


def _dde() -> Exception:
    return refusal(
        _(
            "The document contains DDE fields or links that start other programs. "
            "Please remove them and save the document again."
        ),
        "dde",
    )


def _events() -> Exception:
    return refusal(
        _("The document starts actions by itself (event listeners). Please save it without them."),
        "event_listeners",
    )


def _local(name: str) -> str:
    """An element's or attribute's name without its namespace ("uri}name" from expat)."""
    return name[name.rfind("}") + 1 :]


def _attribute(attributes: dict[str, str], name: str) -> str:
    """An attribute by its local name, whatever its namespace prefix."""
    return next((value for key, value in attributes.items() if _local(key) == name), "")


class OoxmlPart:
    """Checks one XML part of an Office Open XML package, element by element."""

    signs = OOXML_SIGNS
    FORMULAS = {f"{namespace}}}f" for namespace in SPREADSHEET_NAMESPACES}
    WATCHED = {"Relationship", "fldSimple", "fldChar", "ddeLink", "instrText", "f"}

    def __init__(self, parser: expat.XMLParserType) -> None:
        self.parser = parser
        # Word's complex fields: the instruction text between "begin" and "separate"
        # (or "end"); fields nest. None once the field's instruction was checked.
        self.fields: list[list[str] | None] = []
        self.text: list[str] = []  # of the field instruction or formula being read

    @staticmethod
    def check_field(code: str) -> None:
        words = code.split()
        if words and words[0].upper() in DDE_FIELDS:
            raise _dde()

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = name[name.rfind("}") + 1 :]  # _local(name), inlined: called per element
        if local not in self.WATCHED:
            return
        if local == "Relationship" and attributes.get("TargetMode", "").lower() == "external":
            link = attributes.get("Type", "").endswith("/hyperlink")
            if not (link and attributes.get("Target", "").lower().startswith(LINK_SCHEMES)):
                raise _external()
        elif local == "fldSimple":
            self.check_field(_attribute(attributes, "instr"))
        elif local == "fldChar":
            kind = _attribute(attributes, "fldCharType")
            if kind == "begin":
                self.fields.append([])
            elif kind in ("separate", "end") and self.fields:
                if self.fields[-1] is not None:
                    self.check_field("".join(self.fields[-1]))
                    self.fields[-1] = None
                if kind == "end":
                    self.fields.pop()
        elif local == "ddeLink":
            raise _dde()
        elif local == "instrText" or name in self.FORMULAS:
            # Text and the end of an element matter only here: callbacks cost time.
            self.text = []
            self.parser.CharacterDataHandler = self.text.append
            self.parser.EndElementHandler = self.end

    def end(self, name: str) -> None:
        self.parser.CharacterDataHandler = self.parser.EndElementHandler = None
        text = "".join(self.text)
        if name in self.FORMULAS:
            # A DDE formula: =cmd|' /c calc'!A1 ("|" is no operator of Excel's).
            if "|" in FORMULA_QUOTED.sub("", text):
                raise _dde()
        elif self.fields and self.fields[-1] is not None:
            self.fields[-1].append(text)
        else:
            self.check_field(text)


class OdfPart:
    """Checks one XML part of an OpenDocument package, element by element."""

    signs = ODF_SIGNS

    def __init__(self, parser: expat.XMLParserType) -> None:
        pass

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = _local(name)
        if local == "event-listener":  # script:, presentation:, in office:event-listeners
            raise _events()
        if local in ODF_DDE:
            raise _dde()


def _pieces(archive: BinaryIO, part: zipfile.ZipInfo) -> Iterator[tuple[bytes, bytes]]:
    """The part's unpacked pieces, each with the end of the one before; a DTD refused."""
    tail = b""
    for chunk in part_chunks(archive, part):
        if NO_DTD.search(tail + chunk):
            raise broken()
        yield tail, chunk
        tail = (tail + chunk)[-SIGN_OVERLAP:]


def _shows_signs(archive: BinaryIO, part: zipfile.ZipInfo, signs: re.Pattern) -> bool:
    """Does the part show any sign? Unpacks it whole (checking it) unless it does."""
    return any(signs.search(tail + chunk) for tail, chunk in _pieces(archive, part))


def _xml_check(archive: BinaryIO, part: zipfile.ZipInfo, checker_class: type) -> None:
    """Stream one XML part through a checker (expat: names come as "namespace}name")."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    checker = checker_class(parser)
    parser.StartElementHandler = checker.start
    try:
        for _tail, chunk in _pieces(archive, part):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError:
        raise broken() from None


def _small_text(archive: BinaryIO, part: zipfile.ZipInfo) -> str:
    if part.file_size > MAX_PART_BYTES:
        raise zipfile.BadZipFile(part.filename)
    return b"".join(part_chunks(archive, part)).decode("utf-8", "replace")


def _identify(archive: BinaryIO, parts: dict[str, zipfile.ZipInfo]) -> tuple[FileKind | None, bool]:
    """The kind of package and whether it has parts that hold code."""
    lowered = [name.lower() for name in parts]
    if "mimetype" in parts:
        kind = ODF_KINDS.get(_small_text(archive, parts["mimetype"]).strip())
        return kind, any(name.startswith(ODF_CODE_PARTS) for name in lowered)
    kind = next((kind for part, kind in OOXML_KINDS.items() if part in parts), None)
    if kind is None or "[Content_Types].xml" not in parts:
        return None, False
    content_types = _small_text(archive, parts["[Content_Types].xml"]).lower()
    has_code = any(code in content_types for code in OOXML_CODE_TYPES) or any(
        OOXML_CODE_PARTS.search(name) for name in lowered
    )
    return kind, has_code


def package_kind(upload: UploadedFile) -> FileKind | None:
    """The kind of an office document without anything active; None if the file is no
    office document; a ``ValidationError`` if it is one that may not be offered."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            parts = package_parts(package)
        kind, has_code = _identify(upload, {part.filename: part for part in parts})
        if kind is None:
            return None
        if has_code:
            raise _macros()
        checker = OdfPart if kind in ODF_KINDS.values() else OoxmlPart
        for part in parts:
            if part.filename.lower().endswith(XML_PARTS) and _shows_signs(
                upload, part, checker.signs
            ):
                _xml_check(upload, part, checker)
            else:
                for _chunk in part_chunks(upload, part):
                    pass  # unpacked all the same: its size and checksum must hold
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        KeyError,
        OSError,
        EOFError,
        RuntimeError,
        NotImplementedError,  # an encrypted part, an unknown compression
    ):
        return None
    return kind
