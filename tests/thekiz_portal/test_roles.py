import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from centers.roles import COORDINATION, roles_sync
from tests.conftest import with_totp
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def codenames(group: Group) -> set[str]:
    return set(group.permissions.values_list("codename", flat=True))


def test_the_coordination_group_exists_after_migrate_with_its_permissions():
    perms = codenames(Group.objects.get(name=COORDINATION))
    assert {"change_center", "add_partner", "delete_cooperation", "change_sozialraum"} <= perms
    # Districts are facts: rename only. Places are read-only.
    assert "change_district" in perms
    assert "add_district" not in perms and "delete_district" not in perms
    assert "view_place" in perms and "change_place" not in perms
    assert "delete_user" not in perms
    # Accounts come through invitations; the office only sees and deactivates them.
    assert "add_user" not in perms and "change_user" in perms
    assert not {"add_group", "change_group", "delete_authenticator"} & perms


def test_sync_removes_permissions_added_by_hand():

    group = Group.objects.get(name=COORDINATION)
    group.permissions.add(Permission.objects.get(codename="delete_district"))
    roles_sync()
    assert "delete_district" not in codenames(group)


def test_the_coordination_office_reaches_every_admin_page_of_its_models(client, coordination_user):
    from tests.factories import CenterFactory, CooperationFactory, PartnerFactory, weekly_offer

    center = CenterFactory()
    partner = PartnerFactory()
    cooperation = CooperationFactory(center=center, partner=partner)
    offer = weekly_offer(center=center)
    client.force_login(coordination_user)
    urls = [
        "/admin/",
        "/admin/centers/center/",
        "/admin/centers/center/add/",
        f"/admin/centers/center/{center.pk}/change/",
        "/admin/centers/operator/",
        "/admin/centers/cooperation/",
        f"/admin/centers/cooperation/{cooperation.pk}/change/",
        "/admin/centers/membership/",
        "/admin/network/partner/",
        "/admin/network/partner/add/",
        f"/admin/network/partner/{partner.pk}/change/",
        "/admin/network/sozialraum/",
        "/admin/network/district/",
        "/admin/network/district/1/change/",
        "/admin/network/language/",
        "/admin/network/place/?q=Jena",
        "/admin/offers/offer/",
        "/admin/offers/offer/add/",
        f"/admin/offers/offer/{offer.pk}/change/",
        "/admin/offers/occurrence/",
        f"/admin/offers/occurrence/{offer.occurrences.first().pk}/change/",
        "/admin/offers/category/",
        "/admin/offers/closure/",
        "/admin/offers/closure/add/",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
    # Facts cannot be added or deleted.
    assert client.get("/admin/network/district/add/").status_code == 403
    assert client.get("/admin/network/place/add/").status_code == 403
    assert client.get("/admin/offers/occurrence/add/").status_code == 403


def test_the_office_keeps_stops_checks_and_partner_languages_in_the_admin(
    client, coordination_user
):
    from tests.factories import CenterFactory, PartnerFactory, language

    center = CenterFactory()
    partner = PartnerFactory()
    partner.languages.set([language("ar")])
    client.force_login(coordination_user)
    page = client.get(f"/admin/centers/center/{center.pk}/change/").text
    assert 'name="nearest_stop"' in page and 'name="last_reviewed"' in page
    page = client.get(f"/admin/network/partner/{partner.pk}/change/").text
    assert 'name="languages"' in page
    listed = client.get("/admin/network/partner/", {"languages__id__exact": language("ar").pk})
    assert partner.name in listed.text


def test_the_admin_searches_filter_and_annotate(client, coordination_user):
    from tests.factories import CenterFactory

    CenterFactory(name="Kita Regenbogen", city="Gera")
    client.force_login(coordination_user)
    response = client.get("/admin/centers/center/", {"q": "Gera"})
    assert "Kita Regenbogen" in response.text
    response = client.get("/admin/network/district/")
    assert "Wartburgkreis" in response.text


# --- Accounts in the admin: only a superuser raises rights -----------------------------


def _account_admin_urls(objects: dict) -> list[str]:
    """Every admin URL of the models that hold accounts, rights and second factors, for
    each of the given objects (model → list of primary keys)."""
    urls = []
    for model, pks in objects.items():
        model_admin = admin.site._registry[model]
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for pattern in model_admin.get_urls():
            route = str(pattern.pattern)
            if "<" not in route:
                urls.append(base + route)
                continue
            for pk in pks:
                urls.append(
                    base + route.replace("<path:object_id>", str(pk)).replace("<id>", str(pk))
                )
    return urls


def _raising_payload(office, everything) -> dict:
    """What a form could send to raise someone's rights, take over or remove a factor."""
    return {
        "username": office.username,
        "email": office.email,
        "first_name": "Geändert",
        "last_name": "Person",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "groups": [group.pk for group in Group.objects.all()],
        "user_permissions": everything,
        "permissions": everything,
        "name": "coordination",
        "usable_password": "true",
        "password1": "Ganz-neues-Passwort-26",
        "password2": "Ganz-neues-Passwort-26",
        "user": office.pk,
        "type": "totp",
        "data": "{}",
        "primary": "on",
        "verified": "on",
        "post": "yes",  # the delete confirmation
        "date_joined_0": "2020-01-01",
        "date_joined_1": "10:00:00",
        "last_login_0": "",
        "last_login_1": "",
    }


def _rights_of_everyone() -> dict:
    """Everything that decides what an account may do, for every account."""
    users = {
        user.pk: (
            user.is_superuser,
            user.is_staff,
            user.password,
            user.email,
            sorted(user.groups.values_list("name", flat=True)),
            sorted(user.user_permissions.values_list("codename", flat=True)),
        )
        for user in get_user_model().objects.all()
    }
    groups = {
        group.name: sorted(group.permissions.values_list("pk", flat=True))
        for group in Group.objects.all()
    }
    authenticators = sorted(Authenticator.objects.values_list("pk", "user_id", "type"))
    addresses = sorted(EmailAddress.objects.values_list("pk", "user_id", "email", "verified"))
    return {"users": users, "groups": groups, "authenticators": authenticators, "emails": addresses}


@pytest.fixture
def accounts(coordination_user):

    superuser = UserFactory(email="root@thekiz.example", is_staff=True, is_superuser=True)
    colleague = UserFactory(email="kollegin@thekiz.example", is_staff=True)
    colleague.groups.add(Group.objects.get(name=COORDINATION))
    person = MembershipFactory(user=UserFactory(email="fachkraft@thekiz.example")).user
    for user in (superuser, colleague, person):
        with_totp(user)
    for user in (coordination_user, superuser, colleague, person):
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return {
        "office": coordination_user,
        "superuser": superuser,
        "colleague": colleague,
        "person": person,
        "authenticator": Authenticator.objects.filter(user=person).first(),
        "everything": list(Permission.objects.values_list("pk", flat=True)),
    }


def test_the_coordination_office_cannot_raise_anyones_rights_through_any_account_admin_url(
    client, accounts
):

    office = accounts["office"]
    users = [office, accounts["colleague"], accounts["superuser"], accounts["person"]]
    urls = _account_admin_urls(
        {
            get_user_model(): [user.pk for user in users],
            Group: list(Group.objects.values_list("pk", flat=True)),
            Authenticator: list(Authenticator.objects.values_list("pk", flat=True)),
            EmailAddress: list(EmailAddress.objects.values_list("pk", flat=True)),
        }
    )
    assert any(url.endswith("/password/") for url in urls)
    before = _rights_of_everyone()
    payload = _raising_payload(office, accounts["everything"])
    client.force_login(office)
    answers = {}
    for url in urls:
        answers[("GET", url)] = client.get(url).status_code
        answers[("POST", url)] = client.post(url, payload).status_code
    for changelist in {url for url in urls if url.count("/") == 4}:
        # The change lists' bulk action too.
        client.post(
            changelist,
            {"action": "delete_selected", "_selected_action": [u.pk for u in users], "post": "yes"},
        )

    assert _rights_of_everyone() == before
    # Permissions have no admin page at all.
    assert client.get("/admin/auth/permission/").status_code == 404
    for (method, url), status in answers.items():
        if "/auth/user/" not in url:
            # Groups, e-mail addresses, authenticators: superusers only (the bare
            # "<id>/" address only redirects to the change page, which refuses).
            assert status in (403, 302), (method, url, status)
            if status == 302:
                assert re.fullmatch(r"/admin/\w+/\w+/\d+/", url), (method, url)
        elif url.endswith(("/add/", "/password/", "/delete/")):
            assert status == 403, (method, url, status)
    person, superuser = accounts["person"], accounts["superuser"]
    assert answers[("POST", f"/admin/auth/user/{superuser.pk}/change/")] == 403
    assert answers[("POST", f"/admin/auth/user/{accounts['colleague'].pk}/change/")] == 403
    assert answers[("POST", f"/admin/auth/user/{office.pk}/change/")] == 403
    # A centre staff account: the name may be corrected, nothing else.
    assert answers[("POST", f"/admin/auth/user/{person.pk}/change/")] == 302
    person.refresh_from_db()
    assert person.first_name == "Geändert"
    page = client.get(f"/admin/auth/user/{person.pk}/change/").text
    for field in ("is_superuser", "is_staff", "groups", "user_permissions", "password", "email"):
        assert f'name="{field}"' not in page, field
    assert "/password/" not in page


def test_the_coordination_office_deactivates_a_centre_staff_account(client, accounts):
    person = accounts["person"]
    client.force_login(accounts["office"])
    response = client.post(
        f"/admin/auth/user/{person.pk}/change/", {"first_name": "", "last_name": ""}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.is_active
    client.logout()
    client.post("/konto/login/", {"login": person.email, "password": "correct horse battery 1"})
    assert "_auth_user_id" not in client.session


def test_a_superuser_still_administers_accounts_rights_and_second_factors(client, accounts):

    person, superuser = accounts["person"], accounts["superuser"]
    client.force_login(superuser)
    assert client.get(f"/admin/auth/user/{person.pk}/password/").status_code == 200
    assert client.get("/admin/auth/user/add/").status_code == 200
    assert client.get("/admin/auth/group/").status_code == 200
    payload = _raising_payload(person, [])
    payload.update({"groups": [], "user_permissions": []})
    response = client.post(f"/admin/auth/user/{person.pk}/change/", payload)
    assert response.status_code == 302, response.content[:2000]
    person.refresh_from_db()
    assert person.is_superuser and person.is_staff
    authenticator = accounts["authenticator"]
    assert client.get(f"/admin/mfa/authenticator/{authenticator.pk}/change/").status_code == 200
    assert (
        "data"
        not in client.get(f"/admin/mfa/authenticator/{authenticator.pk}/change/")
        .context["adminform"]
        .form.fields
    )
    response = client.post(f"/admin/mfa/authenticator/{authenticator.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Authenticator.objects.filter(pk=authenticator.pk).exists()


def test_the_office_invites_planners_and_takes_access_away_but_never_grants_it_by_hand():
    from centers.roles import COORDINATOR, STAFF, role_codenames

    office = role_codenames(COORDINATION)
    assert {"centers.view_plannerinvitation", "centers.add_plannerinvitation"} <= office
    assert {"centers.view_planneraccess", "centers.delete_planneraccess"} <= office
    assert "centers.add_planneraccess" not in office
    assert "centers.change_planneraccess" not in office
    assert "centers.change_plannerinvitation" not in office
    for role in (STAFF, COORDINATOR):
        assert not {code for code in role_codenames(role) if "planner" in code}
