"""Subscribed calendars: imported nightly through the task queue; a failing source is
reported to the centre and changes nothing."""

import datetime
import io
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from centers.models import Membership
from common.fetch import FetchError
from offers.models import CalendarSubscription, Offer
from offers.services import imports
from offers.tasks import calendar_subscription_sync
from tests.factories import CenterFactory, MembershipFactory

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent / "ical_samples"
URL = "https://kalender.example/sonnenschein.ics"


@pytest.fixture(autouse=True)
def _on_the_first_of_september():
    moment = datetime.datetime(2026, 9, 1, 3, 15, tzinfo=ZoneInfo("Europe/Berlin"))
    with time_machine.travel(moment, tick=False):
        yield


@pytest.fixture
def subscription():
    center = CenterFactory(name="ThEKiZ Sonnenschein")
    MembershipFactory(
        center=center, role=Membership.Role.COORDINATOR, user__email="koordi@thekiz.example"
    )
    MembershipFactory(center=center, role=Membership.Role.STAFF, user__email="fach@thekiz.example")
    return CalendarSubscription.objects.create(center=center, url=URL)


@pytest.fixture
def source(monkeypatch):
    """What the subscribed address answers: bytes, or an exception to raise."""
    answer = {"value": (SAMPLES / "google.ics").read_bytes()}

    def fetch(url: str) -> bytes:
        assert url == URL
        if isinstance(answer["value"], Exception):
            raise answer["value"]
        return answer["value"]

    monkeypatch.setattr(imports, "fetch", fetch)
    return answer


def mails() -> list[dict]:
    return [
        task.args_kwargs["args"][0]
        for task in DBTaskResult.objects.filter(task_path="common.mail.mail_send")
    ]


def test_the_nightly_command_queues_one_task_per_subscription(subscription):
    CalendarSubscription.objects.create(center=CenterFactory(), url="https://b.example/k.ics")
    call_command("calendar_subscriptions_sync", stdout=io.StringIO())
    queued = DBTaskResult.objects.filter(task_path=calendar_subscription_sync.module_path)
    assert sorted(task.args_kwargs["args"][0] for task in queued) == sorted(
        CalendarSubscription.objects.values_list("pk", flat=True)
    )


def test_the_task_imports_the_calendar(subscription, source):
    calendar_subscription_sync.call(subscription.pk)
    subscription.refresh_from_db()
    assert subscription.last_synced_at is not None and subscription.last_error == ""
    titles = set(Offer.objects.filter(center=subscription.center).values_list("title", flat=True))
    assert titles == {"Krabbelgruppe", "Elterncafé"}
    # The next night updates the same offers.
    calendar_subscription_sync.call(subscription.pk)
    assert Offer.objects.filter(center=subscription.center).count() == 2


def test_a_failing_source_changes_nothing_and_tells_the_coordinators_once(subscription, source):
    calendar_subscription_sync.call(subscription.pk)
    before = list(Offer.objects.filter(center=subscription.center).values("pk", "title"))
    source["value"] = FetchError("Der Server kalender.example war nicht erreichbar.")
    calendar_subscription_sync.call(subscription.pk)
    calendar_subscription_sync.call(subscription.pk)  # the next night: no second mail
    subscription.refresh_from_db()
    assert subscription.last_error == "Der Server kalender.example war nicht erreichbar."
    assert list(Offer.objects.filter(center=subscription.center).values("pk", "title")) == before
    [mail] = mails()
    assert mail["to"] == ["koordi@thekiz.example"]
    assert "nicht erreichbar" in mail["text"] and URL in mail["text"]
    # It works again: the error is gone; a later failure is told again.
    source["value"] = (SAMPLES / "google.ics").read_bytes()
    calendar_subscription_sync.call(subscription.pk)
    subscription.refresh_from_db()
    assert subscription.last_error == ""


def test_a_broken_calendar_is_never_half_applied(subscription, source, monkeypatch):
    """An error while the offers are written rolls all of them back."""
    written = []
    original = imports._offer_apply

    def apply_then_fail(plan, *args):
        if written:
            raise RuntimeError("disk full")
        written.append(plan.title)
        return original(plan, *args)

    monkeypatch.setattr(imports, "_offer_apply", apply_then_fail)
    calendar_subscription_sync.call(subscription.pk)
    assert written  # the first offer was written …
    assert not Offer.objects.filter(center=subscription.center).exists()  # … and rolled back
    subscription.refresh_from_db()
    assert subscription.last_error.startswith("Der Kalender konnte nicht importiert werden")


def test_a_damaged_file_is_reported_in_german(subscription, source):
    source["value"] = (SAMPLES / "broken.ics").read_bytes()
    calendar_subscription_sync.call(subscription.pk)
    subscription.refresh_from_db()
    assert "beschädigt" in subscription.last_error
    assert len(mails()) == 1


def test_a_removed_subscription_is_skipped(subscription, source):
    pk = subscription.pk
    subscription.delete()
    calendar_subscription_sync.call(pk)
    assert not Offer.objects.exists()
