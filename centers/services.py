"""Writes to centres: profile, opening hours, photos, cooperations, staff and their
invitations. Every write leaves a ChangeRecord (who, when, what changed)."""

import datetime
from collections.abc import Iterable
from typing import Any

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from centers.models import (
    Center,
    CenterPhoto,
    ChangeRecord,
    Cooperation,
    Invitation,
    Membership,
    OpeningHours,
)
from common.images import image_reencode, image_variants_store
from common.mail import mail_later
from common.translations import translation_delete, translation_save
from network.models import Partner


def field_value(value: Any) -> Any:
    """A value as it can be stored in JSON and shown in the change list."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.date | datetime.time | datetime.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | set | models.QuerySet):
        return sorted(str(item) for item in value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def field_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    """{field: [old, new]} for the fields whose value differs."""
    return {
        name: [field_value(before.get(name)), field_value(after.get(name))]
        for name in after
        if field_value(before.get(name)) != field_value(after.get(name))
    }


def change_record(
    *,
    center: Center,
    user: AbstractBaseUser | None,
    action: str,
    kind: str,
    subject: str = "",
    changes: dict | None = None,
    proposed_by: AbstractBaseUser | None = None,
) -> ChangeRecord:
    """Record a change: the kind of object (``ChangeRecord.Kind``), its name, and the
    changed fields by name with raw values ({field: [old, new]}); they are put into
    words when shown, in the reader's language. ``proposed_by``: the partner's person
    whose proposal the change carries out (``user`` approved it)."""
    return ChangeRecord.objects.create(
        proposed_by=proposed_by,
        center=center,
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        kind=kind,
        subject=subject[:200],
        changes=changes or {},
    )


PROFILE_FIELDS = (
    "summary",
    "description",
    "highlights",
    "phone",
    "email",
    "website",
    "step_free_access",
    "accessible_toilet",
    "pram_friendly",
    "baby_changing",
    "accessibility_note",
    "nearest_stop",
)


@transaction.atomic
def center_profile_update(
    *, center: Center, data: dict[str, Any], languages: Iterable, user: AbstractBaseUser
) -> Center:
    """Change what families read about the centre (the coordinator's part). Saving the
    profile confirms it: families read "last checked" with today's date."""
    center = Center.objects.select_for_update().get(pk=center.pk)
    before = {name: getattr(center, name) for name in (*PROFILE_FIELDS, "last_reviewed")}
    before["languages"] = list(center.languages.all())
    for name in PROFILE_FIELDS:
        if name in data:
            setattr(center, name, data[name])
    center.last_reviewed = timezone.localdate()
    center.full_clean()
    center.save()
    center.languages.set(languages)
    after = {name: getattr(center, name) for name in (*PROFILE_FIELDS, "last_reviewed")}
    after["languages"] = list(center.languages.all())
    changes = field_changes(before, after)
    if changes:
        _profile_record(center, user, changes)
    return center


def _profile_record(center: Center, user: AbstractBaseUser | None, changes: dict) -> None:
    change_record(
        center=center,
        user=user,
        action=ChangeRecord.Action.CHANGED,
        kind=ChangeRecord.Kind.PROFILE,
        changes=changes,
    )


@transaction.atomic
def center_reviewed(*, center: Center, user: AbstractBaseUser | None) -> Center:
    """Confirm that the centre's profile is still right, without changing it."""
    center = Center.objects.select_for_update().get(pk=center.pk)
    before = center.last_reviewed
    center.last_reviewed = timezone.localdate()
    center.save(update_fields=["last_reviewed", "updated_at"])
    changes = field_changes({"last_reviewed": before}, {"last_reviewed": center.last_reviewed})
    _profile_record(center, user, changes)
    return center


def _opening_period(entry: OpeningHours) -> list:
    """[weekday, opens, closes] as stored in a change record."""
    return [entry.weekday, field_value(entry.opens), field_value(entry.closes)]


@transaction.atomic
def opening_hours_set(
    *,
    center: Center,
    hours: Iterable[tuple[int, datetime.time, datetime.time]],
    user: AbstractBaseUser,
) -> None:
    """Replace the centre's opening hours by ``hours`` (weekday, opens, closes)."""
    hours = sorted(hours)
    for _weekday, opens, closes in hours:
        if closes <= opens:
            raise ValidationError(
                _("The closing time must be after the opening time."), code="closes_before_opens"
            )
    before = [_opening_period(entry) for entry in center.opening_hours.all()]
    center.opening_hours.all().delete()
    created = OpeningHours.objects.bulk_create(
        [OpeningHours(center=center, weekday=d, opens=o, closes=c) for d, o, c in hours]
    )
    after = [_opening_period(entry) for entry in created]
    if before != after:
        change_record(
            center=center,
            user=user,
            action=ChangeRecord.Action.CHANGED,
            kind=ChangeRecord.Kind.OPENING_HOURS,
            changes={"opening_hours": [before, after]},
        )


@transaction.atomic
def cooperation_save(*, cooperation: Cooperation, user: AbstractBaseUser) -> Cooperation:
    created = cooperation.pk is None
    cooperation.full_clean()
    cooperation.save()
    change_record(
        center=cooperation.center,
        user=user,
        action=ChangeRecord.Action.CREATED if created else ChangeRecord.Action.CHANGED,
        kind=ChangeRecord.Kind.COOPERATION,
        subject=cooperation.partner.name,
        changes={"kind": [None, cooperation.kind], "topics": [None, cooperation.topics]},
    )
    return cooperation


@transaction.atomic
def cooperation_delete(*, cooperation: Cooperation, user: AbstractBaseUser) -> None:
    change_record(
        center=cooperation.center,
        user=user,
        action=ChangeRecord.Action.DELETED,
        kind=ChangeRecord.Kind.COOPERATION,
        subject=cooperation.partner.name,
    )
    cooperation.delete()


@transaction.atomic
def photo_add(
    *,
    center: Center,
    upload: UploadedFile,
    alt_text: str,
    caption: str = "",
    user: AbstractBaseUser,
) -> CenterPhoto:
    """Check a photo by its content, re-encode it (no EXIF/GPS), store it with smaller
    copies for phones."""
    if not alt_text.strip():
        raise ValidationError(
            _("Please describe what the photo shows (alternative text)."), code="no_alt_text"
        )
    content = image_reencode(upload)
    photo = CenterPhoto(
        center=center,
        alt_text=alt_text.strip(),
        caption=caption.strip(),
        position=center.photos.count(),
    )
    photo.image.save(content.name, content, save=False)
    photo.variants = image_variants_store(content, f"centers/{center.pk}")
    photo.save()
    change_record(
        center=center,
        user=user,
        action=ChangeRecord.Action.CREATED,
        kind=ChangeRecord.Kind.PHOTO,
        subject=photo.alt_text,
    )
    return photo


@transaction.atomic
def photo_delete(*, photo: CenterPhoto, user: AbstractBaseUser) -> None:
    names = [photo.image.name, *photo.variants.values()]
    change_record(
        center=photo.center,
        user=user,
        action=ChangeRecord.Action.DELETED,
        kind=ChangeRecord.Kind.PHOTO,
        subject=photo.alt_text,
    )
    photo.delete()
    # Files go only when the database change is final.
    transaction.on_commit(lambda: [default_storage.delete(name) for name in names if name])


def invitation_link(user: AbstractBaseUser) -> str:
    """Path of the single-use, expiring link to set a password (allauth's reset token)."""
    key = default_token_generator.make_token(user)
    return reverse(
        "staff_invitation_accept", kwargs={"uidb36": user_pk_to_url_str(user), "key": key}
    )


def invited_account(*, email: str, name: str) -> AbstractBaseUser:
    """The account of an invited person: their own if they have one (nothing about it
    changes, least of all its rights), else a new one without a usable password and
    without any rights."""
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        from allauth.account.models import EmailAddress

        first, _space, last = name.strip().partition(" ")
        user = User(username=email, email=email, first_name=first, last_name=last)
        user.set_unusable_password()
        user.save()
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


def invitation_mail_link(user: AbstractBaseUser, base_url: str) -> dict[str, Any]:
    """The link of an invitation mail: to set a password for someone new, to "Mein
    ThEKiZ" for someone who has one (they sign in as always and accept there)."""
    has_password = user.has_usable_password()
    path = reverse("staff:home") if has_password else invitation_link(user)
    return {"link": base_url.rstrip("/") + path, "has_password": has_password}


def account_check(email: str) -> None:
    """Refuse to invite a deactivated account (only the coordination office can change
    that, in the admin)."""
    user = get_user_model().objects.filter(email__iexact=email.strip()).first()
    if user is not None and not user.is_active:
        raise ValidationError(
            _("This account has been deactivated. Please contact the coordination office."),
            code="inactive",
        )


def invitation_check(*, email: str, center: Center) -> None:
    """Refuse an invitation that cannot work: the person is in the team already, or their
    account has been deactivated (only the coordination office can change that)."""
    if Membership.objects.filter(user__email__iexact=email.strip(), center=center).exists():
        raise ValidationError(_("This person already belongs to the team."), code="member")
    account_check(email)


@transaction.atomic
def invitation_send(
    *,
    email: str,
    center: Center,
    role: str,
    invited_by: AbstractBaseUser | None,
    base_url: str,
    name: str = "",
    partner: Partner | None = None,
) -> Invitation:
    """Invite a person to a centre. Nothing changes for them until they accept: someone
    new gets an account without a usable password and a link to set one (setting it
    accepts), someone with a password is asked to sign in and accept in "Mein ThEKiZ".
    Inviting again replaces the open invitation (and sends a new link). A partner's
    person (role partner) comes with the ``partner`` they work for."""
    email = email.strip().lower()
    invitation_check(email=email, center=center)
    user = invited_account(email=email, name=name)
    Invitation.objects.filter(user=user, center=center, accepted_at__isnull=True).delete()
    invitation = Invitation.objects.create(
        email=email,
        name=name,
        center=center,
        role=role,
        partner=partner if role == Membership.Role.PARTNER else None,
        invited_by=invited_by,
        user=user,
    )
    invitation.full_clean(exclude=["user"])
    context = {"invitation": invitation, **invitation_mail_link(user, base_url)}
    # Through the queue, in the transaction: kept exactly when the invitation is, and
    # tried again while the mail server fails. In German, whatever the inviter's language.
    with translation.override("de"):
        mail_later(
            to=[email],
            subject=render_to_string("centers/email/invitation_subject.txt", context).strip(),
            text=render_to_string("centers/email/invitation_message.txt", context),
            language="de",
        )
    change_record(
        center=center,
        user=invited_by,
        action=ChangeRecord.Action.INVITED,
        kind=ChangeRecord.Kind.INVITATION,
        subject=email,
        changes={"role": [None, role]},
    )
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: AbstractBaseUser) -> Membership:
    """The invited person joins the centre's team with the invitation's role."""
    invitation = (
        Invitation.objects.open().select_for_update().filter(pk=invitation.pk, user=user).first()
    )
    if invitation is None:
        raise ValidationError(
            _("This invitation is no longer valid. Please ask for a new one."), code="invalid"
        )
    membership, created = Membership.objects.get_or_create(
        user=user,
        center=invitation.center,
        defaults={"role": invitation.role, "partner": invitation.partner},
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    if created:
        change_record(
            center=invitation.center,
            user=user,
            action=ChangeRecord.Action.CREATED,
            kind=ChangeRecord.Kind.TEAM_MEMBER,
            subject=invitation.email,
            changes={"role": [None, membership.role]},
        )
    return membership


@transaction.atomic
def invitation_decline(*, invitation: Invitation, user: AbstractBaseUser) -> None:
    """The invited person says no: the invitation goes, the centre's record says so."""
    if invitation.user_id != user.pk or invitation.accepted_at is not None:
        raise ValidationError(
            _("This invitation is no longer valid. Please ask for a new one."), code="invalid"
        )
    change_record(
        center=invitation.center,
        user=user,
        action=ChangeRecord.Action.DECLINED,
        kind=ChangeRecord.Kind.INVITATION,
        subject=invitation.email,
        changes={"role": [invitation.role, None]},
    )
    invitation.delete()


def invitations_accepted(user: AbstractBaseUser) -> None:
    """Setting the password with the link from an invitation accepts the open ones."""
    for invitation in Invitation.objects.open().filter(user=user):
        invitation_accept(invitation=invitation, user=user)


@transaction.atomic
def membership_remove(*, membership: Membership, by: AbstractBaseUser) -> None:
    if membership.user_id == by.pk:
        raise ValidationError(_("You cannot remove yourself from the team."), code="self_removal")
    change_record(
        center=membership.center,
        user=by,
        action=ChangeRecord.Action.DELETED,
        kind=ChangeRecord.Kind.TEAM_MEMBER,
        subject=membership.user.email,
    )
    membership.delete()


def _center_translation_record(center: Center, user, language_code: str, changes: dict) -> None:
    if changes:
        change_record(
            center=center,
            user=user,
            action=ChangeRecord.Action.CHANGED,
            kind=ChangeRecord.Kind.PROFILE,
            subject=language_code,
            changes=changes,
        )


@transaction.atomic
def center_translation_save(
    *, center: Center, language_code: str, values: dict[str, str], user: AbstractBaseUser
) -> None:
    """The centre's short description and description in a further language."""
    changes = translation_save(center, language_code, values)
    _center_translation_record(center, user, language_code, changes)


@transaction.atomic
def center_translation_delete(
    *, center: Center, language_code: str, user: AbstractBaseUser
) -> None:
    changes = translation_delete(center, language_code)
    _center_translation_record(center, user, language_code, changes)
