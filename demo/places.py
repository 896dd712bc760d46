"""Where the demo centres are: real towns and postcodes of Thuringia, invented Sozialräume.

Per district (by AGS): a list of Sozialräume, each with its towns as (town, postcode).
Each (town, postcode) gets one demo centre. tests/demo/test_demo_data.py checks
that every postcode exists and lies near the town of that name.
"""

DEMO_REGIONS: dict[str, list[tuple[str, str, list[tuple[str, str]]]]] = {
    # AGS: [(Sozialraum, description, [(town, postcode), ...]), ...]
    "16051": [  # Erfurt
        (
            "Erfurt-Innenstadt",
            "Altstadt und Vorstädte rund um den Anger.",
            [("Erfurt", "99084"), ("Erfurt", "99085")],
        ),
        (
            "Erfurt-Nord",
            "Großwohnsiedlungen am Berliner und Moskauer Platz, Rieth.",
            [("Erfurt", "99089"), ("Erfurt", "99091")],
        ),
        (
            "Erfurt-Südost",
            "Herrenberg, Wiesenhügel und Melchendorf.",
            [("Erfurt", "99097"), ("Erfurt", "99099")],
        ),
    ],
    "16052": [  # Gera
        ("Gera-Innenstadt", "Zentrum und Ostviertel.", [("Gera", "07545")]),
        (
            "Gera-Bieblach",
            "Bieblach-Ost und Langenberg im Norden der Stadt.",
            [("Gera", "07546"), ("Gera", "07552")],
        ),
        ("Gera-Lusan", "Das größte Neubaugebiet der Stadt.", [("Gera", "07549")]),
    ],
    "16053": [  # Jena
        ("Jena-Nord", "Nordviertel und Zwätzen.", [("Jena", "07743")]),
        ("Jena-Lobeda", "Lobeda-West und -Ost, Drackendorf.", [("Jena", "07747")]),
        ("Jena-Winzerla", "Winzerla und Burgau im Süden.", [("Jena", "07745")]),
        ("Jena-Ost", "Wenigenjena und Kernberge.", [("Jena", "07749")]),
    ],
    "16054": [  # Suhl
        ("Suhl-Mitte", "Innenstadt und Aue.", [("Suhl", "98527")]),
        ("Suhl-Nord", "Nord und Ilmenauer Straße.", [("Suhl", "98529")]),
    ],
    "16055": [  # Weimar
        ("Weimar-Innenstadt", "Altstadt und Nordvorstadt.", [("Weimar", "99423")]),
        ("Weimar-West", "Weimar-West und Schöndorf.", [("Weimar", "99427"), ("Weimar", "99425")]),
    ],
    "16061": [  # Eichsfeld
        (
            "Heiligenstadt und Umgebung",
            "Die Kreisstadt und die Dörfer im Leinetal.",
            [("Heilbad Heiligenstadt", "37308")],
        ),
        (
            "Leinefelde-Worbis",
            "Die Doppelstadt und ihre Ortsteile.",
            [("Leinefelde-Worbis", "37327")],
        ),
        ("Obereichsfeld", "Dingelstädt und die umliegenden Gemeinden.", [("Dingelstädt", "37351")]),
    ],
    "16062": [  # Nordhausen
        ("Nordhausen-Stadt", "Kernstadt und Salza.", [("Nordhausen", "99734")]),
        (
            "Bleicherode und Umland",
            "Kleinstadt und Dörfer am Rand der Hainleite.",
            [("Bleicherode", "99752")],
        ),
        ("Südharz", "Ellrich und die Harzdörfer.", [("Ellrich", "99755")]),
    ],
    "16063": [  # Wartburgkreis
        ("Eisenach", "Die Wartburgstadt, seit 2022 Teil des Kreises.", [("Eisenach", "99817")]),
        (
            "Hörselberg-Hainich",
            "Dörfer zwischen Hörselberg und Hainich.",
            [("Krauthausen", "99819")],
        ),
        ("Bad Salzungen und Werratal", "Kreisstadt und Werradörfer.", [("Bad Salzungen", "36433")]),
        ("Rhön und Vacha", "Dörfer an der Grenze zu Hessen.", [("Vacha", "36404")]),
        ("Ruhla und Thal", "Bergstadt im Thüringer Wald.", [("Ruhla", "99842")]),
    ],
    "16064": [  # Unstrut-Hainich-Kreis
        ("Mühlhausen", "Die Kreisstadt an der Unstrut.", [("Mühlhausen", "99974")]),
        ("Bad Langensalza", "Kurstadt und Hainichdörfer.", [("Bad Langensalza", "99947")]),
        (
            "Schlotheim und Umland",
            "Ländlicher Raum im Norden des Kreises.",
            [("Schlotheim", "99994")],
        ),
    ],
    "16065": [  # Kyffhäuserkreis
        ("Sondershausen", "Die Kreisstadt mit ihren Ortsteilen.", [("Sondershausen", "99706")]),
        ("Artern und Unstrutaue", "Kleinstadt und Dörfer an der Unstrut.", [("Artern", "06556")]),
        ("Bad Frankenhausen", "Kurstadt am Kyffhäusergebirge.", [("Bad Frankenhausen", "06567")]),
    ],
    "16066": [  # Schmalkalden-Meiningen
        ("Meiningen", "Theaterstadt an der Werra.", [("Meiningen", "98617")]),
        ("Schmalkalden", "Hochschulstadt und Umland.", [("Schmalkalden", "98574")]),
        ("Zella-Mehlis und Oberhof", "Orte am Rennsteig.", [("Zella-Mehlis", "98544")]),
        (
            "Haseltal",
            "Steinbach-Hallenberg und die Dörfer im Haseltal.",
            [("Steinbach-Hallenberg", "98587")],
        ),
    ],
    "16067": [  # Gotha
        ("Gotha-Stadt", "Residenzstadt und West.", [("Gotha", "99867")]),
        ("Waltershausen", "Puppenstadt am Thüringer Wald.", [("Waltershausen", "99880")]),
        (
            "Apfelstädtgrund",
            "Georgenthal und die Dörfer am Nordrand des Waldes.",
            [("Georgenthal", "99887")],
        ),
        ("Friedrichroda", "Kurort und Bergdörfer.", [("Friedrichroda", "99894")]),
    ],
    "16068": [  # Sömmerda
        ("Sömmerda-Stadt", "Die Kreisstadt an der Unstrut.", [("Sömmerda", "99610")]),
        ("Kölleda", "Kleinstadt und Dörfer der Finne.", [("Kölleda", "99625")]),
        ("Weißensee", "Ländlicher Raum im Westen des Kreises.", [("Weißensee", "99631")]),
    ],
    "16069": [  # Hildburghausen
        ("Hildburghausen", "Die Kreisstadt an der Werra.", [("Hildburghausen", "98646")]),
        ("Eisfeld", "Kleinstadt an der Grenze zu Bayern.", [("Eisfeld", "98673")]),
        ("Themar", "Dörfer im Werratal.", [("Themar", "98660")]),
    ],
    "16070": [  # Ilm-Kreis
        ("Arnstadt", "Die Bachstadt mit Rabenhold und Ost.", [("Arnstadt", "99310")]),
        ("Ilmenau", "Universitätsstadt und Ortsteile.", [("Ilmenau", "98693")]),
        ("Stadtilm", "Kleinstadt und Dörfer an der Ilm.", [("Stadtilm", "99326")]),
    ],
    "16071": [  # Weimarer Land
        ("Apolda", "Die Kreisstadt mit ihren Wohngebieten.", [("Apolda", "99510")]),
        ("Bad Berka", "Kurstadt im Ilmtal.", [("Bad Berka", "99438")]),
        ("Blankenhain", "Kleinstadt und Dörfer im Süden des Kreises.", [("Blankenhain", "99444")]),
    ],
    "16072": [  # Sonneberg
        ("Sonneberg-Stadt", "Spielzeugstadt und Wolkenrasen.", [("Sonneberg", "96515")]),
        ("Neuhaus am Rennweg", "Höhenorte am Rennsteig.", [("Neuhaus am Rennweg", "98724")]),
        ("Schalkau", "Dörfer im Itzgrund.", [("Schalkau", "96528")]),
    ],
    "16073": [  # Saalfeld-Rudolstadt
        ("Saalfeld", "Die Feengrottenstadt mit Gorndorf.", [("Saalfeld", "07318")]),
        ("Rudolstadt", "Residenzstadt und Schwarza.", [("Rudolstadt", "07407")]),
        (
            "Bad Blankenburg",
            "Kleinstadt am Eingang des Schwarzatals.",
            [("Bad Blankenburg", "07422")],
        ),
    ],
    "16074": [  # Saale-Holzland-Kreis
        ("Eisenberg", "Die Kreisstadt und ihr Umland.", [("Eisenberg", "07607")]),
        (
            "Stadtroda und Hermsdorf",
            "Orte am Holzland.",
            [("Stadtroda", "07646"), ("Hermsdorf", "07629")],
        ),
        ("Kahla", "Kleinstadt im Saaletal.", [("Kahla", "07768")]),
    ],
    "16075": [  # Saale-Orla-Kreis
        ("Pößneck", "Die größte Stadt des Kreises.", [("Pößneck", "07381")]),
        ("Schleiz", "Kreisstadt und Oberland.", [("Schleiz", "07907")]),
        ("Bad Lobenstein", "Moorbad im Frankenwald.", [("Bad Lobenstein", "07356")]),
    ],
    "16076": [  # Greiz
        ("Greiz", "Park- und Schlossstadt im Göltzschtal.", [("Greiz", "07973")]),
        ("Zeulenroda-Triebes", "Städte am Zeulenrodaer Meer.", [("Zeulenroda-Triebes", "07937")]),
        (
            "Ronneburg und Weida",
            "Kleinstädte im Norden des Kreises.",
            [("Ronneburg", "07580"), ("Weida", "07570")],
        ),
    ],
    "16077": [  # Altenburger Land
        ("Altenburg", "Skatstadt mit Nord und Südost.", [("Altenburg", "04600")]),
        ("Schmölln", "Kleinstadt an der Sprotte.", [("Schmölln", "04626")]),
        ("Meuselwitz", "Ehemaliges Braunkohlerevier.", [("Meuselwitz", "04610")]),
    ],
}
