"""Sign-up for events, on the registration core: the event's places and each forum's places
are a ``Capacity`` each. A participant holds a sign-up for the event and, once confirmed,
one for a forum: the first choice if a place is free, else the second, else the first
choice's waiting list."""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Event, Forum, Participant, TargetGroup
from registrations.models import Capacity, Registration
from registrations.services import (
    capacity_save,
    confirmed_places,
    registration_cancel,
    registration_create,
    registration_forget,
    registrations_set_attendance,
)

logger = logging.getLogger(__name__)


def _capacity_save(capacity: Capacity | None, places: int, **fields) -> Capacity:
    """One place per sign-up (a person, never a family with children)."""
    created = capacity is None
    capacity = capacity_save(capacity, places=places, counting=Capacity.Counting.FAMILIES, **fields)
    if created:
        Capacity.objects.filter(pk=capacity.pk).update(max_adults=1, max_children=0)
    return capacity


@transaction.atomic
def event_places_sync(event: Event) -> None:
    """Give the event and its forums their places (after the admin saved them). An event
    without places takes no sign-ups here; one that had them keeps its sign-ups."""
    if event.places is None:
        return
    # The day's places carry its start (the core's reminder the day before goes out once,
    # for the day); the forums' places do not.
    capacity = _capacity_save(
        event.capacity,
        event.places,
        deadline=event.registration_deadline,
        starts_at=event.starts,
        ends_at=event.ends,
        label=event.title,
    )
    if event.capacity_id != capacity.pk:
        event.capacity = capacity
        Event.objects.filter(pk=event.pk).update(capacity=capacity)
    for forum in event.forums.select_related("capacity"):
        # The event's deadline holds for the forums through the event: someone moved up
        # from the event's waiting list later still gets a forum.
        capacity = _capacity_save(
            forum.capacity, forum.places, ends_at=event.ends, label=f"{event.title}: {forum.title}"
        )
        if forum.capacity_id != capacity.pk:
            Forum.objects.filter(pk=forum.pk).update(capacity=capacity)


def free_places(capacities: list[Capacity]) -> dict[int, int]:
    """Free places per capacity id, in one query however many there are."""
    taken = dict(
        Capacity.objects.filter(pk__in=[capacity.pk for capacity in capacities])
        .annotate(
            taken=Sum(
                "registrations__places",
                filter=Q(registrations__status=Registration.Status.CONFIRMED),
            )
        )
        .values_list("pk", "taken")
    )
    return {
        capacity.pk: max(capacity.places - (taken.get(capacity.pk) or 0), 0)
        for capacity in capacities
    }


def _check_choices(event: Event, first: Forum | None, second: Forum | None) -> None:
    errors = {}
    forums = {forum.pk for forum in event.forums.exclude(capacity=None)}
    if forums and first is None:
        errors["first_choice"] = _("Please choose a forum.")
    for field, forum in (("first_choice", first), ("second_choice", second)):
        if forum is not None and forum.pk not in forums:
            errors[field] = _("This forum does not belong to the event.")
    if first is not None and second is not None and first.pk == second.pk:
        errors["second_choice"] = _("Please choose another forum as your second choice.")
    if errors:
        raise ValidationError(errors)


def _forum_assign(participant: Participant) -> None:
    """A confirmed participant gets the first choice if a place is free, else the second,
    else waits for the first. The forums' rows are locked (in a fixed order) while the
    free places are counted, so the choice made is the place taken."""
    choices = [c for c in (participant.first_choice, participant.second_choice) if c]
    if not choices or participant.forum_registration_id:
        return
    locked = {
        capacity.pk: capacity
        for capacity in Capacity.objects.select_for_update()
        .filter(pk__in=[forum.capacity_id for forum in choices])
        .order_by("pk")
    }
    chosen = choices[0]
    for forum in choices:
        capacity = locked.get(forum.capacity_id)
        if capacity and not capacity.closed and confirmed_places(capacity) < capacity.places:
            chosen = forum
            break
    person = participant.registration
    participant.forum_registration = registration_create(
        chosen.capacity_id,
        name=person.name,
        email=person.email,
        phone=person.phone,
        language=person.language,
        consent=True,
    )
    participant.save(update_fields=["forum_registration"])


def participant_sign_up(
    event: Event,
    *,
    name: str,
    email: str,
    organisation: str = "",
    function: TargetGroup | None = None,
    first_choice: Forum | None = None,
    second_choice: Forum | None = None,
    note: str = "",
    dietary_needs: str = "",
    invoice_address: str = "",
    language: str = "de",
    consent: bool = False,
    now: datetime.datetime | None = None,
) -> Participant:
    """Sign up for ``event`` and, once the place is confirmed, for a forum. Raises
    ``ValidationError`` and stores nothing when the input or the moment is wrong."""
    now = now or timezone.now()
    if event.capacity_id is None or event.status != Event.Status.PUBLISHED:
        raise ValidationError(_("This event takes no sign-ups on the portal."), code="no_sign_up")
    _check_choices(event, first_choice, second_choice)
    if event.fee is not None and not invoice_address.strip():
        raise ValidationError({"invoice_address": _("Please enter the invoice address.")})
    with transaction.atomic():
        registration = registration_create(
            event.capacity_id,
            name=name,
            email=email,
            note=note,
            language=language,
            consent=consent,
            now=now,
        )
        participant = Participant.objects.create(
            event=event,
            registration=registration,
            organisation=organisation.strip(),
            function=function,
            first_choice=first_choice,
            second_choice=second_choice,
            dietary_needs=dietary_needs.strip(),
            invoice_address=invoice_address.strip(),
        )
        if registration.status == Registration.Status.CONFIRMED:
            _forum_assign(participant)
    return participant


def participant_status_changed(registration: Registration) -> None:
    """The event's sign-up changed its state (the core saved it): a participant moved up
    from the waiting list gets a forum; one who cancelled frees their forum place."""
    participant = (
        Participant.objects.filter(registration=registration)
        .select_related("first_choice", "second_choice", "forum_registration", "registration")
        .first()
    )
    if participant is None:
        return
    forum_registration = participant.forum_registration
    if registration.status == Registration.Status.CANCELLED:
        if forum_registration is not None and forum_registration.is_active:
            registration_cancel(forum_registration, notify=False)
    elif registration.status == Registration.Status.CONFIRMED and forum_registration is None:
        try:
            with transaction.atomic():
                _forum_assign(participant)
        except ValidationError:
            # The move up stands; the office sees the participant without a forum.
            logger.warning("No forum place for participant %s", participant.pk)


def participants_mark_attendance(participants: list[Participant], *, came: bool) -> int:
    """Mark confirmed participants as present (or not), event by event, keeping what was
    marked for the others. Returns how many were marked."""
    marked = 0
    by_capacity: dict[int, set[int]] = {}
    for participant in participants:
        registration = participant.registration
        if registration.status == Registration.Status.CONFIRMED:
            by_capacity.setdefault(registration.capacity_id, set()).add(registration.pk)
    for capacity_id, chosen in by_capacity.items():
        capacity = Capacity.objects.get(pk=capacity_id)
        present = set(capacity.registrations.filter(attended=True).values_list("pk", flat=True))
        present = present | chosen if came else present - chosen
        registrations_set_attendance(capacity, present, capacity.walk_ins)
        marked += len(chosen)
    return marked


PERSONAL_FIELDS = {"organisation": "", "dietary_needs": "", "invoice_address": ""}


def participants_purge() -> int:
    """Once a participant's sign-up lost its personal data (after the retention period, or
    by the person through the personal link), empty what they told beyond it and the
    forum's sign-up too. Returns how many participants were emptied."""
    forgotten = Participant.objects.filter(registration__personal_data_deleted_at__isnull=False)
    for participant in forgotten.filter(
        forum_registration__isnull=False, forum_registration__personal_data_deleted_at__isnull=True
    ).select_related("forum_registration"):
        registration_forget(participant.forum_registration)
    return forgotten.exclude(**PERSONAL_FIELDS).update(**PERSONAL_FIELDS)
