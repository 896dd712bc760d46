"""Stable ids for the HSDS API: UUIDs, never the bare database ids.

An object with its own address in the API (a service, an organization, a
service_at_location, a taxonomy term) has a UUID of version 8 (RFC 9562, "custom"):

    48 bits  the portal (the first six bytes of SHA-256 of ``PORTAL``)
     4 bits  the version, 8
    12 bits  what the object is (``Kind``)
     2 bits  the variant, 0b10
    62 bits  the row's primary key

It is deterministic (the same row always has the same id, in every answer and after a
restart) and can be read back, so ``/services/{id}`` is one query by primary key: a UUID 5
(a hash of model and key) could only be looked up through a stored column or by hashing
every row. Ids of the objects nested inside an answer (addresses, languages, schedules,
cost options, contacts …) are never looked up: they are UUID 5 in ``NAMESPACE`` of a name
that says what they belong to (``"schedule:12"``).
"""

import enum
import hashlib
import uuid

PORTAL = "thekiz-portal:hsds"
NAMESPACE = uuid.UUID("6f1d2c3a-6a52-4a43-9a0f-3e6f0c2b7d15")  # fixed: never change it
_PREFIX = int.from_bytes(hashlib.sha256(PORTAL.encode()).digest()[:6], "big")
_PK_BITS = 62


class Kind(enum.IntEnum):
    SERVICE = 1  # an offer
    OPERATOR = 2  # an organization: a centre's operator (Träger)
    PARTNER = 3  # an organization: a partner of the network
    CENTER_LOCATION = 4  # a location: a centre
    OFFER_LOCATION = 5  # a location: an offer's own address or its online meeting
    TAXONOMY_TERM = 6  # a category
    SERVICE_AT_LOCATION = 7  # an offer at its place


def object_id(kind: Kind, pk: int) -> str:
    value = (_PREFIX << 80) | (8 << 76) | (kind << 64) | (0b10 << 62) | pk
    return str(uuid.UUID(int=value))


def object_key(value: str, kinds: tuple[Kind, ...]) -> tuple[Kind, int] | None:
    """The kind and primary key of an id this portal gave out; None for any other text."""
    try:
        number = uuid.UUID(value).int
    except ValueError:
        return None
    if number >> 80 != _PREFIX or (number >> 76) & 0xF != 8 or (number >> 62) & 0b11 != 0b10:
        return None
    kind = (number >> 64) & 0xFFF
    if kind not in {k.value for k in kinds}:
        return None
    return Kind(kind), number & ((1 << _PK_BITS) - 1)


def part_id(name: str) -> str:
    """The id of a nested part, e.g. ``part_id(f"schedule:{schedule.pk}")``."""
    return str(uuid.uuid5(NAMESPACE, name))
