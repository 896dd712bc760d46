import pytest
from django.test import Client


@pytest.fixture(autouse=True)
def _fast_hashing_and_hosts(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]


@pytest.fixture
def client() -> Client:
    return Client()


def with_totp(user):
    """Give a person an activated authenticator app; returns its secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.fixture
def coordination_user(db):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    user = UserFactory(email="koordination@thekiz.example", is_staff=True)
    user.groups.add(Group.objects.get(name="coordination"))
    with_totp(user)
    return user
