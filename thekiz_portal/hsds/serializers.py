"""Rows as HSDS 3.0 objects (plain dictionaries, ready for JSON).

Only what the public pages show: no contact person of an offer (a name is personal data),
the centre's public phone and e-mail instead; no drafts, no inactive centres or partners
(the selectors leave them out). Texts are the German originals.
"""

import datetime
import functools
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from centers.models import Center, Operator
from common import dates
from network.models import Language, Partner
from offers.models import Category, Offer, Schedule
from offers.recurrence import schedule_describe
from thekiz_portal.hsds.ids import Kind, object_id, part_id

COUNTRY = "DE"
CURRENCY = "EUR"
# GeoNames admin1 codes of the German federal states (THEKIZ_HOME_STATE).
STATE_NAMES = {
    "01": "Baden-Württemberg",
    "02": "Bayern",
    "03": "Bremen",
    "04": "Hamburg",
    "05": "Hessen",
    "06": "Niedersachsen",
    "07": "Nordrhein-Westfalen",
    "08": "Rheinland-Pfalz",
    "09": "Saarland",
    "10": "Schleswig-Holstein",
    "11": "Brandenburg",
    "12": "Mecklenburg-Vorpommern",
    "13": "Sachsen",
    "14": "Sachsen-Anhalt",
    "15": "Thüringen",
    "16": "Berlin",
}
TAXONOMY_ID = part_id("taxonomy:categories")
TAXONOMY_NAME = "ThEKiZ-Angebotskategorien"


def absolute(path: str) -> str:
    return f"{settings.THEKIZ_BASE_URL}{path}"


@functools.lru_cache(maxsize=16)
def _slug_url(name: str, language: str) -> str:
    return reverse(name, kwargs={"slug": "SLUG"})


def slug_url(name: str, slug: str) -> str:
    """``absolute(reverse(name, kwargs={"slug": slug}))``, resolved once per URL name: a
    page of 50 services links each to its page, its calendar file and its centre."""
    return absolute(_slug_url(name, get_language()).replace("SLUG", slug))


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _clean(data: dict) -> dict:
    """Leave out what is unknown: HSDS fields are optional, but never null."""
    return {key: value for key, value in data.items() if value not in (None, "")}


# Taxonomy


def taxonomy() -> dict:
    return {
        "id": TAXONOMY_ID,
        "name": TAXONOMY_NAME,
        "description": _("The categories of the portal's offers, curated by the network."),
        "uri": absolute(reverse("offers:offer_search")),
        "version": "1",
    }


def taxonomy_term(category: Category) -> dict:
    return _clean(
        {
            "id": object_id(Kind.TAXONOMY_TERM, category.pk),
            "code": category.slug,
            "name": category.name_de,
            "description": category.description or category.name_de,
            "taxonomy": TAXONOMY_NAME,
            "taxonomy_id": TAXONOMY_ID,
            "language": "de",
        }
    )


# Organizations


def organization_of_operator(operator: Operator, *, full: bool = False) -> dict:
    data = {
        "id": object_id(Kind.OPERATOR, operator.pk),
        "name": operator.name,
        "description": _("Operator of family centres (%(kind)s).")
        % {"kind": operator.get_kind_display()},
        "website": operator.website,
    }
    if full:
        data["locations"] = [location_of_center(center) for center in operator.active_centers]
    return _clean(data)


def organization_of_partner(partner: Partner, *, full: bool = False) -> dict:
    data = {
        "id": object_id(Kind.PARTNER, partner.pk),
        "name": partner.name,
        "description": partner.services,
        "email": partner.email,
        "website": partner.website,
        "uri": slug_url("pages:partner_detail", partner.slug),
    }
    if full:
        data["phones"] = _phones(partner.phone, f"partner:{partner.pk}")
        data["locations"] = [_located(partner, object_id(Kind.PARTNER, partner.pk), partner.name)]
    return _clean(data)


# Locations


def _phones(number: str, owner: str) -> list[dict]:
    return [{"id": part_id(f"phone:{owner}"), "number": number}] if number else []


def _languages(languages: list[Language], owner: str, **link) -> list[dict]:
    return [
        {
            "id": part_id(f"language:{owner}:{language.pk}"),
            **link,
            "name": language.name_de,
            "code": language.code,
        }
        for language in languages
    ]


def _address(location_id: str, street: str, postcode: str, city: str, region: str = "") -> dict:
    address = {
        "id": part_id(f"address:{location_id}"),
        "location_id": location_id,
        "address_1": street,
        "city": city,
        "state_province": STATE_NAMES.get(settings.THEKIZ_HOME_STATE, ""),
        "postal_code": postcode,
        "country": COUNTRY,
        "address_type": "physical",
    }
    if region:
        address["region"] = region
    return address


def _accessibility(location_id: str, features: list[tuple[bool, str]], note: str = "") -> list:
    items = [
        {
            "id": part_id(f"accessibility:{location_id}:{n}"),
            "location_id": location_id,
            "description": text,
        }
        for n, (present, text) in enumerate(features)
        if present
    ]
    if note:
        items.append(
            {
                "id": part_id(f"accessibility:{location_id}:note"),
                "location_id": location_id,
                "description": note,
            }
        )
    return items


def _located(place, location_id: str, name: str, region: str = "") -> dict:
    """A location of a row with an address and coordinates (``network.models.Located``)."""
    return _clean(
        {
            "id": location_id,
            "location_type": "physical",
            "name": name,
            "latitude": _number(place.latitude),
            "longitude": _number(place.longitude),
            "languages": _languages(
                list(place.languages.all()), location_id, location_id=location_id
            ),
            "addresses": [_address(location_id, place.street, place.postcode, place.city, region)],
        }
    )


def location_of_center(center: Center) -> dict:
    location_id = object_id(Kind.CENTER_LOCATION, center.pk)
    data = _located(center, location_id, center.name, center.sozialraum.district.name)
    data.update(
        _clean(
            {
                "url": slug_url("pages:center_detail", center.slug),
                "description": center.summary,
                "transportation": center.nearest_stop,
            }
        )
    )
    data["accessibility"] = _accessibility(
        location_id,
        [
            (center.step_free_access, _("step-free access")),
            (center.accessible_toilet, _("accessible toilet")),
            (center.pram_friendly, _("room for prams")),
            (center.baby_changing, _("baby changing table")),
        ],
        center.accessibility_note,
    )
    data["phones"] = _phones(center.phone, f"center:{center.pk}")
    return data


def location_of_offer(offer: Offer) -> dict | None:
    """The offer's place: its centre, its own address, or its online meeting."""
    if offer.place == Offer.PlaceKind.CENTER:
        return location_of_center(offer.center)
    location_id = object_id(Kind.OFFER_LOCATION, offer.pk)
    if offer.place == Offer.PlaceKind.ONLINE:
        return {
            "id": location_id,
            "location_type": "virtual",
            "name": _("Online"),
            "url": offer.online_url,
        }
    return _clean(
        {
            "id": location_id,
            "location_type": "physical",
            "name": offer.place_name or offer.street,
            "latitude": _number(offer.latitude),
            "longitude": _number(offer.longitude),
            "addresses": [_address(location_id, offer.street, offer.postcode, offer.city)],
            "accessibility": _accessibility(
                location_id,
                [
                    (offer.barrier_free, _("barrier-free")),
                    (offer.pram_friendly, _("room for prams")),
                ],
            ),
        }
    )


# Services


def _schedule(schedule: Schedule, service_id: str, off_dates: list[datetime.date]) -> dict:
    data = {
        "id": part_id(f"schedule:{schedule.pk}"),
        "service_id": service_id,
        "dtstart": schedule.start_date.isoformat(),
        "valid_from": schedule.start_date.isoformat(),
        "opens_at": schedule.start_time.strftime("%H:%M"),
        "closes_at": schedule.end_time.strftime("%H:%M"),
        "description": schedule_describe(schedule),
        "attending_type": "in_person",
    }
    if schedule.frequency == Schedule.Frequency.ONCE:
        data.update(valid_to=schedule.start_date.isoformat(), count=1)
    else:
        weeks = f"{schedule.month_week}" if schedule.frequency == Schedule.Frequency.MONTHLY else ""
        data.update(
            freq=schedule.frequency.upper(),
            interval=schedule.interval,
            byday=",".join(f"{weeks}{code}" for code in schedule.weekday_list),
            wkst="MO",
        )
        if schedule.until:
            data.update(until=schedule.until.isoformat(), valid_to=schedule.until.isoformat())
        if schedule.count:
            data["count"] = schedule.count
    if off_dates:
        # RFC 5545's EXDATE: the linked calendar file carries them too (schedule_link).
        data["notes"] = _("Does not take place on: %(dates)s") % {
            "dates": ", ".join(dates.day(day, "date") for day in off_dates)
        }
    return data


def _cost_options(offer: Offer, service_id: str) -> list[dict]:
    option = {
        "id": part_id(f"cost:{offer.pk}"),
        "service_id": service_id,
        "option": offer.get_cost_display(),
        "currency": CURRENCY,
        "amount_description": offer.cost_note,
    }
    if offer.cost == Offer.Cost.AMOUNT:
        option["amount"] = float(offer.cost_amount)
    elif offer.cost == Offer.Cost.FREE:
        option["amount"] = 0
    return [_clean(option)]


def _contacts(offer: Offer, service_id: str) -> list[dict]:
    """The centre's public contact (the offer's contact person is not published here)."""
    center = offer.center
    if center is None or not (center.email or center.phone):
        return []
    contact_id = part_id(f"contact:center:{center.pk}:{offer.pk}")
    return [
        _clean(
            {
                "id": contact_id,
                "service_id": service_id,
                "name": center.name,
                "email": center.email,
                "phones": [
                    {**phone, "contact_id": contact_id}
                    for phone in _phones(center.phone, f"contact:{center.pk}:{offer.pk}")
                ],
            }
        )
    ]


def organization_key(offer: Offer) -> str | None:
    if offer.center is not None:
        return object_id(Kind.OPERATOR, offer.center.operator_id)
    if offer.partner is not None and offer.partner.is_active:
        return object_id(Kind.PARTNER, offer.partner_id)
    return None


def _eligibility(offer: Offer) -> str:
    low, high = offer.age_min_months, offer.age_max_months
    if low is None and high is None:
        return ""
    if high is None:
        return _("Children from %(low)s months") % {"low": low}
    if low is None:
        return _("Children up to %(high)s months") % {"high": high}
    return _("Children from %(low)s to %(high)s months") % {"low": low, "high": high}


def service_at_location(offer: Offer, *, with_service: bool = True) -> dict | None:
    location = location_of_offer(offer)
    data = {
        "id": object_id(Kind.SERVICE_AT_LOCATION, offer.pk),
        "service_id": object_id(Kind.SERVICE, offer.pk),
        "location_id": location["id"],
        "location": location,
    }
    if with_service:
        data["service"] = service(offer, with_locations=False)
    return data


def service(offer: Offer, *, with_locations: bool = True) -> dict:
    service_id = object_id(Kind.SERVICE, offer.pk)
    off_dates: dict[int, list[datetime.date]] = {}
    for occurrence in offer.hsds_off_dates:
        off_dates.setdefault(occurrence.schedule_id, []).append(occurrence.original_date)
    description = offer.summary
    if offer.description:
        description = f"{offer.summary}\n\n{offer.description}"
    center = offer.center
    data = _clean(
        {
            "id": service_id,
            "organization_id": organization_key(offer),
            "name": offer.title,
            "description": description,
            "url": slug_url("offers:offer_detail", offer.slug),
            "email": center.email if center else "",
            "status": "active",
            "application_process": offer.registration_info or offer.get_registration_display(),
            "fees_description": offer.cost_note,
            "eligibility_description": _eligibility(offer),
            "minimum_age": None if offer.age_min_months is None else offer.age_min_months / 12,
            "maximum_age": None if offer.age_max_months is None else offer.age_max_months / 12,
            "assured_date": offer.checked_on.isoformat(),
            "last_modified": timezone.localtime(offer.updated_at).isoformat(),
        }
    )
    ical_url = slug_url("offers:offer_ics", offer.slug)
    data["schedules"] = [
        {
            **_schedule(schedule, service_id, off_dates.get(schedule.pk, [])),
            "schedule_link": ical_url,
        }
        for schedule in offer.schedules.all()
    ]
    if offer.place == Offer.PlaceKind.ONLINE:
        for schedule in data["schedules"]:
            schedule["attending_type"] = "online"
    data["languages"] = _languages(
        list(offer.languages.all()), f"service:{offer.pk}", service_id=service_id
    )
    data["cost_options"] = _cost_options(offer, service_id)
    data["contacts"] = _contacts(offer, service_id)
    data["phones"] = _phones(center.phone, f"service:{offer.pk}") if center else []
    data["attributes"] = [
        {
            "id": part_id(f"attribute:{offer.pk}:{category.pk}"),
            "link_id": service_id,
            "link_type": "service",
            "link_entity": "service",
            "taxonomy_term_id": object_id(Kind.TAXONOMY_TERM, category.pk),
            "taxonomy_term": taxonomy_term(category),
        }
        for category in offer.categories.all()
    ]
    if with_locations:
        data["service_at_locations"] = [service_at_location(offer, with_service=False)]
    return data
