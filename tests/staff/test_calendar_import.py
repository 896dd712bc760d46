"""The calendar import in Mein ThEKiZ: upload or subscribe, preview, confirm."""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from centers.models import Membership
from common.fetch import FetchError
from offers.models import CalendarSubscription, Offer
from offers.services import offer_sign_up
from staff.views import imports as import_views
from tests.conftest import with_totp
from tests.factories import CenterFactory, MembershipFactory, weekly_offer
from tests.offers.ical_events import calendar, event

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parents[1] / "offers" / "ical_samples"


@pytest.fixture(autouse=True)
def _on_the_first_of_september():
    moment = datetime.datetime(2026, 9, 1, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    with time_machine.travel(moment, tick=False):
        yield


@pytest.fixture
def staff(client):
    """A staff member (not a coordinator): importing is part of keeping the calendar."""
    membership = MembershipFactory(role=Membership.Role.STAFF, center=CenterFactory(slug="kita"))
    with_totp(membership.user)
    client.force_login(membership.user)
    return membership


def url(name: str, **kwargs) -> str:
    return reverse(f"staff:{name}", kwargs={"center": "kita", **kwargs})


def upload(client, name: str, content: bytes | None = None):
    data = content if content is not None else (SAMPLES / name).read_bytes()
    return client.post(
        url("calendar_import"),
        {"upload": "1", "calendar_file": SimpleUploadedFile(name, data, "text/calendar")},
    )


def test_upload_preview_and_confirm_create_drafts(client, staff):
    response = upload(client, "google.ics")
    assert response.status_code == 302 and response["Location"] == url("calendar_import_preview")
    preview = client.get(url("calendar_import_preview"))
    assert preview.status_code == 200
    text = preview.text
    assert "Krabbelgruppe" in text and "Elterncafé" in text
    assert "jeden Dienstag, 9:30–11:00 Uhr" in text
    assert "06.10.2026" in text  # the cancelled date
    assert "Sommerfest" in text and "ganztägig" in text  # listed, not dropped
    assert not Offer.objects.exists()  # nothing saved before the confirmation

    form_token = preview.context["form_token"]
    confirmed = client.post(url("calendar_import_preview"), {"form_token": form_token})
    assert confirmed.status_code == 302
    offers = Offer.objects.filter(center=staff.center)
    assert sorted(offers.values_list("title", "status")) == [
        ("Elterncafé", "draft"),
        ("Krabbelgruppe", "draft"),
    ]
    # A double submit does not import twice.
    again = client.post(url("calendar_import_preview"), {"form_token": form_token})
    assert again.status_code == 302 and offers.count() == 2


def test_a_second_upload_shows_updates(client, staff):
    upload(client, "google.ics")
    preview = client.get(url("calendar_import_preview"))
    client.post(url("calendar_import_preview"), {"form_token": preview.context["form_token"]})
    upload(client, "google.ics")
    preview = client.get(url("calendar_import_preview"))
    assert [p.existing is not None for p in preview.context["plan"].offers] == [True, True]
    assert "aktualisiert" in preview.text


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.ics", None, "beschädigt"),
        ("bild.ics", b"\x89PNG\r\n\x1a\n\x00\x00", "keine Kalenderdatei"),
        ("leer.ics", b"", "leer"),
        ("gross.ics", b"BEGIN:VCALENDAR\r\n" + b"X" * (2 * 1024 * 1024), "zu groß"),
    ],
)
def test_a_broken_file_is_an_error_on_the_page_never_a_500(client, staff, name, content, message):
    response = upload(client, name, content)
    assert response.status_code == 200
    assert message in response.text
    assert _SESSION_KEY not in client.session


_SESSION_KEY = import_views._SESSION_KEY


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("https://127.0.0.1/kalender.ics", "privates Netz"),
        ("https://10.0.0.1/kalender.ics", "privates Netz"),
        ("http://kalender.example/kalender.ics", "https://"),
    ],
)
def test_an_unsafe_address_is_refused(client, staff, address, message):
    response = client.post(url("calendar_import"), {"subscribe": "1", "url": address})
    assert response.status_code == 200
    assert message in response.text
    assert not CalendarSubscription.objects.exists()


def test_subscribing_imports_and_keeps_the_address(client, staff, monkeypatch):
    monkeypatch.setattr(import_views, "fetch", lambda u: (SAMPLES / "outlook.ics").read_bytes())
    address = "https://kalender.example/kita.ics"
    response = client.post(url("calendar_import"), {"subscribe": "1", "url": address})
    assert response.status_code == 302
    preview = client.get(url("calendar_import_preview"))
    assert address in preview.text and "Teamsitzung (intern)" in preview.text
    client.post(url("calendar_import_preview"), {"form_token": preview.context["form_token"]})
    [subscription] = CalendarSubscription.objects.filter(center=staff.center)
    assert subscription.url == address and subscription.last_synced_at is not None
    page = client.get(url("calendar_import"))
    assert address in page.text


def test_a_failing_subscription_is_shown_on_the_page(client, staff):
    CalendarSubscription.objects.create(
        center=staff.center,
        url="https://kalender.example/kita.ics",
        last_error="Der Server kalender.example war nicht erreichbar.",
        last_error_at=datetime.datetime(2026, 9, 1, 3, 15, tzinfo=datetime.UTC),
    )
    page = client.get(url("calendar_import"))
    assert "fehlgeschlagen" in page.text and "nicht erreichbar" in page.text


def test_an_unreachable_address_is_an_error_on_the_page(client, staff, monkeypatch):
    def fail(address):
        raise FetchError("Der Server kalender.example war nicht erreichbar.")

    monkeypatch.setattr(import_views, "fetch", fail)
    response = client.post(
        url("calendar_import"), {"subscribe": "1", "url": "https://kalender.example/k.ics"}
    )
    assert response.status_code == 200 and "nicht erreichbar" in response.text


def test_the_preview_of_another_centre_is_404(client, staff):
    upload(client, "google.ics")
    other = CenterFactory(slug="andere")
    preview = reverse("staff:calendar_import_preview", kwargs={"center": other.slug})
    assert client.get(preview).status_code == 404
    assert client.post(preview).status_code == 404
    start = reverse("staff:calendar_import", kwargs={"center": other.slug})
    assert client.get(start).status_code == 404
    assert not Offer.objects.exists()


def test_a_calendar_uploaded_for_one_centre_is_not_shown_for_another(client, staff):
    second = MembershipFactory(user=staff.user, center=CenterFactory(slug="zweite")).center
    upload(client, "google.ics")
    response = client.get(reverse("staff:calendar_import_preview", args=[second.slug]))
    assert response.status_code == 302  # back to the start: nothing waits for this centre


def test_another_centres_subscription_is_404(client, staff):
    foreign = CalendarSubscription.objects.create(
        center=CenterFactory(), url="https://kalender.example/x.ics"
    )
    response = client.post(url("calendar_subscription_remove", pk=foreign.pk))
    assert response.status_code == 404
    assert CalendarSubscription.objects.filter(pk=foreign.pk).exists()


def test_ending_a_subscription_keeps_its_offers(client, staff):
    subscription = CalendarSubscription.objects.create(
        center=staff.center, url="https://kalender.example/kita.ics"
    )
    response = client.post(url("calendar_subscription_remove", pk=subscription.pk))
    assert response.status_code == 302
    assert not CalendarSubscription.objects.exists()


def _calendar(events: int) -> bytes:
    body = b"".join(
        b"BEGIN:VEVENT\r\nUID:e%d\r\nSUMMARY:Treff %d\r\nDTSTART;TZID=Europe/Berlin:20260908T0930"
        b"00\r\nDTEND;TZID=Europe/Berlin:20260908T110000\r\nRRULE:FREQ=WEEKLY;BYDAY=TU\r\n"
        b"EXDATE;TZID=Europe/Berlin:20260915T093000\r\nEND:VEVENT\r\n" % (n, n)
        for n in range(events)
    )
    return b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + body + b"END:VCALENDAR\r\n"


def test_the_preview_takes_the_same_queries_for_any_calendar_size(
    client, staff, django_assert_max_num_queries
):
    counts = []
    for events in (2, 40):
        upload(client, "k.ics", _calendar(events))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("calendar_import_preview"))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(counts[0]):
        client.get(url("calendar_import_preview"))


def test_the_dashboard_tells_of_a_failing_calendar(client, staff):
    dashboard = reverse("staff:dashboard", args=["kita"])
    assert "konnte nicht importiert werden" not in client.get(dashboard).text
    CalendarSubscription.objects.create(
        center=staff.center,
        url="https://kalender.example/kita.ics",
        last_error="Der Server kalender.example war nicht erreichbar.",
        last_error_at=datetime.datetime(2026, 9, 1, 3, 15, tzinfo=datetime.UTC),
    )
    page = client.get(dashboard).text
    assert "Ein abonnierter Kalender konnte nicht importiert werden" in page
    assert "nicht erreichbar" in page and url("calendar_import") in page


def test_an_import_the_portal_refuses_is_a_message_not_a_500(client, staff, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError("Das Ende muss nach dem Beginn liegen.")

    monkeypatch.setattr(import_views, "calendar_import_apply", refuse)
    upload(client, "google.ics")
    preview = client.get(url("calendar_import_preview"))
    response = client.post(
        url("calendar_import_preview"), {"form_token": preview.context["form_token"]}, follow=True
    )
    assert response.status_code == 200
    assert "Das Ende muss nach dem Beginn liegen." in response.text
    assert not Offer.objects.exists()


# --- Dates with sign-ups, offers no longer in the calendar --------------------------------


def _imported(client, content: bytes) -> None:
    upload(client, "k.ics", content)
    preview = client.get(url("calendar_import_preview"))
    client.post(url("calendar_import_preview"), {"form_token": preview.context["form_token"]})


def test_the_preview_says_who_will_be_told_before_the_import(client, staff):
    _imported(client, calendar(event()))
    offer = Offer.objects.get(center=staff.center)
    Offer.objects.filter(pk=offer.pk).update(
        status=Offer.Status.PUBLISHED, registration=Offer.Registration.PER_DATE, capacity=1
    )
    offer.refresh_from_db()
    date = offer.occurrences.get(original_date=datetime.date(2026, 10, 13))
    for who in ("anna", "ben"):
        offer_sign_up(offer=offer, occurrence=date, name=who, email=f"{who}@example.org")

    upload(client, "k.ics", calendar(event(exdates=("20261013",))))
    text = client.get(url("calendar_import_preview")).text

    assert "Angemeldete Personen werden benachrichtigt" in text
    assert (
        "Abgesagt oder aus dem Terminplan genommen werden: 1 Termin mit 2 Anmeldungen. "
        "Die angemeldeten Personen werden benachrichtigt."
    ) in text
    assert "Krabbeltreff, Di, 13.10.2026 09:30: fällt aus (2 Anmeldungen)" in text


def test_an_upload_preview_lists_imported_offers_the_file_lacks(client, staff):
    _imported(client, calendar(event(), event(uid="cafe@x", title="Elterncafé")))
    upload(client, "k.ics", calendar(event()))
    text = client.get(url("calendar_import_preview")).text
    assert "Im Portal, aber nicht in diesem Kalender" in text
    assert "Elterncafé" in text


@pytest.fixture
def gone(staff) -> Offer:
    subscription = CalendarSubscription.objects.create(
        center=staff.center, url="https://kalender.example/kita.ics"
    )
    return weekly_offer(
        center=staff.center,
        title="Elterncafé",
        import_uid="cafe@kalender.example",
        import_subscription=subscription,
        import_missing_since=datetime.date(2026, 8, 30),
        registration=Offer.Registration.PER_DATE,
        capacity=5,
    )


def test_the_import_page_and_the_dashboard_list_offers_gone_from_the_calendar(client, staff, gone):
    page = client.get(url("calendar_import")).text
    assert "Nicht mehr im Kalender" in page
    assert "nicht mehr im Kalender seit 30.08.2026: https://kalender.example/kita.ics" in page
    assert url("calendar_import_missing_keep", pk=gone.pk) in page
    assert url("calendar_import_missing_end", pk=gone.pk) in page
    dashboard = client.get(reverse("staff:dashboard", args=["kita"])).text
    assert "Ein Angebot ist nicht mehr in seinem abonnierten Kalender" in dashboard
    assert "Elterncafé" in dashboard and url("calendar_import") in dashboard


def test_keeping_an_offer_gone_from_the_calendar(client, staff, gone):
    response = client.post(url("calendar_import_missing_keep", pk=gone.pk), follow=True)
    assert "„Elterncafé“ bleibt als eigenes Angebot im Portal" in response.text
    gone.refresh_from_db()
    assert gone.import_uid == "" and gone.import_missing_since is None
    assert "Nicht mehr im Kalender" not in client.get(url("calendar_import")).text
    # Settled: the address is gone for it.
    assert client.post(url("calendar_import_missing_keep", pk=gone.pk)).status_code == 404


def test_ending_an_offer_gone_from_the_calendar_asks_first(
    client, staff, gone, django_capture_on_commit_callbacks
):
    date = gone.occurrences.order_by("start").first()
    offer_sign_up(offer=gone, occurrence=date, name="Anna", email="anna@example.org")
    page = client.get(url("calendar_import_missing_end", pk=gone.pk)).text
    upcoming = gone.occurrences.filter(cancelled=False).count()
    assert f"{upcoming} kommende Termine werden abgesagt." in page
    assert "1 Person ist angemeldet" in page
    assert Offer.objects.get(pk=gone.pk).status == Offer.Status.PUBLISHED  # only asked

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("calendar_import_missing_end", pk=gone.pk), follow=True)
    assert f"„Elterncafé“ ist beendet: Es ist archiviert, {upcoming} Termine" in response.text
    gone.refresh_from_db()
    assert gone.status == Offer.Status.ARCHIVED
    assert date.capacity.registrations.get().status == "cancelled"


def test_another_centres_or_an_unmarked_offer_is_404(client, staff, gone):
    other = weekly_offer(
        center=CenterFactory(),
        import_uid="cafe@kalender.example",
        import_missing_since=datetime.date(2026, 8, 30),
    )
    unmarked = weekly_offer(center=staff.center, import_uid="x@kalender.example")
    for offer in (other, unmarked):
        for name in ("calendar_import_missing_keep", "calendar_import_missing_end"):
            assert client.post(url(name, pk=offer.pk)).status_code == 404
        assert client.get(url("calendar_import_missing_end", pk=offer.pk)).status_code == 404
    other.refresh_from_db()
    assert other.import_uid and other.status == Offer.Status.PUBLISHED
