import datetime

import pytest
import time_machine
from django.utils import timezone

from tests.factories import weekly_offer


@pytest.fixture
def offer(django_capture_on_commit_callbacks):
    """An offer (committed), and a clock a few seconds on: nothing changed just now."""
    with django_capture_on_commit_callbacks(execute=True):
        offer = weekly_offer(title="Krabbelgruppe")
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=10)) as traveller:
        offer.clock = traveller
        yield offer
