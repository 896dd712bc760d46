import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from registrations.models import Capacity, Registration
from registrations.services import (
    capacity_save,
    registration_cancel,
    registration_create,
    registration_forget,
    registration_promote,
    registrations_close,
    registrations_purge,
    registrations_set_attendance,
)
from tests.mail_queue import mails_send
from tests.registrations.factories import capacity, sign_up

pytestmark = pytest.mark.django_db

CONFIRMED = Registration.Status.CONFIRMED
WAITLISTED = Registration.Status.WAITLISTED
CANCELLED = Registration.Status.CANCELLED


def _status(registration: Registration) -> str:
    return Registration.objects.get(pk=registration.pk).status


def _messages(error: ValidationError) -> list[str]:
    return error.value.messages


def test_it_confirms_while_places_are_free_then_waitlists():
    places = capacity(places=3)
    first = sign_up(places, adults=1, children=1)
    second = sign_up(places, adults=1)
    third = sign_up(places, adults=1)
    assert [first.status, second.status, third.status] == [CONFIRMED, CONFIRMED, WAITLISTED]
    assert first.places == 2


@pytest.mark.parametrize(
    ("counting", "adults", "children", "places"),
    [("persons", 2, 3, 5), ("children", 2, 3, 3), ("families", 2, 3, 1)],
)
def test_it_counts_places_by_the_capacitys_rule(counting, adults, children, places):
    registration = sign_up(capacity(counting=counting), adults=adults, children=children)
    assert registration.places == places


def test_a_cancellation_moves_up_the_waitlist_in_order():
    places = capacity(places=2)
    holders = [sign_up(places), sign_up(places)]
    first_waiting, second_waiting = sign_up(places), sign_up(places)

    promoted = registration_cancel(holders[0])

    assert promoted == [first_waiting]
    assert _status(first_waiting) == CONFIRMED
    assert _status(second_waiting) == WAITLISTED
    assert _status(holders[0]) == CANCELLED


def test_the_next_who_fits_moves_up_and_the_one_who_does_not_keeps_the_place_in_line():
    places = capacity(places=4)
    holder = sign_up(places, adults=1)
    sign_up(places, adults=2, children=1)
    family = sign_up(places, adults=2, children=1)  # 3 places: does not fit into 1
    single = sign_up(places, adults=1)

    assert registration_cancel(holder) == [single]
    assert _status(family) == WAITLISTED
    # When enough is free, the family is first in line again.
    assert family.pk == places.registrations.waiting_in_order().first().pk


def test_cancelling_twice_changes_nothing():
    places = capacity(places=1)
    holder = sign_up(places)
    waiting = sign_up(places)
    registration_cancel(holder)
    assert registration_cancel(holder) == []
    assert _status(waiting) == CONFIRMED


def test_more_places_move_people_up():
    places = capacity(places=1)
    sign_up(places)
    waiting = sign_up(places)
    capacity_save(places, places=2, ends_at=places.ends_at)
    assert _status(waiting) == CONFIRMED


def test_staff_move_someone_up_only_into_free_places():
    places = capacity(places=1)
    holder = sign_up(places)
    waiting = sign_up(places)
    with pytest.raises(ValidationError) as error:
        registration_promote(waiting)
    assert "Nicht genug freie Plätze" in _messages(error)[0]
    Registration.objects.filter(pk=holder.pk).update(status=CANCELLED)
    assert registration_promote(waiting).status == CONFIRMED


def test_after_the_deadline_nothing_is_stored():
    places = capacity(deadline=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(ValidationError) as error:
        sign_up(places)
    assert "Anmeldezeit ist vorbei" in _messages(error)[0]
    assert not Registration.objects.exists()


def test_a_closed_date_takes_no_sign_ups_and_tells_everyone(
    mailoutbox, django_capture_on_commit_callbacks
):
    places = capacity(places=1)
    with django_capture_on_commit_callbacks(execute=True):
        holder, waiting = sign_up(places), sign_up(places)
    mails_send()  # the queued mails, as the worker sends them
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert registrations_close(places, "Krankheit") == 2
    mails_send()  # the queued mails, as the worker sends them
    assert {_status(holder), _status(waiting)} == {CANCELLED}
    assert len(mailoutbox) == 2
    assert "Krankheit" in mailoutbox[0].body
    with pytest.raises(ValidationError) as error:
        sign_up(places)
    assert "Krankheit" in _messages(error)[0]


def test_the_same_contact_twice_is_refused_but_may_sign_up_again_after_cancelling():
    places = capacity()
    first = sign_up(places, email="Mama@Example.org")
    with pytest.raises(ValidationError) as error:
        sign_up(places, email="mama@example.org ")
    assert "bereits angemeldet" in _messages(error)[0]
    registration_cancel(first)
    assert sign_up(places, email="mama@example.org").status == CONFIRMED


def test_the_same_phone_written_differently_is_the_same_contact():
    places = capacity()
    sign_up(places, email="", phone="0361 123456")
    with pytest.raises(ValidationError):
        sign_up(places, email="", phone="+49 361 12-34-56")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"adults": 3}, "adults", "Höchstens 2"),
        ({"children": 5}, "children", "Höchstens 4"),
        ({"adults": -1}, "adults", "Zahl von 0 oder mehr"),
        ({"children": -2}, "children", "Zahl von 0 oder mehr"),
        ({"email": "", "phone": ""}, "email", "E-Mail-Adresse oder eine Telefonnummer"),
        ({"email": "kein-at"}, "email", "gültige E-Mail-Adresse"),
        ({"name": " "}, "name", "Namen"),
        ({"children": 1, "children_ages_months": [3, 4]}, "children_ages_months", "ein Alter"),
        ({"consent": False}, "consent", "Verarbeitung"),
    ],
)
def test_bad_input_is_refused_in_german_and_nothing_is_stored(data, field, message):
    with pytest.raises(ValidationError) as error:
        sign_up(capacity(), **data)
    assert message in " ".join(error.value.message_dict[field])
    assert not Registration.objects.exists()


def test_more_places_than_there_are_in_all_is_refused():
    with pytest.raises(ValidationError) as error:
        sign_up(capacity(places=2), adults=2, children=1)
    assert "3 Plätze" in _messages(error)[0]


def test_a_childrens_offer_needs_a_child():
    with pytest.raises(ValidationError) as error:
        sign_up(capacity(counting="children"), adults=1, children=0)
    assert "mindestens ein Kind" in error.value.message_dict["children"][0]


def test_the_messages_speak_english_in_english():
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError) as error:
        sign_up(capacity(), adults=3)
    assert error.value.message_dict["adults"] == ["At most 2 per sign-up."]


def test_forgetting_cancels_empties_the_person_and_keeps_the_counts():
    places = capacity(places=1)
    holder = sign_up(places, adults=1, children=0, note="Rollstuhl")
    waiting = sign_up(places)
    registration_forget(holder)
    holder.refresh_from_db()
    assert (holder.name, holder.email, holder.note, holder.status) == ("", "", "", CANCELLED)
    assert holder.personal_data_deleted_at is not None
    assert (holder.adults, holder.places) == (1, 1)
    assert _status(waiting) == CONFIRMED


def test_attendance_marks_who_came_and_counts_walk_ins():
    places = capacity(places=3)
    came, stayed_away = sign_up(places), sign_up(places)
    registrations_set_attendance(places, [came.pk], walk_ins=4)
    assert Registration.objects.get(pk=came.pk).attended is True
    assert Registration.objects.get(pk=stayed_away.pk).attended is False
    assert Capacity.objects.get(pk=places.pk).walk_ins == 4


def test_personal_data_is_deleted_after_the_retention_period_and_the_counts_stay(settings):
    settings.THEKIZ_REGISTRATION_RETENTION_DAYS = 30
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC), tick=False):
        ended = capacity(ends_at=timezone.now() + datetime.timedelta(hours=2))
        later = capacity(ends_at=timezone.now() + datetime.timedelta(days=20))
        old = sign_up(ended, adults=2, children=1, children_ages_months=[14], note="Allergie")
        recent = sign_up(later)
    with time_machine.travel(datetime.datetime(2026, 3, 31, 8, tzinfo=datetime.UTC)):
        assert registrations_purge() == 0  # 30 days after the end is not over yet
    with time_machine.travel(datetime.datetime(2026, 4, 1, 9, tzinfo=datetime.UTC)):
        call_command("registrations_purge", stdout=open("/dev/null", "w"))  # noqa: SIM115
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.name, old.email, old.phone, old.note, old.children_ages_months) == (
        "",
        "",
        "",
        "",
        [],
    )
    assert (old.adults, old.children, old.places, old.status) == (2, 1, 3, CONFIRMED)
    assert recent.name and recent.personal_data_deleted_at is None


def test_the_retention_period_is_bounded_by_a_system_check(settings):
    from registrations.checks import retention_days_check

    settings.THEKIZ_REGISTRATION_RETENTION_DAYS = 91
    assert [error.id for error in retention_days_check(None)] == ["registrations.E001"]
    settings.THEKIZ_REGISTRATION_RETENTION_DAYS = 90
    assert retention_days_check(None) == []


def test_a_sign_up_with_an_unknown_capacity_is_an_error_not_a_crash():
    with pytest.raises(Capacity.DoesNotExist):
        registration_create(999999, name="A", email="a@example.org")


def test_fewer_people_free_places_for_the_waitlist():
    from registrations.services import registration_change

    places = capacity(places=3)
    family = sign_up(places, adults=2, children=1)
    waiting = sign_up(places)
    changed = registration_change(family, adults=1, children=1)
    assert changed.places == 2
    assert _status(waiting) == CONFIRMED


def test_more_people_only_into_free_places():
    from registrations.services import registration_change

    places = capacity(places=3)
    family = sign_up(places, adults=1)
    sign_up(places, adults=1)
    assert registration_change(family, adults=2, children=0).places == 2
    with pytest.raises(ValidationError) as error:
        registration_change(family, adults=2, children=1)
    assert "Nicht genug freie Plätze" in _messages(error)[0]
    assert Registration.objects.get(pk=family.pk).places == 2
