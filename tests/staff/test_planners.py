"""Municipal planners in the portal: invited by the coordination office in the admin, a
password and a second factor like all staff, then "Mein ThEKiZ" with their districts and
nothing of any centre."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from centers.models import Membership, PlannerAccess, PlannerInvitation
from centers.planners import planner_invitation_send
from tests.conftest import with_totp
from tests.factories import CenterFactory, MembershipFactory, UserFactory, district
from tests.mail_queue import mails_send
from tests.staff.test_accounts import totp

pytestmark = pytest.mark.django_db

SAALFELD, JENA, GERA = "16073", "16053", "16052"
NEW_PASSWORD = "Lange-sichere-Phrase-26"


def planner(*agss: str):
    """A planner with an authenticator app and access to ``agss``."""
    user = UserFactory()
    with_totp(user)
    for ags in agss or (SAALFELD,):
        PlannerAccess.objects.create(user=user, district=district(ags))
    return user


def invite(user_or_email, *agss: str) -> PlannerInvitation:
    email = getattr(user_or_email, "email", user_or_email)
    return planner_invitation_send(
        email=email,
        districts=[district(ags) for ags in agss or (SAALFELD,)],
        invited_by=None,
        base_url="http://testserver/",
    )


def office_invites(client, office, **data):
    client.force_login(office)
    return client.post("/admin/centers/plannerinvitation/add/", data)


def test_from_the_invitation_to_the_districts_with_a_password_and_a_second_factor(
    client, coordination_user
):
    response = office_invites(
        client,
        coordination_user,
        email="Pia.Plan@Saalfeld.example",
        name="Pia Plan",
        districts=[district(SAALFELD).pk, district(JENA).pk],
    )
    assert response.status_code == 302
    invitation = PlannerInvitation.objects.get()
    assert invitation.invited_by == coordination_user
    assert not PlannerAccess.objects.exists()
    assert not mail.outbox  # queued, not sent from the request
    assert mails_send() == 1
    (message,) = mail.outbox
    assert message.to == ["pia.plan@saalfeld.example"]
    assert "kommunale Planung" in message.subject
    assert "Jena, Saalfeld-Rudolstadt" in message.body
    link = re.search(r"http://testserver(/konto/einladung/\S+)", message.body).group(1)

    client.logout()
    form_url = client.get(link)["Location"]
    assert "Willkommen im ThEKiZ-Portal" in client.get(form_url).text
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    user = get_user_model().objects.get(email="pia.plan@saalfeld.example")
    assert {a.district.ags: a.granted_by for a in user.planner_access.all()} == {
        SAALFELD: coordination_user,
        JENA: coordination_user,
    }
    assert "Dieser Link funktioniert nicht mehr" in client.get(link).text  # single use

    client.post("/konto/login/", {"login": user.email, "password": NEW_PASSWORD})
    response = client.get(reverse("staff:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    page = client.get(response["Location"])
    secret = page.context["form"].secret
    client.post(reverse("mfa_activate_totp"), {"code": totp(secret), "next": "/mein-thekiz/"})
    home = client.get(reverse("staff:home"))
    assert home.status_code == 200
    assert "Ihre Landkreise/Städte" in home.text
    assert 'href="/region/saalfeld-rudolstadt/"' in home.text
    assert 'href="/region/jena/"' in home.text
    assert "staff-nav" not in home.text and "Ihre Zentren" not in home.text
    assert "gehören noch zu keinem Zentrum" not in home.text
    user.refresh_from_db()
    assert not (user.is_staff or user.is_superuser or user.groups.exists())
    assert not Membership.objects.filter(user=user).exists()


def test_the_office_cannot_give_more_than_district_access_with_an_invitation(
    client, coordination_user
):
    existing = UserFactory(email="schon.da@example.org")
    for email in ("neu@example.org", existing.email):
        response = office_invites(
            client,
            coordination_user,
            email=email,
            districts=[district(SAALFELD).pk],
            is_staff="on",
            is_superuser="on",
            groups=["1"],
            user_permissions=["1"],
            role="coordinator",
            center=CenterFactory().pk,
        )
        assert response.status_code == 302
    invited = [invitation.user for invitation in PlannerInvitation.objects.select_related("user")]
    assert len(invited) == 2
    for user in invited:
        assert not (user.is_staff or user.is_superuser)
        assert not user.groups.exists() and not user.user_permissions.exists()
        assert not user.memberships.exists()


def test_the_admin_form_refuses_an_invitation_without_a_district_or_for_nothing_new(
    client, coordination_user
):
    response = office_invites(client, coordination_user, email="a@example.org")
    assert response.status_code == 200 and not PlannerInvitation.objects.exists()
    person = planner(SAALFELD)
    response = office_invites(
        client, coordination_user, email=person.email, districts=[district(SAALFELD).pk]
    )
    assert response.status_code == 200
    assert "darf die Zahlen dieser Landkreise und Städte schon sehen" in response.text
    assert not PlannerInvitation.objects.exists()


def test_only_the_office_invites_planners_and_nobody_adds_access_by_hand(client, coordination_user):
    coordinator = MembershipFactory(role=Membership.Role.COORDINATOR).user
    with_totp(coordinator)
    for person in (coordinator, planner(SAALFELD)):
        client.force_login(person)
        for url in ("/admin/centers/plannerinvitation/add/", "/admin/centers/planneraccess/"):
            response = client.get(url)
            assert response.status_code == 302 and "/login/" in response["Location"], url
    client.force_login(coordination_user)
    assert client.get("/admin/centers/plannerinvitation/add/").status_code == 200
    assert client.get("/admin/centers/planneraccess/").status_code == 200
    assert client.get("/admin/centers/planneraccess/add/").status_code == 403
    access = PlannerAccess.objects.get()
    response = client.post(
        f"/admin/centers/planneraccess/{access.pk}/change/",
        {"user": coordination_user.pk, "district": district(JENA).pk},
    )
    access.refresh_from_db()
    assert access.district.ags == SAALFELD and access.user != coordination_user


def test_the_office_revokes_a_districts_access_in_the_admin(client, coordination_user):
    person = planner(SAALFELD, JENA)
    saalfeld = PlannerAccess.objects.get(user=person, district__ags=SAALFELD)
    figures = reverse("staff:statistics_district", args=["saalfeld-rudolstadt"])
    client.force_login(person)
    assert client.get(figures).status_code == 200
    client.force_login(coordination_user)
    response = client.post(f"/admin/centers/planneraccess/{saalfeld.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert list(person.planner_access.values_list("district__ags", flat=True)) == [JENA]
    client.force_login(person)
    home = client.get(reverse("staff:home")).text
    assert "/region/jena/" in home and "/region/saalfeld-rudolstadt/" not in home
    assert client.get(figures).status_code == 404


def test_an_existing_account_accepts_in_mein_thekiz(client):
    person = planner(GERA)
    invitation = invite(person, SAALFELD, JENA)
    client.force_login(person)
    home = client.get(reverse("staff:home"))
    assert "Jena, Saalfeld-Rudolstadt" in home.text
    join = reverse("staff:planner_invitation_join", args=[invitation.pk])
    assert f'action="{join}"' in home.text
    label = f"planner-invitation-{invitation.pk}"
    assert f'id="{label}"' in home.text and home.text.count(f'aria-describedby="{label}"') == 2
    response = client.post(join)
    assert response["Location"] == reverse("staff:home")
    assert set(person.planner_access.values_list("district__ags", flat=True)) == {
        GERA,
        JENA,
        SAALFELD,
    }
    assert (
        "Sie sehen jetzt die Zahlen für: Jena, Saalfeld-Rudolstadt."
        in client.get(reverse("staff:home")).text
    )
    assert client.post(join).status_code == 404  # answered once


def test_an_invitation_can_be_declined_and_is_answered_by_its_person_alone(client):
    person = planner(GERA)
    invitation = invite(person, SAALFELD)
    join = reverse("staff:planner_invitation_join", args=[invitation.pk])
    refuse = reverse("staff:planner_invitation_refuse", args=[invitation.pk])
    response = client.post(join)
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/")
    client.force_login(planner(GERA))  # someone else
    assert client.post(join).status_code == 404
    assert client.post(refuse).status_code == 404
    client.force_login(person)
    assert client.get(join).status_code == 405
    assert client.post(refuse)["Location"] == reverse("staff:home")
    assert not PlannerInvitation.objects.exists()
    assert list(person.planner_access.values_list("district__ags", flat=True)) == [GERA]


def test_an_expired_invitation_is_neither_shown_nor_accepted(client, settings):
    person = planner(GERA)
    invitation = invite(person, SAALFELD)
    settings.PASSWORD_RESET_TIMEOUT = -1
    client.force_login(person)
    assert "Saalfeld-Rudolstadt" not in client.get(reverse("staff:home")).text
    join = reverse("staff:planner_invitation_join", args=[invitation.pk])
    assert client.post(join).status_code == 404
    assert not person.planner_access.filter(district__ags=SAALFELD).exists()


def test_an_expired_link_sets_no_password_and_grants_nothing(client, settings):
    invite("neu@example.org", SAALFELD)
    mails_send()
    link = re.search(r"http://testserver(/konto/einladung/\S+)", mail.outbox[0].body).group(1)
    settings.PASSWORD_RESET_TIMEOUT = -1
    assert "Dieser Link funktioniert nicht mehr" in client.get(link, follow=True).text
    user = get_user_model().objects.get(email="neu@example.org")
    assert not user.has_usable_password() and not user.planner_access.exists()


def test_a_planner_sets_up_the_second_factor_before_anything(client):
    person = UserFactory()
    PlannerAccess.objects.create(user=person, district=district(SAALFELD))
    invitation = invite(person, JENA)
    client.force_login(person)
    for response in (
        client.get(reverse("staff:home")),
        client.post(reverse("staff:planner_invitation_join", args=[invitation.pk])),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("mfa_activate_totp"))
    assert not person.planner_access.filter(district__ags=JENA).exists()


def test_a_planner_gets_no_admin(client):
    client.force_login(planner(SAALFELD))
    response = client.get("/admin/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_planners_home_leads_to_the_statistics(client):
    client.force_login(planner(SAALFELD))
    response = client.get(reverse("staff:home"))
    assert f'href="{reverse("staff:statistics")}"' in response.text


def test_a_planner_who_also_works_at_a_centre_sees_both(client):
    person = planner(SAALFELD)
    centre = MembershipFactory(user=person).center
    client.force_login(person)
    home = client.get(reverse("staff:home"))
    assert home.status_code == 200  # not straight to the centre: the districts are here too
    assert centre.name in home.text and "/region/saalfeld-rudolstadt/" in home.text


def test_the_home_page_costs_the_same_for_one_district_as_for_many(
    client, django_assert_max_num_queries
):
    few, many = planner(SAALFELD), planner(SAALFELD, JENA, GERA, "16051", "16054")
    invite(few, JENA)
    invite(many, "16061", "16062")
    counts = []
    for person in (few, many):
        client.force_login(person)
        client.get(reverse("staff:home"))  # sessions and caches settle
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("staff:home")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(counts[1]):
        client.get(reverse("staff:home"))
