"""Zip packages (office documents are zip files): limits checked from the zip directory
before anything is unpacked, then each part unpacked here, strictly.

``zipfile`` reads the directory. It would also unpack a part, but stop where the header
says the part ends and never notice more data behind: an office program that reads on
would see content nobody checked. So parts are inflated here with ``zlib``, and a part
whose data does not end exactly where its header says (size, compressed size, checksum)
is refused as damaged.
"""

import struct
import zipfile
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .kinds import broken, refusal

# A package may hold this many parts, unpacking to at most this much in all…
MAX_PARTS = 5_000
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
# … and no part larger than the grace size may be packed more tightly than this (office
# XML packs 5 to 20 times; zip bombs a thousand times).
MAX_RATIO = 100
RATIO_GRACE_BYTES = 1024 * 1024
CHUNK_BYTES = 64 * 1024
LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, …, name length, extra length


def _bomb() -> Exception:
    return refusal(
        _(
            "The file unpacks to more than %(max)s or is packed unusually tightly. "
            "Please upload an ordinary office document."
        )
        % {"max": filesizeformat(MAX_UNPACKED_BYTES)},
        "zip_bomb",
    )


def package_parts(package: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The parts of a package whose directory keeps the limits, or a refusal."""
    parts = package.infolist()
    names = [part.filename.lower() for part in parts]
    if len(set(names)) != len(names):
        # Two parts of one name: programs disagree on which one counts.
        raise broken()
    if (
        len(parts) > MAX_PARTS
        or sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES
        or any(
            part.file_size > RATIO_GRACE_BYTES
            and part.file_size > MAX_RATIO * max(part.compress_size, 1)
            for part in parts
        )
    ):
        raise _bomb()
    return parts


def part_chunks(archive: BinaryIO, part: zipfile.ZipInfo) -> Iterator[bytes]:
    """The unpacked bytes of one part, piece by piece. Never yields more than the
    directory promised; refuses a part whose data is more, less or other than that.
    Encrypted parts and compression methods office programs do not write raise
    ``NotImplementedError``."""
    if part.flag_bits & 0x1:
        raise NotImplementedError("encrypted")
    if part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise NotImplementedError("compression")
    archive.seek(part.header_offset)
    signature, name_length, extra_length = LOCAL_HEADER.unpack(archive.read(LOCAL_HEADER.size))
    if signature != b"PK\x03\x04":
        raise broken()
    archive.seek(part.header_offset + LOCAL_HEADER.size + name_length + extra_length)
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    packed_left, unpacked, checksum = part.compress_size, 0, 0
    while packed_left:
        packed = archive.read(min(CHUNK_BYTES, packed_left))
        if not packed:
            raise broken()
        packed_left -= len(packed)
        if part.compress_type == zipfile.ZIP_STORED:
            data = packed
        else:
            # Asking for one byte more than promised is enough to catch a lie.
            try:
                data = inflater.decompress(packed, part.file_size - unpacked + 1)
            except zlib.error:
                raise broken() from None
        unpacked += len(data)
        if unpacked > part.file_size:
            raise broken()
        checksum = zlib.crc32(data, checksum)
        yield data
    if part.compress_type == zipfile.ZIP_DEFLATED and not (
        inflater.eof and not inflater.unused_data
    ):
        raise broken()
    if unpacked != part.file_size or checksum != part.CRC:
        raise broken()
