"""Real image files that carry every kind of metadata, and a reader that lists what a
stored file carries by walking its JPEG segments, PNG chunks or WebP chunks itself (not
through Pillow's ``info``, which shows only what Pillow understands)."""

import io
import struct

from PIL import Image, PngImagePlugin

NAME = b"Familie Mueller"
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>Familie Mueller</rdf:RDF></x:xmpmeta>'
# Red, green and blue of sRGB (adapted to D50, as ICC profiles store them).
SRGB_RED = (0.4360747, 0.2225045, 0.0139322)
SRGB_GREEN = (0.3850649, 0.7168786, 0.0971045)
SRGB_BLUE = (0.1430804, 0.0606169, 0.7141733)
D50 = (0.9642, 1.0, 0.8249)


def _s15fixed16(*values: float) -> bytes:
    return b"".join(struct.pack(">i", round(value * 65536)) for value in values)


def icc_profile_with_red_and_blue_swapped() -> bytes:
    """A valid RGB display profile (ICC v2, matrix and gamma 1.0 curves) whose red
    primary is sRGB's blue and whose blue is sRGB's red: pure red pixels tagged with it
    are blue to the eye, and a correct conversion to sRGB turns them blue."""
    curve = b"curv" + b"\0" * 4 + struct.pack(">I", 1) + struct.pack(">H", 0x0100) + b"\0\0"
    description = b"desc" + b"\0" * 4 + struct.pack(">I", 5) + b"Test\0" + b"\0" * 79
    tags = [
        (b"desc", description),
        (b"wtpt", b"XYZ " + b"\0" * 4 + _s15fixed16(*D50)),
        (b"rXYZ", b"XYZ " + b"\0" * 4 + _s15fixed16(*SRGB_BLUE)),
        (b"gXYZ", b"XYZ " + b"\0" * 4 + _s15fixed16(*SRGB_GREEN)),
        (b"bXYZ", b"XYZ " + b"\0" * 4 + _s15fixed16(*SRGB_RED)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, content in tags:
        content += b"\0" * (-len(content) % 4)
        table += signature + struct.pack(">II", offset + len(data), len(content))
        data += content
    size = offset + len(data)
    header = (
        struct.pack(">I", size)
        + b"lcms"
        + struct.pack(">I", 0x02100000)
        + b"mntrRGB XYZ "
        + b"\0" * 12  # date
        + b"acsp"
        + b"\0" * 24  # platform, flags, manufacturer, model, attributes
        + struct.pack(">I", 0)  # perceptual intent
        + _s15fixed16(*D50)
        + b"\0" * 48  # creator, id, reserved
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + data


def _exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Kamerahersteller"  # Make
    exif[0x013B] = "Familie Mueller"  # Artist
    exif[0x8825] = {1: "N", 2: (50.0, 55.0, 30.0), 3: "E", 4: (11.0, 35.0, 20.0)}  # GPS
    return exif.tobytes()


def _jpeg_segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def _iptc_segment() -> bytes:
    """APP13 with an IPTC "By-line" (Photoshop's image resource 0x0404)."""
    iptc = b"\x1c\x02\x50" + struct.pack(">H", len(NAME)) + NAME
    iptc += b"\0" * (len(iptc) % 2)
    resource = b"8BIM\x04\x04\0\0" + struct.pack(">I", len(iptc)) + iptc
    return _jpeg_segment(0xED, b"Photoshop 3.0\0" + resource)


def image_with_metadata(
    image_format: str,
    size: tuple[int, int] = (1200, 800),
    colour: tuple = (255, 0, 0),
    mode: str = "RGB",
    icc_profile: bytes | None = None,
) -> bytes:
    """A real JPEG, PNG or WebP with all the metadata its format can carry: EXIF with GPS,
    XMP, the ICC profile (red and blue swapped, unless given), and for JPEG a comment and
    IPTC, for PNG text in tEXt, zTXt and iTXt chunks."""
    image = Image.new(mode, size, colour)
    profile = icc_profile or icc_profile_with_red_and_blue_swapped()
    buffer = io.BytesIO()
    if image_format == "JPEG":
        image.save(buffer, "JPEG", exif=_exif(), xmp=XMP, icc_profile=profile, comment=NAME)
        data = buffer.getvalue()
        return data[:2] + _iptc_segment() + data[2:]
    if image_format == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_text("Author", NAME.decode())
        text.add_text("Comment", "Wohnt in der Gartenstraße 5", zip=True)
        text.add_itxt("Description", "Familie Müller im Garten")
        text.add_itxt("XML:com.adobe.xmp", XMP.decode(), zip=True)
        image.save(buffer, "PNG", pnginfo=text, exif=_exif(), icc_profile=profile)
        return buffer.getvalue()
    image.save(buffer, "WEBP", exif=_exif(), xmp=XMP, icc_profile=profile)
    return buffer.getvalue()


def jpeg_segments(data: bytes) -> list[tuple[int, bytes]]:
    """(marker, payload) of every segment of a JPEG, the compressed scans skipped."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    segments, position = [], 2
    while position < len(data):
        assert data[position] == 0xFF, f"no marker at {position}"
        marker = data[position + 1]
        position += 2
        if marker == 0xFF or 0xD0 <= marker <= 0xD7 or marker == 0x01:
            position -= 1 if marker == 0xFF else 0
            continue
        if marker == 0xD9:  # end of image
            break
        (length,) = struct.unpack(">H", data[position : position + 2])
        segments.append((marker, data[position + 2 : position + length]))
        position += length
        if marker == 0xDA:  # start of scan: compressed data up to the next real marker
            while not (
                data[position] == 0xFF and data[position + 1] not in (0x00, *range(0xD0, 0xD8))
            ):
                position += 1
    return segments


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    chunks, position = [], 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        chunks.append((kind, data[position + 8 : position + 8 + length]))
        position += 12 + length
    return chunks


def webp_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP", "not a WebP"
    chunks, position = [], 12
    while position < len(data):
        kind = data[position : position + 4]
        (length,) = struct.unpack("<I", data[position + 4 : position + 8])
        chunks.append((kind, data[position + 8 : position + 8 + length]))
        position += 8 + length + length % 2
    return chunks


JPEG_APP_KINDS = {
    b"Exif\0": "EXIF",
    b"http://ns.adobe.com/xap/1.0/": "XMP",
    b"ICC_PROFILE\0": "ICC",
    b"Photoshop 3.0\0": "IPTC",
}
PNG_PIXEL_CHUNKS = {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}
WEBP_PIXEL_CHUNKS = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}
WEBP_FLAGS = {0x20: "ICC", 0x08: "EXIF", 0x04: "XMP"}  # of the VP8X chunk


def metadata_in(data: bytes) -> list[str]:
    """Everything in an image file that is not needed to show its pixels."""
    found = []
    if data.startswith(b"\xff\xd8"):
        for marker, payload in jpeg_segments(data):
            if marker == 0xFE:
                found.append("COM")
            elif 0xE1 <= marker <= 0xEF or (marker == 0xE0 and not payload.startswith(b"JFIF")):
                kind = next((k for p, k in JPEG_APP_KINDS.items() if payload.startswith(p)), None)
                found.append(kind or f"APP{marker - 0xE0}")
    elif data.startswith(b"\x89PNG"):
        found = [kind.decode() for kind, _ in png_chunks(data) if kind not in PNG_PIXEL_CHUNKS]
    else:
        for kind, payload in webp_chunks(data):
            if kind == b"VP8X":
                found += [name for bit, name in WEBP_FLAGS.items() if payload[0] & bit]
            elif kind not in WEBP_PIXEL_CHUNKS:
                found.append(kind.decode().strip())
    return found
