import pytest


@pytest.fixture
def office(client, coordination_user):
    """The coordination office, signed in (with its second factor)."""
    client.force_login(coordination_user)
    return client
