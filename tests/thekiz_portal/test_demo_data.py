import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from centers.models import Center, Cooperation, Operator
from network.geo import distance_km, postcode_point
from network.models import District, Partner, Sozialraum
from network.places import location_resolve
from thekiz_portal.demo.places import DEMO_REGIONS

pytestmark = pytest.mark.django_db


def snapshot() -> list[tuple]:
    return list(
        Center.objects.order_by("slug").values_list(
            "slug", "postcode", "operator__name", "thekiz_since", "step_free_access"
        )
    )


def test_it_builds_a_realistic_network_over_all_22_districts():
    call_command("demo_data")
    assert 65 <= Center.objects.count() <= 80
    assert 140 <= Partner.objects.count() <= 170
    assert Operator.objects.count() >= 10
    assert set(Operator.objects.values_list("kind", flat=True)) >= {
        "awo",
        "drk",
        "kommune",
        "caritas",
        "diakonie",
    }
    assert District.objects.filter(sozialraeume__centers__isnull=False).distinct().count() == 22
    assert Cooperation.objects.count() >= 3 * Center.objects.count()
    # Every partner kind the directory filters by appears at least once.
    assert set(Partner.objects.values_list("kind", flat=True)) >= {
        "jugendamt",
        "hebamme",
        "beratungsstelle",
        "fruehe_hilfen",
    }
    # Growth of the real programme: at least 22 centres from 2015/16.
    assert Center.objects.filter(thekiz_since__lte=2016).count() >= 22


def test_it_is_deterministic():
    call_command("demo_data")
    first = snapshot()
    Cooperation.objects.all().delete()
    Center.objects.all().delete()
    Partner.objects.all().delete()
    Operator.objects.all().delete()
    Sozialraum.objects.all().delete()
    get_user_model().objects.all().delete()
    call_command("demo_data")
    assert snapshot() == first


def test_it_refuses_a_database_with_centres_unless_asked_to_skip():
    call_command("demo_data")
    with pytest.raises(CommandError):
        call_command("demo_data")
    call_command("demo_data", "--if-empty")  # make run: fine, nothing happens
    assert 65 <= Center.objects.count() <= 80


def test_every_demo_postcode_is_real_and_lies_in_its_town():
    for areas in DEMO_REGIONS.values():
        for _, _, towns in areas:
            for town, postcode in towns:
                point = postcode_point(postcode)
                assert point is not None, postcode
                place = location_resolve(town)
                assert place is not None, town
                assert distance_km(point, place.point) < 10, (town, postcode)


def test_the_coordination_office_can_log_in_to_the_admin(client):
    from thekiz_portal.demo.build import DEMO_COORDINATION_EMAIL, DEMO_COORDINATION_PASSWORD

    call_command("demo_data")
    assert client.login(username=DEMO_COORDINATION_EMAIL, password=DEMO_COORDINATION_PASSWORD)
    assert client.get("/admin/centers/center/").status_code == 200
