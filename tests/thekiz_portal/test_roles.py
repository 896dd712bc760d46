import pytest
from django.contrib.auth.models import Group

from centers.roles import COORDINATION, roles_sync

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


def test_sync_removes_permissions_added_by_hand():
    from django.contrib.auth.models import Permission

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
        "/admin/centers/closure/",
        "/admin/centers/closure/add/",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
    # Facts cannot be added or deleted.
    assert client.get("/admin/network/district/add/").status_code == 403
    assert client.get("/admin/network/place/add/").status_code == 403
    assert client.get("/admin/offers/occurrence/add/").status_code == 403


def test_the_admin_searches_filter_and_annotate(client, coordination_user):
    from tests.factories import CenterFactory

    CenterFactory(name="Kita Regenbogen", city="Gera")
    client.force_login(coordination_user)
    response = client.get("/admin/centers/center/", {"q": "Gera"})
    assert "Kita Regenbogen" in response.text
    response = client.get("/admin/network/district/")
    assert "Wartburgkreis" in response.text
