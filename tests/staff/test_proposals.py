"""Partners propose offers and dates; the centre approves, asks for changes or declines."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from centers.models import ChangeRecord, Invitation, Membership
from centers.services import invitation_accept, invitation_send
from offers.models import Offer, Proposal
from tests.conftest import with_totp
from tests.factories import (
    CenterFactory,
    CooperationFactory,
    MembershipFactory,
    UserFactory,
    weekly_offer,
)
from tests.mail_queue import mails_send

pytestmark = pytest.mark.django_db


def next_monday() -> datetime.date:
    today = timezone.localdate()
    return today + datetime.timedelta(days=(7 - today.weekday()) or 7)


def proposal_data(**changes) -> dict:
    data = {
        "title": "Hebammensprechstunde",
        "summary": "Fragen rund um Schwangerschaft und Baby.",
        "description": "Ohne Anmeldung.",
        "cost": "free",
        "frequency": "weekly",
        "start_date": next_monday().isoformat(),
        "start_time": "10:00",
        "end_time": "11:30",
        "form_token": "",
    }
    return {**data, **changes}


@pytest.fixture
def setting():
    """Centre A with a staff member, a coordinator and a partner's person; centre B with
    a partner's person of another partner."""
    centre_a, centre_b = CenterFactory(slug="centre-a"), CenterFactory(slug="centre-b")
    cooperation = CooperationFactory(center=centre_a)
    other = CooperationFactory(center=centre_b)
    people = {
        "staff": MembershipFactory(center=centre_a, user=UserFactory(email="fk@a.example")).user,
        "coordinator": MembershipFactory(center=centre_a, role=Membership.Role.COORDINATOR).user,
        "partner_a": MembershipFactory(
            center=centre_a, role=Membership.Role.PARTNER, partner=cooperation.partner
        ).user,
        "partner_b": MembershipFactory(
            center=centre_b, role=Membership.Role.PARTNER, partner=other.partner
        ).user,
    }
    for person in people.values():
        with_totp(person)
    return centre_a, cooperation.partner, people


def test_a_centre_invites_a_partners_person_who_joins_with_the_partner(setting, client):
    centre, partner, people = setting
    client.force_login(people["coordinator"])
    response = client.post(
        reverse("staff:team", args=[centre.slug]),
        {"email": "hebamme@partner.example", "role": "partner", "partner": partner.pk},
    )
    mails_send()  # the worker sends the queued invitation
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="hebamme@partner.example")
    assert invitation.partner == partner
    assert f"Für {partner.name} schlagen Sie dem Zentrum Angebote" in mail.outbox[-1].body
    membership = invitation_accept(invitation=invitation, user=invitation.user)
    assert membership.role == Membership.Role.PARTNER and membership.partner == partner


def test_a_partner_invitation_needs_the_partner(setting, client):
    centre, _partner, people = setting
    client.force_login(people["coordinator"])
    response = client.post(
        reverse("staff:team", args=[centre.slug]),
        {"email": "x@partner.example", "role": "partner"},
    )
    assert response.status_code == 200
    assert "Bitte wählen Sie den Partner" in response.text
    assert not Invitation.objects.exists()


def test_only_partners_the_centre_cooperates_with_can_be_chosen(setting):
    centre, _partner, people = setting
    stranger = CooperationFactory().partner
    with pytest.raises(Exception):  # noqa: B017 - the database or the model refuses
        invitation_send(
            email="p@x.example",
            center=centre,
            role="partner",
            invited_by=people["coordinator"],
            base_url="https://portal.example/",
        )
    from staff.forms.center import InvitationForm

    form = InvitationForm(
        {"email": "p@x.example", "role": "partner", "partner": stranger.pk}, center=centre
    )
    assert not form.is_valid() and "partner" in form.errors


def test_the_workflow_from_proposal_to_published_offer(setting, client):
    centre, partner, people = setting
    client.force_login(people["partner_a"])
    create = reverse("staff:partner_proposal_create", args=[centre.slug])
    assert client.get(create).status_code == 200
    response = client.post(create, proposal_data())
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.status == Proposal.Status.SUBMITTED and proposal.partner == partner
    mails_send()
    staff_mail = [m for m in mail.outbox if "fk@a.example" in m.to]
    assert staff_mail and "Hebammensprechstunde" in staff_mail[0].subject
    assert people["partner_a"].email not in {a for m in mail.outbox for a in m.to}
    mail.outbox.clear()

    # The centre asks for changes, with a message.
    client.force_login(people["staff"])
    review = reverse("staff:proposal_review", args=[centre.slug, proposal.pk])
    page = client.get(review)
    assert page.status_code == 200 and "Hebammensprechstunde" in page.text
    response = client.post(review, {"decision": "changes", "message": "", "form_token": ""})
    assert response.status_code == 200  # a message is needed
    response = client.post(
        review, {"decision": "changes", "message": "Bitte mit Uhrzeit bis 12 Uhr."}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.CHANGES_REQUESTED
    mails_send()
    assert [m.to for m in mail.outbox] == [[people["partner_a"].email]]
    assert "Bitte mit Uhrzeit bis 12 Uhr." in mail.outbox[0].body
    mail.outbox.clear()

    # The partner changes and resubmits.
    client.force_login(people["partner_a"])
    edit = reverse("staff:partner_proposal", args=[proposal.pk])
    assert "Bitte mit Uhrzeit bis 12 Uhr." in client.get(edit).text
    assert client.post(edit, proposal_data(end_time="12:00")).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED
    assert proposal.end_time == datetime.time(12, 0)
    assert Proposal.objects.count() == 1
    mails_send()  # the staff are told of the resubmitted proposal
    assert any("fk@a.example" in m.to for m in mail.outbox)
    mail.outbox.clear()

    # The centre approves: published, the partner named, the partner told.
    client.force_login(people["staff"])
    assert client.post(review, {"decision": "approve"}).status_code == 302
    proposal.refresh_from_db()
    offer = proposal.offer
    assert proposal.status == Proposal.Status.APPROVED
    assert offer.status == Offer.Status.PUBLISHED and offer.center == centre
    assert offer.partner == partner
    assert offer.occurrences.exists()
    mails_send()
    assert [m.to for m in mail.outbox] == [[people["partner_a"].email]]
    assert offer.get_absolute_url() in mail.outbox[0].body
    client.logout()
    public = client.get(offer.get_absolute_url())
    assert "in Zusammenarbeit mit" in public.text and partner.name in public.text

    # The change records say who proposed and who approved.
    records = ChangeRecord.objects.filter(center=centre, kind=ChangeRecord.Kind.OFFER)
    assert records.count() == 3  # created, its dates, published
    assert {(r.user, r.proposed_by) for r in records} == {(people["staff"], people["partner_a"])}
    client.force_login(people["coordinator"])
    changes = client.get(reverse("staff:changes", args=[centre.slug])).text
    assert f"vorgeschlagen von {people['partner_a'].email}" in changes


def test_a_declined_proposal_tells_the_partner_the_reason(setting, client):
    centre, _partner, people = setting
    client.force_login(people["partner_a"])
    client.post(reverse("staff:partner_proposal_create", args=[centre.slug]), proposal_data())
    proposal = Proposal.objects.get()
    mails_send()
    mail.outbox.clear()
    client.force_login(people["coordinator"])
    review = reverse("staff:proposal_review", args=[centre.slug, proposal.pk])
    assert client.post(review, {"decision": "decline", "message": ""}).status_code == 200
    response = client.post(review, {"decision": "decline", "message": "Der Raum ist belegt."})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.DECLINED and proposal.offer is None
    assert not Offer.objects.exists()
    mails_send()
    assert "Der Raum ist belegt." in mail.outbox[0].body
    # Answered once: a second answer is refused.
    response = client.post(review, {"decision": "approve"})
    assert response.status_code == 200 and not Offer.objects.exists()


def test_a_partner_changes_its_published_offer_only_through_a_proposal(setting, client):
    centre, partner, people = setting
    offer = weekly_offer(center=centre, partner=partner, title="Babymassage")
    version = offer.version
    client.force_login(people["partner_a"])
    listing = client.get(reverse("staff:partner_proposals"))
    propose = reverse("staff:partner_offer_propose", args=[centre.slug, offer.pk])
    assert propose in listing.text
    # Its staff page stays closed.
    assert client.get(reverse("staff:offer_edit", args=[centre.slug, offer.pk])).status_code == 404
    response = client.post(
        propose,
        proposal_data(title="Babymassage", summary="Neu: auch samstags.", frequency=""),
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.offer == offer and not proposal.is_new
    offer.refresh_from_db()
    assert offer.summary != "Neu: auch samstags." and offer.version == version

    client.force_login(people["staff"])
    review = reverse("staff:proposal_review", args=[centre.slug, proposal.pk])
    page = client.get(review).text
    assert "Spielen und krabbeln." in page and "Neu: auch samstags." in page  # before, after
    client.post(review, {"decision": "approve"})
    offer.refresh_from_db()
    assert offer.summary == "Neu: auch samstags." and offer.center == centre
    record = ChangeRecord.objects.filter(kind=ChangeRecord.Kind.OFFER).first()
    assert record.changes["summary"] == ["Spielen und krabbeln.", "Neu: auch samstags."]
    assert record.user == people["staff"] and record.proposed_by == people["partner_a"]


def test_a_partner_cannot_propose_a_change_to_someone_elses_offer(setting, client):
    centre, _partner, people = setting
    offer = weekly_offer(center=centre)  # the centre's own, no partner
    client.force_login(people["partner_a"])
    url = reverse("staff:partner_offer_propose", args=[centre.slug, offer.pk])
    assert client.get(url).status_code == 404


def test_a_partner_of_another_centre_gets_404_everywhere_at_centre_a(setting, client):
    centre, _partner, people = setting
    client.force_login(people["partner_a"])
    client.post(reverse("staff:partner_proposal_create", args=[centre.slug]), proposal_data())
    proposal = Proposal.objects.get()
    client.force_login(people["partner_b"])
    for url in [
        reverse("staff:partner_proposal", args=[proposal.pk]),
        reverse("staff:partner_proposal_create", args=[centre.slug]),
        reverse("staff:proposals", args=[centre.slug]),
        reverse("staff:proposal_review", args=[centre.slug, proposal.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert "Hebammensprechstunde" not in client.get(reverse("staff:partner_proposals")).text


def test_a_partner_sees_nothing_of_the_centres_staff_area(setting, client):
    centre, _partner, people = setting
    client.force_login(people["partner_a"])
    home = client.get(reverse("staff:home"))
    assert home.status_code == 302 and home["Location"] == reverse("staff:partner_proposals")
    for name in ("dashboard", "offers", "closures", "team", "proposals", "registrations"):
        assert client.get(reverse(f"staff:{name}", args=[centre.slug])).status_code == 404


def test_a_partner_with_several_centres_sees_all_proposals_in_one_list(setting, client):
    centre, partner, people = setting
    second = CooperationFactory(partner=partner).center
    MembershipFactory(
        center=second, user=people["partner_a"], role=Membership.Role.PARTNER, partner=partner
    )
    client.force_login(people["partner_a"])
    client.post(reverse("staff:partner_proposal_create", args=[centre.slug]), proposal_data())
    client.post(
        reverse("staff:partner_proposal_create", args=[second.slug]),
        proposal_data(title="Stillcafé"),
    )
    page = client.get(reverse("staff:partner_proposals")).text
    assert "Hebammensprechstunde" in page and "Stillcafé" in page
    assert centre.name in page and second.name in page


def test_a_new_offer_needs_its_dates_and_a_fee_its_amount(setting, client):
    centre, _partner, people = setting
    client.force_login(people["partner_a"])
    url = reverse("staff:partner_proposal_create", args=[centre.slug])
    assert client.post(url, proposal_data(frequency="")).status_code == 200
    response = client.post(url, proposal_data(cost="amount"))
    assert response.status_code == 200 and "Gebühr" in response.text
    assert not Proposal.objects.exists()


def test_the_lists_take_a_constant_number_of_queries(
    setting, client, django_assert_max_num_queries
):
    centre, _partner, people = setting
    for n in range(6):
        client.force_login(people["partner_a"])
        client.post(
            reverse("staff:partner_proposal_create", args=[centre.slug]),
            proposal_data(title=f"Angebot {n}"),
        )
    client.force_login(people["partner_a"])
    with django_assert_max_num_queries(14):
        assert client.get(reverse("staff:partner_proposals")).status_code == 200
    client.force_login(people["staff"])
    with django_assert_max_num_queries(14):
        assert client.get(reverse("staff:proposals", args=[centre.slug])).status_code == 200
    proposal = Proposal.objects.first()
    with django_assert_max_num_queries(20):
        url = reverse("staff:proposal_review", args=[centre.slug, proposal.pk])
        assert client.get(url).status_code == 200


def test_a_partner_without_a_second_factor_sets_it_up_first(client):
    cooperation = CooperationFactory()
    person = MembershipFactory(
        center=cooperation.center, role=Membership.Role.PARTNER, partner=cooperation.partner
    ).user
    client.force_login(person)
    response = client.get(reverse("staff:partner_proposals"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_joining_as_a_partner_leads_to_the_proposals(setting, client):
    centre, partner, _people = setting
    newcomer = UserFactory()
    with_totp(newcomer)
    invitation = Invitation.objects.create(
        email=newcomer.email, center=centre, role="partner", partner=partner, user=newcomer
    )
    client.force_login(newcomer)
    response = client.post(reverse("staff:invitation_join", args=[invitation.pk]))
    assert response["Location"] == reverse("staff:partner_proposals")
    assert client.get(response["Location"]).status_code == 200


def test_an_answered_proposal_shows_what_was_proposed(setting, client):
    centre, partner, people = setting
    offer = weekly_offer(center=centre, partner=partner, title="Babymassage")
    client.force_login(people["partner_a"])
    client.post(
        reverse("staff:partner_offer_propose", args=[centre.slug, offer.pk]),
        proposal_data(title="Babymassage", summary="Neu: auch samstags.", frequency=""),
    )
    proposal = Proposal.objects.get()
    page = client.get(reverse("staff:partner_proposal", args=[proposal.pk])).text
    assert "bisher:" in page and "Spielen und krabbeln." in page
    client.force_login(people["staff"])
    client.post(
        reverse("staff:proposal_review", args=[centre.slug, proposal.pk]), {"decision": "approve"}
    )
    client.force_login(people["partner_a"])
    page = client.get(reverse("staff:partner_proposal", args=[proposal.pk])).text
    assert "Neu: auch samstags." in page and "bisher:" not in page
    assert offer.get_absolute_url() in page
