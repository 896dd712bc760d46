"""A cooperation that has ended: kept for the statistics, no longer shown to the public."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from centers.models import Cooperation
from tests.conftest import with_totp
from tests.factories import CenterFactory, CooperationFactory, MembershipFactory, PartnerFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_the_public_pages_show_current_cooperations_only(client):
    center = CenterFactory(name="Kita Regenbogen")
    CooperationFactory(center=center, partner=PartnerFactory(name="Hebamme Sommer"))
    CooperationFactory(
        center=center,
        partner=PartnerFactory(name="Bibliothek Ost"),
        ended_on=TODAY + datetime.timedelta(days=10),
    )
    ended = CooperationFactory(
        center=center,
        partner=PartnerFactory(name="Sportverein Nord"),
        ended_on=TODAY - datetime.timedelta(days=1),
    )

    text = client.get(center.get_absolute_url()).text
    assert "Hebamme Sommer" in text and "Bibliothek Ost" in text
    assert "Sportverein Nord" not in text
    partner_page = client.get(ended.partner.get_absolute_url()).text
    assert "Kita Regenbogen" not in partner_page
    assert set(Cooperation.objects.current().values_list("partner__name", flat=True)) == {
        "Hebamme Sommer",
        "Bibliothek Ost",
    }


@pytest.fixture
def coordinator(client):
    membership = MembershipFactory(role="coordinator", center=CenterFactory(slug="kita"))
    with_totp(membership.user)
    client.force_login(membership.user)
    return membership


def test_the_coordinator_records_the_end_and_sees_it_in_the_list(client, coordinator):
    cooperation = CooperationFactory(
        center=coordinator.center, since=datetime.date(2020, 3, 1), kind="regelmaessig"
    )
    url = reverse("staff:cooperation_edit", args=["kita", cooperation.pk])
    ended_on = TODAY - datetime.timedelta(days=5)

    response = client.post(
        url,
        {
            "partner": cooperation.partner.pk,
            "kind": "regelmaessig",
            "since": "01.03.2020",
            "ended_on": ended_on.strftime("%d.%m.%Y"),
            "topics": "",
            "form_token": "end-1",
        },
    )

    assert response.status_code == 302
    cooperation.refresh_from_db()
    assert cooperation.ended_on == ended_on and cooperation.has_ended
    page = client.get(reverse("staff:cooperations", args=["kita"])).text
    assert f"beendet am {ended_on:%d.%m.%Y}" in page


def test_an_end_before_the_beginning_is_refused_in_german_and_nothing_changes(client, coordinator):
    cooperation = CooperationFactory(
        center=coordinator.center, since=datetime.date(2020, 3, 1), kind="regelmaessig"
    )
    url = reverse("staff:cooperation_edit", args=["kita", cooperation.pk])

    response = client.post(
        url,
        {
            "partner": cooperation.partner.pk,
            "kind": "gelegentlich",
            "since": "01.03.2020",
            "ended_on": "01.01.2019",
            "topics": "",
            "form_token": "end-2",
        },
    )

    assert response.status_code == 200
    assert "Eine Kooperation kann nicht enden, bevor sie begann." in response.text
    cooperation.refresh_from_db()
    assert cooperation.ended_on is None and cooperation.kind == "regelmaessig"
