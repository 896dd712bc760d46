"""A date is identified by its offer and planned day and start time, not by its rule.

The data step gives every date its planned start time, lets dates that no rule gives any
more (detached) let go of their rule, and merges what the old identity let happen: a rule
deleted and created again had given a second date for a session that already had one
(one taking place, one cancelled or moved). The merged date keeps the live rule and
everything people did to either row.
"""

from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import TruncTime
from django.utils import timezone

STATE_FIELDS = ["cancelled", "cancel_reason", "moved", "start", "end", "off_reason", "closure"]


def _has_state(row) -> bool:
    return row.cancelled or row.moved or bool(row.note)


def _keeper(rows: list) -> object:
    """The row that stays: the one a rule still gives, else the one changed last."""
    attached = [row for row in rows if row.schedule_id and not row.detached]
    if attached:
        return attached[0]
    return max(rows, key=lambda row: (_has_state(row), row.updated_at, row.pk))


def _fold(keeper, other) -> None:
    """Take over what people did to ``other`` where ``keeper`` has nothing of its own."""
    if other.cancelled and not keeper.cancelled:
        keeper.cancelled, keeper.cancel_reason = True, other.cancel_reason
    if other.moved and not keeper.moved:
        keeper.moved, keeper.start, keeper.end = True, other.start, other.end
        keeper.off_reason, keeper.closure_id = other.off_reason, other.closure_id
    if other.note and not keeper.note:
        keeper.note = other.note


def planned_times(apps, schema_editor) -> None:
    Occurrence = apps.get_model("offers", "Occurrence")
    Schedule = apps.get_model("offers", "Schedule")
    local = ZoneInfo(settings.TIME_ZONE)
    if schema_editor.connection.vendor == "postgresql":
        # Check foreign keys row by row here, so that the table can be altered afterwards
        # in the same transaction ("pending trigger events").
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    # A date that is not moved starts at its planned time; a moved one of a rule has the
    # rule's time.
    Occurrence.objects.filter(moved=False).update(original_time=TruncTime("start", tzinfo=local))
    Occurrence.objects.filter(moved=True, schedule__isnull=False).update(
        original_time=Subquery(
            Schedule.objects.filter(pk=OuterRef("schedule_id")).values("start_time")[:1]
        )
    )
    # A moved date whose rule was deleted: if the rule was created again, its new date of
    # that day is the same session; otherwise the moved time is the best guess.
    for row in Occurrence.objects.filter(moved=True, schedule__isnull=True):
        twin = (
            Occurrence.objects.filter(
                offer_id=row.offer_id,
                original_date=row.original_date,
                schedule__isnull=False,
                detached=False,
                created_at__gt=row.created_at,
            )
            .order_by("-created_at")
            .first()
        )
        row.original_time = (
            twin.original_time if twin else timezone.localtime(row.start, local).time()
        )
        row.save(update_fields=["original_time"])

    # Dates no rule gives any more belong to no rule.
    Occurrence.objects.filter(detached=True).update(schedule=None)

    # One date per planned session.
    doubles = (
        Occurrence.objects.values("offer_id", "original_date", "original_time")
        .annotate(rows=Count("pk"))
        .filter(rows__gt=1)
    )
    groups = defaultdict(list)
    for double in doubles:
        for row in Occurrence.objects.filter(
            offer_id=double["offer_id"],
            original_date=double["original_date"],
            original_time=double["original_time"],
        ).order_by("pk"):
            groups[(row.offer_id, row.original_date, row.original_time)].append(row)
    for rows in groups.values():
        keeper = _keeper(rows)
        others = [row for row in rows if row.pk != keeper.pk]
        for other in sorted(others, key=lambda row: row.updated_at, reverse=True):
            _fold(keeper, other)
        Occurrence.objects.filter(pk__in=[row.pk for row in others]).delete()
        keeper.save(update_fields=[*STATE_FIELDS, "note"])


class Migration(migrations.Migration):
    dependencies = [
        ("centers", "0002_centerphoto_variants_invitation_changerecord"),
        ("offers", "0004_offer_image_variants"),
    ]

    operations = [
        migrations.AddField(
            model_name="occurrence",
            name="original_time",
            field=models.TimeField(
                null=True,
                help_text="The start time the schedule gives; stays when a date is moved.",
                verbose_name="planned time",
            ),
        ),
        migrations.AlterField(
            model_name="occurrence",
            name="detached",
            field=models.BooleanField(
                default=False,
                help_text="No rule gives this date any more, but it was kept because someone worked on it. A rule that gives its day again takes it over.",
                verbose_name="no longer in the schedule",
            ),
        ),
        migrations.RunPython(planned_times, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="occurrence",
            name="original_time",
            field=models.TimeField(
                help_text="The start time the schedule gives; stays when a date is moved.",
                verbose_name="planned time",
            ),
        ),
        migrations.AddConstraint(
            model_name="occurrence",
            constraint=models.UniqueConstraint(
                fields=("offer", "original_date", "original_time"),
                name="offers_occurrence_one_per_offer_and_planned_start",
            ),
        ),
        migrations.AddConstraint(
            model_name="occurrence",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("detached", False), ("schedule__isnull", True), _connector="OR"
                ),
                name="offers_occurrence_detached_has_no_schedule",
            ),
        ),
    ]
