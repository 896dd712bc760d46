"""Families sign up for a date or a whole course on the offer's page, without an account."""

import datetime
import re

import icalendar
import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from offers.models import Offer, OfferTranslation
from offers.services import (
    course_capacity,
    occurrence_cancel,
    occurrence_capacity,
    occurrence_move,
    occurrence_restore,
    offer_occurrences_sync,
    offer_sign_up,
    schedule_save,
)
from registrations.links import registration_from_link
from registrations.models import Registration
from tests.factories import weekly_offer
from tests.mail_queue import mails_send

pytestmark = pytest.mark.django_db

CONFIRMED = Registration.Status.CONFIRMED
WAITLISTED = Registration.Status.WAITLISTED


@pytest.fixture
def offer() -> Offer:
    return weekly_offer(title="Babymassage", registration="per_date", capacity=2)


@pytest.fixture
def course() -> Offer:
    return weekly_offer(
        title="Elternkurs Starke Eltern",
        registration="course",
        capacity=3,
        age_min_months=12,
        age_max_months=72,
    )


def _date(offer: Offer, index: int = 0):
    return offer.occurrences.order_by("start")[index]


def _url(offer: Offer, occurrence=None) -> str:
    if occurrence is None:
        return reverse("offers:course_sign_up", args=[offer.slug])
    return reverse("offers:occurrence_sign_up", args=[offer.slug, occurrence.pk])


def _form(**data) -> dict:
    return {
        "name": "Mia",
        "adults": "1",
        "children": "1",
        "email": "mia@example.org",
        "consent": "on",
        **data,
    }


def _sign_up(offer, occurrence=None, **data):
    base = {"name": "Anna", "email": f"{data.pop('who', 'anna')}@example.org"}
    return offer_sign_up(offer=offer, occurrence=occurrence, **{**base, **data})


def test_a_family_signs_up_for_a_date_and_lands_on_its_personal_page(client, offer):
    date = _date(offer)
    response = client.post(_url(offer, date), _form())
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == CONFIRMED
    assert registration.capacity == offer.occurrences.get(pk=date.pk).capacity
    assert registration.language == "de"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Danke für Ihre Anmeldung" in page.text
    assert "Ihr Platz ist bestätigt" in page.text
    assert "no-store" in page["Cache-Control"]


def test_the_offer_page_shows_free_places_and_the_waitlist(client, offer):
    first, second = _date(offer), _date(offer, 1)
    _sign_up(offer, first, adults=2)
    text = client.get(offer.get_absolute_url()).text
    assert "ausgebucht" in text and "Warteliste" in text  # the first date
    assert "2 Plätze frei" in text  # the next ones
    assert _url(offer, second) in text


def test_the_offer_page_needs_the_same_queries_with_more_sign_ups(client, offer):
    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(offer.get_absolute_url())
        return len(queries)

    _sign_up(offer, _date(offer))
    before = count()
    for index in range(1, 6):
        _sign_up(offer, _date(offer, index), who=f"p{index}")
    assert count() == before


def test_form_errors_are_shown_in_german_and_nothing_is_stored(client, offer):
    response = client.post(
        _url(offer, _date(offer)), _form(adults="7", email="", consent="", name="")
    )
    assert response.status_code == 200
    text = response.text
    assert "Bitte prüfen Sie Ihre Eingaben" in text
    assert "Bitte stimmen Sie der Verarbeitung Ihrer Daten zu." in text
    assert not Registration.objects.exists()


def test_negative_counts_are_refused(client, offer):
    response = client.post(_url(offer, _date(offer)), _form(children="-1"))
    assert "größer oder gleich 0" in response.text
    assert not Registration.objects.exists()


def test_the_same_contact_twice_is_refused_with_a_message(client, offer):
    client.post(_url(offer, _date(offer)), _form())
    response = client.post(_url(offer, _date(offer)), _form(email="MIA@example.org"))
    assert response.status_code == 200
    assert "bereits angemeldet" in response.text
    assert Registration.objects.count() == 1


def test_a_filled_honeypot_stores_nothing(client, offer):
    response = client.post(_url(offer, _date(offer)), _form(website="http://spam.example"))
    assert "konnte nicht gespeichert werden" in response.text
    assert not Registration.objects.exists()


def test_too_many_sign_ups_from_one_client_get_a_429_page(client, offer, settings):
    settings.THEKIZ_REGISTRATION_RATE = "3/600"
    for number in range(3):
        client.post(_url(offer, _date(offer, number)), _form())
    response = client.post(_url(offer, _date(offer, 4)), _form(email="x@example.org"))
    assert response.status_code == 429
    assert "Bitte warten Sie einige Minuten" in response.text
    assert Registration.objects.count() == 3


def test_ages_outside_the_offers_range_are_refused(client, course):
    response = client.post(_url(course), _form(children="2", children_ages="2, 8 Monate"))
    assert "außerhalb der Altersspanne" in response.text
    response = client.post(_url(course), _form(children="2", children_ages="2"))
    assert "das Alter aller Kinder an" in response.text
    response = client.post(_url(course), _form(children="1", children_ages="zwei"))
    assert "8 Monate, 2 Jahre" in response.text or "8 months" in response.text
    assert not Registration.objects.exists()
    client.post(_url(course), _form(children="2", children_ages="2, 3 Jahre"))
    assert Registration.objects.get().children_ages_months == [24, 36]


def test_a_course_has_one_capacity_for_all_its_dates(client, course):
    response = client.post(_url(course), _form(adults="1", children="2", children_ages="2, 4"))
    assert response.status_code == 302
    course.refresh_from_db()
    assert Registration.objects.get().capacity_id == course.course_capacity_id
    assert course.course_capacity.ends_at == course.occurrences.order_by("end").last().end
    # a date's page of a course is no sign-up page
    assert client.get(_url(course, _date(course))).status_code == 404


def test_a_per_date_offer_has_no_course_sign_up(client, offer):
    assert client.get(_url(offer)).status_code == 404


def test_an_offer_without_registration_has_no_sign_up_page(client):
    open_meeting = weekly_offer()
    assert client.get(_url(open_meeting, _date(open_meeting))).status_code == 404


def test_after_the_deadline_the_page_says_so_and_a_post_is_refused(client, offer):
    offer.registration_closes_hours = 24 * 28
    offer.save()
    offer_occurrences_sync(offer)
    date = _date(offer)
    assert "Die Anmeldung für diesen Termin ist geschlossen" in client.get(_url(offer, date)).text
    response = client.post(_url(offer, date), _form())
    assert "Anmeldezeit ist vorbei" in response.text
    assert not Registration.objects.exists()


def test_a_cancelled_date_closes_its_places_and_tells_everyone(
    offer, mailoutbox, django_capture_on_commit_callbacks
):
    date = _date(offer)
    with django_capture_on_commit_callbacks(execute=True):
        first = _sign_up(offer, date)
        _sign_up(offer, date, who="ben")
    mails_send()  # the queued mails, as the worker sends them
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        occurrence_cancel(occurrence=date, reason="Krankheit der Kursleitung")
    mails_send()  # the queued mails, as the worker sends them
    assert {r.status for r in Registration.objects.all()} == {Registration.Status.CANCELLED}
    assert len(mailoutbox) == 2
    assert mailoutbox[0].subject == "Fällt aus: Babymassage"
    assert "Krankheit der Kursleitung" in mailoutbox[0].body
    date.refresh_from_db()
    assert date.capacity.closed
    occurrence_restore(occurrence=date)
    date.capacity.refresh_from_db()
    assert not date.capacity.closed
    assert Registration.objects.get(pk=first.pk).status == Registration.Status.CANCELLED


def test_a_moved_date_tells_everyone_the_new_time(
    offer, mailoutbox, django_capture_on_commit_callbacks
):
    date = _date(offer)
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(offer, date)
    mails_send()  # the queued mails, as the worker sends them
    mailoutbox.clear()
    new_day = timezone.localtime(date.start).date() + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        occurrence_move(
            occurrence=date, day=new_day, start_time=datetime.time(15), end_time=datetime.time(16)
        )
    mails_send()  # the queued mails, as the worker sends them
    assert mailoutbox[0].subject == "Neue Zeit: Babymassage"
    assert "Neuen Termin behalten" in mailoutbox[0].body
    assert "15:00" in mailoutbox[0].body  # the new time
    date.refresh_from_db()
    assert date.capacity.ends_at == date.end
    registration = Registration.objects.get()
    assert registration.move_confirm_by is not None
    assert registration.move_confirm_by <= date.start - datetime.timedelta(hours=24)


def test_a_new_time_of_the_rule_tells_the_people_signed_up_and_nobody_else(
    offer, mailoutbox, django_capture_on_commit_callbacks
):
    signed_up, empty = _date(offer), _date(offer, 1)
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(offer, signed_up)
    occurrence_capacity(empty)  # places opened, nobody signed up
    mails_send()
    mailoutbox.clear()
    schedule = offer.schedules.get()
    schedule.start_time, schedule.end_time = datetime.time(16), datetime.time(17)
    with django_capture_on_commit_callbacks(execute=True):
        schedule_save(offer=offer, schedule=schedule, user=None)  # a staff edit of the rule
    mails_send()
    [message] = mailoutbox
    assert message.subject == "Neue Zeit: Babymassage"
    assert "16:00" in message.body
    registration = Registration.objects.get()
    assert registration.move_confirm_by is not None
    signed_up.refresh_from_db()
    assert timezone.localtime(signed_up.start).time() == datetime.time(16)
    assert signed_up.capacity.ends_at == signed_up.end

    # Saving the rule again without a change tells nobody twice.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        schedule_save(offer=offer, schedule=offer.schedules.get(), user=None)
    assert mails_send() == 0


def test_the_most_adults_and_children_per_sign_up_are_the_offers(client, offer):
    offer.registration_max_adults, offer.registration_max_children = 1, 2
    offer.save()
    date = _date(offer)
    capacity = occurrence_capacity(date)
    assert (capacity.max_adults, capacity.max_children) == (1, 2)
    response = client.post(_url(offer, date), _form(adults="2", children="1"))
    assert "Dieser Wert muss kleiner oder gleich 1 sein." in response.text
    assert 'max="1"' in response.text
    assert not Registration.objects.exists()
    offer.registration_max_adults = 3
    offer.save()
    offer_occurrences_sync(offer)
    capacity.refresh_from_db()
    assert capacity.max_adults == 3


def test_more_places_on_the_offer_move_the_waitlist_up(offer):
    date = _date(offer)
    _sign_up(offer, date, adults=2)
    waiting = _sign_up(offer, date, who="ben")
    assert waiting.status == WAITLISTED
    offer.capacity = 3
    offer.save()
    offer_occurrences_sync(offer)
    assert Registration.objects.get(pk=waiting.pk).status == CONFIRMED


def test_a_date_with_sign_ups_is_kept_when_its_rule_goes_and_the_people_are_told(
    offer, mailoutbox, django_capture_on_commit_callbacks
):
    date = _date(offer)
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(offer, date)
    mails_send()  # the queued mails, as the worker sends them
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        offer.schedules.all().delete()
        offer_occurrences_sync(offer)
    mails_send()  # the queued mails, as the worker sends them
    date.refresh_from_db()
    assert date.detached
    assert Registration.objects.get().status == Registration.Status.CANCELLED
    assert len(mailoutbox) == 1


def test_capacities_are_created_once(offer):
    date = _date(offer)
    assert occurrence_capacity(date) == occurrence_capacity(offer.occurrences.get(pk=date.pk))
    assert course_capacity(offer) == course_capacity(Offer.objects.get(pk=offer.pk))


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_confirmation_mail_speaks_the_language_used_and_carries_the_date(
    client, offer, mailoutbox, django_capture_on_commit_callbacks, language
):
    prefix = "/en" if language == "en" else ""
    date = _date(offer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(prefix + _url(offer, date), _form())
    mails_send()  # the queued mails, as the worker sends them
    assert response.status_code == 302
    (message,) = mailoutbox
    if language == "de":
        assert message.subject == "Ihre Anmeldung ist bestätigt: Babymassage"
        assert "Guten Tag Mia," in message.body
    else:
        assert message.subject == "Your sign-up is confirmed: Babymassage"
        assert "Hello Mia," in message.body
        assert "/en/anmeldung/" in message.body
    link = re.search(r"https?://\S+/anmeldung/(\S+)/", message.body)
    assert registration_from_link(link.group(1)) == Registration.objects.get()
    (_name, content, kind) = message.attachments[0]
    assert kind.startswith("text/calendar")
    event = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == timezone.localtime(date.start)
    assert str(event["summary"]) == "Babymassage"


def test_the_mail_names_the_offer_in_the_content_language_chosen(
    client, offer, mailoutbox, django_capture_on_commit_callbacks, settings
):
    OfferTranslation.objects.create(
        master=offer, language_code="uk", translated_title="Масаж для немовлят"
    )
    client.cookies[settings.CONTENT_LANGUAGE_COOKIE_NAME] = "uk"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(offer, _date(offer)), _form())
    mails_send()
    assert Registration.objects.get().content_language == "uk"
    page = client.get(response["Location"]).text
    assert 'lang="uk" dir="ltr">Масаж для немовлят</a>' in page
    (message,) = mailoutbox
    # The words of the mail in the interface language, the offer in Ukrainian.
    assert message.subject == "Ihre Anmeldung ist bestätigt: Масаж для немовлят"
    event = icalendar.Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")[0]
    assert str(event["summary"]) == "Масаж для немовлят"
    assert event["summary"].params["LANGUAGE"] == "uk"


def test_the_waitlist_mail_and_the_promotion_mail(
    client, offer, mailoutbox, django_capture_on_commit_callbacks
):
    date = _date(offer)
    with django_capture_on_commit_callbacks(execute=True):
        holder = _sign_up(offer, date, adults=2)
        _sign_up(offer, date, who="ben")
    mails_send()  # the queued mails, as the worker sends them
    assert mailoutbox[1].subject == "Sie stehen auf der Warteliste: Babymassage"
    assert not mailoutbox[1].attachments
    from registrations.services import registration_cancel

    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(holder)
    mails_send()  # the queued mails, as the worker sends them
    subjects = [m.subject for m in mailoutbox[2:]]
    assert "Ein Platz ist frei geworden, Sie sind dabei: Babymassage" in subjects
    assert "Ihre Anmeldung ist storniert: Babymassage" in subjects


def test_a_failing_mail_server_loses_no_sign_up(
    client, offer, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.registrations.failing_mail.Backend"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(offer, _date(offer)), _form())
    mails_send()  # the queued mails, as the worker sends them
    assert response.status_code == 302
    assert Registration.objects.count() == 1
    assert not mail.outbox


def test_a_reminder_goes_out_the_day_before_once(offer, mailoutbox):
    from common.reminders import reminders_send

    date = _date(offer)
    _sign_up(offer, date)
    _sign_up(offer, date, who="ben", email="", phone="0361 1")  # no e-mail, no reminder
    day = timezone.localtime(date.start).date()
    assert reminders_send(day=day - datetime.timedelta(days=1))[0] == 0
    assert reminders_send(day=day) == (1, [])
    assert reminders_send(day=day) == (0, [])
    mails_send()
    assert [m.subject for m in mailoutbox] == ["Morgen: Babymassage"]
    assert "morgen" in mailoutbox[0].body
