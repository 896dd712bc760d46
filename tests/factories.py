"""factory_boy factories. Districts, languages and places come from the data migrations."""

import factory
from django.contrib.auth import get_user_model
from django.utils.text import slugify

from centers.models import Center, Cooperation, Membership, OpeningHours, Operator
from network.geo import coordinate, postcode_point
from network.models import District, Language, Partner, Sozialraum


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
