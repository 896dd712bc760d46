"""Offers whose event is no longer in their calendar: marked, listed, never changed by
themselves; the centre keeps them as its own or ends them."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from centers.models import Membership
from offers.calendar_import import calendar_plan
from offers.models import CalendarSubscription, Offer
from offers.services import imports, offer_sign_up
from offers.services.imports import (
    calendar_import_apply,
    import_missing_end,
    import_missing_keep,
    missing_offers,
    subscription_sync,
)
from registrations.models import Registration
from tests.factories import CenterFactory, MembershipFactory
from tests.mail_queue import mails_send
from tests.offers.ical_events import calendar, event

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = datetime.date(2026, 9, 1)
URL = "https://kalender.example/sonnenschein.ics"
TREFF = event(uid="treff@kalender.example", title="Krabbeltreff")
CAFE = event(uid="cafe@kalender.example", title="Elterncafé")


@pytest.fixture(autouse=True)
def _on_the_first_of_september():
    with time_machine.travel(datetime.datetime(2026, 9, 1, 8, 0, tzinfo=BERLIN), tick=False):
        yield


@pytest.fixture
def subscription():
    center = CenterFactory(name="ThEKiZ Sonnenschein")
    MembershipFactory(
        center=center, role=Membership.Role.COORDINATOR, user__email="koordi@thekiz.example"
    )
    return CalendarSubscription.objects.create(center=center, url=URL)


@pytest.fixture
def source(monkeypatch):
    answer = {"value": calendar(TREFF, CAFE)}
    monkeypatch.setattr(imports, "fetch", lambda url: answer["value"])
    return answer


def sync(subscription, django_capture_on_commit_callbacks, today=TODAY):
    with django_capture_on_commit_callbacks(execute=True):
        return subscription_sync(subscription, today=today)


def sent() -> list[str]:
    mail.outbox.clear()
    mails_send()
    return [f"{message.to[0]}: {message.subject}" for message in mail.outbox]


def cafe(center) -> Offer:
    return Offer.objects.get(center=center, import_uid="cafe@kalender.example")


def test_a_nightly_sync_marks_an_offer_whose_event_is_gone_and_tells_the_coordinators_once(
    subscription, source, django_capture_on_commit_callbacks
):
    center = subscription.center
    sync(subscription, django_capture_on_commit_callbacks)
    assert cafe(center).import_subscription == subscription
    sent()

    source["value"] = calendar(TREFF)
    result = sync(subscription, django_capture_on_commit_callbacks)

    assert [offer.title for offer in result.newly_missing] == ["Elterncafé"]
    gone = cafe(center)
    assert gone.import_missing_since == TODAY
    assert gone.occurrences.filter(cancelled=False).exists()  # nothing was changed
    assert missing_offers(center) == [gone]
    assert sent() == ["koordi@thekiz.example: Nicht mehr im Kalender: ThEKiZ Sonnenschein"]
    assert "Elterncafé" in mail.outbox[0].body

    # The next night it is still gone: still marked since the first day, no second mail.
    sync(subscription, django_capture_on_commit_callbacks, today=TODAY + datetime.timedelta(1))
    assert cafe(center).import_missing_since == TODAY
    assert sent() == []

    # It comes back: no longer marked.
    source["value"] = calendar(TREFF, CAFE)
    sync(subscription, django_capture_on_commit_callbacks)
    assert cafe(center).import_missing_since is None
    assert missing_offers(center) == []


def test_an_event_cancelled_as_a_whole_counts_as_gone(
    subscription, source, django_capture_on_commit_callbacks
):
    sync(subscription, django_capture_on_commit_callbacks)
    source["value"] = calendar(TREFF, CAFE.replace("END:VEVENT", "STATUS:CANCELLED\r\nEND:VEVENT"))
    sync(subscription, django_capture_on_commit_callbacks)
    assert cafe(subscription.center).import_missing_since == TODAY


def test_a_subscription_marks_only_its_own_offers(
    subscription, source, django_capture_on_commit_callbacks
):
    """An offer imported from a file, or from another subscribed calendar, is not missing
    from this one."""
    center = subscription.center
    other = CalendarSubscription.objects.create(center=center, url="https://b.example/k.ics")
    plan = calendar_plan(
        calendar(event(uid="datei@x", title="Aus der Datei")), center=center, today=TODAY
    )
    calendar_import_apply(plan=plan, center=center, user=None, today=TODAY)
    plan = calendar_plan(
        calendar(event(uid="b@x", title="Aus B")), center=center, today=TODAY, subscription=other
    )
    calendar_import_apply(plan=plan, center=center, user=None, today=TODAY)

    sync(subscription, django_capture_on_commit_callbacks)

    assert missing_offers(center) == []
    assert set(Offer.objects.filter(import_subscription=None).values_list("title", flat=True)) == {
        "Aus der Datei"
    }


def test_an_upload_lists_the_offers_of_files_it_lacks_and_marks_nothing():
    center = CenterFactory()
    plan = calendar_plan(calendar(TREFF, CAFE), center=center, today=TODAY)
    calendar_import_apply(plan=plan, center=center, user=None, today=TODAY)

    plan = calendar_plan(calendar(TREFF), center=center, today=TODAY)
    assert [offer.title for offer in plan.missing] == ["Elterncafé"]
    assert plan.subscription is None
    result = calendar_import_apply(plan=plan, center=center, user=None, today=TODAY)

    assert result.newly_missing == []
    assert cafe(center).import_missing_since is None


def test_archived_offers_are_not_missing(subscription, source, django_capture_on_commit_callbacks):
    sync(subscription, django_capture_on_commit_callbacks)
    Offer.objects.filter(title="Elterncafé").update(status=Offer.Status.ARCHIVED)
    source["value"] = calendar(TREFF)
    assert sync(subscription, django_capture_on_commit_callbacks).newly_missing == []


@pytest.fixture
def gone(subscription, source, django_capture_on_commit_callbacks) -> Offer:
    sync(subscription, django_capture_on_commit_callbacks)
    source["value"] = calendar(TREFF)
    sync(subscription, django_capture_on_commit_callbacks)
    sent()
    offer = cafe(subscription.center)
    Offer.objects.filter(pk=offer.pk).update(
        status=Offer.Status.PUBLISHED, registration=Offer.Registration.PER_DATE, capacity=5
    )
    offer.refresh_from_db()
    return offer


def test_keeping_it_makes_it_the_portals_own(gone, source, django_capture_on_commit_callbacks):
    import_missing_keep(offer=gone, user=None)
    gone.refresh_from_db()
    assert (gone.import_uid, gone.import_subscription, gone.import_missing_since) == (
        "",
        None,
        None,
    )
    assert gone.status == Offer.Status.PUBLISHED
    assert missing_offers(gone.center) == []
    # The imports no longer touch it.
    sync(
        gone.import_subscription or CalendarSubscription.objects.get(),
        django_capture_on_commit_callbacks,
    )
    gone.refresh_from_db()
    assert gone.import_missing_since is None
    with pytest.raises(ValidationError):  # settled already
        import_missing_keep(offer=gone, user=None)


def test_ending_it_cancels_its_dates_tells_the_people_and_archives_it(
    gone, django_capture_on_commit_callbacks
):
    date = gone.occurrences.order_by("start").first()
    with django_capture_on_commit_callbacks(execute=True):
        offer_sign_up(offer=gone, occurrence=date, name="Anna", email="anna@example.org")
    sent()

    with django_capture_on_commit_callbacks(execute=True):
        count = import_missing_end(offer=gone, user=None)

    gone.refresh_from_db()
    assert gone.status == Offer.Status.ARCHIVED and gone.import_missing_since is None
    assert count == gone.occurrences.count()
    assert not gone.occurrences.filter(cancelled=False).exists()
    date.refresh_from_db()
    assert date.cancel_reason == "Das Angebot endet" and date.capacity.closed
    assert Registration.objects.get().status == "cancelled"
    assert sent() == ["anna@example.org: Fällt aus: Elterncafé"]
    assert "Das Angebot endet" in mail.outbox[0].body
    with pytest.raises(ValidationError):
        import_missing_end(offer=gone, user=None)


def test_ending_a_course_closes_its_places(gone, django_capture_on_commit_callbacks):
    Offer.objects.filter(pk=gone.pk).update(registration=Offer.Registration.COURSE)
    gone.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        offer_sign_up(offer=gone, occurrence=None, name="Ben", email="ben@example.org")
    sent()
    with django_capture_on_commit_callbacks(execute=True):
        import_missing_end(offer=gone, user=None)
    assert Registration.objects.get().status == "cancelled"
    assert sent() == ["ben@example.org: Fällt aus: Elterncafé"]
