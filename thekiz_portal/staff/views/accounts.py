"""Accepting an invitation: the link from the e-mail lets the person set a password."""

from allauth.account.views import PasswordResetFromKeyView
from django.contrib import messages
from django.http import HttpResponse
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _

from centers.services import invitations_accepted


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
        invitations_accepted(self.reset_user)
        messages.success(
            self.request,
            _(
                "Your password is set. Please sign in; next you will set up the "
                "two-factor authentication with an app on your phone."
            ),
        )
        return response


invitation_accept = InvitationAcceptView.as_view()
