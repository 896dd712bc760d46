"""A calendar import that cancels, moves or gives back dates people signed up for: the
dates change through the same services as a staff action, so the places close or open and
the people are told; a failing import tells nobody."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from centers.models import ChangeRecord
from offers.calendar_import import AffectedDate, calendar_plan
from offers.models import CalendarSubscription, Offer
from offers.services import imports, offer_sign_up
from offers.services.imports import calendar_import_apply, subscription_sync
from registrations.models import Registration
from tests.factories import CenterFactory
from tests.mail_queue import mails_send
from tests.offers.ical_events import UID, calendar, event

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = datetime.date(2026, 9, 1)
OCT_13 = datetime.date(2026, 10, 13)
NOV_3 = datetime.date(2026, 11, 3)


@pytest.fixture(autouse=True)
def _on_the_first_of_september():
    with time_machine.travel(datetime.datetime(2026, 9, 1, 8, 0, tzinfo=BERLIN), tick=False):
        yield


def do_import(data: bytes, center, django_capture_on_commit_callbacks, subscription=None):
    plan = calendar_plan(data, center=center, today=TODAY, subscription=subscription)
    with django_capture_on_commit_callbacks(execute=True):
        calendar_import_apply(plan=plan, center=center, user=None, today=TODAY)
    return plan


@pytest.fixture
def offer(django_capture_on_commit_callbacks):
    """The imported offer, published by the centre, one place per date."""
    center = CenterFactory()
    do_import(calendar(), center, django_capture_on_commit_callbacks)
    offer = Offer.objects.get(center=center, import_uid=UID)
    Offer.objects.filter(pk=offer.pk).update(
        status=Offer.Status.PUBLISHED, registration=Offer.Registration.PER_DATE, capacity=1
    )
    offer.refresh_from_db()
    return offer


def date_of(offer: Offer, day: datetime.date):
    return offer.occurrences.select_related("capacity").get(original_date=day)


def sign_up(offer, day, who, django_capture_on_commit_callbacks) -> Registration:
    with django_capture_on_commit_callbacks(execute=True):
        registration = offer_sign_up(
            offer=offer, occurrence=date_of(offer, day), name=who, email=f"{who}@example.org"
        )
    mails_send()
    mail.outbox.clear()
    return registration


def sent() -> list[str]:
    """The mails queued since the last look, sent as the worker sends them."""
    mail.outbox.clear()
    mails_send()
    return sorted(f"{message.to[0]}: {message.subject}" for message in mail.outbox)


def test_a_date_the_calendar_cancels_closes_its_places_and_tells_everyone(
    offer, django_capture_on_commit_callbacks
):
    confirmed = sign_up(offer, OCT_13, "anna", django_capture_on_commit_callbacks)
    waiting = sign_up(offer, OCT_13, "ben", django_capture_on_commit_callbacks)
    assert (confirmed.status, waiting.status) == ("confirmed", "waitlisted")

    plan = do_import(
        calendar(event(exdates=("20261013",))), offer.center, django_capture_on_commit_callbacks
    )

    assert [(a.occurrence.original_date, a.sign_ups, a.change) for a in plan.affected] == [
        (OCT_13, 2, AffectedDate.Change.CANCELLED)
    ]
    assert plan.cancelled_sign_ups == (1, 2) and plan.moved_sign_ups == (0, 0)
    date = date_of(offer, OCT_13)
    assert date.cancelled and date.cancel_reason == "entfällt laut Kalender des Zentrums"
    assert date.capacity.closed
    assert set(Registration.objects.values_list("status", flat=True)) == {"cancelled"}
    assert sent() == [
        "anna@example.org: Fällt aus: Krabbeltreff",
        "ben@example.org: Fällt aus: Krabbeltreff",
    ]
    # As a staff action does: the centre's change list names the date.
    assert ChangeRecord.objects.filter(
        center=offer.center, action=ChangeRecord.Action.CANCELLED
    ).exists()

    # The same calendar again: nobody is told twice.
    do_import(
        calendar(event(exdates=("20261013",))), offer.center, django_capture_on_commit_callbacks
    )
    assert sent() == []


def test_a_later_import_that_brings_the_date_back_reopens_its_places(
    offer, django_capture_on_commit_callbacks
):
    sign_up(offer, OCT_13, "anna", django_capture_on_commit_callbacks)
    do_import(
        calendar(event(exdates=("20261013",))), offer.center, django_capture_on_commit_callbacks
    )
    assert date_of(offer, OCT_13).capacity.closed

    do_import(calendar(), offer.center, django_capture_on_commit_callbacks)

    date = date_of(offer, OCT_13)
    assert date.takes_place and not date.capacity.closed
    # As after a staff restore: the place is open again, the cancelled sign-up stays so.
    offer_sign_up(offer=offer, occurrence=date, name="Cem", email="cem@example.org")
    assert Registration.objects.filter(status="confirmed").count() == 1


def test_a_date_the_calendar_moves_asks_the_people_to_confirm_the_new_time(
    offer, django_capture_on_commit_callbacks
):
    registration = sign_up(offer, NOV_3, "anna", django_capture_on_commit_callbacks)
    moved = calendar(event(moved={"20261103": ("20261104", "150000")}))

    plan = do_import(moved, offer.center, django_capture_on_commit_callbacks)

    assert plan.moved_sign_ups == (1, 1)
    date = date_of(offer, NOV_3)
    assert date.moved and date.start == datetime.datetime(2026, 11, 4, 15, tzinfo=BERLIN)
    assert date.capacity.starts_at == date.start
    registration.refresh_from_db()
    assert registration.status == "confirmed" and registration.move_confirm_by is not None
    assert sent() == ["anna@example.org: Neue Zeit: Krabbeltreff"]
    assert "15:00" in mail.outbox[0].body

    do_import(moved, offer.center, django_capture_on_commit_callbacks)
    assert sent() == []  # moved already: not asked again


def test_a_new_time_of_the_rule_tells_the_people_signed_up(
    offer, django_capture_on_commit_callbacks
):
    registration = sign_up(offer, OCT_13, "anna", django_capture_on_commit_callbacks)
    later = calendar(event(time="100000", end="113000"))

    plan = do_import(later, offer.center, django_capture_on_commit_callbacks)

    assert [(a.occurrence.original_date, a.change) for a in plan.affected] == [
        (OCT_13, AffectedDate.Change.MOVED)
    ]
    date = date_of(offer, OCT_13)
    assert date.start == datetime.datetime(2026, 10, 13, 10, tzinfo=BERLIN)
    registration.refresh_from_db()
    assert registration.move_confirm_by is not None
    assert sent() == ["anna@example.org: Neue Zeit: Krabbeltreff"]


def test_a_new_time_and_a_cancellation_of_the_same_date_send_one_mail(
    offer, django_capture_on_commit_callbacks
):
    registration = sign_up(offer, OCT_13, "anna", django_capture_on_commit_callbacks)
    later = calendar(event(time="100000", end="113000", exdates=("20261013",)))

    do_import(later, offer.center, django_capture_on_commit_callbacks)

    assert date_of(offer, OCT_13).cancelled
    registration.refresh_from_db()
    assert registration.move_confirm_by is None  # not asked to confirm a cancelled date
    assert sent() == ["anna@example.org: Fällt aus: Krabbeltreff"]


def test_a_new_time_and_a_move_of_the_same_date_send_one_mail_with_the_last_time(
    offer, django_capture_on_commit_callbacks
):
    sign_up(offer, OCT_13, "anna", django_capture_on_commit_callbacks)
    later = calendar(event(time="100000", end="113000", moved={"20261013": ("20261014", "100000")}))

    do_import(later, offer.center, django_capture_on_commit_callbacks)

    date = date_of(offer, OCT_13)
    assert date.moved and date.start == datetime.datetime(2026, 10, 14, 10, tzinfo=BERLIN)
    assert sent() == ["anna@example.org: Neue Zeit: Krabbeltreff"]
    assert "14.10.2026" in mail.outbox[0].body or "14. Oktober" in mail.outbox[0].body


def test_a_date_the_rule_no_longer_gives_is_kept_closed_and_the_people_are_told(
    offer, django_capture_on_commit_callbacks
):
    sign_up(offer, OCT_13, "anna", django_capture_on_commit_callbacks)
    shorter = calendar(event(rule="FREQ=WEEKLY;BYDAY=TU;UNTIL=20261001T000000Z"))

    plan = do_import(shorter, offer.center, django_capture_on_commit_callbacks)

    assert [a.change for a in plan.affected] == [AffectedDate.Change.REMOVED]
    assert plan.cancelled_sign_ups == (1, 1)
    date = date_of(offer, OCT_13)
    assert date.detached and date.capacity.closed
    assert sent() == ["anna@example.org: Fällt aus: Krabbeltreff"]


def test_the_nightly_subscription_tells_the_people_signed_up(
    offer, django_capture_on_commit_callbacks, monkeypatch
):
    sign_up(offer, OCT_13, "anna", django_capture_on_commit_callbacks)
    sign_up(offer, NOV_3, "ben", django_capture_on_commit_callbacks)
    subscription = CalendarSubscription.objects.create(
        center=offer.center, url="https://kalender.example/k.ics"
    )
    changed = calendar(event(exdates=("20261013",), moved={"20261103": ("20261103", "140000")}))
    monkeypatch.setattr(imports, "fetch", lambda url: changed)

    with django_capture_on_commit_callbacks(execute=True):
        subscription_sync(subscription, today=TODAY)

    assert sent() == [
        "anna@example.org: Fällt aus: Krabbeltreff",
        "ben@example.org: Neue Zeit: Krabbeltreff",
    ]
    assert date_of(offer, OCT_13).capacity.closed


def test_a_failing_import_tells_nobody_and_changes_nothing(
    offer, django_capture_on_commit_callbacks
):
    registration = sign_up(offer, OCT_13, "anna", django_capture_on_commit_callbacks)
    DBTaskResult.objects.all().delete()
    data = calendar(
        event(exdates=("20261013",)), event(uid="zweiter@kalender.example", title="Zwergencafé")
    )
    plan = calendar_plan(data, center=offer.center, today=TODAY)
    assert [p.title for p in plan.offers] == ["Krabbeltreff", "Zwergencafé"]
    plan.offers[-1].schedules[0].end_time = datetime.time(0, 1)  # ends before it starts

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        calendar_import_apply(plan=plan, center=offer.center, user=None, today=TODAY)

    assert not DBTaskResult.objects.exists()  # no mail queued
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    date = date_of(offer, OCT_13)
    assert date.takes_place and not date.capacity.closed


def _queries(data: bytes, center, django_capture_on_commit_callbacks) -> int:
    plan = calendar_plan(data, center=center, today=TODAY)
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        calendar_import_apply(plan=plan, center=center, user=None, today=TODAY)
    return len(queries)


def test_dates_without_sign_ups_change_in_bulk(offer, django_capture_on_commit_callbacks):
    """Cancelling 2 or 30 dates nobody signed up for takes the same queries."""
    sign_up(offer, OCT_13, "anna", django_capture_on_commit_callbacks)
    weeks = [TODAY + datetime.timedelta(days=7 + 7 * n) for n in range(60)]
    tuesdays = [f"{day:%Y%m%d}" for day in weeks if day != OCT_13]

    few = _queries(
        calendar(event(exdates=tuple(tuesdays[:2]))),
        offer.center,
        django_capture_on_commit_callbacks,
    )
    do_import(calendar(), offer.center, django_capture_on_commit_callbacks)
    many = _queries(
        calendar(event(exdates=tuple(tuesdays[:30]))),
        offer.center,
        django_capture_on_commit_callbacks,
    )
    assert many == few
    assert offer.occurrences.filter(cancelled=True).count() == 30
