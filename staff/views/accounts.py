"""Accounts: answering an invitation (someone new sets a password with the link from the
e-mail; someone with an account accepts or declines in "Mein ThEKiZ"), and setting up
the second factor."""

from collections.abc import Callable

from allauth.account.utils import get_next_redirect_url
from allauth.account.views import PasswordResetFromKeyView
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.views import ActivateTOTPView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from centers import planners, services
from centers.models import Invitation, Membership, PlannerInvitation
from staff.base import message_refused


class InvitationAcceptView(PasswordResetFromKeyView):
    """allauth's password-reset-from-key flow with a welcome instead of a reset: the same
    single-use, expiring token, the key kept out of the URL after the first request."""

    template_name = "account/invitation_accept.html"
    success_url = reverse_lazy("account_login")

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["action_url"] = reverse(
            "staff_invitation_accept",
            kwargs={"uidb36": self.kwargs["uidb36"], "key": self.kwargs["key"]},
        )
        return context

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        services.invitations_accepted(self.reset_user)
        planners.planner_invitations_accepted(self.reset_user)
        messages.success(
            self.request,
            _(
                "Your password is set. Please sign in; next you will set up the "
                "two-factor authentication with an app on your phone."
            ),
        )
        return response


invitation_accept = InvitationAcceptView.as_view()


@login_required
@require_POST
def invitation_join(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept an invitation addressed to this account: join the centre's team."""
    invitation = get_object_or_404(Invitation.objects.open(), pk=pk, user=request.user)
    try:
        membership = services.invitation_accept(invitation=invitation, user=request.user)
    except ValidationError as error:
        message_refused(request, error)
        return redirect("staff:home")
    messages.success(
        request,
        _("Welcome to the team of %(center)s.") % {"center": membership.center.name},
    )
    if membership.role == Membership.Role.PARTNER:
        return redirect("staff:partner_proposals")
    return redirect("staff:dashboard", center=membership.center.slug)


@login_required
@require_POST
def invitation_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    """Decline an invitation addressed to this account."""
    return _declined(request, Invitation, pk, services.invitation_decline)


def _declined(request: HttpRequest, model: type, pk: int, decline: Callable) -> HttpResponse:
    """Decline the open invitation ``pk`` of ``model`` addressed to this account (another
    person's is a 404) with the service ``decline``."""
    invitation = get_object_or_404(model.objects.open(), pk=pk, user=request.user)
    try:
        decline(invitation=invitation, user=request.user)
    except ValidationError as error:
        message_refused(request, error)
    else:
        messages.success(request, _("You have declined the invitation."))
    return redirect("staff:home")


@login_required
@require_POST
def planner_invitation_join(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept a planner's invitation addressed to this account: see its districts."""
    invitation = get_object_or_404(PlannerInvitation.objects.open(), pk=pk, user=request.user)
    try:
        districts = planners.planner_invitation_accept(invitation=invitation, user=request.user)
    except ValidationError as error:
        message_refused(request, error)
    else:
        names = ", ".join(district.name for district in districts)
        messages.success(
            request, _("You can now see the figures for: %(districts)s.") % {"districts": names}
        )
    return redirect("staff:home")


@login_required
@require_POST
def planner_invitation_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    """Decline a planner's invitation addressed to this account."""
    return _declined(request, PlannerInvitation, pk, planners.planner_invitation_decline)


_SETUP_KEY = "thekiz_second_factor_setup"


class SecondFactorSetupView(ActivateTOTPView):
    """allauth's set-up of the authenticator app, remembering where the person was going.
    Afterwards the recovery codes are shown once, without asking for the password again:
    the code just typed from the app has proven the second factor."""

    def next_url(self) -> str:
        return get_next_redirect_url(self.request) or ""

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        secret = context["form"].secret
        # In groups of four, as the apps accept it: it wraps on a phone and reads aloud.
        grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
        return {**context, "next_url": self.next_url(), "secret_grouped": grouped}

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)  # the app and the recovery codes are active
        self.request.session[_SETUP_KEY] = {"next": self.next_url()}
        return response

    def get_success_url(self) -> str:
        return reverse("second_factor_codes")


second_factor_setup = SecondFactorSetupView.as_view()


@login_required
@require_safe
def second_factor_codes(request: HttpRequest) -> HttpResponse:
    """The recovery codes, once, right after the set-up; then on to where the person was
    going. Later they are on allauth's page, after the password."""
    setup = request.session.pop(_SETUP_KEY, None)
    if setup is None:
        return redirect("mfa_index")
    authenticator = Authenticator.objects.filter(
        user=request.user, type=Authenticator.Type.RECOVERY_CODES
    ).first()
    response = render(
        request,
        "mfa/setup_codes.html",
        {
            "codes": authenticator.wrap().get_unused_codes() if authenticator else [],
            "next_url": setup["next"] or reverse("staff:home"),
        },
    )
    add_never_cache_headers(response)
    return response
