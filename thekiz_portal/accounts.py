from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """Staff accounts are created by invitation only; nobody can sign up on their own."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False
