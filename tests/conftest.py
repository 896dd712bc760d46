import pytest
from django.test import Client


@pytest.fixture(autouse=True)
def _fast_hashing_and_hosts(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
    # Uploads and downloads go to the test's own folder, never into var/.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.THEKIZ_PRIVATE_ROOT = tmp_path / "private"
    # Tests change data inside a transaction that never commits, so the data version
    # never moves: every request renders (tests/thekiz_portal/test_page_cache.py
    # switches the page cache on where it is tested).
    settings.THEKIZ_PAGE_CACHE_ENTRIES = 0


@pytest.fixture(autouse=True)
def _places_read_again():
    """The postcode lookups a process keeps (network/places.py) start empty in every test:
    a test's places are its own, and its query counts do not depend on the tests before."""
    from network import places

    places._postcode_location.cache_clear()
    places._home_state_names.cache_clear()


@pytest.fixture(autouse=True)
def _german_again():
    """A request to /en/ activates English for the thread; the next test starts in German."""
    yield
    from django.utils import translation

    translation.activate("de")


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


@pytest.fixture
def network_member(db):
    """A signed-up person with an activated authenticator app (no centre, no rights)."""
    from tests.factories import UserFactory

    user = UserFactory()
    with_totp(user)
    return user


@pytest.fixture(scope="session")
def django_db_modify_db_settings(tmp_path_factory):
    """On SQLite the test database is a file, not shared memory: an in-memory database
    shared between connections locks whole tables and answers "table is locked" at once,
    where a file waits its turn (``BEGIN IMMEDIATE``) as the real database does. The
    concurrency tests (50 connections at once) need that."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(
            tmp_path_factory.mktemp("database") / "test.sqlite3"
        )
        database["OPTIONS"]["timeout"] = 60
