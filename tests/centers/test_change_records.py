"""Change records keep facts and are put into words when shown, in the reader's language."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.formats import date_format

from centers.models import ChangeRecord
from centers.services import cooperation_save, invitation_send, opening_hours_set
from offers.services import occurrence_move, offer_save, offer_status_set
from tests.factories import (
    CenterFactory,
    CooperationFactory,
    PartnerFactory,
    UserFactory,
    weekly_offer,
)

pytestmark = pytest.mark.django_db


def words(record: ChangeRecord, language: str = "de") -> list[str]:
    with translation.override(language):
        return [
            str(record),
            *(f"{line.label}: {line.before} → {line.after}" for line in record.lines()),
        ]


def test_an_offer_change_shows_field_names_and_choices_in_the_readers_language():
    offer = weekly_offer(title="Krabbelgruppe", cost="amount", cost_amount="3.50")
    offer.cost = "free"
    offer.cost_amount = None
    offer_save(offer=offer, m2m={}, user=None)
    offer_status_set(offer=offer, status="draft", user=None)
    changed, drafted = ChangeRecord.objects.order_by("pk")
    assert changed.changes["cost"] == ["amount", "free"]  # stored raw
    assert words(changed) == [
        "geändert: Angebot: Krabbelgruppe",
        "Kosten: Gebühr → kostenfrei",
        "Gebühr in Euro: 3,50 → –",
    ]
    assert words(changed, "en") == [
        "changed: Offer: Krabbelgruppe",
        "Cost: fee → free of charge",
        "Fee in euros: 3.50 → –",
    ]
    assert words(drafted)[1:] == ["Status: veröffentlicht → Entwurf"]
    assert words(drafted, "en")[1:] == ["Status: published → draft"]


def test_a_moved_date_shows_both_times_as_days():
    offer = weekly_offer(title="Babymassage")
    occurrence = offer.occurrences.order_by("start").first()
    day = occurrence.start.date() + datetime.timedelta(days=1)
    occurrence_move(
        occurrence=occurrence, day=day, start_time=datetime.time(15), end_time=datetime.time(16)
    )
    record = ChangeRecord.objects.get(action="moved")
    with translation.override("de"):
        line = record.lines()[0]
    assert line.label == "Beginn"
    assert line.after == f"{date_format(day, 'D, j. N Y')}, 15:00"
    assert "Babymassage" not in line.before + line.after  # the name is the subject


def test_opening_hours_invitations_and_cooperations_are_stored_raw_and_shown_translated():
    centre, user = CenterFactory(), UserFactory()
    opening_hours_set(center=centre, hours=[(0, datetime.time(7), datetime.time(16))], user=user)
    invitation_send(
        email="neu@example.org",
        center=centre,
        role="coordinator",
        invited_by=user,
        base_url="https://portal.example",
    )
    cooperation_save(
        cooperation=CooperationFactory.build(
            center=centre, partner=PartnerFactory(name="Hebamme Sommer"), kind="gelegentlich"
        ),
        user=user,
    )
    hours, invitation, cooperation = ChangeRecord.objects.filter(center=centre).order_by("pk")
    assert hours.changes == {"opening_hours": [[], [[0, "07:00:00", "16:00:00"]]]}
    assert words(hours) == ["geändert: Öffnungszeiten", "Öffnungszeiten: – → Montag 7:00–16:00 Uhr"]
    assert words(hours, "en")[1] == "Opening hours: – → Monday 7:00–16:00"
    assert invitation.subject == "neu@example.org"
    assert words(invitation, "en") == [
        "invited: Invitation: neu@example.org",
        "Role: – → coordinator",
    ]
    assert words(invitation)[1] == "Rolle: – → Koordinator:in"
    assert words(cooperation)[0] == "angelegt: Kooperation: Hebamme Sommer"
    assert "Art: – → gelegentliche Zusammenarbeit" in words(cooperation)
    assert "Kind: – → occasional cooperation" in words(cooperation, "en")


def test_a_value_that_is_no_longer_a_choice_is_shown_as_stored():
    record = ChangeRecord.objects.create(
        center=CenterFactory(),
        action="changed",
        kind="offer",
        subject="Alt",
        changes={"cost": [None, "teuer"], "gone_field": [True, False], "start_date": [None, "x"]},
    )
    assert words(record)[1:] == ["Kosten: – → teuer", "Gone field: ja → nein", "Start date: – → x"]


def test_older_records_are_split_into_kind_name_and_raw_values():
    migration = importlib.import_module("centers.migrations.0003_change_record_kind")
    centre = CenterFactory()

    def old(subject: str, changes: dict | None = None) -> ChangeRecord:
        return ChangeRecord.objects.create(
            center=centre, action="changed", subject=subject, changes=changes or {}
        )

    offer = old("Angebot: Krabbelgruppe", {"status": ["draft", "published"]})
    english = old("Offer: Babymassage")
    profile = old("Profil des Zentrums")
    hours = old(
        "Öffnungszeiten",
        {"opening_hours": [["Montag 06:00–16:30"], ["Montag 07:00–17:00", "Samstag 9:00"]]},
    )
    moved = old(
        "Termin: Eltern-Café, 02.12.2026 15:00",
        {"start": ["Eltern-Café, 03.12.2026 09:00", "Eltern-Café, 02.12.2026 15:00"]},
    )
    invitation = old("Einladung: a@example.org (Koordinator:in)")
    declined = old("Einladung abgelehnt: b@example.org (Fachkraft)")
    joined = old("Teammitglied: c@example.org (Fachkraft)")
    cooperation = old("Kooperation: Hebamme", {"kind": [None, "schriftliche Vereinbarung"]})
    unknown = old("Etwas ganz anderes")

    migration.records_split(apps, None)

    for record in (
        *(offer, english, profile, hours, moved, invitation, declined, joined),
        *(cooperation, unknown),
    ):
        record.refresh_from_db()
    assert (offer.kind, offer.subject) == ("offer", "Krabbelgruppe")
    assert (english.kind, english.subject) == ("offer", "Babymassage")
    assert (profile.kind, profile.subject) == ("profile", "")
    assert hours.changes["opening_hours"] == [
        [[0, "06:00:00", "16:30:00"]],
        [[0, "07:00:00", "17:00:00"], "Samstag 9:00"],
    ]
    assert moved.subject == "Eltern-Café, 02.12.2026 15:00"
    assert moved.changes["start"] == ["2026-12-03T09:00:00+01:00", "2026-12-02T15:00:00+01:00"]
    assert (invitation.subject, invitation.changes) == (
        "a@example.org",
        {"role": [None, "coordinator"]},
    )
    assert (declined.action, declined.kind, declined.subject) == (
        "declined",
        "invitation",
        "b@example.org",
    )
    assert declined.changes == {"role": ["staff", None]}
    assert (joined.kind, joined.subject) == ("team_member", "c@example.org")
    assert words(declined, "en") == [
        "declined: Invitation: b@example.org",
        "Role: staff member → –",
    ]
    assert cooperation.changes["kind"] == [None, "vereinbarung"]
    assert (unknown.kind, unknown.subject) == ("", "Etwas ganz anderes")
    assert words(unknown) == ["geändert: Etwas ganz anderes"]
    with translation.override("en"):
        assert str(profile) == "changed: Profile of the centre"
        assert [line.after for line in moved.lines()] == ["Wed 2 Dec 2026, 15:00"]
        assert hours.lines()[0].after == "Monday 7:00–17:00; Samstag 9:00"

    migration.records_join(apps, None)
    for record in (offer, profile, declined):
        record.refresh_from_db()
    assert offer.subject == "Angebot: Krabbelgruppe" and profile.subject == "Profil des Zentrums"
    assert (declined.action, declined.subject) == ("deleted", "Einladung abgelehnt: b@example.org")
