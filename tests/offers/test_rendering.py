"""Result rows written in Python (offers/rendering.py) and the form field tag
(``kern_field``): what they show, escaped, in either interface language."""

import datetime

import pytest
from django import forms
from django.utils import timezone, translation

from network.models import Direction
from offers.models import Offer, OfferTranslation
from offers.rendering import occurrence_list, sign_up_state
from offers.selectors import SignUpState
from offers.services import occurrence_cancel, occurrence_move, occurrence_note_set
from tests.factories import CenterFactory, language, weekly_offer
from thekiz_portal.templatetags.portal import kern_field

pytestmark = pytest.mark.django_db


def first_date(offer):
    return offer.occurrences.select_related("offer__center", "closure").order_by("start")[0]


def test_a_row_shows_time_title_host_and_facts():
    center = CenterFactory(name="Kita <Sonnenschein>")
    offer = weekly_offer(
        center=center, title="Café & Krabbeln", age_min_months=6, age_max_months=24
    )
    date = first_date(offer)
    html = occurrence_list([date], show_host=True)
    start = timezone.localtime(date.start)
    assert html.startswith('<ul class="occurrence-list">')
    assert f'<time datetime="{start.isoformat()}">{start:%H:%M}</time>' in html
    assert f'href="/angebote/{offer.slug}/">Café &amp; Krabbeln</a></h4>' in html
    assert "<span>Kita &lt;Sonnenschein&gt;</span>" in html
    assert "<li>6 Monate bis 2 Jahre</li>" in html
    assert "<li>kostenfrei</li><li>einfach vorbeikommen</li>" in html
    assert "occurrence--off" not in html and "occurrence__status" not in html


def test_a_cancelled_date_has_its_badge_and_reason_and_a_distance_only_with_a_place():
    offer = weekly_offer(title="Babytreff")
    date = first_date(offer)
    occurrence_cancel(occurrence=date, reason="Krankheit im Team")
    date = first_date(offer)
    date.distance = 3.24
    without = occurrence_list([date])
    assert "occurrence--off" in without and "fällt aus</span></span> Krankheit im Team" in without
    assert "entfernt" not in without
    assert "3,2 km entfernt" in occurrence_list([date], location=object())


def test_online_offers_say_so_and_days_and_levels_are_optional():
    offer = weekly_offer(
        title="Elternabend", place=Offer.PlaceKind.ONLINE, online_url="https://meet.example/abend"
    )
    date = first_date(offer)
    html = occurrence_list([date], show_day=True, level=3)
    assert "<span>online</span>" in html
    assert '<span class="occurrence__day">' in html and "<h3 " in html


def test_a_translated_title_is_marked_with_its_language_and_direction():
    offer = weekly_offer(title="Elterncafé")
    arabic = language("ar")
    arabic.direction = Direction.RTL
    OfferTranslation.objects.create(
        master=offer, language_code="ar", translated_title="مقهى الآباء"
    )
    html = occurrence_list([first_date(offer)], language=arabic)
    assert '<span lang="ar" dir="rtl">مقهى الآباء</span>' in html


def test_the_english_interface_words_the_facts_in_english():
    offer = weekly_offer(title="Treff", age_min_months=36)
    with translation.override("en"):
        html = occurrence_list([first_date(offer)])
    assert "<li>from 3 years</li>" in html and "<li>just come along</li>" in html


class Sample(forms.Form):
    name = forms.CharField(label="Name <b>", help_text="So wie im Ausweis.")
    agree = forms.BooleanField(label="Einverstanden")
    days = forms.MultipleChoiceField(
        label="Tage",
        choices=[("mo", "Montag"), ("di", "Dienstag")],
        widget=forms.CheckboxSelectMultiple,
    )
    kind = forms.ChoiceField(label="Art", choices=[("a", "A"), ("b", "B")])


def test_a_field_carries_its_label_hint_and_errors_linked_by_id():
    form = Sample({"days": ["xx"]})
    form.is_valid()
    name = kern_field(form["name"])
    assert '<label class="kern-label" for="id_name">Name &lt;b&gt;</label>' in name
    assert '<div class="kern-hint" id="id_name_helptext">So wie im Ausweis.</div>' in name
    assert 'id="id_name_error"' in name and "kern-form-input--error" in name
    assert 'aria-describedby="id_name_helptext id_name_error"' in name  # on the input
    days = kern_field(form["days"], True)
    assert days.startswith('<fieldset class="kern-fieldset kern-fieldset--error"')
    assert 'aria-describedby="id_days_error"' in days and "<legend" in days
    assert "kern-fieldset__body--horizontal" in days and days.count('type="checkbox"') == 2
    agree = kern_field(form["agree"])
    assert agree.startswith('<div class="kern-form-check kern-form-check--error">')
    assert kern_field(form["kind"]).count('<div class="kern-form-input__select-wrapper">') == 1


def test_a_valid_field_has_no_error_markup():
    form = Sample({"name": "Ada", "agree": "on", "days": ["mo"], "kind": "a"})
    assert form.is_valid()
    html = kern_field(form["name"]) + kern_field(form["days"]) + kern_field(form["agree"])
    assert "error" not in html


def test_a_date_in_the_past_still_renders_its_day():
    offer = weekly_offer(title="Treff", today=datetime.date(2026, 11, 2))
    assert "Treff" in occurrence_list([first_date(offer)])


CLOSED = SignUpState(places=10, free=3, is_open=False, deadline=None)
FULL = SignUpState(places=10, free=0, is_open=True, deadline=None)
ONE = SignUpState(places=10, free=1, is_open=True, deadline=None)
MANY = SignUpState(places=2000, free=1234, is_open=True, deadline=None)
BADGE = '\n<span class="kern-badge kern-badge--{}"><span class="kern-label">{}</span></span>{}'


@pytest.mark.parametrize(
    "code, state, expected",
    [
        ("de", CLOSED, BADGE.format("info", "Anmeldung geschlossen", "\n\n")),
        ("de", FULL, BADGE.format("warning", "ausgebucht", " Warteliste offen\n\n")),
        ("de", ONE, BADGE.format("success", "1 Platz frei", "\n")),
        ("de", MANY, BADGE.format("success", "1234 Plätze frei", "\n")),
        ("en", CLOSED, BADGE.format("info", "sign-up closed", "\n\n")),
        ("en", FULL, BADGE.format("warning", "fully booked", " waiting list open\n\n")),
        ("en", ONE, BADGE.format("success", "1 place free", "\n")),
        ("en", MANY, BADGE.format("success", "1234 places free", "\n")),
    ],
)
def test_the_places_of_a_date_are_written_as_the_sign_up_include_wrote_them(code, state, expected):
    """The markup the offer page, the course box and the sign-up page all use (the
    template include it replaced wrote these bytes)."""
    with translation.override(code):
        assert sign_up_state(state) == expected


def test_the_offer_page_escapes_reasons_and_notes_and_shows_moved_dates(client):
    offer = weekly_offer(title="Krabbelgruppe")
    first, second, third = offer.occurrences.order_by("start")[:3]
    occurrence_cancel(occurrence=first, reason="<b>krank</b> & müde")
    occurrence_note_set(occurrence=second, note='<b>im Garten</b> "draußen"')
    day = timezone.localtime(third.start).date() + datetime.timedelta(days=1)
    occurrence_move(
        occurrence=third, day=day, start_time=datetime.time(15, 0), end_time=datetime.time(16, 0)
    )
    html = client.get(offer.get_absolute_url()).content.decode()
    assert "<b>" not in html
    assert (
        '<li class="date-list__item date-list__item--off">' in html
        and "</span></span> &lt;b&gt;krank&lt;/b&gt; &amp; müde</span>" in html
    )
    assert (
        '<span class="date-list__note">&lt;b&gt;im Garten&lt;/b&gt; &quot;draußen&quot;</span>'
        in html
    )
    moved = timezone.localtime(offer.occurrences.get(pk=third.pk).start)
    assert f'<time datetime="{moved.isoformat()}">' in html and "statt am" in html
    assert f'href="/angebote/{offer.slug}/termine/{third.pk}/kalender.ics" download>' in html
