import datetime
from decimal import Decimal

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import Event, TargetGroup
from tests.events.factories import EventFactory, ForumFactory, ProgrammeItemFactory, _in_days
from tests.factories import CenterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fachtag():
    event = EventFactory(
        title="Alle an Bord",
        starts=_in_days(40, 9),
        ends=_in_days(40, 15),
        description="Ein Tag mit **Impulsen**.\n\n# Ablauf",
        guiding_questions="Was trägt?\n\n  Wer steuert?  \n",
        contact_email="fachtag@thekiz.example",
    )
    event.target_groups.set(TargetGroup.objects.filter(code__in=["planung", "leitung"]))
    ProgrammeItemFactory(event=event, title="Begrüßung", speakers="Die Fachstelle")
    ForumFactory(event=event, title="Forum Steuerung", places=25, speakers="Fachberatung")
    return event


def test_the_section_lists_upcoming_events_and_past_ones_below(client):
    soon = EventFactory(title="Treffen Nord", starts=_in_days(10), ends=_in_days(10, 12))
    later = EventFactory(title="Jahreskonferenz Süd", starts=_in_days(90), ends=_in_days(90, 16))
    past = EventFactory(
        title="Fortbildung vorbei",
        summary="Längst vorbei.",
        starts=_in_days(-20),
        ends=_in_days(-20, 12),
    )
    EventFactory(title="Entwurf", status=Event.Status.DRAFT)
    response = client.get("/fachkraefte/")
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        html.index(soon.title) < html.index(later.title) < html.index("Vergangene Veranstaltungen")
    )
    assert html.index("Vergangene Veranstaltungen") < html.index(past.title)
    assert "Längst vorbei." not in html  # past events are listed shorter
    assert "Entwurf" not in html
    assert list(response.context["upcoming"]) == [soon, later]
    assert list(response.context["past"]) == [past]


def test_the_section_says_when_nothing_is_planned(client):
    response = client.get("/fachkraefte/")
    assert "Zurzeit sind keine Veranstaltungen geplant." in response.content.decode()


def test_the_section_is_linked_from_the_home_page_and_the_navigation(client):
    html = client.get("/").content.decode()
    assert html.count('href="/fachkraefte/"') >= 2  # the navigation and a tile


def test_the_event_page_shows_what_a_professional_needs(client, fachtag):
    response = client.get(fachtag.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["event"] == fachtag
    day = timezone.localtime(fachtag.starts)
    assert f"{day.day}. " in html and "9:00–15:00 Uhr" in html
    assert "Fachtag" in html  # the kind
    assert "<strong>Impulsen</strong>" in html and "<h3" in html  # Markdown, shifted headings
    assert "<li>Was trägt?</li>" in html and "<li>Wer steuert?</li>" in html
    assert "Planungsverantwortliche" in html and "Leitungen und Koordinator" in html
    assert "Begrüßung" in html and "Die Fachstelle" in html
    assert "Forum Steuerung" in html and "25 Plätze" in html
    assert "openstreetmap.org/directions?to=50.978600%2C11.030000" in html
    assert "kostenfrei" in html
    assert "Landeskoordinations- und Fachstelle ThEKiZ" in html
    assert reverse("events:event_ics", args=[fachtag.slug]) in html


def test_the_event_page_in_english_marks_the_german_content(client, fachtag):
    response = client.get("/en" + fachtag.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "For professionals" in html and "Guiding questions" in html
    assert "Forums" in html and "25 places" in html and "free of charge" in html
    assert '<h1 class="kern-heading-x-large" lang="de">Alle an Bord</h1>' in html


def test_a_fee_a_centre_as_host_and_an_online_event(client):
    center = CenterFactory(name="Kita Regenbogen")
    event = EventFactory(
        kind=Event.Kind.REGIONAL_MEETING,
        center=center,
        fee=Decimal("45.00"),
        online=True,
        online_url="https://meet.example/treffen",
        venue_name="",
        street="",
        postcode="",
        city="",
        latitude=None,
        longitude=None,
    )
    html = client.get(event.get_absolute_url()).content.decode()
    assert "45,00 €" in html and "Regionales Netzwerktreffen" in html
    assert "Kita Regenbogen" in html and "https://meet.example/treffen" in html
    assert "openstreetmap" not in html


def test_an_event_over_two_days_shows_both_days(client):
    event = EventFactory(starts=_in_days(20, 13), ends=_in_days(21, 12))
    html = client.get(event.get_absolute_url()).content.decode()
    assert html.count("<time datetime=") >= 2
    assert "12:00" in html and "13:00" in html


def test_a_draft_is_not_found(client):
    draft = EventFactory(status=Event.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("events:event_ics", args=[draft.slug])).status_code == 404
    assert client.get("/fachkraefte/veranstaltungen/gibt-es-nicht/").status_code == 404


def test_the_office_previews_a_draft(client, coordination_user):
    draft = EventFactory(status=Event.Status.DRAFT)
    client.force_login(coordination_user)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Entwurf" in response.content.decode()


def test_a_past_event_says_it_has_taken_place(client):
    event = EventFactory(starts=_in_days(-3), ends=_in_days(-3, 12))
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Diese Veranstaltung hat bereits stattgefunden." in html


def test_only_reading_is_allowed(client, fachtag):
    assert client.post(fachtag.get_absolute_url()).status_code == 405
    assert client.post("/fachkraefte/").status_code == 405


def test_the_calendar_file_parses(client, fachtag):
    response = client.get(reverse("events:event_ics", args=[fachtag.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="{fachtag.slug}.ics"' in response["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(response.content)
    (entry,) = calendar.walk("VEVENT")
    assert str(entry["summary"]) == "Alle an Bord"
    assert entry.decoded("dtstart") == fachtag.starts
    assert entry.decoded("dtend") == fachtag.ends
    assert entry["dtstart"].params["TZID"] == "Europe/Berlin"
    assert str(entry["uid"]) == f"thekiz-event-{fachtag.pk}@testserver"
    assert str(entry["location"]) == "Tagungshaus, Anger 1, 99084 Erfurt"
    assert "http://testserver/fachkraefte/veranstaltungen/alle-an-bord/" in str(
        entry["description"]
    )
    assert calendar.walk("VTIMEZONE")


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_runs_the_same_queries_however_many_events(client):
    groups = list(TargetGroup.objects.all())
    EventFactory().target_groups.set(groups[:1])
    EventFactory(starts=_in_days(-5), ends=_in_days(-5, 12))
    few = _queries(client, "/fachkraefte/")
    for days in range(5):
        EventFactory(starts=_in_days(days + 2)).target_groups.set(groups)
        EventFactory(starts=_in_days(-days - 10), ends=_in_days(-days - 10, 12))
    assert _queries(client, "/fachkraefte/") == few


def test_the_event_page_runs_the_same_queries_however_many_forums(client, fachtag):
    few = _queries(client, fachtag.get_absolute_url())
    for n in range(5):
        ForumFactory(event=fachtag)
        ProgrammeItemFactory(event=fachtag, start_time=datetime.time(10 + n), end_time=None)
    fachtag.target_groups.set(TargetGroup.objects.all())
    assert _queries(client, fachtag.get_absolute_url()) == few


def test_published_events_are_in_the_sitemap(client, fachtag):
    EventFactory(title="Geheim", status=Event.Status.DRAFT)
    xml = client.get("/sitemap-events.xml").content.decode()
    assert "/fachkraefte/veranstaltungen/alle-an-bord/" in xml
    assert "/en/fachkraefte/veranstaltungen/alle-an-bord/" in xml
    assert "geheim" not in xml
    assert "/fachkraefte/</loc>" in client.get("/sitemap-pages.xml").content.decode()


def test_the_event_page_tells_search_engines_about_the_event(client, fachtag):
    import json
    import re

    html = client.get(fachtag.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    data = json.loads(block)
    assert data["@type"] == "Event" and data["name"] == "Alle an Bord"
    assert data["startDate"] == timezone.localtime(fachtag.starts).isoformat()
    assert data["location"]["address"]["postalCode"] == "99084"
    assert data["isAccessibleForFree"] is True
    assert data["organizer"]["name"]
