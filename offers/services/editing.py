"""Writing offers and their schedules: create, edit, duplicate, publish, archive.

A form carries the offer's ``version``; a save from an older version is refused with a
message instead of silently overwriting what someone else changed meanwhile.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from centers.models import ChangeRecord
from centers.services import change_record, field_changes
from common.data_version import data_changed
from common.images import image_variants_store
from common.text import slugify_de
from common.translations import translation_delete, translation_save
from offers.models import Offer, Schedule, off_reason_label
from offers.recurrence import local_datetime, schedule_dates
from offers.services.calendar import DayRules, SyncResult, horizon_end, offer_occurrences_sync

M2M_FIELDS = ("categories", "audiences", "languages")


def _snapshot(offer: Offer, m2m: dict[str, list] | None = None) -> dict[str, Any]:
    values = {
        field.name: getattr(offer, field.name)
        for field in Offer._meta.concrete_fields
        if field.editable and not field.primary_key
    }
    if offer.pk:
        for name in M2M_FIELDS:
            values[name] = m2m[name] if m2m and name in m2m else list(getattr(offer, name).all())
    return values


def _record(
    offer: Offer, user: AbstractBaseUser | None, action: str, changes=None, proposed_by=None
) -> None:
    if offer.center_id:
        change_record(
            center=offer.center,
            user=user,
            action=action,
            kind=ChangeRecord.Kind.OFFER,
            subject=offer.title,
            changes=changes,
            proposed_by=proposed_by,
        )


def _refuse_stale(offer: Offer, expected_version: int | None) -> Offer:
    current = Offer.objects.select_for_update().get(pk=offer.pk)
    if expected_version is not None and current.version != expected_version:
        raise ValidationError(
            _(
                "Someone else has changed this offer in the meantime. Your entries are kept "
                "below; please check the current state (open the offer again in a new tab) "
                "and save once more."
            ),
            code="stale",
        )
    return current


def _image_variants_store(offer: Offer) -> dict[str, str]:
    """Scaled copies of the offer's (re-encoded) image for srcset."""
    folder, name = offer.image.name.rsplit("/", 1)
    with offer.image.open("rb") as stored:
        content = ContentFile(stored.read(), name=name)
    return image_variants_store(content, folder)


def unique_offer_slug(title: str, exclude_pk: int | None = None) -> str:
    base = slugify_de(title)[:150] or "angebot"
    slug, n = base, 2
    taken = Offer.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def offer_save(
    *,
    offer: Offer,
    m2m: dict[str, list],
    user: AbstractBaseUser | None,
    expected_version: int | None = None,
    sync_dates: bool = True,
    proposed_by: AbstractBaseUser | None = None,
) -> Offer:
    """Create or update an offer (fields already set on ``offer``) and its lists.

    Its dates follow (``offer_occurrences_sync``) unless ``sync_dates`` is False: the admin
    saves the offer's schedules after it (its inlines) and brings the dates up once then.
    """
    created = offer.pk is None
    if created:
        before: dict[str, Any] = {}
        offer.version = 1
        if not offer.slug:
            offer.slug = unique_offer_slug(offer.title)
    else:
        current = _refuse_stale(offer, expected_version)
        before = _snapshot(current)
        offer.version = current.version + 1
        # The course's places are created by the first sign-up, not by the form.
        offer.course_capacity_id = current.course_capacity_id
    offer.full_clean(exclude=["slug"] if created else None)
    new_image = bool(offer.image) and (created or before.get("image") != offer.image)
    offer.save()
    if new_image:
        offer.image_variants = _image_variants_store(offer)
        offer.save(update_fields=["image_variants"])
    for name, values in m2m.items():
        getattr(offer, name).set(values)
    if sync_dates:
        offer_occurrences_sync(offer)
    changes = field_changes(before, _snapshot(offer, m2m))
    changes.pop("version", None)
    _record(
        offer,
        user,
        ChangeRecord.Action.CREATED if created else ChangeRecord.Action.CHANGED,
        changes,
        proposed_by,
    )
    return offer


@transaction.atomic
def offer_duplicate(*, offer: Offer, user: AbstractBaseUser | None) -> Offer:
    """A draft copy of an offer with its lists and schedules, to adapt and publish."""
    source = Offer.objects.get(pk=offer.pk)
    copy = Offer.objects.get(pk=offer.pk)
    copy.pk = None
    copy.title = _("%(title)s (copy)") % {"title": source.title}
    copy.slug = unique_offer_slug(copy.title)
    copy.status = Offer.Status.DRAFT
    copy.version = 1
    copy.last_reviewed = None
    copy.course_capacity = None  # the copy's sign-ups start empty
    copy.save()
    for name in M2M_FIELDS:
        getattr(copy, name).set(getattr(source, name).all())
    for schedule in source.schedules.all():
        schedule.pk = None
        schedule.offer = copy
        schedule.save()
    offer_occurrences_sync(copy)
    _record(copy, user, ChangeRecord.Action.CREATED, {"copy_of": [None, source.title]})
    return copy


@transaction.atomic
def offer_status_set(
    *,
    offer: Offer,
    status: str,
    user: AbstractBaseUser | None,
    expected_version: int | None = None,
    proposed_by: AbstractBaseUser | None = None,
) -> Offer:
    """Publish, archive or take back to draft."""
    current = _refuse_stale(offer, expected_version)
    if status == Offer.Status.PUBLISHED and not current.schedules.exists():
        raise ValidationError(
            _("Please add the dates first: an offer without dates cannot be published."),
            code="no_dates",
        )
    before = current.status
    current.status = status
    current.version += 1
    if status == Offer.Status.PUBLISHED:
        current.last_reviewed = timezone.localdate()
    current.save(update_fields=["status", "version", "last_reviewed", "updated_at"])
    if before == Offer.Status.ARCHIVED and status != before:
        # The nightly job and closures leave archived offers alone: catch their dates up.
        offer_occurrences_sync(current)
    action = {
        Offer.Status.PUBLISHED: ChangeRecord.Action.PUBLISHED,
        Offer.Status.ARCHIVED: ChangeRecord.Action.ARCHIVED,
    }.get(status, ChangeRecord.Action.CHANGED)
    _record(current, user, action, {"status": [before, status]}, proposed_by)
    return current


@transaction.atomic
def offer_reviewed(*, offer: Offer, user: AbstractBaseUser | None) -> Offer:
    """Confirm that everything about the offer is still right ("zuletzt geprüft")."""
    before = offer.last_reviewed
    Offer.objects.filter(pk=offer.pk).update(last_reviewed=timezone.localdate())
    data_changed()  # an update sends no signal: the "no longer confirmed" badge goes
    offer.refresh_from_db()
    changes = field_changes({"last_reviewed": before}, {"last_reviewed": offer.last_reviewed})
    _record(offer, user, ChangeRecord.Action.CHANGED, changes)
    return offer


def schedule_check(schedule: Schedule, *, today: datetime.date | None = None) -> None:
    """Refuse a schedule that cannot work (``ValidationError`` in German). ``schedule_save``
    runs it; a view runs it before showing ``schedule_preview`` of an unsaved rule."""
    schedule.full_clean(exclude=["offer"])
    today = today or timezone.localdate()
    if not schedule_dates(schedule, schedule.start_date, horizon_end(today)):
        raise ValidationError(
            _(
                "These settings give no date within the next year. Please check the "
                "weekdays, the first and the last date."
            ),
            code="no_dates",
        )


@transaction.atomic
def schedule_save(
    *,
    offer: Offer,
    schedule: Schedule,
    user: AbstractBaseUser | None,
    expected_version: int | None = None,
    proposed_by: AbstractBaseUser | None = None,
    sync: bool = True,
) -> SyncResult:
    """Save a schedule (new or changed) and re-expand the offer's dates.

    Dates that carry state survive (see ``offer_occurrences_sync``); the result says how
    many were kept although the schedule no longer has them. ``sync=False``: the caller
    changes more rules and re-expands once at the end, so that a date whose rule gives
    way to another on the same day is moved to the new time, not dropped and made anew.
    """
    # A rule that cannot work is refused first, before an older version is: fixing the
    # entries comes before reloading the page.
    schedule_check(schedule)
    current = _refuse_stale(offer, expected_version)
    schedule.offer = current
    created = schedule.pk is None
    # The rule as it was, in words ("jeden Dienstag, 9:30–11:00 Uhr"), for the change list.
    before = None if created else str(Schedule.objects.get(pk=schedule.pk))
    schedule.save()
    current.version += 1
    current.save(update_fields=["version", "updated_at"])
    result = offer_occurrences_sync(current) if sync else SyncResult()
    _record(
        current,
        user,
        ChangeRecord.Action.CREATED if created else ChangeRecord.Action.CHANGED,
        {"schedule": [before, str(schedule)]},
        proposed_by,
    )
    return result


@transaction.atomic
def schedule_delete(
    *,
    schedule: Schedule,
    user: AbstractBaseUser | None,
    expected_version: int | None = None,
    proposed_by: AbstractBaseUser | None = None,
    sync: bool = True,
) -> SyncResult:
    """Delete a schedule and re-expand the offer's dates (``sync``: see ``schedule_save``)."""
    current = _refuse_stale(schedule.offer, expected_version)
    description = str(schedule)
    schedule.delete()
    current.version += 1
    current.save(update_fields=["version", "updated_at"])
    result = offer_occurrences_sync(current) if sync else SyncResult()
    _record(
        current, user, ChangeRecord.Action.DELETED, {"schedule": [description, None]}, proposed_by
    )
    return result


@dataclass(frozen=True)
class PreviewDate:
    start: datetime.datetime
    end: datetime.datetime
    off_reason: str
    label: str

    @property
    def takes_place(self) -> bool:
        return not self.off_reason


@dataclass(frozen=True)
class SchedulePreview:
    upcoming: list[PreviewDate]  # the next dates
    skipped: list[PreviewDate]  # every date in the coming year that does not take place


def _preview_date(day, schedule: Schedule, rules: DayRules) -> PreviewDate:
    reason, closure = rules.off(day)
    label = off_reason_label(reason, day, closure)
    return PreviewDate(
        local_datetime(day, schedule.start_time),
        local_datetime(day, schedule.end_time),
        reason,
        label,
    )


def schedule_preview(
    *, offer: Offer, schedule: Schedule, limit: int = 10, today: datetime.date | None = None
) -> SchedulePreview:
    """What a schedule would give: the next dates, and all dates of the coming year that
    do not take place (holidays, school holidays, closures) – before anything is saved."""
    today = today or timezone.localdate()
    first = max(today, schedule.start_date)
    days = schedule_dates(schedule, first, horizon_end(today))
    if not days:
        return SchedulePreview([], [])
    rules = DayRules.for_offer(offer, days[0], days[-1])
    dates = [_preview_date(day, schedule, rules) for day in days]
    return SchedulePreview(dates[:limit], [date for date in dates if not date.takes_place])


def _translation_record(offer: Offer, user, language_code: str, changes: dict) -> None:
    if changes and offer.center_id:
        change_record(
            center=offer.center,
            user=user,
            action=ChangeRecord.Action.CHANGED,
            kind=ChangeRecord.Kind.OFFER,
            subject=f"{offer.title} ({language_code})",
            changes=changes,
        )


@transaction.atomic
def offer_translation_save(
    *, offer: Offer, language_code: str, values: dict[str, str], user: AbstractBaseUser | None
) -> None:
    """Title, summary and description of ``offer`` in a further language."""
    changes = translation_save(offer, language_code, values)
    _translation_record(offer, user, language_code, changes)


@transaction.atomic
def offer_translation_delete(
    *, offer: Offer, language_code: str, user: AbstractBaseUser | None
) -> None:
    _translation_record(offer, user, language_code, translation_delete(offer, language_code))
