import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from events.models import Event, Participant, TargetGroup
from events.services import event_places_sync, participant_sign_up
from registrations.models import Registration
from tests.conftest import with_totp
from tests.events.factories import EventFactory, admin_action, event_with_forum
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def admin_event_form(day: datetime.date, **changes) -> dict:
    return {
        "title": "Fachtag Nord",
        "slug": "fachtag-nord",
        "kind": "fachtag",
        "status": "published",
        "starts_0": day.isoformat(),
        "starts_1": "09:00",
        "ends_0": day.isoformat(),
        "ends_1": "15:00",
        "places": "80",
        "venue_name": "Tagungshaus",
        "street": "Anger 1",
        "postcode": "99084",
        "city": "Erfurt",
        "summary": "Ein Tag für Planerinnen und Planer.",
        "target_groups": [TargetGroup.objects.get(code="planung").pk],
        "programme-TOTAL_FORMS": "1",
        "programme-INITIAL_FORMS": "0",
        "programme-MIN_NUM_FORMS": "0",
        "programme-MAX_NUM_FORMS": "1000",
        "programme-0-start_time": "09:00",
        "programme-0-end_time": "09:30",
        "programme-0-title": "Begrüßung",
        "forums-TOTAL_FORMS": "2",
        "forums-INITIAL_FORMS": "0",
        "forums-MIN_NUM_FORMS": "0",
        "forums-MAX_NUM_FORMS": "1000",
        "forums-0-title": "Forum 1",
        "forums-0-position": "1",
        "forums-0-places": "30",
        "forums-1-title": "Forum 2",
        "forums-1-position": "2",
        "forums-1-places": "25",
        **changes,
    }


def test_the_office_creates_an_event_with_programme_forums_and_places(office):
    day = datetime.date.today() + datetime.timedelta(days=60)
    response = office.post(reverse("admin:events_event_add"), admin_event_form(day))
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get(slug="fachtag-nord")
    assert (event.latitude, event.longitude) != (None, None)  # from the postcode
    assert event.programme.get().title == "Begrüßung"
    assert event.capacity.places == 80
    assert sorted(forum.capacity.places for forum in event.forums.all()) == [25, 30]
    assert office.get(event.get_absolute_url()).status_code == 200


def test_bad_input_gets_a_clear_message(office):
    day = datetime.date.today() + datetime.timedelta(days=60)
    form = admin_event_form(day, ends_1="08:00", postcode="99999", city="")
    response = office.post(reverse("admin:events_event_add"), form)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["ends"] == ["Die Veranstaltung muss nach ihrem Beginn enden."]
    assert "99999" in errors["postcode"][0]
    assert errors["city"]
    assert not Event.objects.exists()


def test_the_office_lists_filters_and_finds_events(office):
    EventFactory(title="Netzwerktreffen Süd", kind=Event.Kind.REGIONAL_MEETING)
    EventFactory(title="Fachtag Ost")
    url = reverse("admin:events_event_changelist")
    assert office.get(url).status_code == 200
    html = office.get(url, {"kind__exact": "regional_meeting"}).content.decode()
    assert "Netzwerktreffen Süd" in html and "Fachtag Ost" not in html
    html = office.get(url, {"q": "Ost"}).content.decode()
    assert "Fachtag Ost" in html and "Netzwerktreffen Süd" not in html


@pytest.fixture
def participants():
    event, forum = event_with_forum(
        title="Alle an Bord", places=1, forum_title="Forum Steuerung", forum_places=5
    )
    data = {"organisation": "Jugendamt", "first_choice": forum, "consent": True}
    first = participant_sign_up(
        event, name="Erika Muster", email="erika@example.org", dietary_needs="vegan", **data
    )
    second = participant_sign_up(event, name="Max Beispiel", email="max@example.org", **data)
    return first, second


def test_the_participant_list_filters_by_status(office, participants):
    url = reverse("admin:events_participant_changelist")
    html = office.get(url, {"registration__status__exact": "waitlisted"}).content.decode()
    assert "Max Beispiel" in html and "Erika Muster" not in html


def test_the_participant_list_exports_csv_and_xlsx(office, participants):
    response = admin_action(office, "export_csv", participants)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode()
    assert "Erika Muster" in text and "vegan" in text and "Forum Steuerung" in text
    assert text.splitlines()[0].startswith("Name,E-Mail,Organisation")
    response = admin_action(office, "export_xlsx", participants)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Name" and {row[0] for row in rows[1:]} == {"Erika Muster", "Max Beispiel"}


def test_name_badges_for_the_confirmed_participants(office, participants):
    response = admin_action(office, "print_badges", participants)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Erika Muster" in html and "Forum Steuerung" in html
    assert "Max Beispiel" not in html  # on the waiting list
    assert Registration.objects.count() == 3  # nothing changed by printing


def test_centre_staff_never_reach_the_participants(client, participants):
    membership = MembershipFactory()
    with_totp(membership.user)
    client.force_login(membership.user)
    response = client.get(reverse("admin:events_participant_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert Participant.objects.count() == 2


def test_the_office_sees_no_participants_of_a_centres_meeting(office, participants):
    from tests.factories import CenterFactory

    meeting = EventFactory(title="Netzwerktreffen", center=CenterFactory(), places=5)
    event_places_sync(meeting)
    meeting.refresh_from_db()
    participant_sign_up(meeting, name="Kim Zentrum", email="kim@example.org", consent=True)
    html = office.get(reverse("admin:events_participant_changelist")).content.decode()
    assert "Erika Muster" in html and "Kim Zentrum" not in html


def test_a_forum_with_sign_ups_is_not_deleted(office, participants):
    event = participants[0].event
    forum = event.forums.get()
    form = admin_event_form(
        event.starts.date(),
        slug=event.slug,
        title=event.title,
        **{
            "forums-TOTAL_FORMS": "1",
            "forums-INITIAL_FORMS": "1",
            "forums-0-id": str(forum.pk),
            "forums-0-event": str(event.pk),
            "forums-0-title": forum.title,
            "forums-0-position": "1",
            "forums-0-places": "5",
            "forums-0-DELETE": "on",
            "programme-TOTAL_FORMS": "0",
        },
    )
    response = office.post(reverse("admin:events_event_change", args=[event.pk]), form)
    assert response.status_code == 200
    assert "hat Anmeldungen und kann nicht gelöscht werden" in response.content.decode()
    assert event.forums.filter(pk=forum.pk).exists()


def test_the_office_marks_who_came(office, participants):
    erika, max_ = participants
    response = admin_action(office, "mark_present", participants)
    assert response.status_code == 302
    erika.registration.refresh_from_db()
    max_.registration.refresh_from_db()
    assert erika.registration.attended is True
    assert max_.registration.attended is None  # waiting, never marked
    admin_action(office, "mark_absent", [erika])
    erika.registration.refresh_from_db()
    assert erika.registration.attended is False
    url = reverse("admin:events_participant_changelist")
    html = office.get(url, {"registration__attended__exact": "0"}).content.decode()
    assert "Erika Muster" in html
