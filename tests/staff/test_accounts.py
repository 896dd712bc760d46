"""Accounts: invitation only, two-factor authentication before any change, rate limits."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from centers.models import ChangeRecord, Invitation, Membership
from centers.services import invitation_send
from tests.conftest import with_totp
from tests.factories import CenterFactory, MembershipFactory, UserFactory
from tests.mail_queue import mails_send

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery 1"


def totp(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_nobody_can_sign_up(client):
    response = client.get("/konto/signup/")
    assert response.status_code == 200
    assert "id_password1" not in response.text  # the sign-up-closed page, no form
    client.post(
        "/konto/signup/",
        {
            "email": "x@example.org",
            "password1": "Sehr-geheim-2026",
            "password2": "Sehr-geheim-2026",
        },
    )
    assert not get_user_model().objects.filter(email="x@example.org").exists()


def test_an_invitation_leads_from_the_email_to_a_password_and_two_factor_setup(client):
    centre = CenterFactory(name="Kita Sonnenschein")
    office = UserFactory()
    invitation = invitation_send(
        email="Neue.Fachkraft@Example.org",
        name="Lea Neu",
        center=centre,
        role="staff",
        invited_by=office,
        base_url="https://portal.example/",
    )
    mails_send()  # the worker sends the queued invitation
    assert invitation.user.email == "neue.fachkraft@example.org"
    assert not invitation.user.has_usable_password()
    assert not Membership.objects.filter(user=invitation.user).exists()  # not before accepting
    assert ChangeRecord.objects.filter(center=centre, action="invited").exists()

    (message,) = mail.outbox
    assert message.to == ["neue.fachkraft@example.org"]
    assert "Kita Sonnenschein" in message.subject
    link = re.search(r"https://portal\.example(/konto/einladung/\S+)", message.body).group(1)

    response = client.get(link)  # the key moves out of the URL into the session
    assert response.status_code == 302
    form_url = response["Location"]
    assert "set-password" in form_url
    page = client.get(form_url)
    assert "Willkommen im ThEKiZ-Portal" in page.text

    weak = client.post(form_url, {"password1": "kurz", "password2": "kurz"})
    assert weak.status_code == 200 and "kern-error" in weak.text
    common = client.post(form_url, {"password1": "password1234", "password2": "password1234"})
    assert common.status_code == 200  # Django's common-password check refuses it
    response = client.post(
        form_url, {"password1": "Lange-sichere-Phrase-26", "password2": "Lange-sichere-Phrase-26"}
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert Membership.objects.get(user=invitation.user).center == centre  # setting it accepts

    # The link is single-use.
    assert "Dieser Link funktioniert nicht mehr" in client.get(link).text

    # Signing in leads to the two-factor set-up before anything else.
    response = client.post(
        "/konto/login/",
        {"login": "neue.fachkraft@example.org", "password": "Lange-sichere-Phrase-26"},
    )
    assert response.status_code == 302
    response = client.get(reverse("staff:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_an_invitation_link_expires(client, settings):
    invitation = invitation_send(
        email="a@example.org",
        center=CenterFactory(),
        role="staff",
        invited_by=None,
        base_url="http://testserver/",
    )
    mails_send()  # the worker sends the queued invitation
    link = re.search(r"http://testserver(/konto/einladung/\S+)", mail.outbox[0].body).group(1)
    settings.PASSWORD_RESET_TIMEOUT = -1
    response = client.get(link, follow=True)
    assert "Dieser Link funktioniert nicht mehr" in response.text
    assert not invitation.user.has_usable_password()


def test_staff_cannot_change_anything_before_two_factor_is_set_up(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    for url in [
        reverse("staff:home"),
        reverse("staff:dashboard", args=[membership.center.slug]),
        "/admin/",
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert reverse("mfa_activate_totp") in response["Location"], url
    response = client.post(
        reverse("staff:closures", args=[membership.center.slug]),
        {"title": "x", "start_date": "2030-01-01", "end_date": "2030-01-02", "save": "1"},
    )
    assert response.status_code == 302
    assert not membership.center.closures.exists()

    with_totp(membership.user)
    assert client.get(reverse("staff:dashboard", args=[membership.center.slug])).status_code == 200


def test_signing_in_asks_for_the_authenticator_code(client):
    user = UserFactory(email="fachkraft@example.org")
    secret = with_totp(user)
    response = client.post(
        "/konto/login/", {"login": "fachkraft@example.org", "password": PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # not signed in yet
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    response = client.post(reverse("mfa_authenticate"), {"code": totp(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_repeated_failed_logins_are_stopped(client):
    UserFactory(email="ziel@example.org")
    for _ in range(5):
        response = client.post("/konto/login/", {"login": "ziel@example.org", "password": "falsch"})
        assert response.status_code == 200
    response = client.post(
        "/konto/login/", {"login": "ziel@example.org", "password": PASSWORD}
    )  # even the right one
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    assert "Zu viele" in response.text or response.status_code == 429


def test_the_rate_limit_uses_a_cache_shared_by_all_processes():
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend in (
        "django.core.cache.backends.db.DatabaseCache",
        "django.core.cache.backends.redis.RedisCache",
    )


def test_the_admin_signs_in_through_the_portals_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_sessions_end_after_inactivity_and_are_not_remembered():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_a_new_password_signs_out_every_other_session():
    user = UserFactory()
    with_totp(user)
    MembershipFactory(user=user)
    laptop, phone = Client(), Client()
    laptop.force_login(user)
    phone.force_login(user)
    response = laptop.post(
        "/konto/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "Ganz-neues-Passwort-26",
            "password2": "Ganz-neues-Passwort-26",
        },
    )
    assert response.status_code == 302
    assert laptop.get(reverse("staff:home")).status_code in (200, 302)
    assert "_auth_user_id" in laptop.session
    # The other session is gone: it is sent to the login.
    response = phone.get(reverse("staff:home"))
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/")


def test_account_pages_speak_formally(client):
    user = UserFactory()
    with_totp(user)
    pages = ["/konto/login/", "/konto/password/reset/", "/konto/password/reset/done/"]
    texts = [client.get(url).text for url in pages]
    client.force_login(user)
    texts += [
        client.get(url).text for url in ["/konto/password/change/", "/konto/2fa/", "/konto/logout/"]
    ]
    informal = re.compile(r"\b(du|dich|dir|dein|deine|deinen|Du|Dein|Deine)\b")
    for url, text in zip([*pages, "change", "2fa", "logout"], texts, strict=True):
        visible = re.sub(r"<[^>]+>", " ", text)
        assert not informal.search(visible), (url, informal.search(visible).group(0))


def test_the_coordination_office_can_invite_in_the_admin(client, coordination_user):
    centre = CenterFactory()
    client.force_login(coordination_user)
    response = client.post(
        "/admin/centers/invitation/add/",
        {
            "email": "neu@example.org",
            "name": "Neu",
            "center": centre.pk,
            "role": "coordinator",
        },
    )
    mails_send()  # the worker sends the queued invitation
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.role == "coordinator" and invitation.center == centre
    assert not invitation.user.memberships.exists()  # the person accepts first
    assert len(mail.outbox) == 1


def test_the_admin_refuses_to_invite_a_team_member_again(client, coordination_user):
    membership = MembershipFactory()
    client.force_login(coordination_user)
    response = client.post(
        "/admin/centers/invitation/add/",
        {"email": membership.user.email, "center": membership.center.pk, "role": "staff"},
    )
    mails_send()  # the worker sends the queued invitation
    assert response.status_code == 200
    assert "gehört schon zum Team" in response.text
    assert not Invitation.objects.exists() and not mail.outbox


# --- Inviting someone who has an account: they accept before anything changes ----------


def _invite_from_the_team_page(client, coordinator, email: str, role: str = "coordinator"):
    client.force_login(coordinator.user)
    return client.post(
        reverse("staff:team", args=[coordinator.center.slug]),
        {"email": email, "name": "", "role": role, "form_token": "invite-1"},
    )


@pytest.fixture
def coordinator_a():
    membership = MembershipFactory(
        role="coordinator", center=CenterFactory(name="Eltern-Kind-Zentrum Sonnenschein")
    )
    with_totp(membership.user)
    return membership


@pytest.mark.parametrize("who", ["coordinator of another centre", "coordination office"])
def test_an_existing_account_is_attached_only_once_its_owner_accepts(
    client, coordinator_a, coordination_user, who
):
    if who == "coordination office":
        person = coordination_user
    else:
        person = MembershipFactory(role="coordinator").user
        with_totp(person)
    password_before = person.password
    response = _invite_from_the_team_page(client, coordinator_a, person.email.upper())
    mails_send()  # the worker sends the queued invitation
    assert response.status_code == 302
    centre = coordinator_a.center
    assert not Membership.objects.filter(user=person, center=centre).exists()
    if who != "coordination office":  # the office opens every centre anyway
        client.force_login(person)
        assert client.get(reverse("staff:team", args=[centre.slug])).status_code == 404

    (message,) = mail.outbox
    assert message.to == [person.email]
    assert "/konto/einladung/" not in message.body  # no password link for a password holder
    assert "http://testserver/mein-thekiz/" in message.body
    assert "das Programm des Zentrums „Eltern-Kind-Zentrum Sonnenschein“" in message.body
    assert "Programm von" not in message.body
    person.refresh_from_db()
    assert person.password == password_before

    client.force_login(coordinator_a.user)
    team = client.get(reverse("staff:team", args=[centre.slug])).text
    assert "Offene Einladungen" in team and person.email in team

    client.force_login(person)
    home = client.get(reverse("staff:home"))
    assert home.status_code == 200  # not straight to their own centre: an answer waits
    assert "Eltern-Kind-Zentrum Sonnenschein" in home.text
    invitation = Invitation.objects.get(user=person, center=centre)
    response = client.post(reverse("staff:invitation_join", args=[invitation.pk]))
    assert response["Location"] == reverse("staff:dashboard", args=[centre.slug])
    assert Membership.objects.get(user=person, center=centre).role == "coordinator"
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert ChangeRecord.objects.filter(center=centre, action="created", user=person).exists()
    # Answered once: the same button does nothing more.
    assert client.post(reverse("staff:invitation_join", args=[invitation.pk])).status_code == 404


def test_an_invitation_is_answered_by_its_person_alone_and_can_be_declined(client, coordinator_a):
    person = UserFactory()
    with_totp(person)
    stranger = UserFactory()
    with_totp(stranger)
    _invite_from_the_team_page(client, coordinator_a, person.email, role="staff")
    mails_send()  # the worker sends the queued invitation
    invitation = Invitation.objects.get()
    client.logout()
    response = client.post(reverse("staff:invitation_join", args=[invitation.pk]))
    assert response["Location"].startswith(reverse("account_login"))

    client.force_login(stranger)
    assert client.post(reverse("staff:invitation_join", args=[invitation.pk])).status_code == 404
    assert client.post(reverse("staff:invitation_refuse", args=[invitation.pk])).status_code == 404
    assert "Sonnenschein" not in client.get(reverse("staff:home")).text
    assert client.get(reverse("staff:invitation_join", args=[invitation.pk])).status_code == 405

    client.force_login(person)
    response = client.post(reverse("staff:invitation_refuse", args=[invitation.pk]))
    assert response["Location"] == reverse("staff:home")
    assert not Invitation.objects.exists()
    assert not Membership.objects.filter(user=person).exists()
    record = ChangeRecord.objects.get(center=coordinator_a.center, action="declined")
    assert str(record) == f"abgelehnt: Einladung: {person.email}"


def test_an_invitation_expires_with_its_link(client, coordinator_a, settings):
    person = UserFactory()
    with_totp(person)
    _invite_from_the_team_page(client, coordinator_a, person.email)
    invitation = Invitation.objects.get()
    settings.PASSWORD_RESET_TIMEOUT = -1
    client.force_login(person)
    assert "Sonnenschein" not in client.get(reverse("staff:home")).text
    assert client.post(reverse("staff:invitation_join", args=[invitation.pk])).status_code == 404
    assert not Membership.objects.filter(user=person).exists()


def test_a_deactivated_account_is_not_invited(client, coordinator_a):
    person = UserFactory(is_active=False)
    response = _invite_from_the_team_page(client, coordinator_a, person.email)
    assert response.status_code == 200
    assert "Dieses Konto wurde deaktiviert" in response.text
    assert not Invitation.objects.exists() and not mail.outbox


def test_the_team_shows_a_name_or_else_the_email_address(client, coordinator_a):
    MembershipFactory(center=coordinator_a.center, user=UserFactory(email="ohne.name@example.org"))
    MembershipFactory(
        center=coordinator_a.center,
        user=UserFactory(email="lea@example.org", first_name="Lea", last_name="Neu"),
    )
    client.force_login(coordinator_a.user)
    page = client.get(reverse("staff:team", args=[coordinator_a.center.slug])).text
    cells = re.findall(r'<td class="kern-table__cell">(.*?)</td>', page, re.S)
    names = [re.sub(r"<[^>]+>", " ", cell).split()[0] for cell in cells[::2] if cell.strip()]
    assert "–" not in names
    assert "ohne.name@example.org" in names and "Lea" in names


# --- Setting up the authenticator app: codes once, then where the person was going ------


def _set_up_authenticator(client, next_url: str):
    response = client.get(next_url)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    secret = page.context["form"].secret
    return page, client.post(reverse("mfa_activate_totp"), {"code": totp(secret), "next": next_url})


def test_setting_up_the_authenticator_shows_the_recovery_codes_once_then_goes_on(client):
    from allauth.mfa.models import Authenticator

    membership = MembershipFactory()
    client.force_login(membership.user)
    target = reverse("staff:closures", args=[membership.center.slug])
    page, response = _set_up_authenticator(client, target)
    assert f'name="next" value="{target}"' in page.text
    # No second password prompt: straight to the codes.
    assert response.status_code == 302
    assert response["Location"] == reverse("second_factor_codes")

    codes_page = client.get(response["Location"])
    assert codes_page.status_code == 200
    assert "no-store" in codes_page["Cache-Control"]
    codes = (
        Authenticator.objects.get(user=membership.user, type="recovery_codes")
        .wrap()
        .get_unused_codes()
    )
    assert len(codes) >= 10
    assert all(f"<code>{code}</code>" in codes_page.text for code in codes)
    assert "Wiederherstellungscodes" in codes_page.text
    assert f'href="{target}"' in codes_page.text
    # Shown once: the page does not show them again.
    again = client.get(reverse("second_factor_codes"))
    assert again.status_code == 302 and again["Location"] == reverse("mfa_index")
    assert client.get(target).status_code == 200


def test_the_set_up_never_sends_the_person_to_another_site(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    response = client.get(reverse("mfa_activate_totp") + "?next=https://evil.example/")
    secret = response.context["form"].secret
    assert 'name="next"' not in response.text
    client.post(
        reverse("mfa_activate_totp"), {"code": totp(secret), "next": "https://evil.example/"}
    )
    codes_page = client.get(reverse("second_factor_codes"))
    assert "evil.example" not in codes_page.text
    assert f'href="{reverse("staff:home")}"' in codes_page.text


def test_an_invitation_is_queued_with_its_invitation_and_written_in_german():
    centre = CenterFactory(name="Kita Sonnenschein")
    with pytest.raises(RuntimeError), transaction.atomic():
        invitation_send(
            email="weg@example.org", center=centre, role="staff", invited_by=None, base_url="/"
        )
        raise RuntimeError("the team page failed after inviting")
    assert mails_send() == 0  # rolled back with the invitation

    with translation.override("en"):  # the inviter reads the portal in English
        invitation_send(
            email="neu@example.org", center=centre, role="staff", invited_by=None, base_url="/"
        )
    assert mails_send() == 1
    (message,) = mail.outbox
    assert message.to == ["neu@example.org"]
    assert "Kita Sonnenschein" in message.subject
    assert "Einladung" in message.subject + message.body
    assert message.message()["Content-Language"] == "de"
