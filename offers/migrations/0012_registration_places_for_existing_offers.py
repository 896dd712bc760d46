"""Places for the offers that already asked for registration: each course gets one for the
whole course, each upcoming date of an offer with registration per date gets its own.
(New ones are created at the first sign-up; this makes the lists of existing offers
ready for staff at once.)"""

import datetime
import zoneinfo

from django.conf import settings
from django.db import migrations
from django.db.models import Max, Min
from django.utils import timezone


def create(apps, schema_editor):
    Offer = apps.get_model("offers", "Offer")
    Occurrence = apps.get_model("offers", "Occurrence")
    Capacity = apps.get_model("registrations", "Capacity")
    berlin = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    now = timezone.now()
    taking = Offer.objects.filter(capacity__isnull=False).exclude(registration="none")
    for offer in taking.filter(registration="course", course_capacity__isnull=True):
        span = Occurrence.objects.filter(offer=offer, cancelled=False, detached=False).aggregate(
            first=Min("start"), last=Max("end")
        )
        hours = datetime.timedelta(hours=offer.registration_closes_hours)
        offer.course_capacity = Capacity.objects.create(
            label=offer.title[:200],
            places=offer.capacity,
            counting=offer.registration_counting,
            deadline=span["first"] - hours if span["first"] else None,
            starts_at=span["first"],
            ends_at=span["last"],
        )
        offer.save(update_fields=["course_capacity"])
    dates = Occurrence.objects.filter(
        offer__in=taking.filter(registration="per_date"), capacity__isnull=True, end__gt=now
    ).select_related("offer")
    for occurrence in dates.iterator(chunk_size=500):
        offer = occurrence.offer
        start = occurrence.start.astimezone(berlin)
        occurrence.capacity = Capacity.objects.create(
            label=f"{offer.title} – {start:%d.%m.%Y %H:%M}"[:200],
            places=offer.capacity,
            counting=offer.registration_counting,
            deadline=occurrence.start - datetime.timedelta(hours=offer.registration_closes_hours),
            starts_at=occurrence.start,
            ends_at=occurrence.end,
            closed=occurrence.cancelled or bool(occurrence.off_reason) or occurrence.detached,
        )
        occurrence.save(update_fields=["capacity"])


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0011_registration_places"),
        ("registrations", "0003_reminders"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
