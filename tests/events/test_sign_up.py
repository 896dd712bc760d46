import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from events.models import Participant, TargetGroup
from events.services import event_places_sync, participant_sign_up, participants_purge
from registrations.models import Registration
from registrations.services import registration_cancel, registration_forget
from tests.events.factories import EventFactory, ForumFactory, _in_days
from tests.mail_queue import mails_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event = EventFactory(title="Alle an Bord", places=3)
    event.target_groups.set(TargetGroup.objects.filter(code__in=["planung", "leitung"]))
    ForumFactory(event=event, title="Forum A", places=1, position=1)
    ForumFactory(event=event, title="Forum B", places=1, position=2)
    event_places_sync(event)
    event.refresh_from_db()
    return event


def forums(event):
    return list(event.forums.order_by("position"))


def sign_up(event, n: int, **data) -> Participant:
    first, second = forums(event)[:2]
    return participant_sign_up(
        event,
        **{
            "name": f"Person {n}",
            "email": f"person{n}@example.org",
            "organisation": "Landratsamt",
            "first_choice": first,
            "second_choice": second,
            "consent": True,
            **data,
        },
    )


def forum_of(participant: Participant):
    participant.refresh_from_db()
    return participant.forum, participant.forum_registration.status


def test_the_places_of_the_event_and_its_forums_are_capacities(event):
    assert event.capacity.places == 3
    assert event.capacity.deadline is None and event.capacity.ends_at == event.ends
    assert event.capacity.starts_at == event.starts and event.capacity.label == "Alle an Bord"
    assert all(forum.capacity.starts_at is None for forum in forums(event))  # one reminder
    assert [forum.capacity.places for forum in forums(event)] == [1, 1]
    event.places = 5
    event.save()
    event_places_sync(event)
    event.capacity.refresh_from_db()
    assert event.capacity.places == 5  # the same row, changed


def test_first_choice_then_second_then_the_first_choices_waiting_list(event):
    a, b = forums(event)
    one, two, three = (sign_up(event, n) for n in (1, 2, 3))
    assert forum_of(one) == (a, Registration.Status.CONFIRMED)
    assert forum_of(two) == (b, Registration.Status.CONFIRMED)
    assert forum_of(three) == (a, Registration.Status.WAITLISTED)
    assert all(p.registration.status == Registration.Status.CONFIRMED for p in (one, two, three))


def test_a_full_event_waitlists_and_moving_up_brings_a_forum(event):
    participants = [sign_up(event, n) for n in range(1, 5)]
    fourth = participants[3]
    assert fourth.registration.status == Registration.Status.WAITLISTED
    assert fourth.forum_registration is None  # no forum while waiting for the event
    registration_cancel(participants[1].registration)
    fourth.refresh_from_db()
    assert fourth.registration.status == Registration.Status.CONFIRMED
    # The second's forum B became free with the cancellation; the fourth gets it (second
    # choice), since forum A is taken by the first.
    assert forum_of(fourth) == (forums(event)[1], Registration.Status.CONFIRMED)


def test_cancelling_the_event_frees_the_forum_place_for_the_next(event):
    a, _b = forums(event)
    one, _two, three = (sign_up(event, n) for n in (1, 2, 3))
    registration_cancel(one.registration)
    one.refresh_from_db()
    assert one.forum_registration.status == Registration.Status.CANCELLED
    assert forum_of(three) == (a, Registration.Status.CONFIRMED)


def test_bad_choices_and_missing_invoice_address_store_nothing(event):
    a, _b = forums(event)
    with pytest.raises(ValidationError) as error:
        sign_up(event, 1, second_choice=a, first_choice=a)
    assert "second_choice" in error.value.message_dict
    other = ForumFactory(title="Anderswo")
    with pytest.raises(ValidationError) as error:
        sign_up(event, 1, first_choice=other)
    assert "first_choice" in error.value.message_dict
    event.fee = Decimal("25.00")
    with pytest.raises(ValidationError) as error:
        sign_up(event, 1)
    assert "invoice_address" in error.value.message_dict
    assert not Registration.objects.exists() and not Participant.objects.exists()


def test_the_same_e_mail_twice_is_refused(event):
    sign_up(event, 1)
    with pytest.raises(ValidationError):
        sign_up(event, 1)
    assert Participant.objects.count() == 1


def test_purging_empties_what_a_participant_told(event):
    participant = sign_up(event, 1, dietary_needs="vegan", invoice_address="Markt 1")
    registration_forget(participant.registration)
    assert participants_purge() == 1
    participant.refresh_from_db()
    assert participant.dietary_needs == "" and participant.invoice_address == ""
    assert participant.organisation == ""
    assert participant.forum_registration.name == ""
    assert participants_purge() == 0


def _post(client, event, **data):
    a, b = forums(event)
    return client.post(
        reverse("events:event_sign_up", args=[event.slug]),
        {
            "name": "Erika Muster",
            "email": "erika@example.org",
            "organisation": "Jugendamt Jena",
            "function": TargetGroup.objects.get(code="planung").pk,
            "first_choice": a.pk,
            "second_choice": b.pk,
            "note": "Rollstuhl",
            "dietary_needs": "vegetarisch",
            "consent": "on",
            **data,
        },
    )


def test_a_professional_signs_up_on_the_page(client, event, django_capture_on_commit_callbacks):
    page = client.get(event.get_absolute_url()).content.decode()
    assert reverse("events:event_sign_up", args=[event.slug]) in page
    assert "1 von 1 Plätzen frei" in page
    form = client.get(reverse("events:event_sign_up", args=[event.slug]))
    assert form.status_code == 200
    assert "Forum: erste Wahl" in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, event)
    assert response.status_code == 302
    assert response["Location"].startswith("/anmeldung/") and response["Location"].endswith(
        "?neu=1"
    )
    participant = Participant.objects.get()
    assert participant.registration.note == "Rollstuhl"
    assert participant.function.code == "planung"
    assert participant.forum.title == "Forum A"
    assert mails_send() == 2  # the day's confirmation and the forum's, through the queue
    assert {message.to[0] for message in mail.outbox} == {"erika@example.org"}
    assert any("Alle an Bord – Forum A" in message.subject for message in mail.outbox)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Ausgebucht" in page  # forum A


def test_the_sign_up_in_english_answers_in_english(client, event):
    response = client.get("/en" + reverse("events:event_sign_up", args=[event.slug]))
    assert "Forum: first choice" in response.content.decode()


def test_bad_input_is_shown_on_the_form(client, event):
    response = _post(client, event, email="keine-adresse", consent="")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bitte prüfen Sie Ihre Eingaben" in html
    assert not Registration.objects.exists()
    _post(client, event)
    response = _post(client, event)  # the same e-mail again
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()  # the core's message, in the summary
    assert Participant.objects.count() == 1


def test_the_trap_field_stores_nothing(client, event):
    response = _post(client, event, website="http://spam.example")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Registration.objects.exists()


def test_too_many_sign_ups_from_one_client_are_refused(client, event, settings):
    settings.THEKIZ_REGISTRATION_RATE = "2/600"
    for n in range(2):
        assert _post(client, event, email=f"p{n}@example.org").status_code == 302
    response = _post(client, event, email="third@example.org")
    assert response.status_code == 429
    assert "Zu viele Anmeldungen" in response.content.decode()
    assert Participant.objects.count() == 2


def test_after_the_deadline_the_form_is_closed(client, event):
    event.registration_deadline = timezone.now() - datetime.timedelta(hours=1)
    event.save()
    event_places_sync(event)
    response = _post(client, event)
    assert response.status_code == 200
    assert "Die Anmeldung für diese Veranstaltung ist geschlossen." in response.content.decode()
    assert not Registration.objects.exists()


def test_events_without_places_take_no_sign_up(client):
    event = EventFactory()
    assert client.get(reverse("events:event_sign_up", args=[event.slug])).status_code == 404
    past = EventFactory(places=5, starts=_in_days(-3), ends=_in_days(-3, 12))
    event_places_sync(past)
    assert "event_sign_up" not in client.get(past.get_absolute_url()).content.decode()


def test_the_pages_with_places_run_the_same_queries_however_many_forums(client, event):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    sign_up_url = reverse("events:event_sign_up", args=[event.slug])
    few = queries(event.get_absolute_url()), queries(sign_up_url)
    for n in range(4):
        ForumFactory(event=event, title=f"Weiteres Forum {n}")
    event_places_sync(event)
    sign_up(event, 1)
    assert (queries(event.get_absolute_url()), queries(sign_up_url)) == few


def test_the_nightly_command_empties_forgotten_participants(event):
    from io import StringIO

    from django.core.management import call_command

    participant = sign_up(event, 1, invoice_address="Markt 1")
    registration_forget(participant.registration)
    output = StringIO()
    call_command("participants_purge", stdout=output)
    assert "1 event participants" in output.getvalue()
    participant.refresh_from_db()
    assert participant.invoice_address == ""
