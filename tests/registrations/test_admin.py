"""The coordination office sees how full places are, never who signed up."""

import pytest
from django.contrib import admin
from django.urls import reverse

from registrations.models import Registration
from tests.registrations.factories import capacity, sign_up

pytestmark = pytest.mark.django_db


def test_the_office_sees_counts_without_names(client, coordination_user):
    places = capacity(places=1, label="Babymassage – 12.01.2027 09:30")
    sign_up(places, name="Mia Geheim", email="mia@example.org")
    sign_up(places, name="Ben Geheim", email="ben@example.org")
    client.force_login(coordination_user)
    listing = client.get(reverse("admin:registrations_capacity_changelist"))
    assert listing.status_code == 200
    assert "Babymassage – 12.01.2027 09:30" in listing.text
    assert "Geheim" not in listing.text and "example.org" not in listing.text
    change = client.get(reverse("admin:registrations_capacity_change", args=[places.pk]))
    assert change.status_code == 200
    assert "Geheim" not in change.text
    assert 'name="_save"' not in change.text  # read-only


def test_there_is_no_admin_for_sign_ups():
    assert Registration not in admin.site._registry
