import itertools

from registrations.models import Capacity
from registrations.services import registration_create

_people = itertools.count(1)


def capacity(**fields) -> Capacity:
    return Capacity.objects.create(**{"places": 10, **fields})


def sign_up(capacity: Capacity, **data):
    number = next(_people)
    data = {"name": f"Person {number}", "email": f"person{number}@example.org", **data}
    return registration_create(capacity.pk, **data)
