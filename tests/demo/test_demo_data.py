import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from centers.models import Center, Cooperation, Operator
from demo.places import DEMO_REGIONS
from network.geo import distance_km, postcode_point
from network.models import District, Partner, Sozialraum
from network.places import location_resolve

pytestmark = pytest.mark.django_db


def snapshot() -> list[list[tuple]]:
    from events.models import Event
    from offers.models import Occurrence, Offer

    return [
        list(Event.objects.order_by("slug").values_list("slug", "starts", "center__slug")),
        list(
            Center.objects.order_by("slug").values_list(
                "slug", "postcode", "operator__name", "thekiz_since", "step_free_access"
            )
        ),
        list(Offer.objects.order_by("slug").values_list("slug", "center__slug", "cost")),
        list(
            Occurrence.objects.filter(cancelled=True)
            .order_by("offer__slug", "start")
            .values_list("offer__slug", "start", "cancel_reason")
        ),
    ]


def test_it_builds_a_realistic_network_over_all_22_districts():
    call_command("demo_data")
    assert 65 <= Center.objects.count() <= 80
    assert 140 <= Partner.objects.count() <= 170
    assert Operator.objects.count() >= 10
    assert set(Operator.objects.values_list("kind", flat=True)) >= {
        "awo",
        "drk",
        "kommune",
        "caritas",
        "diakonie",
    }
    assert District.objects.filter(sozialraeume__centers__isnull=False).distinct().count() == 22
    assert Cooperation.objects.count() >= 3 * Center.objects.count()
    # Every partner kind the directory filters by appears at least once.
    assert set(Partner.objects.values_list("kind", flat=True)) >= {
        "jugendamt",
        "hebamme",
        "beratungsstelle",
        "fruehe_hilfen",
    }
    # Growth of the real programme: at least 22 centres from 2015/16.
    assert Center.objects.filter(thekiz_since__lte=2016).count() >= 22
    # Partners counsel in German and often more; near Gera someone counsels in Arabic.
    assert not Partner.objects.filter(languages__isnull=True).exists()
    assert Partner.objects.filter(languages__code="en").count() >= 50
    assert Partner.objects.filter(
        kind="beratungsstelle", city="Gera", languages__code="ar"
    ).exists()
    assert Partner.objects.filter(languages__code="uk").count() >= 20
    # Centres in the towns with trams name their stop; every centre was checked this year.
    assert Center.objects.exclude(nearest_stop="").count() >= 10
    assert not Center.objects.filter(last_reviewed__isnull=True).exists()


def test_every_centre_gets_a_realistic_programme():
    from django.db.models import Count

    from offers.models import Occurrence, Offer

    call_command("demo_data")
    centres = Center.objects.annotate(n=Count("offers"))
    assert all(centre.n >= 5 for centre in centres)
    offers = Offer.objects.filter(status="published")
    assert (
        offers.filter(title__startswith="Krabbel").count()
        + offers.filter(title__startswith="Spielgruppe").count()
        == Center.objects.count()
    )
    # Courses of 6–8 dates, monthly breakfasts, a midwife's hour every second week.
    assert offers.filter(schedules__count__range=(6, 8)).count() == Center.objects.count()
    assert offers.filter(schedules__frequency="monthly").exists()
    assert offers.filter(schedules__interval=2, partner__kind="hebamme").exists()
    assert offers.filter(schedules__frequency="once").count() >= Center.objects.count()
    # Some cancellations, every centre a summer closure.
    assert Occurrence.objects.filter(cancelled=True).count() > 50
    assert (
        Center.objects.filter(closures__title="Sommerschließzeit").count() == Center.objects.count()
    )
    assert Occurrence.objects.filter(off_reason="closure").exists()
    # The Fachtag is an event for professionals, not an offer (and nowhere a "Kurs").
    assert not Offer.objects.filter(title__contains="Alle an Bord").exists()
    assert not offers.filter(host="coordination").exists()


def test_the_fachtag_is_an_event_for_professionals():
    from events.models import Event

    call_command("demo_data")
    fachtag = Event.objects.published().get(title__contains="Alle an Bord")
    assert fachtag.kind == Event.Kind.FACHTAG and fachtag.center is None
    assert fachtag.is_demo and "erfunden" in fachtag.venue_name
    assert len(fachtag.questions) == 3
    assert set(fachtag.target_groups.values_list("code", flat=True)) == {
        "entscheidung",
        "planung",
        "fachberatung",
        "leitung",
    }
    assert 3 <= fachtag.forums.count() <= 4
    assert all(forum.capacity.places == forum.places > 0 for forum in fachtag.forums.all())
    assert fachtag.capacity.places == 110 and fachtag.takes_sign_ups
    assert fachtag.programme.count() >= 5
    assert fachtag.starts > timezone.now()
    assert "Kurs " not in fachtag.summary and "Kurs." not in fachtag.summary
    # A regional meeting at a centre, and a past training for the list's second part.
    assert Event.objects.filter(kind=Event.Kind.REGIONAL_MEETING, center__city="Jena").exists()
    assert Event.objects.past(timezone.now()).filter(kind=Event.Kind.TRAINING).exists()


def test_it_is_deterministic():
    call_command("demo_data")
    first = snapshot()
    from events.models import Event
    from offers.models import Offer

    Event.objects.all().delete()
    Offer.objects.all().delete()
    Cooperation.objects.all().delete()
    Center.objects.all().delete()
    Partner.objects.all().delete()
    Operator.objects.all().delete()
    Sozialraum.objects.all().delete()
    get_user_model().objects.all().delete()
    call_command("demo_data")
    assert snapshot() == first


def test_it_refuses_a_database_with_centres_unless_asked_to_skip():
    call_command("demo_data")
    with pytest.raises(CommandError):
        call_command("demo_data")
    call_command("demo_data", "--if-empty")  # make run: fine, nothing happens
    assert 65 <= Center.objects.count() <= 80


def test_every_demo_postcode_is_real_and_lies_in_its_town():
    for areas in DEMO_REGIONS.values():
        for _, _, towns in areas:
            for town, postcode in towns:
                point = postcode_point(postcode)
                assert point is not None, postcode
                place = location_resolve(town)
                assert place is not None, town
                assert distance_km(point, place.point) < 10, (town, postcode)


def test_the_coordination_office_can_log_in_to_the_admin(client):
    from demo.build import DEMO_COORDINATION_EMAIL, DEMO_COORDINATION_PASSWORD

    call_command("demo_data")
    assert client.login(username=DEMO_COORDINATION_EMAIL, password=DEMO_COORDINATION_PASSWORD)
    # First the authenticator app, then the admin.
    response = client.get("/admin/centers/center/")
    assert response.status_code == 302 and "/konto/2fa/totp/activate/" in response["Location"]
    from django.contrib.auth import get_user_model

    from tests.conftest import with_totp

    with_totp(get_user_model().objects.get(email=DEMO_COORDINATION_EMAIL))
    assert client.get("/admin/centers/center/").status_code == 200


def test_demo_staff_accounts_belong_to_a_centre():
    from centers.models import Membership
    from demo.build import DEMO_PARTNER, DEMO_STAFF

    call_command("demo_data")
    for email, _password, role in DEMO_STAFF:
        membership = Membership.objects.get(user__email=email)
        assert membership.role == role
        assert membership.center.city == "Jena"
    partner = Membership.objects.get(user__email=DEMO_PARTNER[0])
    assert partner.role == Membership.Role.PARTNER and partner.center.city == "Jena"
    assert partner.center.cooperations.filter(partner=partner.partner).exists()


def test_the_demo_handbook_has_every_kind_of_page(client):
    from handbook.models import Document

    call_command("demo_data")
    documents = Document.objects.all()
    assert set(documents.values_list("kind", flat=True)) == set(Document.Kind.values)
    assert documents.filter(is_preface=True, status="published").count() == 1
    assert documents.filter(visibility="members").exists()
    assert documents.filter(status="draft").exists()
    mehrwert = documents.get(slug="mehrwert-fuer-kommunen")
    attachment = mehrwert.attachments.get()
    assert attachment.content_type == "application/pdf" and attachment.pages >= 1
    assert client.get(attachment.get_absolute_url()).status_code == 200
    method = documents.filter(kind="method").first()
    assert method.method.step_list
    assert documents.get(kind="faq").faq_entries.count() >= 5
    assert documents.get(kind="interview", slug="interview-buergermeister").interviewee


def test_an_older_demo_database_gets_the_handbook_on_the_next_run():
    from handbook.models import Document

    call_command("demo_data")
    Document.objects.all().delete()
    call_command("demo_data", "--if-empty")
    assert Document.objects.filter(slug="mehrwert-fuer-kommunen").exists()


def test_every_demo_sozialraum_knows_its_postcodes_and_is_found_by_its_name():
    from network.places import Outcome, place_resolve

    call_command("demo_data")
    for sozialraum in Sozialraum.objects.all():
        assert sozialraum.postcode_list, sozialraum
        resolution = place_resolve(sozialraum.name)
        assert resolution.outcome == Outcome.FOUND, sozialraum
        first = postcode_point(sozialraum.postcode_list[0])
        assert distance_km(resolution.location.point, first) < 15, sozialraum


def test_the_demo_staff_centre_has_sign_ups_with_a_waiting_list():
    from registrations.models import Registration

    call_command("demo_data")
    jena = Registration.objects.filter(
        capacity__occurrence__offer__center__city="Jena", status="waitlisted"
    )
    assert jena.exists()
    assert Registration.objects.filter(capacity__course_offer__isnull=False).count() == 3
    assert not Registration.objects.exclude(email="").exists()  # loading sends no mail


def test_past_dates_of_some_centres_in_every_district_have_attendance():
    from offers.models import Attendance
    from offers.selectors import attendance_dates

    call_command("demo_data")
    recorded = Attendance.objects.all()
    assert recorded.count() > 100
    districts = recorded.values("occurrence__offer__center__sozialraum__district").distinct()
    assert districts.count() == 22
    assert recorded.filter(took_place=False).exists()
    assert not recorded.filter(took_place=False, adults__gt=0).exists()
    assert not recorded.filter(occurrence__start__gte=timezone.now()).exists()
    # The staff demo centre has dates waiting to be counted.
    jena = Center.objects.filter(city="Jena").order_by("pk").first()
    waiting = attendance_dates(jena, timezone.localdate()).filter(recorded=False)
    assert waiting.exists()


def test_the_demo_planner_sees_saalfeld_rudolstadt_and_belongs_to_no_centre():
    from centers.models import Membership, PlannerAccess
    from demo.build import DEMO_PLANNER

    call_command("demo_data")
    email, password, _ags = DEMO_PLANNER
    (access,) = PlannerAccess.objects.filter(user__email=email).select_related("user", "district")
    assert access.district.name == "Saalfeld-Rudolstadt"
    assert access.user.check_password(password)
    assert not access.user.is_staff and not access.user.is_superuser
    assert not access.user.groups.exists()
    assert not Membership.objects.filter(user=access.user).exists()
