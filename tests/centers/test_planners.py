"""Municipal planners: the office invites them for districts; accepting gives read-only
access to those districts (PlannerAccess) and nothing else."""

import pytest
from django.core.exceptions import ValidationError
from django_tasks_db.models import DBTaskResult

from centers.models import Membership, PlannerAccess, PlannerInvitation
from centers.planners import (
    planner_districts,
    planner_invitation_accept,
    planner_invitation_check,
    planner_invitation_decline,
    planner_invitation_send,
)
from tests.factories import UserFactory, district

pytestmark = pytest.mark.django_db

SAALFELD, JENA, GERA = "16073", "16053", "16052"


def invite(email: str = "planung@saalfeld.example", *agss: str, by=None, **kwargs):
    return planner_invitation_send(
        email=email,
        districts=[district(ags) for ags in agss or (SAALFELD,)],
        invited_by=by,
        base_url="https://portal.example/",
        **kwargs,
    )


def queued_mails() -> list[dict]:
    return [task.args_kwargs["args"][0] for task in DBTaskResult.objects.order_by("enqueued_at")]


def test_an_invitation_creates_an_account_without_rights_and_queues_the_mail():
    office = UserFactory()
    invitation = invite("Planung@Saalfeld.Example", SAALFELD, JENA, by=office, name="Pia Plan")
    user = invitation.user
    assert user.email == "planung@saalfeld.example"
    assert (user.first_name, user.last_name) == ("Pia", "Plan")
    assert not user.has_usable_password()
    assert not (user.is_staff or user.is_superuser or user.groups.exists())
    assert not PlannerAccess.objects.exists()  # not before accepting
    assert set(invitation.districts.values_list("ags", flat=True)) == {SAALFELD, JENA}
    (mail,) = queued_mails()
    assert mail["to"] == ["planung@saalfeld.example"] and mail["language"] == "de"
    assert mail["subject"] == "Einladung ins ThEKiZ-Portal für die kommunale Planung"
    assert "Jena, Saalfeld-Rudolstadt" in mail["text"]
    assert "https://portal.example/konto/einladung/" in mail["text"]


def test_an_existing_account_is_asked_to_accept_in_mein_thekiz_and_keeps_its_password():
    person = UserFactory()
    password = person.password
    invite(person.email)
    person.refresh_from_db()
    assert person.password == password
    (mail,) = queued_mails()
    assert "/konto/einladung/" not in mail["text"]
    assert "https://portal.example/mein-thekiz/" in mail["text"]
    assert "Mein ThEKiZ" in mail["text"]


def test_accepting_grants_each_district_once_and_names_who_granted_it():
    office = UserFactory()
    person = UserFactory()
    PlannerAccess.objects.create(user=person, district=district(JENA))
    invitation = invite(person.email, SAALFELD, JENA, by=office)
    districts = planner_invitation_accept(invitation=invitation, user=person)
    assert [d.ags for d in districts] == [JENA, SAALFELD]
    assert set(planner_districts(person).values_list("ags", flat=True)) == {SAALFELD, JENA}
    assert PlannerAccess.objects.get(user=person, district__ags=SAALFELD).granted_by == office
    assert not Membership.objects.filter(user=person).exists()
    person.refresh_from_db()
    assert not (person.is_staff or person.is_superuser or person.groups.exists())
    with pytest.raises(ValidationError):  # used: it cannot be accepted twice
        planner_invitation_accept(invitation=invitation, user=person)


def test_only_the_invited_person_can_answer_an_invitation():
    invitation = invite()
    stranger = UserFactory()
    with pytest.raises(ValidationError):
        planner_invitation_accept(invitation=invitation, user=stranger)
    with pytest.raises(ValidationError):
        planner_invitation_decline(invitation=invitation, user=stranger)
    assert not PlannerAccess.objects.exists()


def test_an_expired_invitation_cannot_be_accepted(settings):
    invitation = invite()
    settings.PASSWORD_RESET_TIMEOUT = -1
    with pytest.raises(ValidationError):
        planner_invitation_accept(invitation=invitation, user=invitation.user)
    assert not PlannerAccess.objects.exists()


def test_declining_removes_the_invitation():
    invitation = invite()
    planner_invitation_decline(invitation=invitation, user=invitation.user)
    assert not PlannerInvitation.objects.exists()


def test_inviting_again_replaces_the_open_invitation():
    invite("planung@saalfeld.example", SAALFELD)
    second = invite("planung@saalfeld.example", GERA)
    assert list(PlannerInvitation.objects.all()) == [second]
    assert len(queued_mails()) == 2


def test_an_invitation_needs_a_district_and_an_active_account_and_something_new():
    with pytest.raises(ValidationError) as error:
        planner_invitation_check(email="a@example.org", districts=[])
    assert error.value.code == "no_district"
    inactive = UserFactory(is_active=False)
    with pytest.raises(ValidationError) as error:
        invite(inactive.email)
    assert error.value.code == "inactive"
    planner = UserFactory()
    PlannerAccess.objects.create(user=planner, district=district(SAALFELD))
    with pytest.raises(ValidationError) as error:
        invite(planner.email.upper())
    assert error.value.code == "granted"
    invite(planner.email, SAALFELD, JENA)  # one more district is fine
    assert len(queued_mails()) == 1  # the refused ones queued nothing


def test_nobody_sees_districts_without_access(django_assert_max_num_queries):
    assert not planner_districts(UserFactory()).exists()
    planner = UserFactory()
    for ags in (SAALFELD, JENA, GERA):
        PlannerAccess.objects.create(user=planner, district=district(ags))
    with django_assert_max_num_queries(1):
        assert [d.name for d in planner_districts(planner)] == [
            "Gera",
            "Jena",
            "Saalfeld-Rudolstadt",
        ]
