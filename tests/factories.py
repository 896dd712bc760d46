"""factory_boy factories. Districts, languages, places, categories and audiences come from
the data migrations."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from centers.models import Center, Cooperation, Membership, OpeningHours, Operator
from handbook.models import Document, Person, Section
from handbook.services import document_refresh
from network.geo import coordinate, postcode_point
from network.models import District, Language, Partner, Sozialraum
from offers.models import Closure, Offer, Schedule


def district(ags: str = "16053") -> District:
    return District.objects.get(ags=ags)


def language(code: str) -> Language:
    return Language.objects.get(code=code)


class SozialraumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sozialraum

    district = factory.LazyFunction(district)
    name = factory.Sequence(lambda n: f"Sozialraum {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class OperatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Operator

    name = factory.Sequence(lambda n: f"Träger {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = Operator.Kind.AWO


class _Located(factory.django.DjangoModelFactory):
    """Coordinates from the postcode, like the admin form does."""

    street = "Marktplatz 1"
    postcode = "07743"
    city = "Jena"
    latitude = factory.LazyAttribute(lambda o: coordinate(postcode_point(o.postcode).latitude))
    longitude = factory.LazyAttribute(lambda o: coordinate(postcode_point(o.postcode).longitude))


class CenterFactory(_Located):
    class Meta:
        model = Center

    name = factory.Sequence(lambda n: f"ThEKiZ Kita Sonnenschein {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    operator = factory.SubFactory(OperatorFactory)
    sozialraum = factory.SubFactory(SozialraumFactory)
    thekiz_since = 2019
    summary = "Offener Treff für Familien."
    description = "Wir laden alle Familien ein."


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningHours

    center = factory.SubFactory(CenterFactory)
    weekday = OpeningHours.Weekday.MONDAY
    opens = "07:00"
    closes = "16:00"


class PartnerFactory(_Located):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Familienberatung {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = Partner.Kind.COUNSELLING
    services = "Beratung für Eltern."


class CooperationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cooperation

    center = factory.SubFactory(CenterFactory)
    partner = factory.SubFactory(PartnerFactory)
    kind = Cooperation.Kind.REGULAR
    topics = "Sprechstunde"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@thekiz.example")
    username = factory.LazyAttribute(lambda o: o.email)
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery 1")

    @factory.post_generation
    def _save(self, create, extracted, **kwargs):
        if create:
            self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    center = factory.SubFactory(CenterFactory)
    role = Membership.Role.STAFF


class ClosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Closure

    center = factory.SubFactory(CenterFactory)
    title = "Sommerschließzeit"
    start_date = factory.LazyFunction(lambda: datetime.date(2027, 7, 12))
    end_date = factory.LazyFunction(lambda: datetime.date(2027, 7, 30))


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer
        skip_postgeneration_save = True

    center = factory.SubFactory(CenterFactory)
    title = factory.Sequence(lambda n: f"Krabbelgruppe {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = "Spielen und krabbeln."
    status = Offer.Status.PUBLISHED

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set(extracted)


class ScheduleFactory(factory.django.DjangoModelFactory):
    """Weekly on Tuesdays, 9:30–11:00, from the next Tuesday on."""

    class Meta:
        model = Schedule

    offer = factory.SubFactory(OfferFactory)
    frequency = Schedule.Frequency.WEEKLY
    weekdays = "TU"
    start_date = factory.LazyFunction(
        lambda: (
            timezone.localdate()
            + datetime.timedelta(days=(1 - timezone.localdate().weekday()) % 7 or 7)
        )
    )
    start_time = datetime.time(9, 30)
    end_time = datetime.time(11, 0)


def weekly_offer(
    *,
    weekdays: str = "TU",
    start: datetime.date | None = None,
    start_time: datetime.time = datetime.time(9, 30),
    end_time: datetime.time = datetime.time(11, 0),
    sync: bool = True,
    today: datetime.date | None = None,
    **offer_fields,
) -> Offer:
    """A published offer with one weekly schedule, its dates materialised."""
    from offers.services import offer_occurrences_sync

    offer = OfferFactory(**offer_fields)
    schedule_fields = {"weekdays": weekdays, "start_time": start_time, "end_time": end_time}
    if start:
        schedule_fields["start_date"] = start
    ScheduleFactory(offer=offer, **schedule_fields)
    if sync:
        offer_occurrences_sync(offer, today=today)
    return offer


def section(slug: str = "mehrwerte") -> Section:
    """One of the handbook's four sections (data migration)."""
    return Section.objects.get(slug=slug)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Autorin {n}")
    role = "Fachberatung"


class DocumentFactory(factory.django.DjangoModelFactory):
    """A published, public article, rendered and indexed as a save in the admin leaves it
    (``document_refresh``)."""

    class Meta:
        model = Document
        skip_postgeneration_save = True  # a save would blank what is built below

    title = factory.Sequence(lambda n: f"Dokument {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    section = factory.LazyFunction(section)
    kind = Document.Kind.ARTICLE
    summary = "Eine kurze Zusammenfassung."
    body = "## Einleitung\n\nText des Dokuments."
    status = Document.Status.PUBLISHED
    publish_date = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    visibility = Document.Visibility.PUBLIC

    @factory.post_generation
    def refreshed(self, create: bool, extracted, **kwargs) -> None:
        if create:
            document_refresh(self)


def pdf_bytes(text: str = "Hallo", pages: int = 1) -> bytes:
    """A real PDF with ``pages`` pages (fpdf2)."""
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
        pdf.set_font("Helvetica", size=12)
        pdf.cell(text=text)
    return bytes(pdf.output())


def pdf_with(change) -> bytes:
    """A real PDF changed by ``change(writer)`` (a pypdf PdfWriter)."""
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    change(writer)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def zip_package(parts: dict[str, bytes], deflated: bool = False) -> bytes:
    """A zip file with these parts (office documents are zip packages), stored or packed."""
    import io
    import zipfile

    buffer = io.BytesIO()
    compression = zipfile.ZIP_DEFLATED if deflated else zipfile.ZIP_STORED
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for part, content in parts.items():
            archive.writestr(part, content)
    return buffer.getvalue()
