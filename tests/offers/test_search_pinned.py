"""The search pages pinned: results, their order and the rendered page for a fixed data set
on fixed days, across many query strings. The pins were taken from the code before the
offer search was rewritten (form → query → selector); the rewrite had to keep them.

To take the pins again (only when a change of results or markup is intended):

    THEKIZ_PIN=write .venv/bin/pytest tests/offers/test_search_pinned.py -p no:cacheprovider
"""

import datetime
import hashlib
import json
import os
import re
import zoneinfo
from pathlib import Path

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from network.models import Sozialraum
from offers.models import Category, Occurrence, Offer
from offers.services import occurrence_cancel
from tests.centers.test_views import listed_centres
from tests.factories import (
    CenterFactory,
    PartnerFactory,
    SozialraumFactory,
    district,
    language,
    weekly_offer,
)

pytestmark = pytest.mark.django_db

PINS = Path(__file__).with_name("search_pins.json")
WRITE = os.environ.get("THEKIZ_PIN") == "write"
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")

# A Wednesday, a Saturday and a Sunday morning in December: the periods "today", "this
# week" and "this weekend" differ on each; Christmas lies within the next four weeks.
DAYS = {
    "wednesday": datetime.datetime(2026, 12, 2, 8, 0, tzinfo=BERLIN),
    "saturday": datetime.datetime(2026, 12, 5, 8, 0, tzinfo=BERLIN),
    "sunday": datetime.datetime(2026, 12, 6, 8, 0, tzinfo=BERLIN),
}

# Query strings of the offer search. "{lobeda}" stands for the Sozialraum's primary key.
OFFER_QUERIES = [
    "",
    "plz=07743&umkreis=10",
    "plz=07743&umkreis=10&alter=1",
    "plz=07743&umkreis=25",
    "plz=07743&umkreis=50",
    "plz=07743&umkreis=50&sortierung=entfernung",
    "plz=07743&umkreis=5&sortierung=entfernung&zeitraum=alle",
    "plz=Jena&umkreis=50",
    "plz=muehlhausen&umkreis=50",
    "plz=00000",
    "plz=07743&umkreis=7",
    "umkreis=25",
    "sortierung=entfernung",
    "alter=1",
    "alter=1&einheit=jahre",
    "alter=3",
    "alter=0",
    "alter=18",
    "alter=1.5",
    "alter=8&einheit=monate",
    "alter=216&einheit=monate",
    "alter=217&einheit=monate",
    "alter=-1",
    "alter=400",
    "alter=zwei",
    "alter=2&einheit=wochen",
    "einheit=monate",
    "wochentag=di",
    "wochentag=mi&wochentag=do",
    "wochentag=so",
    "wochentag=xx",
    "tageszeit=vormittags",
    "tageszeit=nachmittags",
    "tageszeit=abends",
    "tageszeit=vormittags&tageszeit=abends",
    "tageszeit=nachts",
    "zeitraum=heute",
    "zeitraum=woche",
    "zeitraum=wochenende",
    "zeitraum=4wochen",
    "zeitraum=alle",
    "zeitraum=morgen",
    "zeitraum=heute&wochentag=di",
    "von=2026-12-08&bis=2026-12-10",
    "von=2026-12-10&bis=2026-12-08",
    "von=2026-11-01&bis=2026-12-04",
    "von=2026-12-20",
    "bis=2026-12-09",
    "von=31.02.2027",
    "bis=2200-01-01&tageszeit=vormittags&tageszeit=abends",
    "von=2026-12-24&bis=2026-12-27&zeitraum=heute",
    "kostenfrei=on",
    "kostenfrei=false",
    "ohne_anmeldung=on",
    "ohne_anmeldung=on&tageszeit=abends",
    "barrierefrei=on",
    "online=on",
    "online=on&plz=07743",
    "sprache=ar",
    "sprache=xx",
    "kategorie=eltern-kind-gruppen",
    "kategorie=eltern-kind-gruppen&kategorie=beratung",
    "kategorie=zauberei",
    "kreis=jena",
    "kreis=erfurt",
    "kreis=atlantis",
    "sozialraum={lobeda}",
    "sozialraum=999999",
    "sozialraum=abc",
    "kreis=erfurt&sozialraum={lobeda}",
    "seite=2",
    "seite=99",
    "seite=x",
    "plz=Jena&umkreis=50&wochentag=di&tageszeit=vormittags&alter=1&kostenfrei=on",
    "plz=07743&umkreis=25&alter=10&einheit=monate&kategorie=eltern-kind-gruppen"
    "&barrierefrei=on&zeitraum=alle&sortierung=entfernung",
    "kreis=jena&sprache=de&ohne_anmeldung=on&wochentag=mi&zeitraum=alle&seite=2",
]
# The periods that depend on the day of the week, asked on every pinned day.
PERIOD_QUERIES = ["", "zeitraum=heute", "zeitraum=woche", "zeitraum=wochenende"]

OTHER_PAGES = [
    "/zentren/",
    "/zentren/?plz=07743&umkreis=25",
    "/zentren/?kreis=jena&barrierefrei=on",
    "/zentren/?sozialraum={lobeda}&sprache=ar",
    "/zentren/?kreis=atlantis&umkreis=3",
    "/netzwerk/",
    "/netzwerk/?plz=07743&umkreis=50",
    "/netzwerk/?kreis=jena&art=beratungsstelle",
    "/netzwerk/?sozialraum={lobeda}",
    "/netzwerk/?art=zauberei",
    "/handbuch/suche/",
    "/handbuch/suche/?q=Eltern",
    "/handbuch/suche/?q=%21%21",
    "/region/",
    "/region/jena/",
    "/region/jena/lobeda/",
    "/region/erfurt/",
    "/en/angebote/",
    "/en/angebote/?kreis=atlantis&alter=zwei",
    "/en/zentren/",
]
# Pages whose main part is kept in full (the rest as a hash), to see what changed.
KEPT_IN_FULL = {
    "wednesday /angebote/?",
    "wednesday /angebote/?plz=07743&umkreis=50&sortierung=entfernung",
    "wednesday /angebote/?alter=zwei&kreis=atlantis&wochentag=xx&plz=00000",
    "wednesday /zentren/",
    "wednesday /netzwerk/",
    "wednesday /region/jena/",
}
EXTRA_FULL = ["/angebote/?alter=zwei&kreis=atlantis&wochentag=xx&plz=00000"]

# The only text the rewrite changed on purpose: the empty choice of the district filter.
ALL_DISTRICTS = re.compile(
    r"Ganz Thüringen|All of Thuringia|Alle Landkreise und Städte|All districts and cities"
)


def build_data_set() -> dict[str, int]:
    """Five centres' and the office's offers in Jena, Kahla and Erfurt, and two partners."""
    jena_district, erfurt_district = district("16053"), district("16051")
    lobeda = SozialraumFactory(district=jena_district, name="Lobeda", slug="lobeda")
    nord = SozialraumFactory(district=erfurt_district, name="Erfurt-Nord", slug="erfurt-nord")
    jena = CenterFactory(
        name="Kita Jena",
        slug="kita-jena",
        postcode="07749",
        sozialraum=lobeda,
        step_free_access=True,
    )
    kahla = CenterFactory(
        name="Kita Kahla", slug="kita-kahla", postcode="07768", city="Kahla", sozialraum=lobeda
    )
    erfurt = CenterFactory(
        name="Kita Erfurt", slug="kita-erfurt", postcode="99089", city="Erfurt", sozialraum=nord
    )
    erfurt.languages.set([language("ar")])
    groups = Category.objects.get(slug="eltern-kind-gruppen")
    counselling = Category.objects.get(slug="beratung")
    today = timezone.localdate()
    crawling = weekly_offer(
        title="Krabbelgruppe",
        slug="krabbelgruppe",
        center=jena,
        weekdays="TU,FR",
        start_time=datetime.time(9, 30),
        end_time=datetime.time(11, 0),
        start=today,
        age_min_months=6,
        age_max_months=24,
        categories=[groups],
        barrier_free=True,
    )
    weekly_offer(
        title="Elternkurs",
        slug="elternkurs",
        center=kahla,
        weekdays="WE",
        start_time=datetime.time(18, 30),
        end_time=datetime.time(20, 0),
        start=today,
        cost=Offer.Cost.AMOUNT,
        cost_amount="30.00",
        registration=Offer.Registration.COURSE,
        age_min_months=0,
        age_max_months=72,
    )
    sprachcafe = weekly_offer(
        title="Sprachcafé",
        slug="sprachcafe",
        center=erfurt,
        weekdays="TH,SU",
        start_time=datetime.time(15, 0),
        end_time=datetime.time(16, 30),
        start=today,
        categories=[counselling, groups],
    )
    sprachcafe.languages.set([language("ar"), language("de")])
    weekly_offer(
        title="Online-Elternabend",
        slug="online-elternabend",
        center=erfurt,
        weekdays="SA",
        start_time=datetime.time(19, 0),
        end_time=datetime.time(20, 0),
        start=today,
        place=Offer.PlaceKind.ONLINE,
        online_url="https://meet.example/thekiz",
        age_min_months=36,
    )
    weekly_offer(
        title="Spielplatztreff",
        slug="spielplatztreff",
        center=jena,
        weekdays="MO,WE,SA",
        start_time=datetime.time(12, 0),
        end_time=datetime.time(17, 0),
        start=today,
        place=Offer.PlaceKind.ADDRESS,
        street="Am Anger 1",
        postcode="07545",
        city="Gera",
        latitude="50.880000",
        longitude="12.080000",
        registration=Offer.Registration.PER_DATE,
        age_max_months=144,
    )
    office = weekly_offer(
        title="Fachtag Familie",
        slug="fachtag-familie",
        center=None,
        host=Offer.Host.COORDINATION_OFFICE,
        weekdays="WE",
        start_time=datetime.time(10, 0),
        end_time=datetime.time(15, 0),
        start=today,
        place=Offer.PlaceKind.ONLINE,
        online_url="https://meet.example/fachtag",
    )
    office.languages.set([language("de")])
    weekly_offer(title="Entwurf", slug="entwurf", center=jena, status=Offer.Status.DRAFT)
    cancelled = crawling.occurrences.order_by("start")[1]
    occurrence_cancel(occurrence=cancelled, reason="Krankheit im Team")
    counselling_partner = PartnerFactory(
        name="Familienberatung Jena", slug="familienberatung-jena", postcode="07745"
    )
    counselling_partner.sozialraeume.set([lobeda])
    midwife = PartnerFactory(
        name="Hebammenpraxis Erfurt",
        slug="hebammenpraxis-erfurt",
        postcode="99084",
        city="Erfurt",
        kind=counselling_partner.Kind.MIDWIFE,
    )
    midwife.sozialraeume.set([nord])
    return {"lobeda": lobeda.pk}


def main_part(html: str) -> str:
    """What ``<main>`` holds, with whitespace runs as one space and database ids as slugs."""
    main = html[html.index("<main") : html.index("</main>") + len("</main>")]
    by_pk = {str(area.pk): area.slug for area in Sozialraum.objects.all()}
    main = re.sub(
        r'(<select name="sozialraum".*?</select>)',
        lambda select: re.sub(
            r'value="(\d+)"',
            lambda option: f'value="sozialraum:{by_pk.get(option[1], "?")}"',
            select[1],
        ),
        main,
        flags=re.S,
    )
    main = re.sub(  # in links (pagination, "search within 50 km")
        r"sozialraum=(\d+)", lambda link: f"sozialraum=sozialraum:{by_pk.get(link[1], '?')}", main
    )
    main = ALL_DISTRICTS.sub("{all districts}", main)
    return re.sub(r"\s+", " ", main)


def result_rows(response) -> list[str]:
    rows = []
    listed = response.context["page_obj"].object_list
    slugs = dict(
        Occurrence.objects.filter(pk__in=[row.pk for row in listed]).values_list(
            "pk", "offer__slug"
        )
    )
    for occurrence in listed:
        start = timezone.localtime(occurrence.start).strftime("%Y-%m-%d %H:%M")
        row = f"{slugs[occurrence.pk]} {start}"
        distance = getattr(occurrence, "distance", None)
        if distance is not None:
            row += f" {float(distance):.2f} km"
        rows.append(row)
    return rows


def pin_of(url: str, response, kept_in_full: bool) -> dict:
    html = main_part(response.text)
    pin: dict = {"status": response.status_code}
    context = response.context
    if context is not None and "page_obj" in context:
        pin["count"] = context["page_obj"].paginator.count
        pin["page"] = context["page_obj"].number
        if url.split("?")[0].endswith("/angebote/"):
            pin["rows"] = result_rows(response)
            first, last = context["period"]
            pin["period"] = [first.isoformat(), last.isoformat() if last else None]
        elif url.split("?")[0].endswith("/zentren/"):
            pin["rows"] = [centre.name for centre in listed_centres(response)]
        else:
            pin["rows"] = [str(item) for item in context["page_obj"].object_list]
    pin["html"] = html if kept_in_full else hashlib.sha256(html.encode()).hexdigest()
    return pin


def take_pins() -> dict[str, dict]:
    pins: dict[str, dict] = {}
    ids: dict[str, int] = {}
    for day_name, moment in DAYS.items():
        with time_machine.travel(moment, tick=False):
            ids = ids or build_data_set()  # built on the first day, the Wednesday
            queries = OFFER_QUERIES + EXTRA_FULL if day_name == "wednesday" else PERIOD_QUERIES
            urls = [q if q.startswith("/") else f"/angebote/?{q}" for q in queries]
            if day_name == "wednesday":
                urls += OTHER_PAGES
            client = Client()
            for url in urls:
                key = f"{day_name} {url}"
                response = client.get(url.format(**ids))
                pins[key] = pin_of(url, response, key in KEPT_IN_FULL)
    return pins


@pytest.mark.parametrize("many_offers", [False, True], ids=["offer ids", "offer subquery"])
def test_the_search_pages_keep_their_results_order_and_markup(monkeypatch, many_offers):
    if many_offers:  # the way a search with thousands of matching offers takes
        monkeypatch.setattr("offers.selectors.OFFER_IDS_MAX", 0)
    pins = take_pins()
    if WRITE and not many_offers:
        PINS.write_text(json.dumps(pins, ensure_ascii=False, indent=1) + "\n")
    expected = json.loads(PINS.read_text())
    assert pins.keys() == expected.keys()
    for key, pin in pins.items():
        assert pin == expected[key], key


def test_the_pins_cover_results_errors_and_empty_lists():
    """The data set gives every kind of answer: results, errors, nothing."""
    expected = json.loads(PINS.read_text())
    offer_pins = [pin for key, pin in expected.items() if "/angebote/" in key]
    assert any(pin["count"] == 0 for pin in offer_pins)
    assert any(pin["count"] > 40 for pin in offer_pins)
    assert any("km" in row for pin in offer_pins for row in pin["rows"])
    assert len({json.dumps(pin["rows"]) for pin in offer_pins}) > 40
