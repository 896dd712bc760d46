"""A partner's change proposal changes the offer's dates: it keeps, replaces or ends each
rule and cancels some of the next dates; the centre sees what the dates become and
approves it through the ordinary services."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from centers.models import ChangeRecord, Membership
from offers.models import (
    PROPOSAL_M2M,
    Occurrence,
    Offer,
    Proposal,
    ProposalDateCancel,
    ProposalScheduleChange,
    Schedule,
)
from offers.services import offer_sign_up, schedule_delete, schedule_save
from offers.services.proposals import (
    proposal_approve,
    proposal_dates,
    proposal_from_offer,
    proposal_submit,
)
from registrations.models import Registration
from tests.conftest import with_totp
from tests.factories import CenterFactory, CooperationFactory, MembershipFactory, weekly_offer
from tests.mail_queue import mails_send

pytestmark = pytest.mark.django_db

REPLACE, END = ProposalScheduleChange.Action.REPLACE, ProposalScheduleChange.Action.END


def weekday_after(day: datetime.date, weekday: int, weeks: int = 0) -> datetime.date:
    """The first ``weekday`` (0 = Monday) after ``day``, ``weeks`` weeks later."""
    ahead = (weekday - day.weekday()) % 7 or 7
    return day + datetime.timedelta(days=ahead, weeks=weeks)


@pytest.fixture
def world():
    """Centre A with a staff member and a partner's person; the partner's weekly offer on
    Tuesdays (dates materialised), with sign-ups per date."""
    centre = CenterFactory(slug="centre-a")
    cooperation = CooperationFactory(center=centre)
    partner = cooperation.partner
    staff = MembershipFactory(center=centre).user
    person = MembershipFactory(center=centre, role=Membership.Role.PARTNER, partner=partner).user
    for user in (staff, person):
        with_totp(user)
    offer = weekly_offer(
        center=centre,
        partner=partner,
        title="Babymassage",
        registration="per_date",
        capacity=5,
    )
    return centre, offer, staff, person


def _tuesdays(offer: Offer) -> list[Occurrence]:
    return list(offer.occurrences.filter(detached=False).order_by("start"))


def _submit(offer, person, *, changes=(), cancels=(), **fields) -> Proposal:
    proposal = proposal_from_offer(offer, partner=offer.partner)
    for name, value in fields.items():
        setattr(proposal, name, value)
    m2m = {name: list(getattr(offer, name).all()) for name in PROPOSAL_M2M}
    return proposal_submit(
        proposal=proposal, m2m=m2m, user=person, changes=list(changes), cancels=list(cancels)
    )


def _weekly(start: datetime.date) -> dict:
    return {
        "frequency": Proposal.Frequency.WEEKLY,
        "start_date": start,
        "start_time": datetime.time(16),
        "end_time": datetime.time(17),
    }


def _sign_up(offer, occurrence, who="anna"):
    return offer_sign_up(
        offer=offer, occurrence=occurrence, name="Anna", email=f"{who}@example.org"
    )


def test_keeping_the_rule_adds_the_new_dates_beside_it(world):
    _centre, offer, staff, person = world
    rule = offer.schedules.get()
    thursday = weekday_after(timezone.localdate(), 3)
    proposal = _submit(offer, person, **_weekly(thursday))
    assert not proposal.schedule_changes.exists()
    proposal_approve(proposal=proposal, user=staff)
    rule.refresh_from_db()
    assert rule.until is None
    weekdays = {o.local_date.weekday() for o in _tuesdays(offer)}
    assert weekdays == {1, 3}


def test_replacing_the_rule_ends_it_the_day_before_the_new_dates(world):
    _centre, offer, staff, person = world
    rule = offer.schedules.get()
    thursday = weekday_after(timezone.localdate(), 3, weeks=2)
    proposal = _submit(
        offer,
        person,
        changes=[ProposalScheduleChange(schedule=rule, action=REPLACE)],
        **_weekly(thursday),
    )
    change = proposal.schedule_changes.get()
    assert change.ends_on == thursday - datetime.timedelta(days=1)
    assert change.rule == str(rule)
    proposal_approve(proposal=proposal, user=staff)
    rule.refresh_from_db()
    assert rule.until == thursday - datetime.timedelta(days=1)
    dates = _tuesdays(offer)
    assert all(o.local_date < thursday for o in dates if o.local_date.weekday() == 1)
    assert next(o.local_date for o in dates if o.local_date >= thursday) == thursday
    assert offer.schedules.count() == 2
    # Every change record names who proposed and who approved.
    records = ChangeRecord.objects.filter(kind=ChangeRecord.Kind.OFFER)
    assert records.count() == 2  # the old rule ended, the new one added
    assert {(r.user, r.proposed_by) for r in records} == {(staff, person)}


def test_a_new_time_on_the_same_weekday_keeps_the_places_and_asks_to_confirm_it(
    world, client, mailoutbox, django_capture_on_commit_callbacks
):
    centre, offer, staff, person = world
    rule = offer.schedules.get()
    _first, second, third, *_ = _tuesdays(offer)
    with django_capture_on_commit_callbacks(execute=True):
        registration = _sign_up(offer, third)
    mails_send()
    mailoutbox.clear()
    proposal = _submit(
        offer,
        person,
        changes=[ProposalScheduleChange(schedule=rule, action=REPLACE)],
        **_weekly(second.local_date),  # Tuesdays, 16:00 instead of the rule's time
    )
    # The review says so before anything happens: the dates move, none is dropped.
    client.force_login(staff)
    page = client.get(reverse("staff:proposal_review", args=[centre.slug, proposal.pk])).text
    assert "Termine bekommen eine neue Uhrzeit" in page
    assert "behalten ihren Platz und werden gebeten, die neue Uhrzeit zu bestätigen" in page
    assert "0 Termine fallen mit den Regeln weg" in page
    preview = proposal_dates(proposal)
    assert preview.retimed_sign_ups == 1 and preview.sign_ups == 0
    assert preview.retimed[1].note.startswith("bisher: ")
    assert preview.added_total == 0 or all(
        row.start.date() != third.local_date for row in preview.added
    )
    with django_capture_on_commit_callbacks(execute=True):
        proposal_approve(proposal=proposal, user=staff)
    mails_send()

    third.refresh_from_db()
    assert third.takes_place and not third.detached
    assert timezone.localtime(third.start).time() == datetime.time(16)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.move_confirm_by is not None
    told = [m.subject for m in mailoutbox if m.to == ["anna@example.org"]]
    assert told == ["Neue Zeit: Babymassage"]  # not "Fällt aus" first


def test_ending_the_rule_keeps_dates_with_sign_ups_and_tells_the_people(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    _centre, offer, staff, person = world
    rule = offer.schedules.get()
    first, second, third, *_ = _tuesdays(offer)
    with django_capture_on_commit_callbacks(execute=True):
        registration = _sign_up(offer, third)
    mails_send()
    mailoutbox.clear()
    ends_on = second.local_date
    proposal = _submit(
        offer, person, changes=[ProposalScheduleChange(schedule=rule, action=END, ends_on=ends_on)]
    )
    with django_capture_on_commit_callbacks(execute=True):
        proposal_approve(proposal=proposal, user=staff)
    mails_send()
    rule.refresh_from_db()
    assert rule.until == ends_on
    assert [o.pk for o in _tuesdays(offer)] == [first.pk, second.pk]
    # The date with a sign-up is not deleted: it is kept, marked, and its person told.
    third.refresh_from_db()
    assert third.detached and not third.takes_place
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    told = [m for m in mailoutbox if "anna@example.org" in m.to]
    assert [m.subject for m in told] == ["Fällt aus: Babymassage"]
    assert "aus dem Terminplan gestrichen" in told[0].body


def test_ending_a_rule_before_it_begins_removes_it(world):
    _centre, offer, staff, person = world
    later = weekday_after(timezone.localdate(), 4, weeks=3)
    future = Schedule.objects.create(
        offer=offer,
        frequency="weekly",
        weekdays="FR",
        start_date=later,
        start_time=datetime.time(15),
        end_time=datetime.time(16),
    )
    schedule_save(offer=offer, schedule=future, user=staff)
    proposal = _submit(
        offer,
        person,
        changes=[
            ProposalScheduleChange(
                schedule=future, action=END, ends_on=later - datetime.timedelta(days=1)
            )
        ],
    )
    proposal_approve(proposal=proposal, user=staff)
    assert not Schedule.objects.filter(pk=future.pk).exists()
    assert not offer.occurrences.filter(
        start__date__gte=later, original_time=datetime.time(15)
    ).exists()
    record = ChangeRecord.objects.filter(action=ChangeRecord.Action.DELETED).get()
    assert record.proposed_by == person and record.user == staff


def test_cancelling_a_date_with_sign_ups_tells_the_person_the_reason(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    _centre, offer, staff, person = world
    date = _tuesdays(offer)[1]
    with django_capture_on_commit_callbacks(execute=True):
        registration = _sign_up(offer, date)
    mails_send()
    mailoutbox.clear()
    proposal = _submit(
        offer,
        person,
        cancels=[ProposalDateCancel(occurrence=date, reason="Fortbildung der Hebamme")],
    )
    date.refresh_from_db()
    assert not date.cancelled  # not before the centre approves
    with django_capture_on_commit_callbacks(execute=True):
        proposal_approve(proposal=proposal, user=staff)
    mails_send()
    date.refresh_from_db()
    assert date.cancelled and date.cancel_reason == "Fortbildung der Hebamme"
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    told = [m for m in mailoutbox if "anna@example.org" in m.to]
    assert [m.subject for m in told] == ["Fällt aus: Babymassage"]
    assert "Fortbildung der Hebamme" in told[0].body
    # The partner's person is told of the approval, as ever.
    assert any(person.email in m.to for m in mailoutbox)
    record = ChangeRecord.objects.get(kind=ChangeRecord.Kind.DATE)
    assert record.action == ChangeRecord.Action.CANCELLED
    assert (record.user, record.proposed_by) == (staff, person)


@pytest.mark.parametrize(
    "case",
    [
        "end_in_past",
        "end_without_date",
        "end_after_its_end",
        "replace_without_dates",
        "replace_in_past",
    ],
)
def test_rule_changes_that_cannot_be_are_refused(world, case):
    _centre, offer, _staff, person = world
    rule = offer.schedules.get()
    today = timezone.localdate()
    fields = {}
    if case == "end_in_past":
        change = ProposalScheduleChange(
            schedule=rule, action=END, ends_on=today - datetime.timedelta(days=1)
        )
        message = "kann nicht vor heute liegen"
    elif case == "end_without_date":
        change = ProposalScheduleChange(schedule=rule, action=END)
        message = "Bitte geben Sie ihren letzten Termin an"
    elif case == "end_after_its_end":
        rule.until = today + datetime.timedelta(days=30)
        rule.save()
        change = ProposalScheduleChange(
            schedule=rule, action=END, ends_on=today + datetime.timedelta(days=40)
        )
        message = "endet bereits am"
    elif case == "replace_without_dates":
        change = ProposalScheduleChange(schedule=rule, action=REPLACE)
        message = "Bitte geben Sie die neuen Termine an"
    else:
        change = ProposalScheduleChange(schedule=rule, action=REPLACE)
        fields = _weekly(today - datetime.timedelta(days=7))
        message = "nicht in der Vergangenheit liegen"
    with pytest.raises(ValidationError) as refused:
        _submit(offer, person, changes=[change], **fields)
    assert any(message in text for text in refused.value.messages), refused.value.messages
    assert not Proposal.objects.exists()


def test_only_upcoming_dates_of_this_offer_can_be_cancelled(world):
    centre, offer, _staff, person = world
    other = weekly_offer(center=centre, partner=offer.partner, title="Stillcafé")
    with pytest.raises(ValidationError) as refused:
        _submit(
            offer,
            person,
            cancels=[ProposalDateCancel(occurrence=_tuesdays(other)[0], reason="Krank")],
        )
    assert "nur Termine dieses Angebots absagen" in refused.value.messages[0]
    past = _tuesdays(offer)[0]
    Occurrence.objects.filter(pk=past.pk).update(
        start=timezone.now() - datetime.timedelta(hours=3),
        end=timezone.now() - datetime.timedelta(hours=2),
    )
    past.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        _submit(offer, person, cancels=[ProposalDateCancel(occurrence=past, reason="Krank")])
    assert "liegt in der Vergangenheit" in refused.value.messages[0]
    date = _tuesdays(offer)[1]
    with pytest.raises(ValidationError) as refused:
        _submit(offer, person, cancels=[ProposalDateCancel(occurrence=date, reason=" ")])
    assert "Bitte geben Sie einen Grund an" in refused.value.messages[0]


def test_a_proposal_that_changes_nothing_is_refused(world):
    _centre, offer, _staff, person = world
    with pytest.raises(ValidationError) as refused:
        _submit(offer, person)
    assert "Ihr Vorschlag ändert nichts" in refused.value.messages[0]


# --- the pages ------------------------------------------------------------------------


def _form(offer, **data) -> dict:
    return {
        "title": offer.title,
        "summary": offer.summary,
        "description": offer.description,
        "cost": offer.cost,
        "frequency": "",
        "form_token": "",
        **data,
    }


def _propose_url(centre, offer) -> str:
    return reverse("staff:partner_offer_propose", args=[centre.slug, offer.pk])


def test_the_partner_form_lists_the_rules_and_the_next_dates(world, client):
    centre, offer, _staff, person = world
    rule = offer.schedules.get()
    client.force_login(person)
    page = client.get(_propose_url(centre, offer)).text
    assert f"Regel: {rule}" in page
    assert f'name="rule_{rule.pk}"' in page and f'name="rule_{rule.pk}_ends_on"' in page
    assert "Diese Termine absagen" in page
    assert f'value="{_tuesdays(offer)[0].pk}"' in page


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("end_in_past", "kann nicht vor heute liegen"),
        ("end_without_date", "Bitte geben Sie ihren letzten Termin an."),
        ("replace_without_dates", "Bitte geben Sie die neuen Termine an"),
        ("cancel_without_reason", "Bitte geben Sie einen Grund an"),
        ("cancel_other_offer", "Bitte eine gültige Auswahl treffen"),
        ("nothing", "Ihr Vorschlag ändert nichts"),
    ],
)
def test_the_partner_form_shows_german_errors(world, client, case, message):
    centre, offer, _staff, person = world
    rule = offer.schedules.get()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    data = {
        "end_in_past": {f"rule_{rule.pk}": "end", f"rule_{rule.pk}_ends_on": yesterday},
        "end_without_date": {f"rule_{rule.pk}": "end"},
        "replace_without_dates": {f"rule_{rule.pk}": "replace"},
        "cancel_without_reason": {"cancel_dates": [_tuesdays(offer)[0].pk]},
        "cancel_other_offer": {
            "cancel_dates": [_tuesdays(weekly_offer(center=centre))[0].pk],
            "cancel_reason": "Krank",
        },
        "nothing": {},
    }[case]
    client.force_login(person)
    response = client.post(_propose_url(centre, offer), _form(offer, **data))
    assert response.status_code == 200
    assert message in response.text
    assert 'id="form-errors"' in response.text
    assert not Proposal.objects.exists()


def test_the_review_shows_what_the_dates_become(world, client):
    centre, offer, staff, person = world
    rule = offer.schedules.get()
    first, second, third, fourth, *_ = _tuesdays(offer)
    _sign_up(offer, fourth)
    _sign_up(offer, fourth, who="ben")
    _sign_up(offer, second, who="carla")
    thursday = weekday_after(third.local_date, 3)
    client.force_login(person)
    response = client.post(
        _propose_url(centre, offer),
        _form(
            offer,
            frequency="weekly",
            start_date=thursday.isoformat(),
            start_time="16:00",
            end_time="17:00",
            **{f"rule_{rule.pk}": "replace"},
            cancel_dates=[second.pk],
            cancel_reason="Fortbildung",
        ),
    )
    assert response.status_code == 302, response.text
    proposal = Proposal.objects.get()
    client.force_login(staff)
    page = client.get(reverse("staff:proposal_review", args=[centre.slug, proposal.pk])).text
    assert "Was aus den Terminen wird" in page
    assert str(rule) in page  # the rule before, in words
    assert "jeden Donnerstag, 16:00–17:00 Uhr" in page  # the new rule
    section = page.split("Was aus den Terminen wird")[1]

    def shown(date) -> bool:
        return f'datetime="{timezone.localtime(date.start).isoformat()}"' in section

    assert not shown(first) and not shown(third)  # before the new dates: they stay
    assert shown(second) and shown(fourth)  # cancelled; dropped
    assert "1 Termin abgesagt" in page and "Grund: Fortbildung" in page
    assert "Termine fallen mit den Regeln weg" in page
    assert "2 Anmeldungen" in page and "1 Anmeldung" in page
    assert "3 Anmeldungen für die Termine, die wegfallen oder abgesagt werden" in page
    assert "Termine kommen hinzu" in page
    # The partner's own page shows what they proposed, rule by rule and date by date.
    client.force_login(person)
    own = client.get(reverse("staff:partner_proposal", args=[proposal.pk])).text
    assert "ersetzt durch die neuen Termine" in own and "abgesagt: Fortbildung" in own


def test_a_proposal_whose_rule_was_removed_meanwhile_is_refused_whole(world, client):
    centre, offer, staff, person = world
    rule = offer.schedules.get()
    date = _tuesdays(offer)[0]
    proposal = _submit(
        offer,
        person,
        summary="Jetzt mit Öl.",
        changes=[
            ProposalScheduleChange(
                schedule=rule,
                action=END,
                ends_on=timezone.localdate() + datetime.timedelta(days=60),
            )
        ],
        cancels=[ProposalDateCancel(occurrence=date, reason="Krank")],
    )
    schedule_delete(schedule=rule, user=staff)
    records = ChangeRecord.objects.count()
    client.force_login(staff)
    review = reverse("staff:proposal_review", args=[centre.slug, proposal.pk])
    assert "seit der Vorschlag gesendet wurde" in client.get(review).text
    response = client.post(review, {"decision": "approve", "form_token": ""})
    assert response.status_code == 200
    assert "wurde entfernt, seit der Vorschlag gesendet wurde" in response.text
    assert "Es wurde nichts geändert" in response.text
    proposal.refresh_from_db()
    offer.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED
    assert offer.summary == "Spielen und krabbeln."  # nothing half-applied
    assert ChangeRecord.objects.count() == records


def test_a_proposal_whose_rule_was_changed_meanwhile_is_refused(world):
    _centre, offer, staff, person = world
    rule = offer.schedules.get()
    proposal = _submit(
        offer,
        person,
        changes=[
            ProposalScheduleChange(
                schedule=rule,
                action=END,
                ends_on=timezone.localdate() + datetime.timedelta(days=90),
            )
        ],
    )
    rule.until = timezone.localdate() + datetime.timedelta(days=30)
    schedule_save(offer=offer, schedule=rule, user=staff)
    with pytest.raises(ValidationError) as refused:
        proposal_approve(proposal=proposal, user=staff)
    assert "wurde geändert, seit der Vorschlag gesendet wurde" in refused.value.messages[0]
    rule.refresh_from_db()
    assert rule.until == timezone.localdate() + datetime.timedelta(days=30)


def test_a_resubmitted_proposal_keeps_the_partners_choices_in_the_form(world, client):
    centre, offer, staff, person = world
    rule = offer.schedules.get()
    ends_on = timezone.localdate() + datetime.timedelta(days=45)
    date = _tuesdays(offer)[2]
    client.force_login(person)
    client.post(
        _propose_url(centre, offer),
        _form(
            offer,
            **{f"rule_{rule.pk}": "end", f"rule_{rule.pk}_ends_on": ends_on.isoformat()},
            cancel_dates=[date.pk],
            cancel_reason="Krank",
        ),
    )
    proposal = Proposal.objects.get()
    client.force_login(staff)
    client.post(
        reverse("staff:proposal_review", args=[centre.slug, proposal.pk]),
        {"decision": "changes", "message": "Bitte erst ab Februar."},
    )
    client.force_login(person)
    edit = reverse("staff:partner_proposal", args=[proposal.pk])
    page = client.get(edit).text
    assert f'value="{ends_on.isoformat()}"' in page
    checked = re.findall(r'name="cancel_dates" value="(\d+)"[^>]*checked', page)
    assert checked == [str(date.pk)]
    assert re.search(rf'name="rule_{rule.pk}" value="end"[^>]*checked', page)
    later = ends_on + datetime.timedelta(days=30)
    response = client.post(
        edit,
        _form(
            offer,
            **{f"rule_{rule.pk}": "end", f"rule_{rule.pk}_ends_on": later.isoformat()},
        ),
    )
    assert response.status_code == 302
    assert [c.ends_on for c in proposal.schedule_changes.all()] == [later]
    assert not proposal.date_cancels.exists()


def test_the_office_reads_the_rule_changes_and_cancellations_in_the_admin(
    world, client, coordination_user
):
    _centre, offer, _staff, person = world
    rule = offer.schedules.get()
    ends_on = timezone.localdate() + datetime.timedelta(days=60)
    proposal = _submit(
        offer,
        person,
        changes=[ProposalScheduleChange(schedule=rule, action=END, ends_on=ends_on)],
        cancels=[ProposalDateCancel(occurrence=_tuesdays(offer)[0], reason="Fortbildung")],
    )
    client.force_login(coordination_user)
    page = client.get(f"/admin/offers/proposal/{proposal.pk}/change/")
    assert page.status_code == 200
    assert str(rule) in page.text and "an einem Datum beenden" in page.text
    assert "Fortbildung" in page.text
