import pytest
from django.test import Client


@pytest.fixture(autouse=True)
def _fast_hashing_and_hosts(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]


@pytest.fixture
def client() -> Client:
    return Client()


@pytest.fixture
def coordination_user(db):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    user = UserFactory(email="koordination@thekiz.example", is_staff=True)
    user.groups.add(Group.objects.get(name="coordination"))
    return user
