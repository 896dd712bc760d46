"""The demo events for professionals: the coordination office's Fachtag "Alle an Bord – Auf
Kurs für Familien" with its forums and programme, a regional network meeting at a centre in
Jena, and a past online training. Dates and venues are invented and marked as demo."""

import datetime
from decimal import Decimal

from django.utils import timezone

from centers.models import Center
from events.models import Event, Forum, ProgrammeItem, TargetGroup
from events.services import event_places_sync

FACHTAG_QUESTIONS = [
    "Wie lässt sich, was anderswo gelingt, in die eigene Praxis übertragen?",
    "Wie setzen wir vorhandene Mittel so ein, dass sie bei den Familien ankommen?",
    "Welche Formen der Steuerung, welche Zugänge und welche Rahmen haben sich bewährt?",
]
FACHTAG_DESCRIPTION = (
    "Familien leben heute vielfältiger als früher, und die kommunale Familienpolitik muss "
    "darauf Antworten finden. Seit 2015 gibt es in Thüringen dafür die Eltern-Kind-Zentren: "
    "Kitas, die sich für die Familien ihres Viertels öffnen und ihnen ohne Hürden und ohne "
    "Stigma Wege zu Unterstützung bahnen.\n\n"
    "Der Fachtag bringt Menschen aus Politik, Verwaltung, Trägern und Einrichtungen zusammen. "
    "Er zeigt gelungene Beispiele, lässt Raum für Austausch und gibt Anstöße für die eigenen "
    "Ansätze vor Ort.\n\n"
    "*Dies ist eine Veranstaltung der Demo-Daten: Datum und Ort sind erfunden.*"
)
# (title, hosted by, description, places)
FACHTAG_FORUMS = [
    (
        "Forum 1: Vom guten Beispiel zur eigenen Praxis",
        "Moderation: Landeskoordinations- und Fachstelle ThEKiZ",
        "Zwei Landkreise berichten, wie sie ein Modell aus einer anderen Region angepasst "
        "haben – und was sie dabei unterschätzt hatten.",
        30,
    ),
    (
        "Forum 2: Mittel wirksam einsetzen",
        "Eine Jugendhilfeplanerin und ein Zentrumsleiter (Demo)",
        "Wie Bedarfe erhoben, Angebote geplant und Wirkungen geprüft werden: der kommunale "
        "Planungskreislauf an einem Beispiel durchgespielt.",
        30,
    ),
    (
        "Forum 3: Steuerung und Zugänge",
        "Fachberatung eines freien Trägers (Demo)",
        "Welche Runden, Absprachen und Zuständigkeiten tragen ein Zentrum im Sozialraum, und "
        "wie finden Familien den Weg hinein?",
        25,
    ),
    (
        "Forum 4: Eltern und Ehrenamt beteiligen",
        "Koordinatorinnen zweier Zentren (Demo)",
        "Eltern gestalten Angebote mit, Ehrenamtliche und Partner bringen sich ein: "
        "Erfahrungen, Stolpersteine, Ideen zum Mitnehmen.",
        25,
    ),
]
# (start, end, title, speakers)
FACHTAG_PROGRAMME = [
    ((9, 0), (9, 30), "Ankommen, Anmeldung und Kaffee", ""),
    ((9, 30), (10, 0), "Begrüßung", "Landeskoordinations- und Fachstelle ThEKiZ"),
    (
        (10, 0),
        (10, 45),
        "Impuls: Zehn Jahre Eltern-Kind-Zentren in Thüringen – was trägt?",
        "Eine Stimme aus der Wissenschaft (Demo)",
    ),
    ((10, 45), (11, 0), "Pause", ""),
    ((11, 0), (12, 30), "Foren 1 bis 4", ""),
    ((12, 30), (13, 30), "Mittagspause", ""),
    (
        (13, 30),
        (14, 30),
        "Gespräch: Kommunen, Träger und Zentren an einem Tisch",
        "Gäste aus den Foren",
    ),
    ((14, 30), (15, 0), "Ausblick und Abschluss", "Landeskoordinations- und Fachstelle ThEKiZ"),
]


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _weekday_on_or_after(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def fachtag_create(today: datetime.date) -> Event:
    """The Fachtag, about four months ahead on a Wednesday."""
    day = _weekday_on_or_after(today + datetime.timedelta(days=120), 2)
    event = Event.objects.create(
        title="Alle an Bord – Auf Kurs für Familien",
        slug="alle-an-bord-auf-kurs-fuer-familien",
        kind=Event.Kind.FACHTAG,
        starts=_at(day, 9),
        ends=_at(day, 15),
        summary="Ein Fachtag für alle, die vor Ort Familienpolitik gestalten: gelungene "
        "Praxis, Austausch in vier Foren und Ideen für die eigene Arbeit.",
        description=FACHTAG_DESCRIPTION,
        guiding_questions="\n".join(FACHTAG_QUESTIONS),
        venue_name="Demo-Tagungshaus (erfunden)",
        street="Beispielweg 1",
        postcode="99084",
        city="Erfurt",
        latitude=Decimal("50.978600"),
        longitude=Decimal("11.030000"),
        registration_deadline=_at(day - datetime.timedelta(days=28), 23, 59),
        contact_email="fachtag@thekiz.example",
        places=110,
        status=Event.Status.PUBLISHED,
        is_demo=True,
    )
    event.target_groups.set(TargetGroup.objects.all())
    for position, (title, speakers, description, places) in enumerate(FACHTAG_FORUMS):
        Forum.objects.create(
            event=event,
            title=title,
            speakers=speakers,
            description=description,
            places=places,
            position=position,
        )
    ProgrammeItem.objects.bulk_create(
        ProgrammeItem(
            event=event,
            start_time=datetime.time(*start),
            end_time=datetime.time(*end),
            title=title,
            speakers=speakers,
        )
        for start, end, title, speakers in FACHTAG_PROGRAMME
    )
    event_places_sync(event)  # the places of the day and of each forum
    return event


def regional_meeting_create(today: datetime.date) -> Event | None:
    """A network meeting for the centres of a region, hosted by a centre in Jena."""
    center = Center.objects.filter(city="Jena").order_by("pk").first()
    if center is None:
        return None
    day = _weekday_on_or_after(today + datetime.timedelta(days=45), 1)
    event = Event.objects.create(
        title="Netzwerktreffen Ostthüringen",
        slug="netzwerktreffen-ostthueringen",
        kind=Event.Kind.REGIONAL_MEETING,
        center=center,
        starts=_at(day, 13),
        ends=_at(day, 16),
        summary="Die Zentren der Region tauschen sich über ihre Jahresplanung aus und "
        "stellen neue Kooperationen vor.",
        guiding_questions="Welche Angebote wollen wir gemeinsam planen?\n"
        "Welche Partner fehlen uns noch?",
        venue_name=center.name,
        street=center.street,
        postcode=center.postcode,
        city=center.city,
        latitude=center.latitude,
        longitude=center.longitude,
        status=Event.Status.PUBLISHED,
        is_demo=True,
    )
    event.target_groups.set(TargetGroup.objects.filter(code__in=["leitung", "fachberatung"]))
    return event


def past_training_create(today: datetime.date) -> Event:
    """An online training that has taken place."""
    day = _weekday_on_or_after(today - datetime.timedelta(days=60), 3)
    return Event.objects.create(
        title="Fortbildung: Sozialraumspaziergänge planen",
        slug="fortbildung-sozialraumspaziergaenge",
        kind=Event.Kind.TRAINING,
        starts=_at(day, 9, 30),
        ends=_at(day, 12, 30),
        summary="Wie ein Zentrum mit Familien seinen Sozialraum erkundet: Vorbereitung, "
        "Durchführung, Auswertung.",
        online=True,
        fee=Decimal("45.00"),
        status=Event.Status.PUBLISHED,
        is_demo=True,
    )


def events_demo_create(today: datetime.date) -> int:
    """All demo events; returns how many there are."""
    events = [
        fachtag_create(today),
        regional_meeting_create(today),
        past_training_create(today),
    ]
    return len([event for event in events if event])
