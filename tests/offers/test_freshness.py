"""Freshness that looks after itself (offers/freshness.py): coordinators are reminded of
what nobody confirmed for long, once and then weekly; a click confirms it; after nine
months families see the offer as no longer confirmed and the office sees it listed."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from centers.models import Center, Membership
from offers.freshness import freshness_remind
from offers.models import Offer
from tests.conftest import with_totp
from tests.factories import CenterFactory, MembershipFactory, OfferFactory, weekly_offer

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 1, 5)


def day(days: int) -> datetime.date:
    return START + datetime.timedelta(days=days)


def travel(to: datetime.date):
    # 10:00 in Berlin.
    return time_machine.travel(
        datetime.datetime(to.year, to.month, to.day, 9, 0, tzinfo=datetime.UTC), tick=False
    )


def mails() -> list[dict]:
    return [task.args_kwargs["args"][0] for task in DBTaskResult.objects.order_by("enqueued_at")]


@pytest.fixture
def centre():
    """A centre checked on START, with a coordinator, a staff member and two offers."""
    with travel(START):
        center = CenterFactory(slug="sonnenschein", name="ThEKiZ Sonnenschein", last_reviewed=START)
        coordinator = MembershipFactory(
            center=center, role=Membership.Role.COORDINATOR, user__email="koordi@thekiz.example"
        ).user
        MembershipFactory(
            center=center, role=Membership.Role.STAFF, user__email="fach@thekiz.example"
        )
        OfferFactory(center=center, title="Krabbelgruppe", last_reviewed=START)
        OfferFactory(center=center, title="Elterncafé", last_reviewed=day(100))
        OfferFactory(center=center, title="Entwurf", status=Offer.Status.DRAFT)
    with_totp(coordinator)
    return center, coordinator


def test_one_mail_per_centre_once_then_weekly_until_confirmed(client, centre):
    center, coordinator = centre
    with travel(day(183)):  # exactly six months: not yet
        assert freshness_remind() == 0
    with travel(day(190)):
        call_command("freshness_remind")
    [mail] = mails()
    assert mail["to"] == ["koordi@thekiz.example"]  # the coordinators only
    assert mail["language"] == "de"
    assert mail["subject"] == "Bitte prüfen: ThEKiZ Sonnenschein im ThEKiZ-Portal"
    assert "Krabbelgruppe (zuletzt geprüft am 05.01.2026)" in mail["text"]
    assert "Elterncafé" not in mail["text"] and "Entwurf" not in mail["text"]
    assert "Profil" not in mail["text"]  # a year has not passed
    krabbel = Offer.objects.get(title="Krabbelgruppe")
    link = reverse("staff:offer_checked", args=[center.slug, krabbel.pk])
    assert link in mail["text"]

    with travel(day(191)):
        assert freshness_remind() == 0
    with travel(day(196)):
        assert freshness_remind() == 0  # not twice the same week
    with travel(day(197)):
        assert freshness_remind() == 1  # a week later, still unconfirmed
    assert len(mails()) == 2

    with travel(day(198)):
        client.force_login(coordinator)
        page = client.get(link)
        assert page.status_code == 200
        assert "Ist dieses Angebot noch richtig?" in page.text
        assert "Krabbelgruppe" in page.text
        krabbel.refresh_from_db()
        assert krabbel.last_reviewed == START  # asking changes nothing
        response = client.post(link)
        assert response.status_code == 302
        krabbel.refresh_from_db()
        assert krabbel.last_reviewed == day(198)
    with travel(day(204)):
        assert freshness_remind() == 0  # confirmed: no more reminders
    with travel(day(290)):  # the Elterncafé's six months (and nothing else)
        assert freshness_remind() == 1
    assert "Elterncafé" in mails()[-1]["text"] and "Krabbelgruppe" not in mails()[-1]["text"]


def test_the_profile_after_a_year_and_its_confirm_link(client, centre):
    center, coordinator = centre
    Offer.objects.update(last_reviewed=day(300))
    with travel(day(366)):
        assert freshness_remind() == 1
    text = mails()[-1]["text"]
    assert "Das Profil des Zentrums (zuletzt geprüft am 05.01.2026):" in text
    link = reverse("staff:profile_checked", args=[center.slug])
    assert link in text
    with travel(day(367)):
        client.force_login(coordinator)
        assert "Ist das Profil des Zentrums noch richtig?" in client.get(link).text
        assert client.post(link).status_code == 302
    center.refresh_from_db()
    assert center.last_reviewed == day(367)
    with travel(day(380)):
        assert freshness_remind() == 0


def test_a_centre_without_coordinator_is_not_marked_and_nothing_is_sent():
    with travel(START):
        center = CenterFactory(last_reviewed=START)
        OfferFactory(center=center, last_reviewed=START)
    with travel(day(200)):
        assert freshness_remind() == 0
    center.refresh_from_db()
    assert center.freshness_reminded_on is None and not mails()


def test_another_centres_confirm_link_is_404(client, centre):
    center, _coordinator = centre
    offer = Offer.objects.get(title="Krabbelgruppe")
    other = MembershipFactory(role=Membership.Role.COORDINATOR).user
    with_totp(other)
    client.force_login(other)
    own = other.memberships.get().center.slug
    for url in (
        reverse("staff:offer_checked", args=[center.slug, offer.pk]),
        reverse("staff:offer_checked", args=[own, offer.pk]),  # in one's own centre's URL
        reverse("staff:profile_checked", args=[center.slug]),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url
    offer.refresh_from_db()
    assert offer.last_reviewed == START


def test_the_command_needs_the_same_queries_for_more_offers():
    def world(offers: int):
        with travel(START):
            centers = [CenterFactory(last_reviewed=START) for _ in range(2)]
            for center in centers:
                MembershipFactory(center=center, role=Membership.Role.COORDINATOR)
                for _ in range(offers):
                    OfferFactory(center=center, last_reviewed=START)
        return centers

    def queries(when: datetime.date) -> int:
        with travel(when), CaptureQueriesContext(connection) as captured:
            assert freshness_remind() == 2
        return len(captured)

    centers = world(1)
    small = queries(day(200))
    Offer.objects.all().delete()
    Center.objects.filter(pk__in=[c.pk for c in centers]).delete()
    world(8)
    assert queries(day(200)) == small


def test_after_nine_months_families_see_the_offer_as_no_longer_confirmed(client):
    with travel(day(280)):
        fresh = weekly_offer(title="Frische Gruppe", last_reviewed=day(250))
        old = weekly_offer(title="Alte Gruppe", last_reviewed=day(5))  # 275 days ago: not yet
        older = weekly_offer(title="Ältere Gruppe", last_reviewed=day(4))  # 276 days ago
        assert not old.is_unverified and older.is_unverified and not fresh.is_unverified

        page = client.get(older.get_absolute_url()).text
        assert "Nicht mehr bestätigt" in page
        assert "seit mehr als neun Monaten nicht bestätigt" in page
        assert "Nicht mehr bestätigt" not in client.get(old.get_absolute_url()).text

        page = client.get(reverse("offers:offer_search")).text
    rows = page.split("<li><article")[1:]
    badge = (
        '<span class="kern-badge kern-badge--warning"><span class="kern-label">'
        "nicht mehr bestätigt</span></span>"
    )
    older_rows = [row for row in rows if "Ältere Gruppe" in row]
    other_rows = [row for row in rows if "Ältere Gruppe" not in row]
    assert older_rows and all(badge in row for row in older_rows)
    assert other_rows and not any(badge in row for row in other_rows)


def test_the_office_sees_what_is_no_longer_confirmed(client, coordination_user, centre):
    center, _coordinator = centre
    with travel(START):
        quiet = CenterFactory(name="ThEKiZ Ruhig", last_reviewed=START)
        OfferFactory(center=quiet, last_reviewed=START)
        OfferFactory(center=quiet, last_reviewed=START)
        OfferFactory(
            center=None,
            host=Offer.Host.COORDINATION_OFFICE,
            place=Offer.PlaceKind.ONLINE,
            online_url="https://example.org/fachtag",
            title="Fachtag",
            last_reviewed=START,
        )
    Center.objects.filter(pk=quiet.pk).update(last_reviewed=day(300))
    with travel(day(280)):
        client.force_login(coordination_user)
        page = client.get(reverse("staff:home")).text
    assert "Nicht mehr bestätigt" in page
    table = office_table(page)
    assert table.index("ThEKiZ Ruhig") < table.index("ThEKiZ Sonnenschein")
    assert reverse("staff:dashboard", args=[quiet.slug]) in table
    assert reverse("staff:dashboard", args=[center.slug]) in table
    assert "Landeskoordinationsstelle" in table  # the office's own offer
    rows = {row.split("</th>")[0]: row for row in table.split("<tr")[2:]}
    [ruhig] = [row for name, row in rows.items() if "ThEKiZ Ruhig" in name]
    assert '<td class="kern-table__cell">2</td>' in ruhig
    assert '<td class="kern-table__cell">nicht bestätigt' not in table  # none 15 months old
    with travel(day(500)):
        client.force_login(coordination_user)
        table = office_table(client.get(reverse("staff:home")).text)
    [sonnenschein] = [row for row in table.split("<tr")[2:] if "ThEKiZ Sonnenschein" in row]
    [ruhig] = [row for row in table.split("<tr")[2:] if "ThEKiZ Ruhig" in row]
    assert "nicht bestätigt" in sonnenschein  # 15 months: the profile too
    assert "nicht bestätigt" not in ruhig


def office_table(page: str) -> str:
    start = page.index("<table", page.index('id="unverified-heading"'))
    return page[start : page.index("</table>", start)]


def test_staff_do_not_see_the_office_list(client, centre):
    _center, coordinator = centre
    MembershipFactory(user=coordinator)  # two centres: the home page is shown
    with travel(day(300)):
        client.force_login(coordinator)
        assert "unverified-heading" not in client.get(reverse("staff:home")).text
