"""Municipal planners (Jugendhilfe- and Sozialplaner): invited by the coordination office
for one or more districts, they see those districts' figures read-only and nothing else.

An invitation is answered like a centre's (``centers.services``): someone new sets a
password with the single-use link in the mail, someone with an account accepts in "Mein
ThEKiZ". Accepting creates one ``PlannerAccess`` per district. Nothing here gives a
centre, admin access, a group or any permission: raising rights stays a superuser's.
"""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from centers.models import PlannerAccess, PlannerInvitation
from centers.services import account_check, invitation_mail_link, invited_account
from common.mail import mail_later
from network.models import District


def planner_districts(user: AbstractBaseUser) -> QuerySet:
    """The districts whose figures a person may see as a planner (none for others)."""
    if not user.is_authenticated:
        return District.objects.none()
    return District.objects.filter(planner_access__user=user).order_by("name")


def planner_invitation_check(*, email: str, districts: Iterable[District]) -> None:
    """Refuse an invitation that cannot work: no district, a deactivated account, or a
    person who may see all these districts already."""
    districts = list(districts)
    if not districts:
        raise ValidationError(_("Please choose at least one district."), code="no_district")
    account_check(email)
    granted = PlannerAccess.objects.filter(
        user__email__iexact=email.strip(), district__in=districts
    ).count()
    if granted == len(districts):
        raise ValidationError(
            _("This person may see the figures of these districts already."), code="granted"
        )


@transaction.atomic
def planner_invitation_send(
    *,
    email: str,
    districts: Iterable[District],
    invited_by: AbstractBaseUser | None,
    base_url: str,
    name: str = "",
) -> PlannerInvitation:
    """Invite a planner for ``districts``. The mail goes through the task queue, with the
    commit. Inviting again replaces the open invitation (and sends a new link)."""
    email = email.strip().lower()
    districts = list(districts)
    planner_invitation_check(email=email, districts=districts)
    user = invited_account(email=email, name=name)
    PlannerInvitation.objects.filter(user=user, accepted_at__isnull=True).delete()
    invitation = PlannerInvitation.objects.create(
        email=email, name=name, invited_by=invited_by, user=user
    )
    invitation.districts.set(districts)
    context = {
        "invitation": invitation,
        "districts": sorted(district.name for district in districts),
        **invitation_mail_link(user, base_url),
    }
    with translation.override("de"):
        mail_later(
            to=[email],
            subject=render_to_string("centers/email/planner_invitation_subject.txt").strip(),
            text=render_to_string("centers/email/planner_invitation_message.txt", context),
            language="de",
        )
    return invitation


def _open_invitation(invitation: PlannerInvitation, user: AbstractBaseUser) -> PlannerInvitation:
    invitation = (
        PlannerInvitation.objects.open()
        .select_for_update()
        .filter(pk=invitation.pk, user=user)
        .first()
    )
    if invitation is None:
        raise ValidationError(
            _("This invitation is no longer valid. Please ask for a new one."), code="invalid"
        )
    return invitation


@transaction.atomic
def planner_invitation_accept(
    *, invitation: PlannerInvitation, user: AbstractBaseUser
) -> list[District]:
    """The invited person may see the invitation's districts from now on."""
    invitation = _open_invitation(invitation, user)
    districts = list(invitation.districts.order_by("name"))
    granted = set(
        PlannerAccess.objects.filter(user=user, district__in=districts).values_list(
            "district_id", flat=True
        )
    )
    PlannerAccess.objects.bulk_create(
        [
            PlannerAccess(user=user, district=district, granted_by=invitation.invited_by)
            for district in districts
            if district.pk not in granted
        ]
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return districts


@transaction.atomic
def planner_invitation_decline(*, invitation: PlannerInvitation, user: AbstractBaseUser) -> None:
    """The invited person says no: the invitation goes."""
    _open_invitation(invitation, user).delete()


def planner_invitations_accepted(user: AbstractBaseUser) -> None:
    """Setting the password with the link from an invitation accepts the open ones."""
    for invitation in PlannerInvitation.objects.open().filter(user=user):
        planner_invitation_accept(invitation=invitation, user=user)
