"""Small files that look like what the sign-language video checks accept, by their first
bytes (no video is decoded in the tests)."""

# An ISO base media file: the "ftyp" box with the brand "isom", then an empty "mdat".
MP4 = (
    b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41"
    + b"\x00\x00\x00\x08free"
    + b"\x00\x00\x00\x08mdat"
)
# An EBML header whose DocType is "webm", then a Segment's ID.
WEBM = (
    b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08"
    b"\x42\x82\x84webm\x42\x87\x81\x04\x42\x85\x81\x02"
    + b"\x18\x53\x80\x67\x01\x00\x00\x00\x00\x00\x00\x00"
)
# A QuickTime movie from a phone: an "ftyp" box with the brand "qt  ".
QUICKTIME = b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  " + b"\x00\x00\x00\x08mdat"
CAPTIONS = (
    "WEBVTT\n\n"
    "00:00:00.000 --> 00:00:03.000\n"
    "Willkommen beim ThEKiZ-Portal.\n\n"
    "00:00:03.000 --> 00:00:06.000\n"
    "Hier finden Sie Angebote für Familien.\n"
).encode()
SRT = b"1\n00:00:00,000 --> 00:00:03,000\nWillkommen beim ThEKiZ-Portal.\n"
