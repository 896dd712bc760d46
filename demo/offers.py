"""The demo programme: every centre's week, courses, monthly breakfasts, midwife hours,
single events, some cancellations and a summer closure. The coordination office's Fachtag
is an event for professionals (demo/events.py), not an offer."""

import datetime
import random
from collections.abc import Callable
from decimal import Decimal

from centers.models import Center
from network.models import Language, Partner
from offers.models import Audience, Category, Closure, Offer, Schedule
from offers.services import occurrence_cancel, offer_occurrences_sync
from offers.weekdays import WEEKDAY_CODES

CANCEL_REASONS = [
    "Krankheit im Team",
    "Fortbildung des Teams",
    "Die Kita macht einen Ausflug",
    "Wasserschaden im Gruppenraum",
]
NOTES = [
    "Diesmal im Garten – bitte wetterfeste Kleidung mitbringen.",
    "Heute mit Vorlesestunde der Bibliothek.",
    "Bitte Hausschuhe für die Kinder mitbringen.",
]

MEETING_TITLES = ["Eltern-Café", "Offener Familientreff", "Familiencafé am Vormittag"]
CRAWLING_TITLES = [
    "Krabbelgruppe",
    "Krabbelgruppe „Kleine Entdecker“",
    "Spielgruppe für die Kleinsten",
]
COURSES = [
    (
        "Elternkurs: Gelassen durch die Trotzphase",
        "Sechs Abende für Eltern von Kindern zwischen zwei und vier Jahren: wie Grenzen setzen, "
        "ohne laut zu werden.",
    ),
    (
        "Elternkurs: Gut ankommen im Familienleben",
        "Ein Kurs für Eltern im ersten Lebensjahr: Schlafen, Weinen, Stillen und Beikost – und "
        "wie Sie auf sich selbst achten.",
    ),
    (
        "Erste Hilfe am Kind",
        "Was tun bei Fieber, Sturz oder Verschlucken? Ein Kurs in Zusammenarbeit mit einer "
        "Rettungsorganisation.",
    ),
]
EVENTS = [
    (
        "Kinderkleider-Flohmarkt",
        "Kaufen und verkaufen Sie Kinderkleidung, Spielzeug und Bücher.",
        "feste-familienaktionen",
        (3, 14),
    ),
    (
        "Frühlingsfest im Garten",
        "Ein Nachmittag mit Spielen, Kuchen und Musik für die ganze Familie.",
        "feste-familienaktionen",
        (4, 24),
    ),
    (
        "Familienwanderung",
        "Gemeinsam unterwegs in der Umgebung, mit Picknick am Ziel.",
        "natur-ausfluege",
        (5, 22),
    ),
    (
        "Sommerfest",
        "Unser großes Fest zum Ende des Kita-Jahres – alle Familien aus dem Viertel "
        "sind eingeladen.",
        "feste-familienaktionen",
        (6, 19),
    ),
    (
        "Adventsbasteln für Familien",
        "Wir basteln gemeinsam Sterne, Laternen und kleine Geschenke.",
        "kreativ-kultur",
        (12, 5),
    ),
]


def _date_on_or_after(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def _next_occurrence_of(month: int, day: int, today: datetime.date) -> datetime.date:
    candidate = datetime.date(today.year, month, day)
    if candidate < today + datetime.timedelta(days=7):
        candidate = datetime.date(today.year + 1, month, day)
    return candidate


class ProgrammeBuilder:
    def __init__(self, rng: random.Random, today: datetime.date, slug: Callable[[str], str]):
        self.rng = rng
        self.today = today
        self.slug = slug
        self.categories = {c.slug: c for c in Category.objects.all()}
        self.audiences = {a.code: a for a in Audience.objects.all()}
        self.languages = {language.code: language for language in Language.objects.all()}
        self.offers: list[Offer] = []

    def offer(
        self,
        center: Center | None,
        title: str,
        *,
        categories: list[str],
        audiences: list[str],
        schedules: list[dict],
        **fields,
    ) -> Offer:
        place = fields.pop("place_label", center.name.split()[-1] if center else "")
        offer = Offer.objects.create(
            host=Offer.Host.CENTER if center else Offer.Host.COORDINATION_OFFICE,
            center=center,
            title=title,
            slug=self.slug(f"{title} {place}"),
            status=Offer.Status.PUBLISHED,
            last_reviewed=self.today - datetime.timedelta(days=self.rng.randint(5, 300)),
            barrier_free=center.step_free_access if center else True,
            pram_friendly=center.pram_friendly if center else False,
            **fields,
        )
        offer.categories.set([self.categories[slug] for slug in categories])
        offer.audiences.set([self.audiences[code] for code in audiences])
        offer.languages.set([self.languages["de"]])
        for schedule in schedules:
            Schedule.objects.create(offer=offer, **schedule)
        self.offers.append(offer)
        return offer

    def centre_programme(
        self, center: Center, midwife: Partner | None, counselling: Partner | None
    ) -> None:
        rng, today = self.rng, self.today
        since = today - datetime.timedelta(days=rng.randint(60, 400))
        meeting_day, crawling_day = rng.sample([0, 1, 2, 3], 2)
        self.offer(
            center,
            rng.choice(MEETING_TITLES),
            summary="Kommen Sie vorbei, trinken Sie einen Kaffee und lernen Sie andere Eltern "
            "kennen – mit oder ohne Kinder.",
            description="Unser Café ist offen für alle Familien aus dem Viertel. Die Kinder "
            "spielen, die Eltern kommen ins Gespräch, und eine Fachkraft hat Zeit "
            "für Ihre Fragen.\n\n- ohne Anmeldung\n- kostenfrei\n- Kaffee, Tee "
            "und etwas Obst stehen bereit",
            categories=["begegnung"],
            audiences=["familien", "eltern", "grosseltern"],
            schedules=[
                {
                    "frequency": "weekly",
                    "weekdays": WEEKDAY_CODES[meeting_day],
                    "start_date": _date_on_or_after(since, meeting_day),
                    "start_time": datetime.time(9, 0),
                    "end_time": datetime.time(11, 0),
                }
            ],
        )
        self.offer(
            center,
            rng.choice(CRAWLING_TITLES),
            summary="Spielen, singen und krabbeln für Babys und Kleinkinder mit ihren Eltern.",
            description="Die Kleinsten entdecken Spielzeug, Lieder und Fingerspiele, die Eltern "
            "tauschen sich aus. Bitte bringen Sie eine Decke und Hausschuhe mit.",
            categories=["eltern-kind-gruppen"],
            audiences=["eltern", "kinder"],
            age_min_months=6,
            age_max_months=24,
            cost=rng.choice([Offer.Cost.FREE, Offer.Cost.DONATION]),
            schedules=[
                {
                    "frequency": "weekly",
                    "weekdays": WEEKDAY_CODES[crawling_day],
                    "start_date": _date_on_or_after(since, crawling_day),
                    "start_time": datetime.time(9, 30),
                    "end_time": datetime.time(11, 0),
                }
            ],
        )
        self.offer(
            center,
            "Familienfrühstück",
            summary="Einmal im Monat frühstücken wir gemeinsam – jede Familie bringt eine "
            "Kleinigkeit mit.",
            categories=["begegnung", "feste-familienaktionen"],
            audiences=["familien"],
            cost=Offer.Cost.DONATION,
            cost_note="Spenden gehen in die Kasse des Elternrats.",
            schedules=[
                {
                    "frequency": "monthly",
                    "weekdays": rng.choice(["FR", "SA"]),
                    "month_week": rng.choice([1, -1]),
                    "start_date": since,
                    "start_time": datetime.time(9, 0),
                    "end_time": datetime.time(11, 0),
                }
            ],
        )
        title, summary = rng.choice(COURSES)
        course_start = _date_on_or_after(
            today + datetime.timedelta(days=rng.randint(3, 50)), rng.choice([1, 2, 3])
        )
        fee = rng.random() < 0.5
        self.offer(
            center,
            title,
            summary=summary,
            categories=["elternbildung"],
            audiences=["eltern"],
            cost=Offer.Cost.AMOUNT if fee else Offer.Cost.FREE,
            cost_amount=Decimal(rng.choice(["25.00", "30.00", "40.00"])) if fee else None,
            cost_note="Ermäßigung auf Nachfrage." if fee else "",
            registration=Offer.Registration.COURSE,
            capacity=rng.choice([10, 12, 14]),
            registration_info="Bitte melden Sie sich telefonisch oder im Büro an.",
            childcare=rng.random() < 0.6,
            schedules=[
                {
                    "frequency": "weekly",
                    "weekdays": WEEKDAY_CODES[course_start.weekday()],
                    "start_date": course_start,
                    "count": rng.choice([6, 7, 8]),
                    "start_time": datetime.time(18, 30),
                    "end_time": datetime.time(20, 30),
                }
            ],
        )
        if midwife:
            midwife_day = rng.choice([1, 3])
            self.offer(
                center,
                "Hebammensprechstunde",
                partner=midwife,
                summary="Fragen rund um Schwangerschaft, Stillen und das erste Jahr – die "
                "Hebamme nimmt sich Zeit.",
                categories=["schwangerschaft-fruehe-hilfen", "gesundheit-bewegung"],
                audiences=["schwangere", "eltern"],
                age_max_months=12,
                schedules=[
                    {
                        "frequency": "weekly",
                        "interval": 2,
                        "weekdays": WEEKDAY_CODES[midwife_day],
                        "start_date": _date_on_or_after(since, midwife_day),
                        "start_time": datetime.time(14, 0),
                        "end_time": datetime.time(16, 0),
                    }
                ],
            )
        if counselling and rng.random() < 0.5:
            self.offer(
                center,
                "Offene Erziehungsberatung",
                partner=counselling,
                summary="Einmal im Monat berät eine Fachkraft der Beratungsstelle in unserem Haus "
                "– vertraulich und kostenfrei.",
                categories=["beratung"],
                audiences=["eltern"],
                schedules=[
                    {
                        "frequency": "monthly",
                        "weekdays": "WE",
                        "month_week": 2,
                        "start_date": since,
                        "start_time": datetime.time(15, 0),
                        "end_time": datetime.time(17, 0),
                    }
                ],
            )
        if rng.random() < 0.35:
            offer = self.offer(
                center,
                "Sprachcafé",
                summary="Deutsch sprechen üben, Fragen zum Alltag klären, Nachbarn kennenlernen.",
                categories=["sprache-integration", "begegnung"],
                audiences=["eltern", "familien"],
                schedules=[
                    {
                        "frequency": "weekly",
                        "weekdays": "TH",
                        "start_date": since,
                        "start_time": datetime.time(15, 30),
                        "end_time": datetime.time(17, 0),
                    }
                ],
            )
            offer.languages.add(self.languages["ar"], self.languages["uk"])
        for title, summary, category, (month, day) in rng.sample(EVENTS, rng.randint(1, 2)):
            self.offer(
                center,
                title,
                summary=summary,
                categories=[category],
                audiences=["familien"],
                runs_on_holidays=True,
                schedules=[
                    {
                        "frequency": "once",
                        "start_date": _next_occurrence_of(month, day, today),
                        "start_time": datetime.time(14, 0),
                        "end_time": datetime.time(17, 0),
                    }
                ],
            )
        summer = datetime.date(today.year + (today.month > 8), 7, 1)
        start = summer + datetime.timedelta(days=7 * rng.randint(1, 5))
        Closure.objects.create(
            center=center,
            title="Sommerschließzeit",
            start_date=start,
            end_date=start + datetime.timedelta(days=rng.choice([13, 20])),
        )

    def expand_with_exceptions(self) -> dict[str, int]:
        """Materialise all dates, then cancel, move and annotate a few of them."""
        counts = {"occurrences": 0, "cancelled": 0}
        for offer in self.offers:
            offer_occurrences_sync(offer, today=self.today)
            upcoming = list(offer.occurrences.filter(off_reason="").order_by("start")[:20])
            counts["occurrences"] += offer.occurrences.count()
            for index, occurrence in enumerate(upcoming):
                roll = self.rng.random()
                if index > 0 and roll < 0.04:
                    occurrence_cancel(occurrence=occurrence, reason=self.rng.choice(CANCEL_REASONS))
                    counts["cancelled"] += 1
                elif roll > 0.97:
                    occurrence.note = self.rng.choice(NOTES)
                    occurrence.save(update_fields=["note"])
        return counts
