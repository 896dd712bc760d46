"""Text building blocks for the demo data. All names are invented; towns and postcodes are real."""

CENTER_PREFIXES = [
    "ThEKiZ Kita",
    "Eltern-Kind-Zentrum",
    "Kinder- und Familienzentrum",
    "Kita und Familienzentrum",
]

CENTER_NAMES = [
    "Regenbogen",
    "Sonnenblume",
    "Pusteblume",
    "Spatzennest",
    "Löwenzahn",
    "Kunterbunt",
    "Wirbelwind",
    "Sternschnuppe",
    "Abenteuerland",
    "Zwergenland",
    "Glückskäfer",
    "Sausewind",
    "Traumland",
    "Hummelnest",
    "Entdeckerland",
    "Apfelbäumchen",
    "Weltentdecker",
    "Mäuseburg",
    "Waldwichtel",
    "Sonnenschein",
    "Farbklecks",
    "Purzelbaum",
    "Lindenhof",
    "Am Mühlgraben",
    "Schatzkiste",
    "Rappelkiste",
    "Frechdachse",
    "Spielkiste",
    "Fuchsbau",
    "Bienenkorb",
    "Zaubergarten",
    "Wolkenschaf",
    "Rasselbande",
    "Knirpsenland",
    "Schneckenhaus",
    "Kinderinsel",
    "Kleeblatt",
    "Nesthäkchen",
    "Sonnenhügel",
    "Gänseblümchen",
]

CENTER_SUMMARIES = [
    "Offener Familientreff, Elternberatung und Krabbelgruppe mitten in {town}.",
    "Kita mit Familiencafé, Sprechstunden unserer Partner und Angeboten für Eltern mit kleinen Kindern.",
    "Treffpunkt für Familien im Quartier: Eltern-Café, Beratung und gemeinsame Aktionen.",
    "Hier finden Eltern Austausch, Rat und Unterstützung – ohne Anmeldung und meist kostenfrei.",
    "Familienzentrum mit Garten, Bewegungsraum und einem offenen Ohr für alle Fragen rund ums Familienleben.",
    "Begegnung, Bildung und Beratung für Familien aus {town} und den umliegenden Dörfern.",
]

CENTER_DESCRIPTION_OPENINGS = [
    "Unsere Kita ist seit {year} ein Thüringer Eltern-Kind-Zentrum. Neben der Betreuung der Kinder "
    "laden wir alle Familien aus {area} ein, unser Haus als Treffpunkt zu nutzen – auch wenn ihr Kind "
    "nicht bei uns betreut wird.",
    "Seit {year} öffnen wir unsere Türen für die Familien im Sozialraum {area}. Wer Fragen hat, "
    "andere Eltern kennenlernen oder einfach einen Kaffee trinken möchte, ist bei uns willkommen.",
    "Als ThEKiZ (seit {year}) verstehen wir uns als Anlaufstelle für alle Familien in {area}: "
    "niedrigschwellig, ohne Anmeldung und mit viel Zeit für Gespräche.",
]

CENTER_DESCRIPTION_MIDDLES = [
    "Gemeinsam mit unseren Partnern – etwa der Familienberatung und den Hebammen der Region – "
    "holen wir Unterstützung direkt ins Haus. Sie müssen dafür keine weiten Wege auf sich nehmen.",
    "Unsere Angebote entstehen aus den Wünschen der Eltern: Was Sie brauchen, sprechen wir beim "
    "Elterncafé oder im Elternrat ab und setzen es gemeinsam um.",
    "Viele unserer Angebote werden von Eltern und Ehrenamtlichen mitgestaltet. Großeltern, "
    "Nachbarinnen und Vereine aus dem Ort bringen ihre Ideen ein.",
]

CENTER_DESCRIPTION_CLOSINGS = [
    "Sprechen Sie uns einfach an – in der Bring- und Abholzeit oder telefonisch.",
    "Schauen Sie einfach vorbei; unsere Koordinatorin nimmt sich gern Zeit für Sie.",
    "Die aktuellen Termine finden Sie in unserem Programm und im Aushang am Eingang.",
]

CENTER_HIGHLIGHTS = [
    "Familiencafé an jedem Dienstagvormittag",
    "Hebammensprechstunde im Haus",
    "Großer Naturgarten mit Hochbeeten, den Familien mitnutzen können",
    "Elternbibliothek mit Büchern in mehreren Sprachen",
    "Bewegungsraum, der nachmittags für Familien offen ist",
    "Beratung durch die Erziehungsberatungsstelle vor Ort",
    "Gemeinsames Kochen in der Familienküche",
    "Tauschbörse für Kinderkleidung und Spielzeug",
    "Mehrsprachiges Team",
    "Angebote für Väter am Samstag",
    "Sprachcafé für neu zugezogene Familien",
    "Ausflüge in den Wald mit der ganzen Familie",
    "Elternrat, der das Programm mitbestimmt",
    "Kostenfreie Ausleihe von Spielen und Büchern",
]

ACCESSIBILITY_NOTES = [
    "Rampe am Seiteneingang, bitte klingeln.",
    "Aufzug im Nebengebäude.",
    "Parkplatz direkt vor dem Haus.",
    "",
    "",
    "",
]

STREETS = [
    "Bahnhofstraße",
    "Am Anger",
    "Schillerstraße",
    "Goethestraße",
    "Lindenstraße",
    "Gartenweg",
    "Schulstraße",
    "Friedensstraße",
    "Rosenweg",
    "Am Sportplatz",
    "Wiesenstraße",
    "Parkstraße",
    "Bergstraße",
    "Mühlweg",
    "Kirchplatz",
    "Ahornweg",
    "Birkenallee",
    "Sonnenstraße",
    "Am Bach",
    "Talstraße",
    "Waldweg",
    "Feldstraße",
    "Marktplatz",
    "Uferstraße",
]

# (name, kind, regions) — regions: which parts of Thuringia the operator works in.
NORTH, MIDDLE, EAST, SOUTH = "north", "middle", "east", "south"
OPERATORS = [
    ("AWO Familienwerk Mittelthüringen", "awo", {MIDDLE}),
    ("AWO Kinder- und Jugendhilfe Ostthüringen", "awo", {EAST}),
    ("DRK Kinderwelt Nordthüringen", "drk", {NORTH}),
    ("DRK Familiendienste Südthüringen", "drk", {SOUTH}),
    ("Caritas Familienhilfe Eichsfeld-Unstrut", "caritas", {NORTH}),
    ("Diakonie Kindertagesstätten Thüringer Wald", "diakonie", {SOUTH, MIDDLE}),
    ("Diakonisches Kita-Werk Saale-Orla", "diakonie", {EAST}),
    ("Volkssolidarität Kinderland", "volkssolidaritaet", {EAST, MIDDLE, NORTH}),
    ("Familienbrücke e. V.", "paritaetischer", {MIDDLE, EAST}),
    ("Kinderhaus Zukunft e. V.", "verein", {SOUTH, NORTH}),
    ("Kommunaler Kita-Verbund Ostthüringen", "kommune", {EAST}),
    ("Kommunaler Kita-Verbund Westthüringen", "kommune", {SOUTH, NORTH}),
    ("Evangelischer Kita-Verbund Werratal", "diakonie", {SOUTH}),
    ("Montessori-Familienverein Ilmtal e. V.", "verein", {MIDDLE}),
    ("Kinder- und Familienzentren Nordthüringen gGmbH", "sonstige", {NORTH}),
]

DISTRICT_REGION = {
    "16051": MIDDLE,
    "16052": EAST,
    "16053": EAST,
    "16054": SOUTH,
    "16055": MIDDLE,
    "16061": NORTH,
    "16062": NORTH,
    "16063": SOUTH,
    "16064": NORTH,
    "16065": NORTH,
    "16066": SOUTH,
    "16067": MIDDLE,
    "16068": MIDDLE,
    "16069": SOUTH,
    "16070": MIDDLE,
    "16071": MIDDLE,
    "16072": SOUTH,
    "16073": EAST,
    "16074": EAST,
    "16075": EAST,
    "16076": EAST,
    "16077": EAST,
}

MIDWIFE_NAMES = [
    "Anke Sommer",
    "Birgit Hahn",
    "Claudia Lenz",
    "Doreen Vogt",
    "Elena Brandt",
    "Franziska Wolf",
    "Grit Seidel",
    "Heike Roth",
    "Ines Kramer",
    "Jana Pohl",
    "Katrin Ebert",
    "Lisa Thiel",
    "Maren Fuchs",
    "Nadine Kern",
    "Olga Schreiber",
    "Petra Busch",
    "Romy Albrecht",
    "Sandra Winkler",
    "Tina Berger",
    "Ute Franke",
    "Vera Lorenz",
    "Wiebke Sauer",
]

MIDWIFE_PRACTICES = ["Storchennest", "Lebensanfang", "Mondkind", "Wurzelwerk", "Sternenkind"]

# kind → (name templates, services, cooperation topics)
PARTNER_TEMPLATES: dict[str, tuple[list[str], list[str], list[str]]] = {
    "beratungsstelle": (
        [
            "Erziehungs- und Familienberatung {town}",
            "Schwangerschafts- und Familienberatung {town}",
            "Beratungsstelle für Eltern, Kinder und Jugendliche {town}",
        ],
        [
            "Vertrauliche und kostenfreie Beratung bei Fragen zur Erziehung, bei Konflikten in der Familie, "
            "bei Trennung und Scheidung. Termine auch kurzfristig und auf Wunsch in der Kita.",
            "Beratung rund um Schwangerschaft, Geburt und die erste Zeit mit dem Baby, Hilfe bei Anträgen "
            "und finanziellen Sorgen. Vertraulich und auf Wunsch anonym.",
        ],
        [
            "Offene Sprechstunde in der Kita",
            "Elternabende zu Erziehungsfragen",
            "Fallberatung für das Team",
        ],
    ),
    "hebamme": (
        ["Hebamme {midwife}", "Hebammenpraxis {practice}"],
        [
            "Vorsorge in der Schwangerschaft, Geburtsvorbereitung, Wochenbettbetreuung und Rückbildung. "
            "Beratung zu Stillen und Ernährung im ersten Lebensjahr.",
            "Hebammenhilfe von der Schwangerschaft bis zum Ende der Stillzeit, Babymassage und "
            "Kurse zur Rückbildung.",
        ],
        ["Hebammensprechstunde", "Babymassage", "Rückbildungskurs", "Stillcafé"],
    ),
    "jugendamt": (
        ["Jugendamt {district}"],
        [
            "Beratung und Unterstützung für Familien, Hilfen zur Erziehung, Beistandschaften und "
            "Unterhaltsvorschuss. Ansprechpartner für den Kinderschutz."
        ],
        ["Netzwerktreffen im Sozialraum", "Fachberatung Kinderschutz", "Sprechstunde vor Ort"],
    ),
    "gesundheitsamt": (
        ["Gesundheitsamt {district} – Kinder- und Jugendgesundheit"],
        [
            "Kita-Untersuchungen, Impfberatung, Zahngesundheit und Beratung zu Entwicklung und "
            "Gesundheit von Kindern."
        ],
        ["Zahnputzaktion", "Impfberatung für Eltern", "Entwicklungsberatung"],
    ),
    "fruehe_hilfen": (
        ["Netzwerk Frühe Hilfen {district}", "Familienhebammen {district}"],
        [
            "Unterstützung für Schwangere und Familien mit Kindern bis drei Jahre: Familienhebammen, "
            "Willkommensbesuche und Lotsen zu passenden Hilfen."
        ],
        ["Willkommensbesuche", "Familienhebamme im Elterncafé", "Netzwerkkonferenz"],
    ),
    "familienbildung": (
        ["Familienbildungsstätte {town}", "Familienbildung im Familienzentrum {town}"],
        [
            "Kurse für Eltern: Erste Hilfe am Kind, Elternkurse zur Stärkung der Erziehung, "
            "Eltern-Kind-Gruppen und Vorträge."
        ],
        ["Elternkurs", "Erste Hilfe am Kind", "Themenabende"],
    ),
    "verein": (
        [
            "Großelterndienst {town} e. V.",
            "Lesepaten {town}",
            "Förderverein Familienleben {town} e. V.",
            "Familienpaten {town}",
        ],
        [
            "Ehrenamtliche unterstützen Familien im Alltag: Vorlesen, Begleitung zu Terminen, "
            "Leih-Großeltern und gemeinsame Feste."
        ],
        ["Vorlesestunde", "Leih-Großeltern", "Familienfest", "Kleiderbörse"],
    ),
    "schule": (
        ["Grundschule {town}"],
        [
            "Grundschule im Ort, mit der wir den Übergang von der Kita in die Schule gemeinsam gestalten."
        ],
        ["Übergang Kita–Schule", "Schnuppertage"],
    ),
    "bibliothek": (
        ["Stadtbibliothek {town}", "Gemeindebibliothek {town}"],
        [
            "Bücher, Spiele und Medien für Kinder und Eltern, Vorlesestunden und Bibliotheksführungen "
            "für Kita-Gruppen."
        ],
        ["Vorlesestunde", "Bibliotheksführerschein", "Bücherkiste für die Kita"],
    ),
    "sport": (
        ["SV Grün-Weiß {town} – Kinderturnen", "TSV {town} – Eltern-Kind-Turnen"],
        ["Eltern-Kind-Turnen, Kinderschwimmen und Bewegungsangebote für Familien."],
        ["Eltern-Kind-Turnen", "Bewegungsfest"],
    ),
    "wirtschaft": (
        ["Bäckerei Morgenrot {town}", "Gärtnerei Grünzeug {town}"],
        ["Örtlicher Betrieb, der Familienaktionen und Kita-Ausflüge unterstützt."],
        ["Backaktion mit Kindern", "Pflanzaktion im Kita-Garten"],
    ),
    "verwaltung": (
        ["Bürgerbüro {town}"],
        [
            "Anlaufstelle der Gemeindeverwaltung für Anträge, Meldeangelegenheiten und Familienleistungen."
        ],
        ["Sprechstunde zu Familienleistungen"],
    ),
    "sonstige": (
        ["Freiwillige Feuerwehr {town}", "Tafel {town}"],
        [
            "Engagement im Ort: Brandschutzerziehung, Unterstützung bei Festen und Hilfe für Familien in "
            "schwierigen Lagen."
        ],
        ["Brandschutzerziehung", "Familienfest"],
    ),
}

# Partner kinds each district gets (about seven partners per district).
PARTNER_KINDS_EVERY_DISTRICT = ["jugendamt", "fruehe_hilfen", "beratungsstelle", "hebamme"]
PARTNER_KINDS_SOME = [
    "beratungsstelle",
    "hebamme",
    "familienbildung",
    "verein",
    "bibliothek",
    "sport",
    "schule",
    "gesundheitsamt",
    "wirtschaft",
    "verwaltung",
    "sonstige",
    "verein",
]

# Languages beyond German, with how likely a centre's team speaks them.
EXTRA_LANGUAGES = [
    ("en", 0.55),
    ("ar", 0.2),
    ("uk", 0.25),
    ("ru", 0.25),
    ("tr", 0.08),
    ("fa", 0.08),
    ("pl", 0.08),
    ("ro", 0.05),
    ("vi", 0.05),
    ("prs", 0.04),
    ("ku", 0.04),
    ("dgs", 0.03),
]

# The nearest stop of centres in towns with trams or city buses (postcode → stops), as
# "stop (lines), way on foot"; each centre at such a postcode gets one.
NEAREST_STOPS: dict[str, list[str]] = {
    "99084": ["Anger (Straßenbahn 3, 4, 6), 4 Minuten zu Fuß"],
    "99085": ["Krämpferstraße (Straßenbahn 1, 5), 3 Minuten zu Fuß"],
    "99089": ["Berliner Platz (Straßenbahn 1, 6), 2 Minuten zu Fuß"],
    "99091": ["Moskauer Platz (Straßenbahn 3), 5 Minuten zu Fuß"],
    "99097": ["Herrenberg (Straßenbahn 3, 4), 3 Minuten zu Fuß"],
    "07545": ["Heinrichstraße (Straßenbahn 1, 3), 4 Minuten zu Fuß"],
    "07546": ["Bieblach-Ost (Straßenbahn 3), 2 Minuten zu Fuß"],
    "07549": ["Lusan/Zeulsdorf (Straßenbahn 1, 3), 3 Minuten zu Fuß"],
    "07743": ["Zwätzen (Straßenbahn 4), 5 Minuten zu Fuß"],
    "07747": ["Lobeda-West (Straßenbahn 1, 2, 5), 3 Minuten zu Fuß"],
    "07745": ["Winzerla (Straßenbahn 1, 3), 2 Minuten zu Fuß"],
    "07749": ["Wenigenjena/Schlegelsplatz (Bus 15), 2 Minuten zu Fuß"],
    "99423": ["Goetheplatz (Bus 1, 6), 5 Minuten zu Fuß"],
    "99427": ["Weimar-West (Bus 7), 3 Minuten zu Fuß"],
}

# Languages partners counsel in, beyond German, by kind: (code, how likely). Counselling
# services, Frühe Hilfen and the offices of the larger towns often have staff or regular
# interpreters for the languages of the families who came since 2015 and 2022.
PARTNER_LANGUAGES: dict[str, list[tuple[str, float]]] = {
    "beratungsstelle": [("en", 0.7), ("ar", 0.35), ("uk", 0.4), ("ru", 0.45), ("fa", 0.15)],
    "fruehe_hilfen": [("en", 0.5), ("ar", 0.25), ("uk", 0.3), ("ru", 0.3)],
    "jugendamt": [("en", 0.6), ("ru", 0.2), ("uk", 0.2)],
    "gesundheitsamt": [("en", 0.6), ("ar", 0.15), ("uk", 0.2)],
    "hebamme": [("en", 0.6), ("ru", 0.15), ("pl", 0.1), ("tr", 0.05)],
    "familienbildung": [("en", 0.5), ("uk", 0.2), ("ar", 0.15)],
}
# The towns where families who speak these languages mostly live: counselling there has
# at least one Arabic and one Ukrainian speaker.
PARTNER_LANGUAGES_CITIES = {"Erfurt", "Gera", "Jena", "Weimar", "Suhl"}
