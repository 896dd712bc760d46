import datetime

import pytest
import time_machine
from django.utils import timezone

from registrations.links import (
    LinkExpired,
    LinkInvalid,
    registration_from_link,
    registration_link_value,
)
from tests.registrations.factories import capacity, sign_up

pytestmark = pytest.mark.django_db


def test_the_link_names_its_sign_up():
    registration = sign_up(capacity())
    assert registration_from_link(registration_link_value(registration)) == registration


@pytest.mark.parametrize(
    "change",
    [
        lambda v: v[:-1] + ("A" if v[-1] != "A" else "B"),
        lambda v: "x" + v,
        lambda v: "",
        lambda v: "abc:def",
    ],
)
def test_a_changed_link_is_refused(change):
    value = registration_link_value(sign_up(capacity()))
    with pytest.raises(LinkInvalid):
        registration_from_link(change(value))


def test_a_link_with_a_wrong_token_is_refused_even_when_signed():
    from django.core import signing

    from registrations.links import SALT

    registration = sign_up(capacity())
    forged = signing.dumps([registration.pk, "guessed", 2_000_000_000], salt=SALT + "x")
    with pytest.raises(LinkInvalid):
        registration_from_link(forged)


def test_the_link_expires_after_the_given_moment():
    registration = sign_up(capacity())
    expires = timezone.now() + datetime.timedelta(days=3)
    value = registration_link_value(registration, expires)
    with time_machine.travel(expires - datetime.timedelta(minutes=1)):
        assert registration_from_link(value) == registration
    with time_machine.travel(expires + datetime.timedelta(minutes=1)), pytest.raises(LinkExpired):
        registration_from_link(value)


def test_by_default_the_link_lives_until_the_data_is_deleted(settings):
    settings.THEKIZ_REGISTRATION_RETENTION_DAYS = 30
    ends = timezone.now() + datetime.timedelta(days=5)
    registration = sign_up(capacity(ends_at=ends))
    value = registration_link_value(registration)
    with time_machine.travel(ends + datetime.timedelta(days=29)):
        assert registration_from_link(value) == registration
    with time_machine.travel(ends + datetime.timedelta(days=31)), pytest.raises(LinkExpired):
        registration_from_link(value)
