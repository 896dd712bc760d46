"""Shared pieces of the staff views: the centre scope and the double-submit guard."""

import uuid
from collections.abc import Callable
from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from centers.access import CenterAccess, center_access

_DONE_KEY = "thekiz_done_forms"
_DONE_KEEP = 50


def staff_view(permission: str | None = None) -> Callable:
    """Sign-in required; the centre from the URL must be in the person's scope (else
    404); with ``permission``, their role there must grant it (else 403)."""

    def decorator(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, center: str, *args, **kwargs) -> HttpResponse:
            access = center_access(request.user, center)
            if permission:
                access.require(permission)
            return view(request, access, *args, **kwargs)

        return wrapper

    return decorator


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The ``next_url`` the form came with, if it points into the portal; else fallback."""
    target = request.POST.get("next_url") or request.GET.get("next_url") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def form_token() -> str:
    return uuid.uuid4().hex


def staff_render(
    request: HttpRequest, template: str, access: CenterAccess, **context
) -> HttpResponse:
    """A staff page: the centre, the person's access to it, and a one-time token for its
    forms (the submitted one again when a form comes back with errors)."""
    return render(
        request,
        template,
        {
            "access": access,
            "center": access.center,
            "form_token": request.POST.get("form_token") or form_token(),
            **context,
        },
    )


def form_refused(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal above the form, whatever fields it names."""
    for message in error.messages:
        form.add_error(None, message)


def message_refused(request: HttpRequest, error: ValidationError) -> None:
    """Show a service's refusal as a message (for actions without a form)."""
    messages.error(request, " ".join(error.messages))


def already_done(request: HttpRequest) -> HttpResponse | None:
    """If this form was submitted before (double click, reload), go where it went then."""
    token = request.POST.get("form_token", "")
    target = request.session.get(_DONE_KEY, {}).get(token)
    if token and target:
        messages.info(request, _("This was already saved."))
        return HttpResponseRedirect(target)
    return None


def done(request: HttpRequest, target: str) -> HttpResponse:
    """Remember the form's token and redirect (Post/Redirect/Get)."""
    token = request.POST.get("form_token", "")
    if token:
        remembered = dict(list(request.session.get(_DONE_KEY, {}).items())[-_DONE_KEEP:])
        remembered[token] = target
        request.session[_DONE_KEY] = remembered
    return HttpResponseRedirect(target)


__all__ = [
    "CenterAccess",
    "already_done",
    "done",
    "form_refused",
    "form_token",
    "message_refused",
    "safe_next",
    "staff_render",
    "staff_view",
]
