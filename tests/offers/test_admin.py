import contextlib
import datetime
from collections.abc import Iterator
from unittest import mock

import pytest
from django.utils import timezone

from offers.models import Closure, Occurrence, Offer
from offers.services import offer_occurrences_sync
from tests.factories import CenterFactory, OfferFactory, weekly_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client, coordination_user):
    client.force_login(coordination_user)
    return client


def admin_offer_form(center, start: datetime.date, **changes) -> dict:
    """The admin's offer page with one weekly rule (Mondays and Thursdays, 10–11)."""
    return {
        "title": "Babymassage",
        "slug": "babymassage",
        "summary": "Sanfte Berührung.",
        "description": "",
        "status": "published",
        "host": "center",
        "center": center.pk,
        "cost": "free",
        "registration": "none",
        "place": "center",
        "schedules-TOTAL_FORMS": "1",
        "schedules-INITIAL_FORMS": "0",
        "schedules-MIN_NUM_FORMS": "0",
        "schedules-MAX_NUM_FORMS": "1000",
        "schedules-0-frequency": "weekly",
        "schedules-0-start_date": start.isoformat(),
        "schedules-0-start_time": "10:00",
        "schedules-0-end_time": "11:00",
        "schedules-0-interval": "1",
        "schedules-0-weekdays": "MO,TH",
        "occurrences-TOTAL_FORMS": "0",
        "occurrences-INITIAL_FORMS": "0",
        "occurrences-MIN_NUM_FORMS": "0",
        "occurrences-MAX_NUM_FORMS": "0",
        "translations-TOTAL_FORMS": "0",
        "translations-INITIAL_FORMS": "0",
        "translations-MIN_NUM_FORMS": "0",
        "translations-MAX_NUM_FORMS": "1000",
        **changes,
    }


@contextlib.contextmanager
def counting_syncs() -> Iterator[mock.Mock]:
    """``offer_occurrences_sync`` as it is, counting its calls (by the admin and services)."""
    sync = mock.Mock(wraps=offer_occurrences_sync)
    with (
        mock.patch("offers.admin.offer_occurrences_sync", sync),
        mock.patch("offers.services.editing.offer_occurrences_sync", sync),
    ):
        yield sync


def test_saving_an_offer_with_a_schedule_materialises_its_dates_once(office):
    center = CenterFactory()
    start = timezone.localdate() + datetime.timedelta(days=3)
    with counting_syncs() as sync:
        response = office.post("/admin/offers/offer/add/", admin_offer_form(center, start))
    assert response.status_code == 302, (
        response.context["adminform"].form.errors if response.context else response
    )
    offer = Offer.objects.get(slug="babymassage")
    assert offer.occurrences.count() >= 100  # two days a week for a year
    assert sync.call_count == 1


def test_changing_an_offer_and_its_rule_in_the_admin_materialises_its_dates_once(office):
    offer = weekly_offer(weekdays="MO,TH", sync=False, slug="babymassage")
    rule = offer.schedules.get()
    form = admin_offer_form(
        offer.center,
        rule.start_date,
        **{
            "runs_on_holidays": "on",
            "schedules-INITIAL_FORMS": "1",
            "schedules-0-id": str(rule.pk),
            "schedules-0-offer": str(offer.pk),
            "schedules-0-start_time": "09:00",
        },
    )
    with counting_syncs() as sync:
        response = office.post(f"/admin/offers/offer/{offer.pk}/change/", form)
    assert response.status_code == 302, (
        response.context["adminform"].form.errors if response.context else response
    )
    assert sync.call_count == 1
    offer.refresh_from_db()
    assert offer.runs_on_holidays and offer.version == 2
    assert {timezone.localtime(date.start).hour for date in offer.occurrences.all()} == {9}


def test_cancelling_a_date_in_the_admin_needs_a_reason(office):
    offer = weekly_offer()
    occurrence = offer.occurrences.order_by("start").first()
    url = f"/admin/offers/occurrence/{occurrence.pk}/change/"
    local_start = timezone.localtime(occurrence.start)
    local_end = timezone.localtime(occurrence.end)
    data = {
        "start_0": local_start.strftime("%d.%m.%Y"),
        "start_1": local_start.strftime("%H:%M:%S"),
        "end_0": local_end.strftime("%d.%m.%Y"),
        "end_1": local_end.strftime("%H:%M:%S"),
        "cancelled": "on",
        "cancel_reason": "",
        "note": "",
    }
    response = office.post(url, data)
    assert response.status_code == 200
    assert "Bitte geben Sie einen Grund an" in response.text
    response = office.post(url, data | {"cancel_reason": "Krankheit"})
    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.cancelled and occurrence.cancel_reason == "Krankheit"


def test_a_closure_saved_in_the_admin_marks_the_dates(office):
    offer = weekly_offer(weekdays="TU")
    first = offer.occurrences.order_by("start").first()
    day = timezone.localtime(first.start).date()
    response = office.post(
        "/admin/offers/closure/add/",
        {
            "center": offer.center.pk,
            "title": "Brückentag",
            "start_date": day.strftime("%d.%m.%Y"),
            "end_date": day.strftime("%d.%m.%Y"),
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.off_reason == Occurrence.OffReason.CLOSURE and first.why_not == "Brückentag"
    closure = Closure.objects.get()
    response = office.post(f"/admin/offers/closure/{closure.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.takes_place


def offer_form_data(center, **overrides) -> dict:
    data = {
        "title": "Lesestunde",
        "slug": "lesestunde",
        "summary": "Vorlesen.",
        "description": "",
        "status": "draft",
        "host": "center",
        "center": center.pk,
        "cost": "free",
        "registration": "none",
        "place": "center",
        "schedules-TOTAL_FORMS": "0",
        "schedules-INITIAL_FORMS": "0",
        "schedules-MIN_NUM_FORMS": "0",
        "schedules-MAX_NUM_FORMS": "1000",
        "occurrences-TOTAL_FORMS": "0",
        "occurrences-INITIAL_FORMS": "0",
        "occurrences-MIN_NUM_FORMS": "0",
        "occurrences-MAX_NUM_FORMS": "0",
        "translations-TOTAL_FORMS": "0",
        "translations-INITIAL_FORMS": "0",
        "translations-MIN_NUM_FORMS": "0",
        "translations-MAX_NUM_FORMS": "1000",
    }
    return data | overrides


def test_another_address_gets_its_coordinates_from_the_postcode(office):
    center = CenterFactory()
    response = office.post(
        "/admin/offers/offer/add/",
        offer_form_data(
            center,
            place="address",
            place_name="Stadtbibliothek",
            street="Markt 1",
            postcode="07743",
            city="Jena",
        ),
    )
    assert response.status_code == 302
    offer = Offer.objects.get(slug="lesestunde")
    assert offer.latitude is not None and offer.place_point is not None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"cost": "amount"}, "Bitte geben Sie die Gebühr in Euro an."),
        ({"place": "online"}, "Bitte geben Sie den Link zum Online-Treffen an."),
        ({"host": "coordination"}, "Ein Angebot eines Zentrums braucht das Zentrum"),
        ({"age_min_months": "24", "age_max_months": "12"}, "Die untere Altersgrenze"),
        (
            {"place": "address", "postcode": "99999", "city": "X"},
            "Die Postleitzahl 99999 finden wir nicht",
        ),
    ],
)
def test_inconsistent_offers_are_refused_with_a_german_message(office, overrides, message):
    response = office.post(
        "/admin/offers/offer/add/", offer_form_data(CenterFactory(), **overrides)
    )
    assert response.status_code == 200
    assert message in response.text
    assert not Offer.objects.filter(slug="lesestunde").exists()


def test_an_offer_image_is_re_encoded(office, settings, tmp_path):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (50.0, 55.0, 30.0)}
    Image.new("RGB", (40, 30), "blue").save(buffer, "JPEG", exif=exif)
    upload = SimpleUploadedFile("kinder.jpg", buffer.getvalue(), content_type="image/jpeg")
    response = office.post(
        "/admin/offers/offer/add/",
        offer_form_data(
            CenterFactory(),
            image=upload,
            image_alt="Kinder lesen auf einem Teppich",
        ),
    )
    assert response.status_code == 302
    offer = Offer.objects.get(slug="lesestunde")
    assert not Image.open(offer.image.path).getexif()
    assert (offer.image_width, offer.image_height) == (40, 30)


def test_a_new_image_in_the_admin_gets_its_smaller_sizes(office):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    def upload(colour: str) -> SimpleUploadedFile:
        buffer = io.BytesIO()
        Image.new("RGB", (1200, 800), colour).save(buffer, "JPEG")
        return SimpleUploadedFile("bild.jpg", buffer.getvalue(), content_type="image/jpeg")

    center = CenterFactory()
    data = offer_form_data(center, image_alt="Ein Bild")
    assert (
        office.post("/admin/offers/offer/add/", data | {"image": upload("blue")}).status_code == 302
    )
    offer = Offer.objects.get(slug="lesestunde")
    first_variants = dict(offer.image_variants)
    assert first_variants and offer.version == 1
    response = office.post(
        f"/admin/offers/offer/{offer.pk}/change/", data | {"image": upload("red")}
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.image_variants and offer.image_variants != first_variants
    assert offer.version == 2  # open staff forms of the old version are refused


def test_the_publish_action_refuses_an_offer_without_dates_and_records_the_others(office):
    from centers.models import ChangeRecord

    with_dates = weekly_offer(status="draft")
    without = OfferFactory(center=with_dates.center, status="draft", title="Ohne Termine")
    response = office.post(
        "/admin/offers/offer/",
        {"action": "publish", "_selected_action": [with_dates.pk, without.pk]},
        follow=True,
    )
    with_dates.refresh_from_db()
    without.refresh_from_db()
    assert with_dates.status == Offer.Status.PUBLISHED
    assert without.status == Offer.Status.DRAFT
    assert "Ohne Termine:" in response.text
    assert ChangeRecord.objects.filter(
        center=with_dates.center, action=ChangeRecord.Action.PUBLISHED
    ).exists()


def test_no_metadata_of_an_offer_image_survives_in_the_image_or_its_copies(office):
    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.image_files import image_with_metadata, metadata_in

    upload = SimpleUploadedFile("kinder.png", image_with_metadata("PNG"), "image/png")
    response = office.post(
        "/admin/offers/offer/add/",
        offer_form_data(CenterFactory(), image=upload, image_alt="Kinder lesen"),
    )
    assert response.status_code == 302
    offer = Offer.objects.get(slug="lesestunde")
    names = [offer.image.name, *offer.image_variants.values()]
    assert len(names) == 3
    for name in names:
        with default_storage.open(name) as stored:
            assert metadata_in(stored.read()) == [], name


def test_a_date_no_rule_gives_cannot_be_set_to_take_place_in_the_admin(office):
    offer = weekly_offer()
    occurrence = offer.occurrences.order_by("start")[1]
    Occurrence.objects.filter(pk=occurrence.pk).update(cancelled=True, cancel_reason="Krankheit")
    offer.schedules.all().delete()
    offer_occurrences_sync(offer)
    local_start = timezone.localtime(occurrence.start)
    local_end = timezone.localtime(occurrence.end)
    response = office.post(
        f"/admin/offers/occurrence/{occurrence.pk}/change/",
        {
            "start_0": local_start.strftime("%d.%m.%Y"),
            "start_1": local_start.strftime("%H:%M:%S"),
            "end_0": local_end.strftime("%d.%m.%Y"),
            "end_1": local_end.strftime("%H:%M:%S"),
            "cancel_reason": "",
            "note": "",
        },
    )
    assert response.status_code == 200
    assert "steht nicht mehr im Terminplan" in response.text
    occurrence.refresh_from_db()
    assert occurrence.cancelled and occurrence.detached


def test_the_office_adds_a_translation_in_the_admin(office):
    from offers.models import OfferTranslation

    center = CenterFactory()
    start = timezone.localdate() + datetime.timedelta(days=3)
    page = office.get("/admin/offers/offer/add/").text
    assert '<option value="ar">العربية (Arabisch)</option>' in page
    assert '<option value="pl">' not in page  # Polish is not a content language
    form = admin_offer_form(center, start) | {
        "translations-TOTAL_FORMS": "1",
        "translations-0-language_code": "uk",
        "translations-0-translated_title": "Масаж для немовлят",
        "translations-0-translated_summary": "",
        "translations-0-translated_description": "",
    }
    assert office.post("/admin/offers/offer/add/", form).status_code == 302
    row = OfferTranslation.objects.get(master__slug="babymassage")
    assert (row.language_code, row.translated_title) == ("uk", "Масаж для немовлят")
