"""Demo sign-ups: the staff demo centre (Jena) takes sign-ups for one weekly offer per date
(its first date full, with a waiting list) and for its course. The demo families leave a
phone number only, so loading the demo sends no mail."""

import random

from centers.models import Center
from offers.models import Offer
from offers.services import offer_occurrences_sync, offer_sign_up
from registrations.models import Registration

FAMILIES = [
    "Familie Demo-Schulz",
    "Familie Demo-Yilmaz",
    "Familie Demo-Nguyen",
    "Familie Demo-Weber",
    "Familie Demo-Kowalski",
    "Familie Demo-Hoffmann",
    "Familie Demo-Haddad",
]


def _sign_up(offer: Offer, occurrence, rng: random.Random, number: int) -> Registration:
    return offer_sign_up(
        offer=offer,
        occurrence=occurrence,
        name=FAMILIES[number % len(FAMILIES)],
        adults=1,
        children=rng.choice([1, 1, 2]),
        phone=f"0361 555 {number:04d}",
        source=Registration.Source.STAFF,
    )


def sign_ups_create(rng: random.Random) -> int:
    """Returns how many demo sign-ups were made."""
    center = Center.objects.filter(city="Jena").order_by("pk").first()
    if center is None:
        return 0
    made = 0
    weekly = (
        center.offers.filter(registration=Offer.Registration.NONE, schedules__frequency="weekly")
        .exclude(description__contains="ohne Anmeldung")
        .order_by("pk")
        .first()
    )
    if weekly is not None:
        weekly.registration = Offer.Registration.PER_DATE
        weekly.capacity = 8
        weekly.registration_info = "Anmeldung über das Portal oder telefonisch."
        weekly.save()
        offer_occurrences_sync(weekly)
        dates = list(
            weekly.occurrences.filter(cancelled=False, off_reason="").order_by("start")[:2]
        )
        for index, occurrence in enumerate(dates):
            for number in range(6 if index == 0 else 2):
                _sign_up(weekly, occurrence, rng, made + number)
            made += 6 if index == 0 else 2
    course = center.offers.filter(registration=Offer.Registration.COURSE).order_by("pk").first()
    if course is not None:
        for number in range(3):
            _sign_up(course, None, rng, made + number)
        made += 3
    return made
