"""Every GET parameter of every public page, with values nobody types: never a 5xx.

The parameter names come from the pages' FilterSets and forms themselves (plus the few a
view reads directly), so a new filter is fuzzed without touching this file. Query strings
are sent raw, so broken percent-escapes reach the portal as a browser or a bot sends them.
"""

import pytest
from django.test import Client

from centers.filters import CenterFilterSet
from handbook.filters import HandbookFilterSet
from network.filters import PartnerFilterSet
from offers.search import OfferSearchForm
from tests.factories import (
    CenterFactory,
    DocumentFactory,
    PartnerFactory,
    SozialraumFactory,
    district,
    weekly_offer,
)
from thekiz_portal.pages.views import HomeSearchForm

pytestmark = pytest.mark.django_db

# Parameters a view reads itself, beside its form: the page number of every list.
PAGE = ("seite",)
UNKNOWN = ("x",)  # a name no page knows


def _names(form_or_filterset) -> tuple[str, ...]:
    if hasattr(form_or_filterset, "base_filters"):  # a FilterSet: its form's fields, then its own
        return (*form_or_filterset._meta.form.base_fields, *form_or_filterset.base_filters)
    return tuple(form_or_filterset.base_fields)


PAGES: dict[str, tuple[str, ...]] = {
    "/": _names(HomeSearchForm),
    "/angebote/": (*_names(OfferSearchForm), *PAGE),
    "/angebote/angebot/": (),
    "/angebote/angebot/kalender.ics": (),
    "/zentren/": (*_names(CenterFilterSet), *PAGE),
    "/zentren/karte.json": _names(CenterFilterSet),
    "/zentren/kita/": (),
    "/zentren/kita/programm/": ("woche",),
    "/zentren/kita/programm/drucken/": ("woche",),
    "/zentren/kita/kalender.ics": (),
    "/netzwerk/": (*_names(PartnerFilterSet), *PAGE),
    "/netzwerk/partner/": (),
    "/region/": (),
    "/region/jena/": (),
    "/region/jena/lobeda/": (),
    "/handbuch/": (),
    "/handbuch/mehrwerte/": (),
    "/handbuch/mehrwerte/dokument/": (),
    "/handbuch/suche/": (*_names(HandbookFilterSet), *PAGE),
    "/sitemap.xml": ("p",),
}

# Raw (already encoded) values: dates at both ends of the calendar, numbers too large or
# negative for any column, NUL, broken UTF-8, very long text.
EDGE_VALUES = [
    "",
    "0",
    "-1",
    "1",
    "9999-W52",
    "9999-W53",
    "0001-W01",
    "0000-W00",
    "2026-W99",
    "-2026-W01",
    "0001-01-01",
    "9999-12-31",
    "31.12.9999",
    "01.01.0001",
    "1.1.1",
    "99999999999999999999999999999999",
    "-99999999999999999999999999999999",
    "2147483648",
    "-9223372036854775809",
    "1e400",
    "-1e400",
    "nan",
    "inf",
    "0x10",
    "07743",
    "entfernung",
    "%00",
    "a%00b",
    "07743%00",
    "%ff%fe",
    "%c3%28",
    "%ed%a0%80",
    "%",
    "%zz",
    "%2525",
    "%F0%9F%98%80",
    "x" * 10_000,
    "9" * 5_000,
]


def _queries(names: tuple[str, ...]) -> list[str]:
    """Query strings in which every parameter meets every edge value.

    Request k gives parameter i the value (i + k) of the list, so the values meet each
    other in ever new combinations; then every parameter gets the same value at once
    (``von`` and ``bis`` both in the year 9999), then the shapes of a query string:
    keys without a value, repeated keys, arrays.
    """
    names = (*names, *UNKNOWN)
    count = len(EDGE_VALUES)
    rotated = [
        "&".join(f"{name}={EDGE_VALUES[(i + k) % count]}" for i, name in enumerate(names))
        for k in range(count)
    ]
    same = ["&".join(f"{name}={value}" for name in names) for value in EDGE_VALUES]
    shapes = [
        "&".join(names),
        "&".join(f"{name}=1&{name}=2&{name}=%00" for name in names),
        "&".join(f"{name}[]=1&{name}[]=2" for name in names),
        "&".join(f"{name}[0]=a&{name}[x][y]=b" for name in names),
        "&".join(f"{name}=9999-12-31" for name in names for _ in range(20)),
    ]
    return rotated + same + shapes


@pytest.fixture
def public_data():
    area = SozialraumFactory(district=district("16053"), name="Lobeda", slug="lobeda")
    center = CenterFactory(slug="kita", sozialraum=area)
    PartnerFactory(slug="partner").sozialraeume.set([area])
    weekly_offer(center=center, slug="angebot", title="Angebot")
    DocumentFactory(slug="dokument")


def _server_errors(client: Client, path: str, names: tuple[str, ...]) -> list[str]:
    failures = []
    for query in _queries(names):
        url = f"{path}?{query}"
        response = client.get(url)
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {url[:200]}")
    return failures


# Both languages; the sitemap has one address only.
URLS = [
    (f"{language}{path}", names)
    for path, names in PAGES.items()
    for language in ("", "/en")
    if not (language and path == "/sitemap.xml")
]


@pytest.mark.parametrize(("path", "names"), URLS, ids=[path for path, _names in URLS])
def test_no_get_parameter_value_makes_a_public_page_fail(public_data, path, names):
    client = Client(raise_request_exception=False)
    assert client.get(path).status_code == 200, "a fuzz run against a 404 would prove nothing"
    failures = _server_errors(client, path, names)
    assert not failures, "\n".join(failures)
