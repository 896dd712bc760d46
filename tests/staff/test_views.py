"""The staff area's pages: what happens with good and bad input."""

import datetime
import io
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import formats, timezone, translation
from PIL import Image

from centers.models import ChangeRecord
from network.models import District
from offers.models import Closure, Offer
from offers.services import schedule_check
from tests.conftest import with_totp
from tests.factories import CenterFactory, MembershipFactory, weekly_offer

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def staff(client):
    membership = MembershipFactory(role="coordinator", center=CenterFactory(slug="kita"))
    with_totp(membership.user)
    client.force_login(membership.user)
    return membership


def url(name: str, **kwargs) -> str:
    return reverse(f"staff:{name}", kwargs={"center": "kita", **kwargs})


OFFER_FORM = {
    "title": "Lesestunde",
    "summary": "Vorlesen für Kinder.",
    "description": "",
    "cost": "free",
    "registration": "none",
    "place": "center",
}


def test_creating_an_offer_leads_to_its_dates(client, staff):
    response = client.post(url("offer_create"), OFFER_FORM | {"form_token": "t1"})
    offer = Offer.objects.get(title="Lesestunde")
    assert response["Location"] == url("offer_schedule", pk=offer.pk)
    assert offer.center == staff.center and offer.status == "draft"


def test_a_double_submit_creates_one_offer(client, staff):
    first = client.post(url("offer_create"), OFFER_FORM | {"form_token": "same"})
    second = client.post(url("offer_create"), OFFER_FORM | {"form_token": "same"})
    assert Offer.objects.filter(title="Lesestunde").count() == 1
    assert second["Location"] == first["Location"]


def test_a_form_with_mistakes_keeps_what_was_typed(client, staff):
    response = client.post(
        url("offer_create"),
        OFFER_FORM
        | {
            "title": "",
            "summary": "Mein langer Text bleibt erhalten",
            "cost": "amount",
        },
    )
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Eingaben" in response.text
    assert "Mein langer Text bleibt erhalten" in response.text
    assert not Offer.objects.exists()


def test_a_stale_form_is_refused_with_a_message_and_keeps_the_input(client, staff):
    offer = weekly_offer(center=staff.center, title="Alt")
    Offer.objects.filter(pk=offer.pk).update(version=offer.version + 1)  # someone else saved
    response = client.post(
        url("offer_edit", pk=offer.pk),
        OFFER_FORM
        | {
            "title": "Mein neuer Titel",
            "version": offer.version,
        },
    )
    assert response.status_code == 200
    assert "Jemand anderes hat dieses Angebot inzwischen geändert" in response.text
    assert 'value="Mein neuer Titel"' in response.text
    offer.refresh_from_db()
    assert offer.title == "Alt"


def test_the_schedule_editor_previews_without_saving_and_then_saves(client, staff):
    offer = weekly_offer(center=staff.center, sync=False)
    offer.schedules.all().delete()
    data = {
        "frequency": "weekly",
        "weekday_set": ["MO"],
        "start_time": "09:30",
        "end_time": "11:00",
        "interval": "1",
        "start_date": "2027-09-06",
        "end": "open",
        "version": offer.version,
    }
    response = client.post(url("offer_schedule", pk=offer.pk), data | {"preview": "1"})
    assert response.status_code == 200
    assert "jeden Montag, 9:30–11:00 Uhr" in response.text
    assert "Weltkindertag" in response.text
    assert not offer.schedules.exists()
    response = client.post(url("offer_schedule", pk=offer.pk), data | {"save": "1"})
    assert response.status_code == 302
    assert offer.schedules.get().weekdays == "MO"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"start_time": "11:00", "end_time": "09:00"}, "Das Ende muss nach dem Beginn liegen"),
        ({"interval": "0"}, "Der Abstand muss mindestens 1 sein"),
        ({"weekday_set": []}, "Bitte wählen Sie mindestens einen Wochentag"),
        ({"end": "until", "until": "2020-01-01"}, "Der letzte Termin kann nicht vor"),
        ({"end": "count"}, "Bitte geben Sie die Anzahl der Termine an"),
    ],
)
def test_an_invalid_schedule_gets_a_german_message_and_saves_nothing(
    client, staff, changes, message
):
    offer = weekly_offer(center=staff.center, sync=False)
    offer.schedules.all().delete()
    data = {
        "frequency": "weekly",
        "weekday_set": ["TU"],
        "start_time": "09:30",
        "end_time": "11:00",
        "interval": "1",
        "start_date": TODAY.isoformat(),
        "end": "open",
        "save": "1",
        "version": offer.version,
    } | changes
    response = client.post(url("offer_schedule", pk=offer.pk), data)
    assert response.status_code == 200
    assert message in response.text
    assert 'value="09:30"' in response.text or 'value="11:00"' in response.text
    assert not offer.schedules.exists()


def rule_form(offer: Offer, **changes) -> dict:
    """The schedule editor's fields for "every Monday, 9:30–11:00, from today"."""
    return {
        "frequency": "weekly",
        "weekday_set": ["MO"],
        "start_time": "09:30",
        "end_time": "11:00",
        "interval": "1",
        "start_date": TODAY.isoformat(),
        "end": "open",
        "version": offer.version,
        **changes,
    }


def test_a_schedule_is_checked_once_per_save_and_once_per_preview(client, staff):
    offer = weekly_offer(center=staff.center, sync=False)
    offer.schedules.all().delete()
    data = rule_form(offer)
    check = mock.Mock(wraps=schedule_check)
    with (
        mock.patch("offers.services.editing.schedule_check", check),
        mock.patch("staff.views.offers.schedule_check", check),
    ):
        client.post(url("offer_schedule", pk=offer.pk), data | {"preview": "1"})
        assert check.call_count == 1
        client.post(url("offer_schedule_preview", pk=offer.pk), data)
        assert check.call_count == 2
        response = client.post(url("offer_schedule", pk=offer.pk), data | {"save": "1"})
    assert response.status_code == 302
    assert check.call_count == 3


def test_a_rule_that_gives_no_date_is_refused_in_the_preview_and_when_saved(client, staff):
    offer = weekly_offer(center=staff.center, sync=False)
    offer.schedules.all().delete()
    data = rule_form(offer, start_date=(TODAY + datetime.timedelta(days=800)).isoformat())
    message = "Mit diesen Angaben ergibt sich im nächsten Jahr kein Termin."
    for extra in ({"preview": "1"}, {"save": "1"}):
        response = client.post(url("offer_schedule", pk=offer.pk), data | extra)
        assert response.status_code == 200 and message in response.text
    response = client.post(url("offer_schedule_preview", pk=offer.pk), data)
    assert "Die Vorschau erscheint, sobald die Angaben vollständig sind." in response.text
    assert not offer.schedules.exists()


def test_what_the_chosen_end_does_not_use_never_reaches_the_rule(client, staff):
    offer = weekly_offer(center=staff.center, sync=False)
    offer.schedules.all().delete()
    # "No end" chosen after a last date was typed: the hidden parts stay in the form.
    data = rule_form(
        offer,
        month_week="2",
        until=(TODAY + datetime.timedelta(days=60)).isoformat(),
        count="3",
        save="1",
    )
    response = client.post(url("offer_schedule", pk=offer.pk), data)
    assert response.status_code == 302
    rule = offer.schedules.get()
    assert (rule.until, rule.count, rule.month_week) == (None, None, None)


def test_the_live_preview_endpoint_returns_a_fragment(client, staff):
    offer = weekly_offer(center=staff.center)
    response = client.post(
        url("offer_schedule_preview", pk=offer.pk),
        {
            "frequency": "monthly",
            "month_week": "-1",
            "month_weekday": "FR",
            "start_time": "09:00",
            "end_time": "11:00",
            "interval": "1",
            "start_date": TODAY.isoformat(),
            "end": "open",
        },
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "jeden letzten Freitag im Monat" in response.text


def test_a_date_is_cancelled_from_the_dashboard_and_families_see_it(client, staff):
    offer = weekly_offer(center=staff.center, title="Krabbelgruppe")
    occurrence = offer.occurrences.order_by("start").first()
    dashboard = url("dashboard")
    page = client.get(dashboard)
    assert url("occurrence_cancel", pk=occurrence.pk) in page.text
    response = client.post(
        url("occurrence_cancel", pk=occurrence.pk) + f"?next_url={dashboard}",
        {"reason": "Krankheit im Team", "next_url": dashboard},
    )
    assert response["Location"] == dashboard
    public = client.get(offer.get_absolute_url())
    assert "fällt aus" in public.text and "Krankheit im Team" in public.text
    assert ChangeRecord.objects.filter(action="cancelled").exists()


def test_each_upcoming_date_shows_its_day_not_only_its_time(client, staff):
    offer = weekly_offer(center=staff.center, title="Krabbelgruppe")
    occurrence = offer.occurrences.order_by("start").first()
    start = timezone.localtime(occurrence.start)
    day = formats.date_format(start, "D, j. N Y")  # "Di, 1. Dez. 2026"
    row = (
        f'<span class="occurrence__day">{day}</span> '
        '<span class="occurrence__hours">9:30–11:00 Uhr</span>'
    )
    assert row in client.get(url("offer_schedule", pk=offer.pk)).text
    assert row in client.get(url("dashboard")).text  # the first Tuesday is within a week


def test_a_cancel_without_reason_is_refused(client, staff):
    occurrence = weekly_offer(center=staff.center).occurrences.first()
    response = client.post(url("occurrence_cancel", pk=occurrence.pk), {"reason": " "})
    assert response.status_code == 200
    occurrence.refresh_from_db()
    assert not occurrence.cancelled


def test_an_open_redirect_is_not_possible(client, staff):
    occurrence = weekly_offer(center=staff.center).occurrences.first()
    response = client.post(
        url("occurrence_cancel", pk=occurrence.pk),
        {"reason": "Krank", "next_url": "https://evil.example/"},
    )
    assert response["Location"] == url("dashboard")


def test_a_closure_shows_the_dates_it_hits_before_saving(client, staff):
    offer = weekly_offer(center=staff.center)
    first = timezone.localtime(offer.occurrences.order_by("start").first().start).date()
    data = {
        "title": "Teamfortbildung",
        "start_date": first.isoformat(),
        "end_date": (first + datetime.timedelta(days=8)).isoformat(),
    }
    response = client.post(url("closures"), data | {"preview": "1"})
    assert "Diese Schließzeit betrifft 2 Termine" in response.text
    assert not Closure.objects.exists()
    client.post(url("closures"), data | {"save": "1", "form_token": "c1"})
    assert Closure.objects.get().title == "Teamfortbildung"
    assert offer.occurrences.filter(off_reason="closure").count() == 2


def test_a_fake_image_gets_a_clear_message_and_nothing_is_stored(client, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("foto.jpg", b"<svg></svg>", content_type="image/jpeg")
    response = client.post(url("photos"), {"image": fake, "alt_text": "Garten"})
    assert response.status_code == 200
    assert "Diese Datei ist kein JPEG-, PNG- oder WebP-Bild" in response.text
    assert 'value="Garten"' in response.text
    assert not staff.center.photos.exists()
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20)).save(buffer, "JPEG")
    good = SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")
    response = client.post(url("photos"), {"image": good, "alt_text": "Garten", "form_token": "p1"})
    assert response.status_code == 302 and staff.center.photos.count() == 1


def test_inviting_someone_already_in_the_team_is_refused(client, staff):
    response = client.post(url("team"), {"email": staff.user.email.upper(), "role": "staff"})
    assert "Diese Person gehört schon zum Team" in response.text


def test_saving_an_offer_confirms_it_for_the_families(client, staff):
    offer = weekly_offer(center=staff.center, title="Alt")
    Offer.objects.filter(pk=offer.pk).update(last_reviewed=TODAY - datetime.timedelta(days=400))
    response = client.post(
        url("offer_edit", pk=offer.pk), OFFER_FORM | {"title": "Neu", "version": offer.version}
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.title == "Neu" and offer.last_reviewed == TODAY
    public = client.get(offer.get_absolute_url()).text
    assert f'Zuletzt geprüft am <time datetime="{TODAY.isoformat()}">' in public


def test_the_dashboard_points_to_offers_that_need_attention(client, staff):
    weekly_offer(center=staff.center, title="Entwurfsangebot", status="draft")
    stale = weekly_offer(center=staff.center, title="Alte Gruppe")
    Offer.objects.filter(pk=stale.pk).update(last_reviewed=TODAY - datetime.timedelta(days=400))
    page = client.get(url("dashboard"))
    assert "Braucht Ihre Aufmerksamkeit" in page.text
    assert "Entwurfsangebot" in page.text and "Entwurf, nicht öffentlich" in page.text
    assert "Alte Gruppe" in page.text
    client.post(url("offer_checked", pk=stale.pk))
    stale.refresh_from_db()
    assert stale.last_reviewed == TODAY


def test_the_profile_editor_saves_and_records(client, staff):
    response = client.post(
        url("profile"),
        {
            "summary": "Neuer Text",
            "description": "",
            "highlights": "",
            "phone": "",
            "email": "",
            "website": "",
            "languages": [],
            "accessibility_note": "",
        },
    )
    assert response.status_code == 302
    staff.center.refresh_from_db()
    assert staff.center.summary == "Neuer Text"
    changes = client.get(url("changes"))
    assert "Profil des Zentrums" in changes.text


def test_saving_the_profile_marks_it_checked_and_keeps_the_stop(client, staff):
    staff.center.last_reviewed = TODAY - datetime.timedelta(days=90)
    staff.center.save()
    response = client.post(
        url("profile"),
        {
            "summary": "Neuer Text",
            "nearest_stop": "Lobeda-West (Straßenbahn 4)",
            "languages": [],
        },
    )
    assert response.status_code == 302
    staff.center.refresh_from_db()
    assert staff.center.last_reviewed == TODAY
    assert staff.center.nearest_stop == "Lobeda-West (Straßenbahn 4)"
    record = ChangeRecord.objects.get(center=staff.center)
    assert record.changes["last_reviewed"] == [
        (TODAY - datetime.timedelta(days=90)).isoformat(),
        TODAY.isoformat(),
    ]


def test_details_checked_confirms_the_profile_without_changing_it(client, staff):
    staff.center.summary = "Wie immer"
    staff.center.save()
    page = client.get(url("profile"))
    assert "Das Profil wurde noch nie geprüft." in page.text
    assert "Angaben geprüft" in page.text

    response = client.post(url("profile_checked"))

    assert response.status_code == 302 and response["Location"] == url("profile")
    staff.center.refresh_from_db()
    assert staff.center.last_reviewed == TODAY and staff.center.summary == "Wie immer"
    page = client.get(url("profile"))
    assert "Danke – das Profil ist als heute geprüft markiert." in page.text
    assert formats.date_format(TODAY, "DATE_FORMAT") in page.text
    changes = client.get(url("changes")).text
    assert "Profil des Zentrums" in changes and "zuletzt geprüft" in changes.lower()


def test_opening_hours_formset(client, staff):
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "21",
        "form-0-weekday": "0",
        "form-0-opens": "07:00",
        "form-0-closes": "16:00",
        "form-1-weekday": "",
        "form-1-opens": "",
        "form-1-closes": "",
    }
    response = client.post(url("opening_hours"), data)
    assert response.status_code == 302
    assert staff.center.opening_hours.get().weekday == 0
    bad = data | {"form-0-closes": "06:00"}
    response = client.post(url("opening_hours"), bad)
    assert "Die Schließzeit muss nach der Öffnungszeit liegen" in response.text
    assert staff.center.opening_hours.count() == 1


def test_the_blank_opening_hours_rows_choose_no_day_so_saving_them_untouched_works(client, staff):
    page = client.get(url("opening_hours")).text
    # Two blank rows, each with the empty choice selected (a browser sends it back as is).
    assert page.count('<option value="" selected>– bitte wählen –</option>') == 2
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "21",
        "form-0-weekday": "",
        "form-0-opens": "",
        "form-0-closes": "",
        "form-1-weekday": "",
        "form-1-opens": "",
        "form-1-closes": "",
    }
    assert client.post(url("opening_hours"), data).status_code == 302


def test_an_offer_image_gets_smaller_copies_for_phones(client, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (50.0, 55.0, 30.0)}
    Image.new("RGB", (1600, 1000), "green").save(buffer, "JPEG", exif=exif)
    image = SimpleUploadedFile("familie.jpg", buffer.getvalue(), content_type="image/jpeg")
    client.post(
        url("offer_create"),
        OFFER_FORM
        | {
            "image": image,
            "image_alt": "Eltern mit Babys auf Decken",
            "form_token": "i1",
        },
    )
    offer = Offer.objects.get(title="Lesestunde")
    assert set(offer.image_variants) == {"480", "960"}
    assert not Image.open(offer.image.path).getexif()
    assert "480w" in offer.image_srcset and "1600w" in offer.image_srcset


def _shown_day(occurrence) -> str:
    start = timezone.localtime(occurrence.start)
    with translation.override("de"):
        return f"{formats.date_format(start, 'D, j. F Y')}, {start:%H:%M}"


def test_removing_a_rule_with_changed_dates_asks_first_and_lists_those_dates(client, staff):
    from offers.services import occurrence_cancel, occurrence_move, occurrence_note_set

    offer = weekly_offer(center=staff.center, title="Krabbelgruppe")
    rule = offer.schedules.get()
    first, second, third, fourth = offer.occurrences.order_by("start")[:4]
    occurrence_cancel(occurrence=first, reason="Krankheit")
    occurrence_move(
        occurrence=second,
        day=second.original_date + datetime.timedelta(days=1),
        start_time=datetime.time(15, 0),
        end_time=datetime.time(16, 0),
    )
    occurrence_note_set(occurrence=third, note="Diesmal im Garten")
    offer.refresh_from_db()
    delete_url = url("offer_schedule_delete", pk=offer.pk, schedule_pk=rule.pk)

    response = client.post(delete_url, {"version": offer.version})

    assert response.status_code == 200
    assert offer.schedules.filter(pk=rule.pk).exists()
    page = response.text
    assert "Regel entfernen?" in page
    assert "3 kommende Termine dieser Regel wurden von Hand geändert" in page
    second.refresh_from_db()
    for changed in (first, second, third):
        assert _shown_day(changed) in page  # each date visibly, with its change
    assert "Krankheit" in page and "verschoben" in page and "Diesmal im Garten" in page
    assert _shown_day(fourth) not in page  # a date nobody changed is not listed
    assert 'name="confirm"' in page and f'name="version" value="{offer.version}"' in page
    assert url("offer_schedule", pk=offer.pk) in page  # the way back keeps the rule

    response = client.post(delete_url, {"version": offer.version, "confirm": "1"})

    assert response.status_code == 302
    assert not offer.schedules.filter(pk=rule.pk).exists()
    kept = set(offer.occurrences.filter(detached=True).values_list("pk", flat=True))
    assert kept == {first.pk, second.pk, third.pk}


SIGN_UPS = OFFER_FORM | {"registration": "per_date", "capacity": "6"}


def test_the_most_adults_and_children_per_sign_up_are_saved(client, staff):
    client.post(
        url("offer_create"),
        SIGN_UPS
        | {"form_token": "m1", "registration_max_adults": "1", "registration_max_children": "3"},
    )
    offer = Offer.objects.get(title="Lesestunde")
    assert (offer.registration_max_adults, offer.registration_max_children) == (1, 3)


def test_left_out_the_most_per_sign_up_keep_their_defaults(client, staff):
    client.post(url("offer_create"), SIGN_UPS | {"form_token": "m2"})
    offer = Offer.objects.get(title="Lesestunde")
    assert (offer.registration_max_adults, offer.registration_max_children) == (2, 4)


@pytest.mark.parametrize(
    ("adults", "children", "message"),
    [
        ("0", "0", "Erwachsene oder Kinder müssen sich anmelden können."),
        ("7", "2", "Höchstens so viele wie Plätze (6)."),
        ("1", "9", "Höchstens so viele wie Plätze (6)."),
        ("-1", "2", "Dieser Wert muss größer oder gleich 0 sein."),
        ("zwei", "2", "Bitte eine ganze Zahl eingeben."),
    ],
)
def test_impossible_most_per_sign_up_are_refused(client, staff, adults, children, message):
    response = client.post(
        url("offer_create"),
        SIGN_UPS | {"registration_max_adults": adults, "registration_max_children": children},
    )
    assert response.status_code == 200
    assert message in response.text
    assert not Offer.objects.exists()


def test_for_children_only_the_adults_may_exceed_the_places(client, staff):
    client.post(
        url("offer_create"),
        SIGN_UPS
        | {
            "form_token": "m3",
            "registration_counting": "children",
            "registration_max_adults": "8",
            "registration_max_children": "2",
        },
    )
    assert Offer.objects.get(title="Lesestunde").registration_max_adults == 8


def test_the_office_finds_every_centre_folded_by_district_in_german_order(
    client, coordination_user
):
    for district in District.objects.filter(name__in=["Sömmerda", "Sonneberg", "Suhl"]):
        CenterFactory(name=f"Zentrum in {district.name}", sozialraum__district=district)
    client.force_login(coordination_user)
    response = client.get(reverse("staff:home"))
    groups = response.context["centers_by_district"]
    names = [name for name, _ in groups]
    assert names.index("Sömmerda") < names.index("Sonneberg") < names.index("Suhl")
    assert sum(len(centers) for _, centers in groups) == len(response.context["centers"])
    assert response.text.count('<details class="kern-accordion home-district">') == len(groups)
    assert "Sömmerda (1)" in response.text


def test_a_centres_own_staff_see_their_centres_as_a_plain_list(client):
    membership = MembershipFactory(role="coordinator")
    MembershipFactory(user=membership.user, role="staff")
    with_totp(membership.user)
    client.force_login(membership.user)
    response = client.get(reverse("staff:home"))
    assert response.context["centers_by_district"] == []
    assert "home-district" not in response.text
    assert membership.center.name in response.text
