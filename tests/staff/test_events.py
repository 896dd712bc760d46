import pytest
from django.urls import reverse

from centers.models import Membership
from events.services import event_places_sync, participant_sign_up
from tests.conftest import with_totp
from tests.events.factories import EventFactory
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    membership = MembershipFactory(role=Membership.Role.STAFF)
    with_totp(membership.user)
    client.force_login(membership.user)
    return client, membership.center


def test_a_centre_sees_who_signed_up_for_its_meeting(staff_client):
    client, center = staff_client
    meeting = EventFactory(title="Netzwerktreffen Ost", center=center, places=1)
    EventFactory(title="Fachtag der Fachstelle", places=5)  # the office's: not listed
    event_places_sync(meeting)
    meeting.refresh_from_db()
    data = {"organisation": "Kita Regenbogen", "dietary_needs": "vegan", "consent": True}
    participant_sign_up(meeting, name="Kim Berg", email="kim@example.org", **data)
    participant_sign_up(meeting, name="Ole Wald", email="ole@example.org", **data)
    html = client.get(reverse("staff:events", args=[center.slug])).content.decode()
    assert "Netzwerktreffen Ost" in html and "Fachtag der Fachstelle" not in html
    assert "1 bestätigt, 1 auf der Warteliste" in html
    url = reverse("staff:event_participants", args=[center.slug, meeting.pk])
    html = client.get(url).content.decode()
    assert "Kim Berg" in html and "Kita Regenbogen" in html and "vegan" in html
    assert "Ole Wald" in html  # waiting
    assert client.post(url).status_code == 405
