"""Answering an invitation: someone new sets a password with the link from the e-mail;
someone with an account accepts or declines in "Mein ThEKiZ"."""

from allauth.account.views import PasswordResetFromKeyView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from centers import services
from centers.models import Invitation
from thekiz_portal.staff.base import message_refused


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
    return redirect("staff:dashboard", center=membership.center.slug)


@login_required
@require_POST
def invitation_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    """Decline an invitation addressed to this account."""
    invitation = get_object_or_404(Invitation.objects.open(), pk=pk, user=request.user)
    try:
        services.invitation_decline(invitation=invitation, user=request.user)
    except ValidationError as error:
        message_refused(request, error)
    else:
        messages.success(request, _("You have declined the invitation."))
    return redirect("staff:home")
