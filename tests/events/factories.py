import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from common.text import slugify_de as slugify
from events.models import Event, Forum, ProgrammeItem


def _in_days(days: int, hour: int = 9) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Fachtag Familie {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = "Ein Tag für Planerinnen und Planer."
    starts = factory.LazyFunction(lambda: _in_days(30, 9))
    ends = factory.LazyAttribute(lambda o: o.starts + datetime.timedelta(hours=6, minutes=30))
    venue_name = "Tagungshaus"
    street = "Anger 1"
    postcode = "99084"
    city = "Erfurt"
    latitude = Decimal("50.978600")
    longitude = Decimal("11.030000")
    status = Event.Status.PUBLISHED


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Forum {n}")
    places = 20


class ProgrammeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeItem

    event = factory.SubFactory(EventFactory)
    start_time = datetime.time(9, 30)
    end_time = datetime.time(10, 0)
    title = "Begrüßung"


def event_with_forum(*, places: int, forum_places: int, forum_title: str, **fields):
    """A published event with one forum, both with their places (capacities)."""
    from events.services import event_places_sync

    event = EventFactory(places=places, **fields)
    forum = ForumFactory(event=event, title=forum_title, places=forum_places)
    event_places_sync(event)
    event.refresh_from_db()
    forum.refresh_from_db()
    return event, forum


def admin_action(office, action: str, participants):
    """Run an action of the admin's participant list on ``participants``."""
    from django.urls import reverse

    return office.post(
        reverse("admin:events_participant_changelist"),
        {"action": action, "_selected_action": [p.pk for p in participants]},
    )
