"""A small hand-checked example of dates and attendance for the statistics tests.

Q2 2025 (1 April – 30 June, Europe/Berlin), counted at the end of 2025:

- centre A (Sozialraum "Lobeda", Jena): offer A1 (Eltern-Kind-Gruppen, Arabic) on
  8 April (3 adults, 5 children), 15 April (cancelled), 22 April (public holiday),
  29 April ("fand nicht statt"), 6 May (nothing recorded), and 1 July (Q3: 10 + 10);
  offer A2 (Eltern-Kind-Gruppen and Beratung, no language) on 30 June at 22:30 (2 + 1);
  one cooperation begun on 1 May, one ended on 15 June, one begun in August.
- centre B (Sozialraum "Winzerla", Jena): offer B1 (Beratung) on 13 May (1 adult); a
  cooperation ended on 31 March (Q1).
- centre C (Saalfeld-Rudolstadt): offer C1 on 13 May (4 + 4); 31 March 23:30 (Q1).
"""

import datetime
from zoneinfo import ZoneInfo

from offers.models import Attendance, Category, Occurrence
from tests.factories import (
    CenterFactory,
    CooperationFactory,
    OfferFactory,
    SozialraumFactory,
    district,
    language,
)

BERLIN = ZoneInfo("Europe/Berlin")
END_OF_2025 = datetime.datetime(2025, 12, 31, 12, tzinfo=BERLIN)


def dated(offer, day: datetime.date, time=datetime.time(10), **fields) -> Occurrence:
    start = datetime.datetime.combine(day, time, tzinfo=BERLIN)
    return Occurrence.objects.create(
        offer=offer,
        original_date=day,
        original_time=time,
        start=start,
        end=start + datetime.timedelta(minutes=50),
        **fields,
    )


def attended(occurrence: Occurrence, adults: int = 0, children: int = 0, took_place=True):
    Attendance.objects.create(
        occurrence=occurrence, adults=adults, children=children, took_place=took_place
    )


def example() -> dict:
    jena, saalfeld = district("16053"), district("16073")
    lobeda = SozialraumFactory(district=jena, name="Lobeda")
    winzerla = SozialraumFactory(district=jena, name="Winzerla")
    gorndorf = SozialraumFactory(district=saalfeld, name="Gorndorf")
    a = CenterFactory(name="Zentrum A", slug="zentrum-a", sozialraum=lobeda)
    b = CenterFactory(name="Zentrum B", slug="zentrum-b", sozialraum=winzerla)
    c = CenterFactory(name="Zentrum C", slug="zentrum-c", sozialraum=gorndorf)
    groups = Category.objects.get(slug="eltern-kind-gruppen")
    counselling = Category.objects.get(slug="beratung")

    a1 = OfferFactory(center=a, categories=[groups])
    a1.languages.set([language("ar")])
    attended(dated(a1, datetime.date(2025, 4, 8)), 3, 5)
    dated(a1, datetime.date(2025, 4, 15), cancelled=True)
    dated(a1, datetime.date(2025, 4, 22), off_reason=Occurrence.OffReason.HOLIDAY)
    attended(dated(a1, datetime.date(2025, 4, 29)), took_place=False)
    dated(a1, datetime.date(2025, 5, 6))
    attended(dated(a1, datetime.date(2025, 7, 1)), 10, 10)
    a2 = OfferFactory(center=a, categories=[groups, counselling])
    attended(dated(a2, datetime.date(2025, 6, 30), datetime.time(22, 30)), 2, 1)
    CooperationFactory(center=a, since=datetime.date(2025, 5, 1))
    CooperationFactory(
        center=a, since=datetime.date(2020, 1, 1), ended_on=datetime.date(2025, 6, 15)
    )
    CooperationFactory(center=a, since=datetime.date(2025, 8, 1))

    b1 = OfferFactory(center=b, categories=[counselling])
    attended(dated(b1, datetime.date(2025, 5, 13)), 1, 0)
    CooperationFactory(
        center=b, since=datetime.date(2020, 1, 1), ended_on=datetime.date(2025, 3, 31)
    )

    c1 = OfferFactory(center=c)
    attended(dated(c1, datetime.date(2025, 5, 13)), 4, 4)
    dated(c1, datetime.date(2025, 3, 31), datetime.time(23, 30))
    return {
        "jena": jena,
        "saalfeld": saalfeld,
        "lobeda": lobeda,
        "winzerla": winzerla,
        "gorndorf": gorndorf,
        "a": a,
        "b": b,
        "c": c,
    }
