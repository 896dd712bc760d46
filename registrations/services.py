"""Sign up, cancel, promote, close, forget: every write to registrations.

Every operation that changes who holds a place locks the capacity row first
(``select_for_update`` on PostgreSQL; on SQLite every write transaction begins
``IMMEDIATE``, so they run one after another). Only then are the confirmed places counted.
Mails go out after the commit (``transaction.on_commit``), never for a rolled-back change.
"""

import datetime
import re
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from registrations.checks import RETENTION_MAX_DAYS
from registrations.models import Capacity, Registration, RegistrationStatus
from registrations.notify import Event, registration_notify

MAX_NAME = 120
MAX_NOTE = 300


def contact_key(email: str, phone: str) -> str:
    """One key per person: the e-mail in lower case, else the phone's digits."""
    if email.strip():
        return email.strip().lower()
    digits = re.sub(r"\D", "", phone)
    if digits.startswith("0049"):
        digits = "0" + digits[4:]
    elif digits.startswith("49") and phone.strip().startswith("+"):
        digits = "0" + digits[2:]
    return f"tel:{digits}" if digits else ""


def _notify_after_commit(registration: Registration, event: Event) -> None:
    # robust: a failing mail server must not turn a stored sign-up into an error page.
    def send() -> None:
        registration_notify(registration, event)

    transaction.on_commit(send, robust=True)


def _lock(capacity_id: int) -> Capacity:
    return Capacity.objects.select_for_update().get(pk=capacity_id)


def confirmed_places(capacity: Capacity) -> int:
    total = capacity.registrations.filter(status=RegistrationStatus.CONFIRMED).aggregate(
        total=Sum("places")
    )["total"]
    return total or 0


def _check_counts(capacity: Capacity, adults: object, children: object) -> int:
    """The places the counts take, or the reasons they cannot be taken."""
    errors: dict[str, str] = {}
    for field, value, most in (
        ("adults", adults, capacity.max_adults),
        ("children", children, capacity.max_children),
    ):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            errors[field] = _("Please enter a number of 0 or more.")
        elif value > most:
            errors[field] = _("At most %(most)s per sign-up.") % {"most": most}
    if errors:
        raise ValidationError(errors)
    if adults + children == 0:
        raise ValidationError(_("Please sign up at least one person."), code="nobody")
    places = capacity.places_for(adults, children)
    if places == 0:
        raise ValidationError(
            {"children": _("This offer is for children: please sign up at least one child.")}
        )
    if places > capacity.places:
        raise ValidationError(
            _("This sign-up needs %(needed)s places; there are only %(places)s in all.")
            % {"needed": places, "places": capacity.places},
            code="too_many",
        )
    return places


def _check_person(name: str, email: str, phone: str, ages: list, children: int, note: str):
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Please enter a name.")
    elif len(name) > MAX_NAME:
        errors["name"] = _("Please use at most %(most)s characters.") % {"most": MAX_NAME}
    if email.strip():
        try:
            validate_email(email.strip())
        except ValidationError:
            errors["email"] = _("Please enter a valid e-mail address.")
    elif not re.sub(r"\D", "", phone):
        errors["email"] = _("Please enter an e-mail address or a phone number.")
    if len(note) > MAX_NOTE:
        errors["note"] = _("Please use at most %(most)s characters.") % {"most": MAX_NOTE}
    if not isinstance(ages, list) or len(ages) > children:
        errors["children_ages_months"] = _("Please give one age per child.")
    elif any(not isinstance(age, int) or isinstance(age, bool) or age < 0 for age in ages):
        errors["children_ages_months"] = _("Please give the ages as whole numbers.")
    if errors:
        raise ValidationError(errors)


def _check_open(capacity: Capacity, now: datetime.datetime) -> None:
    if capacity.closed:
        raise ValidationError(
            _("Sign-up is closed: %(reason)s") % {"reason": capacity.closed_reason}
            if capacity.closed_reason
            else _("Sign-up is closed."),
            code="closed",
        )
    if capacity.deadline and now > capacity.deadline:
        raise ValidationError(
            _("The sign-up period has ended (it closed on %(deadline)s).")
            % {"deadline": timezone.localtime(capacity.deadline).strftime("%d.%m.%Y %H:%M")},
            code="deadline",
        )
    if capacity.ends_at and now > capacity.ends_at:
        raise ValidationError(_("This date is over."), code="over")


def registration_create(
    capacity_id: int,
    *,
    name: str,
    adults: int = 1,
    children: int = 0,
    email: str = "",
    phone: str = "",
    children_ages_months: list[int] | None = None,
    note: str = "",
    language: str = "de",
    content_language: str = "",
    consent: bool = True,
    source: str = Registration.Source.ONLINE,
    now: datetime.datetime | None = None,
) -> Registration:
    """Sign up for a capacity: confirmed if the places are free, else on the waitlist.

    Raises ``ValidationError`` (in the active language) and stores nothing when the input
    or the moment is wrong: counts, contact, consent, closed, deadline, the same contact
    twice.
    """
    now = now or timezone.now()
    ages = list(children_ages_months or [])
    if not consent:
        raise ValidationError({"consent": _("Please agree to the processing of your data.")})
    key = contact_key(email, phone)
    with transaction.atomic():
        capacity = _lock(capacity_id)
        # Every mistake in the input at once, then whether the sign-up is still open.
        errors: dict = {}
        places = 0
        try:
            places = _check_counts(capacity, adults, children)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            counted = children if isinstance(children, int) and children > 0 else 0
            _check_person(name, email, phone, ages, counted, note)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
        _check_open(capacity, now)
        if capacity.registrations.active().filter(contact_key=key).exists():
            raise ValidationError(
                _(
                    "You are already signed up with this contact. Your confirmation has the link "
                    "to your sign-up."
                ),
                code="duplicate",
            )
        fits = confirmed_places(capacity) + places <= capacity.places
        registration = Registration(
            capacity=capacity,
            status=RegistrationStatus.CONFIRMED if fits else RegistrationStatus.WAITLISTED,
            source=source,
            adults=adults,
            children=children,
            places=places,
            name=name.strip(),
            email=email.strip(),
            phone=phone.strip(),
            contact_key=key,
            children_ages_months=ages,
            note=note.strip(),
            language=language,
            content_language=content_language,
            consent_at=now,
            confirmed_at=now if fits else None,
        )
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as error:  # the constraint behind the check above
            raise ValidationError(
                _("You are already signed up with this contact."), code="duplicate"
            ) from error
        _notify_after_commit(registration, Event.CONFIRMED if fits else Event.WAITLISTED)
    return registration


def _promote(capacity: Capacity, now: datetime.datetime) -> list[Registration]:
    """Move up, in order, everyone waiting who fits into the free places. Someone who
    needs more places than are free keeps their position; the next who fits moves up."""
    free = capacity.places - confirmed_places(capacity)
    promoted = []
    for waiting in capacity.registrations.waiting_in_order():
        if free <= 0:
            break
        if waiting.places <= free:
            waiting.status = RegistrationStatus.CONFIRMED
            waiting.confirmed_at = now
            waiting.save(update_fields=["status", "confirmed_at"])
            free -= waiting.places
            promoted.append(waiting)
            _notify_after_commit(waiting, Event.PROMOTED)
    return promoted


def registration_cancel(
    registration: Registration, *, notify: bool = True, now: datetime.datetime | None = None
) -> list[Registration]:
    """Cancel a sign-up (by the person or on their behalf) and move up whoever now fits.

    Returns the sign-ups moved up from the waitlist. Cancelling twice changes nothing.
    """
    now = now or timezone.now()
    with transaction.atomic():
        capacity = _lock(registration.capacity_id)
        current = Registration.objects.get(pk=registration.pk)
        if current.status == RegistrationStatus.CANCELLED:
            registration.status, registration.cancelled_at = current.status, current.cancelled_at
            return []
        current.status = RegistrationStatus.CANCELLED
        current.cancelled_at = now
        current.save(update_fields=["status", "cancelled_at"])
        registration.status, registration.cancelled_at = current.status, current.cancelled_at
        if notify and current.personal_data_deleted_at is None:
            _notify_after_commit(current, Event.CANCELLED)
        return _promote(capacity, now)


def registration_change(
    registration: Registration,
    *,
    adults: int,
    children: int,
    now: datetime.datetime | None = None,
) -> Registration:
    """Change how many come. Fewer places free them for the waitlist; more places are
    taken only if they are free (else a message: nothing changes)."""
    now = now or timezone.now()
    with transaction.atomic():
        capacity = _lock(registration.capacity_id)
        current = Registration.objects.get(pk=registration.pk)
        if not current.is_active:
            raise ValidationError(_("This sign-up is cancelled."), code="state")
        places = _check_counts(capacity, adults, children)
        _check_open(capacity, now)
        if current.status == RegistrationStatus.CONFIRMED and places > current.places:
            free = capacity.places - confirmed_places(capacity)
            if places - current.places > free:
                raise ValidationError(
                    _("Not enough free places: %(free)s free, %(needed)s needed.")
                    % {"free": max(free, 0), "needed": places - current.places},
                    code="full",
                )
        current.adults, current.children, current.places = adults, children, places
        current.children_ages_months = current.children_ages_months[:children]
        current.save(update_fields=["adults", "children", "places", "children_ages_months"])
        if current.status == RegistrationStatus.CONFIRMED:
            _promote(capacity, now)
    return current


def registration_promote(
    registration: Registration, *, now: datetime.datetime | None = None
) -> Registration:
    """Staff move someone up from the waitlist: only into places that are free."""
    now = now or timezone.now()
    with transaction.atomic():
        capacity = _lock(registration.capacity_id)
        current = Registration.objects.get(pk=registration.pk)
        if current.status != RegistrationStatus.WAITLISTED:
            raise ValidationError(_("This sign-up is not on the waiting list."), code="state")
        free = capacity.places - confirmed_places(capacity)
        if current.places > free:
            raise ValidationError(
                _("Not enough free places: %(free)s free, %(needed)s needed.")
                % {"free": max(free, 0), "needed": current.places},
                code="full",
            )
        current.status = RegistrationStatus.CONFIRMED
        current.confirmed_at = now
        current.save(update_fields=["status", "confirmed_at"])
        _notify_after_commit(current, Event.PROMOTED)
    return current


def capacity_save(
    capacity: Capacity | None,
    *,
    places: int,
    counting: str | None = None,
    deadline: datetime.datetime | None = None,
    starts_at: datetime.datetime | None = None,
    ends_at: datetime.datetime | None = None,
    label: str = "",
    max_adults: int | None = None,
    max_children: int | None = None,
    now: datetime.datetime | None = None,
) -> Capacity:
    """Create or change a capacity (for the layer that owns it). More places move people
    up from the waitlist; fewer never take a confirmed place away. The most adults and
    children per sign-up apply to sign-ups from then on (None: the defaults, unchanged)."""
    now = now or timezone.now()
    if places < 1:
        raise ValidationError(_("There must be at least one place."))
    limits = {
        name: value
        for name, value in (("max_adults", max_adults), ("max_children", max_children))
        if value is not None
    }
    with transaction.atomic():
        if capacity is None:
            return Capacity.objects.create(
                places=places,
                counting=counting or Capacity.Counting.PERSONS,
                deadline=deadline,
                starts_at=starts_at,
                ends_at=ends_at,
                label=label[:200],
                **limits,
            )
        locked = _lock(capacity.pk)
        fields = {
            "places": places,
            "deadline": deadline,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "label": label[:200],
            **limits,
        }
        if counting:
            fields["counting"] = counting
        changed = [name for name, value in fields.items() if getattr(locked, name) != value]
        for name in changed:
            setattr(locked, name, fields[name])
        if changed:
            locked.save(update_fields=[*changed, "updated_at"])
            if "places" in changed:
                _promote(locked, now)
        return locked


def registrations_close(capacity: Capacity, reason: str = "") -> int:
    """Close a capacity (its date was cancelled): no more sign-ups, every active sign-up is
    cancelled and told why. Returns how many were told."""
    now = timezone.now()
    with transaction.atomic():
        locked = _lock(capacity.pk)
        locked.closed = True
        locked.closed_reason = reason[:200]
        locked.save(update_fields=["closed", "closed_reason", "updated_at"])
        active = list(locked.registrations.active())
        for registration in active:
            registration.status = RegistrationStatus.CANCELLED
            registration.cancelled_at = now
            registration.save(update_fields=["status", "cancelled_at"])
            _notify_after_commit(registration, Event.CLOSED)
    capacity.closed, capacity.closed_reason = True, locked.closed_reason
    return len(active)


def capacity_reopen(capacity: Capacity) -> None:
    """The date takes place again: sign-ups are possible again."""
    with transaction.atomic():
        locked = _lock(capacity.pk)
        if locked.closed:
            locked.closed, locked.closed_reason = False, ""
            locked.save(update_fields=["closed", "closed_reason", "updated_at"])
    capacity.closed, capacity.closed_reason = False, ""


# A moved date: people confirm the new time within 48 hours, and at the latest 24 hours
# before it begins, so that a freed place can still go to the next on the waitlist.
MOVE_CONFIRM_WITHIN = datetime.timedelta(hours=48)
MOVE_CONFIRM_BEFORE_START = datetime.timedelta(hours=24)


def move_confirm_deadline(
    starts_at: datetime.datetime | None, now: datetime.datetime
) -> datetime.datetime | None:
    """By when a moved date is to be confirmed: 48 hours after the move or 24 hours before
    the new start, whichever comes first. None when that is not in the future (the new
    time is less than a day away): then nobody is asked, the places stay as they are."""
    if starts_at is None:
        return None
    deadline = min(now + MOVE_CONFIRM_WITHIN, starts_at - MOVE_CONFIRM_BEFORE_START)
    return deadline if deadline > now else None


def registrations_moved(capacity: Capacity, *, now: datetime.datetime | None = None) -> int:
    """The date of ``capacity`` moved (``starts_at`` is already the new start): everyone
    with an active sign-up is told the new time, and those with an e-mail are asked to
    confirm it by ``move_confirm_deadline`` (sign-ups by phone only are not: staff call
    them). Returns how many were told."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(capacity.pk)
        deadline = move_confirm_deadline(locked.starts_at, now)
        active = list(locked.registrations.active().filter(personal_data_deleted_at=None))
        for registration in active:
            registration.capacity = locked
            registration.move_confirm_by = deadline if registration.email else None
            registration.save(update_fields=["move_confirm_by"])
            _notify_after_commit(registration, Event.MOVED)
    return len(active)


def registration_keep_new_time(
    registration: Registration, *, now: datetime.datetime | None = None
) -> Registration:
    """The person keeps their place at the moved date's new time (before the deadline)."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock(registration.capacity_id)
        current = Registration.objects.get(pk=registration.pk)
        if not current.awaits_move_confirmation:
            return current  # already kept, freed or cancelled: nothing to do
        if now > current.move_confirm_by:
            raise ValidationError(
                _("The time to confirm the new date has passed."), code="confirm_too_late"
            )
        current.move_confirm_by = None
        current.save(update_fields=["move_confirm_by"])
    registration.move_confirm_by = None
    return current


def registrations_release_unconfirmed(now: datetime.datetime | None = None) -> int:
    """Free the places of everyone who did not confirm a moved date by its deadline, tell
    them, and move up the waitlist, one capacity at a time under its lock. Returns how
    many sign-ups were released."""
    now = now or timezone.now()
    overdue = Registration.objects.active().filter(move_confirm_by__lt=now)
    released = 0
    for capacity_id in set(overdue.values_list("capacity_id", flat=True)):
        with transaction.atomic():
            capacity = _lock(capacity_id)
            for registration in overdue.filter(capacity=capacity):  # read again under the lock
                registration.status = RegistrationStatus.CANCELLED
                registration.cancelled_at = now
                registration.save(update_fields=["status", "cancelled_at"])
                _notify_after_commit(registration, Event.RELEASED)
                released += 1
            _promote(capacity, now)
    return released


PERSONAL_DATA = {
    "name": "",
    "email": "",
    "phone": "",
    "contact_key": "",
    "note": "",
    "children_ages_months": [],
}


def registration_forget(registration: Registration) -> None:
    """The person deletes their data: an active sign-up is cancelled (its place moves on),
    then name, contact, ages and note are emptied. The counts stay."""
    if registration.is_active:
        registration_cancel(registration, notify=False)
    Registration.objects.filter(pk=registration.pk).update(
        **PERSONAL_DATA, personal_data_deleted_at=timezone.now()
    )
    registration.refresh_from_db()


def registrations_set_attendance(
    capacity: Capacity, attended: Iterable[int], walk_ins: int | None
) -> None:
    """Who came (the confirmed sign-ups with ids in ``attended``) and how many came
    without signing up. The counts stay after the names are deleted."""
    attended = set(attended)
    with transaction.atomic():
        locked = _lock(capacity.pk)
        confirmed = locked.registrations.filter(status=RegistrationStatus.CONFIRMED)
        confirmed.filter(pk__in=attended).update(attended=True)
        confirmed.exclude(pk__in=attended).update(attended=False)
        locked.walk_ins = walk_ins
        locked.save(update_fields=["walk_ins", "updated_at"])


def retention_days() -> int:
    return max(1, min(settings.THEKIZ_REGISTRATION_RETENTION_DAYS, RETENTION_MAX_DAYS))


def registrations_purge(now: datetime.datetime | None = None) -> int:
    """Delete names, contacts, ages and notes of sign-ups whose capacity ended more than
    the retention period ago, in one UPDATE. Returns how many rows were emptied."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=retention_days())
    ended = Capacity.objects.filter(ends_at__lt=cutoff).values("pk")
    return Registration.objects.filter(
        capacity__in=ended, personal_data_deleted_at__isnull=True
    ).update(**PERSONAL_DATA, personal_data_deleted_at=now)
