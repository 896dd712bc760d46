"""The demo handbook's texts: the preface and the value-for-municipalities document carry
the facts of the source documents in our own words; methods, interviews, people and the
FAQ are invented but plausible, so that every kind of handbook page has content."""

TEAM = ("Team der Landeskoordinations- und Fachstelle ThEKiZ", "Redaktion", "")

PREFACE = {
    "title": "Vorwort",
    "summary": (
        "Warum es das ThEKiZ-Handbuch 2.0 gibt, wie es aufgebaut ist und wie Sie darin "
        "das finden, was Sie gerade brauchen."
    ),
    "body": """\
Liebe Fachkräfte in den ThEKiZ, liebe Partnerinnen und Partner im Netzwerk,

seit mehr als zehn Jahren arbeiten Thüringer Kitas als Eltern-Kind-Zentren. In dieser
Zeit haben uns aus dem Netzwerk unzählige Anregungen und Fragen erreicht. Die Antworten
darauf, die Empfehlungen und die Arbeitshilfen, die daraus entstanden sind, finden Sie
jetzt gesammelt im **ThEKiZ-Handbuch 2.0**.

Ein Buch zum Durchlesen von der ersten bis zur letzten Seite ist es nicht. Es besteht aus
kurzen, in sich abgeschlossenen Dokumenten, die auf die Umsetzung im Alltag zielen. Nehmen
Sie sich heraus, was für Sie gerade wichtig ist – über die Suche, die Bereiche oder die
Entwicklungsfelder.

Das Handbuch hat vier Bereiche:

- Interviews: Menschen aus Politik, Verwaltung und Praxis kommen zu Wort
- Mehrwerte von ThEKiZ
- ThEKiZ-Entwicklungsfelder und Methoden
- Fragen und Antworten

Damit die Texte nah an der Praxis bleiben, haben wir sie mit Gesprächen, Beispielen aus
Zentren und Methoden zum Ausprobieren ergänzt.

Viel Freude beim Stöbern und gutes Gelingen beim Umsetzen!
""",
}

MEHRWERT = {
    "title": "Kita als Ort der Unterstützung – Mehrwert von ThEKiZ für Kommunen",
    "slug": "mehrwert-fuer-kommunen",
    "summary": (
        "Warum sich Landkreise und Städte auf Eltern-Kind-Zentren stützen können: nah an "
        "den Familien, Knotenpunkt im Netzwerk, Partner in der kommunalen Planung."
    ),
    "body": """\
## Familienförderung ist kommunale Aufgabe

Landkreise und kreisfreie Städte sorgen im Rahmen der Daseinsvorsorge dafür, dass Familien
Unterstützung finden, wenn sie Fragen oder Sorgen haben. Die Grundlage dafür ist das
Kinder- und Jugendhilferecht (SGB VIII).

Die pädagogischen Fachkräfte in einem ThEKiZ erleben jeden Tag, was Familien beschäftigt.
Deshalb können sie früh und ohne Hürden Angebote machen oder beraten – besonders dort, wo
es um Vorbeugung und Gesundheit geht. Genau darin liegt der Gewinn für die Kommune.

## Knotenpunkte im Netzwerk

Ein ThEKiZ verbindet die Einrichtungen vor Ort, die Familien unterstützen: Beratungsstellen,
Hebammen, Jugendamt, Vereine. Es bündelt ihre Angebote und macht sie für Familien leichter
erreichbar. Weil die Strukturen vernetzt sind, kann die Kommune schnell und genau planen
und fördern, was Familien wirklich hilft.

## Was Familien erleben

Familien, die ein ThEKiZ besuchen, finden Anschluss an das Netzwerk ihres Sozialraums und
darüber hinaus. Sie erleben Gemeinschaft und Begleitung, werden zum Mitgestalten eingeladen
und bekommen Raum, sich selbst und gegenseitig zu helfen.

Weil sich Fachkräfte und Familien täglich begegnen, fallen Belastungen früh auf. Das Zentrum
kann dann begleiten oder gezielt an Partner im Netzwerk vermitteln, bevor aus einer
Schwierigkeit eine Krise wird.

## Nah dran im ländlichen Raum

Thüringen ist ein Flächenland mit nur wenigen größeren Städten. Ämter und Beratungsstellen
sind oft weit weg und für manche Familien schwer zu erreichen. Das ThEKiZ ist das Bindeglied
zwischen dem Auftrag der Kommune, Familien zu fördern, und den Familien selbst: Die Kommune
will gute Lebensbedingungen, das Zentrum hat den direkten Draht zu den Menschen.

## Gemeinsam planen: der kommunale Kreislauf

Damit Angebote zu den Bedarfen passen, arbeiten alle Beteiligten im kommunalen Netzwerk in
einem fortlaufenden Kreislauf zusammen:

1. Bedarfe erheben und auswerten
2. Angebote planen
3. Angebote umsetzen
4. Wirkung prüfen – und mit den Ergebnissen wieder bei Schritt 1 beginnen

Je besser diese Zusammenarbeit gelingt, desto wirksamer ist die Familienförderung vor Ort.

## Ein Standortvorteil für die Gemeinde

Wo Familien leben möchten, hängt auch von Kita, Schule und Beratung in der Nähe ab. Ein
Eltern-Kind-Zentrum im Ort steht für gute Lebensqualität und macht eine Gemeinde für junge
Familien attraktiv – ein Argument, das Kommunen in ihrer Standortpolitik nutzen können.
""",
}

METHODS = [
    {
        "title": "Sozialraumspaziergang mit Eltern",
        "slug": "sozialraumspaziergang",
        "summary": (
            "Eltern zeigen dem Team ihren Ort: Wo halten sie sich mit den Kindern auf, was "
            "fehlt, was macht Angst? Ein einfacher Einstieg in die Sozialraumanalyse."
        ),
        "fields": ["sozialraumorientierung", "elternbeteiligung"],
        "readerships": ["fachkraefte"],
        "goal": "Den Sozialraum mit den Augen der Familien sehen und Bedarfe entdecken",
        "duration": "etwa 2 Stunden",
        "group_size": "4 bis 10 Erwachsene, Kinder dürfen mit",
        "materials": "Ortsplan in DIN A3\nKlebepunkte in drei Farben\nSmartphone für Fotos\n"
        "Klemmbretter und Stifte",
        "steps": "Route gemeinsam mit zwei oder drei Eltern festlegen\n"
        "Beim Start erklären, worum es geht, und Einverständnis für Fotos einholen\n"
        "Unterwegs an jedem Halt fragen: Was gefällt Ihnen hier, was fehlt?\n"
        "Beobachtungen mit farbigen Punkten auf dem Plan markieren\n"
        "Im Zentrum bei Kaffee auswerten und drei Vorhaben vereinbaren",
        "body": """\
## Wann sich die Methode eignet

Wenn ein Zentrum neu startet oder sich der Ort verändert hat – etwa durch ein Neubaugebiet –
lohnt sich ein Spaziergang mit Eltern. Er kostet wenig und bringt oft mehr als ein Fragebogen.

## Worauf Sie achten sollten

Laden Sie gezielt auch Eltern ein, die selten ins Zentrum kommen. Planen Sie die Strecke
kinderwagentauglich und nicht länger als zwei Kilometer. Die Fotos gehören den Eltern:
Verwenden Sie sie nur mit deren Zustimmung.

## Beispiel aus der Praxis

In einem Zentrum im Saale-Holzland-Kreis zeigte der Spaziergang, dass der einzige Spielplatz
hinter einer stark befahrenen Straße liegt. Gemeinsam mit dem Ortschaftsrat wurde ein
Zebrastreifen beantragt – und das Zentrum bietet seitdem einen begleiteten
Spielplatznachmittag an.
""",
    },
    {
        "title": "Netzwerkkarte zeichnen",
        "slug": "netzwerkkarte",
        "summary": (
            "Das Team hält auf einem großen Bogen fest, mit wem das Zentrum zusammenarbeitet, "
            "wie eng – und wo Lücken sind."
        ),
        "fields": ["vernetzung-und-kooperation"],
        "readerships": ["fachkraefte", "traeger"],
        "goal": "Kooperationen sichtbar machen und die nächsten Partner auswählen",
        "duration": "90 Minuten",
        "group_size": "3 bis 8 Fachkräfte",
        "materials": "Packpapier oder Flipchart\nModerationskarten in zwei Farben\n"
        "Dicke Stifte\nKlebeband",
        "steps": "Das Zentrum als Kreis in die Mitte zeichnen\n"
        "Alle Partner auf Karten schreiben und nach Nähe anordnen\n"
        "Linien ziehen: durchgezogen für feste, gestrichelt für lose Kooperation\n"
        "Mit der zweiten Kartenfarbe fehlende Partner ergänzen\n"
        "Zwei Partner auswählen, die bis zum nächsten Halbjahr angesprochen werden",
        "body": """\
## Hintergrund

Viele Kooperationen hängen an einzelnen Personen. Die Netzwerkkarte macht sichtbar, welches
Wissen im Team steckt, und hilft, Kontakte auf mehrere Schultern zu verteilen.

## Tipp

Fotografieren Sie die Karte und wiederholen Sie die Übung einmal im Jahr. So sehen Sie, wie
das Netzwerk wächst – ein guter Beleg für Träger und Kommune.
""",
    },
    {
        "title": "Elterncafé gemeinsam planen",
        "slug": "elterncafe-planen",
        "summary": (
            "Ein Treffen, in dem Eltern das Programm ihres Elterncafés selbst bestimmen – "
            "Beteiligung von Anfang an statt Angebot von oben."
        ),
        "fields": ["elternbeteiligung", "ehrenamt"],
        "readerships": ["fachkraefte", "eltern"],
        "goal": "Eltern entscheiden mit, was im Elterncafé geschieht",
        "duration": "60 Minuten",
        "group_size": "5 bis 15 Eltern",
        "materials": "Plakat mit einem leeren Halbjahreskalender\nKlebezettel\n"
        "Getränke und etwas Obst",
        "steps": "Ankommen lassen, kurze Vorstellungsrunde mit Namen der Kinder\n"
        "Jede Person schreibt Wünsche und Themen auf Klebezettel\n"
        "Zettel gemeinsam sortieren und Themen bündeln\n"
        "Themen in den Kalender kleben und Verantwortliche finden\n"
        "Vereinbaren, wie über Änderungen informiert wird",
        "body": """\
## Warum Beteiligung wirkt

Eltern kommen eher wieder, wenn sie das Angebot mitgestaltet haben. Manche übernehmen später
selbst einen Termin – etwa ein Kochnachmittag oder eine Bastelrunde.

## Sprachen

Laden Sie mehrsprachig ein und bitten Sie Eltern, die zwei Sprachen sprechen, beim
Übersetzen zu helfen. Bildkarten erleichtern das Sortieren der Themen.
""",
    },
]

GUIDE_MEMBERS = {
    "title": "Fördermittel für Zentrumsarbeit beantragen",
    "slug": "foerdermittel-beantragen",
    "summary": (
        "Schritt für Schritt zum Antrag: Fristen, Nachweise und typische Stolpersteine. "
        "Mit Vorlagen für Sachbericht und Kostenplan."
    ),
    "fields": ["steuerung-und-finanzierung"],
    "readerships": ["traeger", "fachkraefte"],
    "body": """\
## Bevor Sie beginnen

Klären Sie mit Ihrem Träger, wer den Antrag unterschreibt und wer die Mittel verwaltet.
Legen Sie die Fristen des Jahres in einen gemeinsamen Kalender.

## Der Sachbericht

Beschreiben Sie, was sich für Familien verändert hat, nicht nur, welche Angebote es gab.
Zahlen aus dem Portal (Termine, Ausfälle, Kooperationen) helfen dabei.

## Der Kostenplan

Trennen Sie Personal-, Sach- und Honorarkosten und begründen Sie jede größere Position mit
einem Satz.
""",
}

INTERVIEWS = [
    {
        "title": "„Familien kommen dorthin, wo ihre Kinder sind“",
        "slug": "interview-jugendhilfeplanung",
        "summary": (
            "Eine Jugendhilfeplanerin erzählt, wie ihr Landkreis die Berichte der Zentren in "
            "die Planung einbezieht – und warum sie keine Planung ohne Kita mehr machen würde."
        ),
        "person": ("Sabine Rother", "Jugendhilfeplanerin", "Landratsamt (erfunden)"),
        "perspective": "administration",
        "fields": ["steuerung-und-finanzierung", "sozialraumorientierung"],
        "readerships": ["verwaltung", "politik"],
        "body": """\
## Der Blick aus der Verwaltung

**Frau Rother, was hat sich für Ihre Planung verändert, seit es im Landkreis ThEKiZ gibt?**

Wir bekommen Rückmeldungen aus erster Hand. Früher haben wir Bedarfe vor allem aus
Statistiken abgeleitet. Heute sagen uns die Zentren, welche Themen Familien gerade
beschäftigen – zum Beispiel, dass in einem Dorf seit Monaten keine Hebamme mehr Termine hat.

**Wie fließt das in die Planung ein?**

Zweimal im Jahr treffen sich die Koordinatorinnen der Zentren mit uns. Wir gehen die Themen
durch und prüfen, was wir als Kommune tun können. Manches lösen wir schnell, anderes kommt in
den nächsten Haushalt.

## Was Kommunen beitragen können

**Was wünschen Sie sich von anderen Kommunen?**

Dass sie die Zentren als Partner sehen, nicht als Bittsteller. Eine Kita, die Familien jeden
Tag sieht, ist die beste Antenne, die eine Kommune haben kann.
""",
    },
    {
        "title": "Ein Bürgermeister über sein Eltern-Kind-Zentrum",
        "slug": "interview-buergermeister",
        "summary": (
            "Warum eine kleine Gemeinde im Ilm-Kreis in ihr ThEKiZ investiert und was der "
            "Gemeinderat davon hat."
        ),
        "person": ("Thomas Weidner", "Bürgermeister", "Gemeinde (erfunden)"),
        "perspective": "politics",
        "fields": ["sozialraumorientierung", "vernetzung-und-kooperation"],
        "readerships": ["politik"],
        "body": """\
**Herr Weidner, warum setzt Ihre Gemeinde auf ein ThEKiZ?**

Weil junge Familien bleiben, wenn sie sich gut aufgehoben fühlen. Unser Zentrum ist der Ort,
an dem neue Familien als Erstes Anschluss finden.

**Was kostet das die Gemeinde?**

Vor allem Räume und Aufmerksamkeit. Wir stellen den Gemeindesaal für Veranstaltungen zur
Verfügung und laden die Leiterin regelmäßig in den Sozialausschuss ein.

**Ihr Rat an Kolleginnen und Kollegen?**

Gehen Sie hin und schauen Sie sich einen Vormittag im Zentrum an. Danach muss man niemanden
mehr überzeugen.
""",
    },
]

FAQ = {
    "title": "Häufige Fragen rund um ThEKiZ",
    "slug": "haeufige-fragen",
    "summary": (
        "Kurze Antworten auf Fragen, die uns Kitas, Träger und Kommunen immer wieder stellen."
    ),
    "fields": ["vernetzung-und-kooperation", "steuerung-und-finanzierung"],
    "readerships": ["fachkraefte", "traeger", "verwaltung"],
    "entries": [
        (
            "Was unterscheidet ein ThEKiZ von einer anderen Kita?",
            "Ein ThEKiZ ist weiterhin eine Kita. Zusätzlich richtet es sich an die ganzen "
            "Familien und an die Nachbarschaft: mit offenen Angeboten, Beratung und einem "
            "Netzwerk von Partnern, die Familien ohne Umwege erreichen.",
        ),
        (
            "Seit wann gibt es ThEKiZ in Thüringen?",
            "Seit 2015 werden in Thüringen Kitas zu Eltern-Kind-Zentren weiterentwickelt. "
            "Heute gibt es rund 70 ThEKiZ in allen Teilen des Landes.",
        ),
        (
            "Müssen Familien für die Angebote bezahlen?",
            "Die meisten Angebote sind kostenlos oder kosten nur einen kleinen Beitrag. Im "
            "Portal sehen Sie bei jedem Angebot, ob und was es kostet.",
        ),
        (
            "Wie finden wir passende Kooperationspartner?",
            "Beginnen Sie mit einer [Netzwerkkarte]"
            "(/handbuch/entwicklungsfelder-und-methoden/netzwerkkarte/) im Team. Das "
            "Netzwerkverzeichnis des Portals zeigt außerdem, wer in Ihrer Nähe schon mit "
            "anderen Zentren zusammenarbeitet.",
        ),
        (
            "Wer unterstützt uns beim Aufbau?",
            "Die Landeskoordinations- und Fachstelle ThEKiZ berät Kitas, Träger und "
            "Kommunen, organisiert Fachtage und den Austausch im Netzwerk.",
        ),
        (
            "Wie beziehen wir die Kommune ein?",
            "Laden Sie die Jugendhilfeplanung und die Gemeinde früh ein, berichten Sie "
            "regelmäßig über Bedarfe und Erfolge und nutzen Sie das Dokument zum Mehrwert von "
            "ThEKiZ für Kommunen als Gesprächsgrundlage.",
        ),
    ],
}

DRAFT = {
    "title": "Ehrenamtliche gewinnen und halten",
    "slug": "ehrenamt-gewinnen",
    "summary": "Wie Zentren Freiwillige finden, begleiten und ihnen danken. (In Arbeit.)",
    "fields": ["ehrenamt"],
    "readerships": ["fachkraefte"],
    "body": "## Gliederung\n\n- Wo Freiwillige zu finden sind\n- Einarbeitung\n- Anerkennung\n",
}
