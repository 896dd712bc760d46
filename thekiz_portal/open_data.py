"""Open data: the active centres, the active partners and the published offers as CSV and
JSON files, written by ``manage.py open_data_export`` (nightly) into the default storage
(``open-data/`` below MEDIA_ROOT, or the object storage) and linked from the "Daten" page.

The files hold only what the public pages show: no drafts, no inactive centres or
partners, no offer's contact person. Each row's ``id`` is its id in the HSDS API
(``thekiz_portal/hsds/ids.py``), so the two can be joined. A file is replaced whole; the
page reads the time and the sizes from ``open-data/stand.json``, written last.
"""

import csv
import datetime
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone, translation

from centers.models import Center
from common.data_version import data_changed
from offers.recurrence import schedule_describe
from thekiz_portal.hsds import selectors
from thekiz_portal.hsds.ids import Kind, object_id
from thekiz_portal.hsds.serializers import slug_url

FOLDER = "open-data"
STAND = f"{FOLDER}/stand.json"
CHUNK = 2000


def _names(rows) -> str:
    return ", ".join(row.name_de for row in rows)


def _codes(languages) -> str:
    return ", ".join(language.code for language in languages)


def _number(value) -> str:
    return "" if value is None else str(value)


def center_rows() -> Iterable[dict]:
    centers = (
        Center.objects.active()
        .select_related("operator", "sozialraum__district")
        .prefetch_related("languages")
        .order_by("pk")
    )
    for center in centers.iterator(chunk_size=CHUNK):
        yield {
            "id": object_id(Kind.CENTER_LOCATION, center.pk),
            "name": center.name,
            "operator": center.operator.name,
            "street": center.street,
            "postcode": center.postcode,
            "city": center.city,
            "district": center.sozialraum.district.name,
            "latitude": _number(center.latitude),
            "longitude": _number(center.longitude),
            "phone": center.phone,
            "email": center.email,
            "website": center.website,
            "languages": _codes(center.languages.all()),
            "step_free_access": center.step_free_access,
            "accessible_toilet": center.accessible_toilet,
            "pram_friendly": center.pram_friendly,
            "baby_changing": center.baby_changing,
            "url": slug_url("pages:center_detail", center.slug),
            "last_changed": timezone.localtime(center.updated_at).isoformat(),
        }


def partner_rows() -> Iterable[dict]:
    for partner in selectors.partners().iterator(chunk_size=CHUNK):
        yield {
            "id": object_id(Kind.PARTNER, partner.pk),
            "name": partner.name,
            "kind": partner.get_kind_display(),
            "services": partner.services,
            "street": partner.street,
            "postcode": partner.postcode,
            "city": partner.city,
            "latitude": _number(partner.latitude),
            "longitude": _number(partner.longitude),
            "phone": partner.phone,
            "email": partner.email,
            "website": partner.website,
            "languages": _codes(partner.languages.all()),
            "url": slug_url("pages:partner_detail", partner.slug),
            "last_changed": timezone.localtime(partner.updated_at).isoformat(),
        }


def offer_rows() -> Iterable[dict]:
    for offer in selectors.services().iterator(chunk_size=CHUNK):
        point = offer.place_point
        yield {
            "id": object_id(Kind.SERVICE, offer.pk),
            "title": offer.title,
            "summary": offer.summary,
            "center": offer.center.name if offer.center else "",
            "center_id": object_id(Kind.CENTER_LOCATION, offer.center_id)
            if offer.center_id
            else "",
            "categories": _names(offer.categories.all()),
            "age_min_months": _number(offer.age_min_months),
            "age_max_months": _number(offer.age_max_months),
            "cost": offer.get_cost_display(),
            "cost_amount": _number(offer.cost_amount),
            "languages": _codes(offer.languages.all()),
            "place": ", ".join(offer.place_lines) or offer.online_url,
            "latitude": _number(point and point.latitude),
            "longitude": _number(point and point.longitude),
            "schedules": "; ".join(schedule_describe(s) for s in offer.schedules.all()),
            "url": slug_url("offers:offer_detail", offer.slug),
            "last_changed": timezone.localtime(offer.updated_at).isoformat(),
        }


@dataclass(frozen=True)
class DataSet:
    slug: str
    rows: Callable[[], Iterable[dict]]


DATA_SETS = [
    DataSet("zentren", center_rows),
    DataSet("partner", partner_rows),
    DataSet("angebote", offer_rows),
]


def _csv(rows: list[dict]) -> bytes:
    text = io.StringIO()
    if rows:
        writer = csv.DictWriter(text, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return text.getvalue().encode("utf-8-sig")  # the BOM: spreadsheets read UTF-8 then


def _replace(name: str, content: bytes) -> int:
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(content))
    return len(content)


def open_data_export(now: datetime.datetime | None = None) -> dict:
    """Write every data set as CSV and JSON, then the stand; returns the stand."""
    now = now or timezone.now()
    files = []
    with translation.override(settings.LANGUAGE_CODE):
        for data_set in DATA_SETS:
            rows = list(data_set.rows())
            for extension, content in (
                ("csv", _csv(rows)),
                ("json", json.dumps(rows, ensure_ascii=False, indent=1).encode()),
            ):
                name = f"{FOLDER}/{data_set.slug}.{extension}"
                files.append({"name": name, "size": _replace(name, content), "rows": len(rows)})
    stand = {
        "generated_at": now.isoformat(),
        "licence": settings.THEKIZ_OPEN_DATA_LICENCE,
        "files": files,
    }
    _replace(STAND, json.dumps(stand, indent=1).encode())
    data_changed()  # the "Daten" page shows the new time
    return stand


@dataclass(frozen=True)
class Download:
    slug: str
    extension: str
    url: str
    size: int
    rows: int


def open_data_stand() -> tuple[datetime.datetime | None, list[Download]]:
    """When the files were written and the files, for the page; (None, []) before the
    first export."""
    try:
        with default_storage.open(STAND) as file:
            stand = json.load(file)
    except (FileNotFoundError, ValueError):
        return None, []
    downloads = [
        Download(
            slug=entry["name"].rsplit("/", 1)[-1].rsplit(".", 1)[0],
            extension=entry["name"].rsplit(".", 1)[-1],
            url=default_storage.url(entry["name"]),
            size=entry["size"],
            rows=entry["rows"],
        )
        for entry in stand["files"]
    ]
    return datetime.datetime.fromisoformat(stand["generated_at"]), downloads
