"""The personal link: see one's sign-up, keep a moved date's new time, cancel it, delete
one's data. No account.

A changed or unknown link answers 404, an expired one 410, each with a page that says so.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from registrations.forms import CountsForm
from registrations.links import LinkExpired, LinkInvalid, registration_from_link
from registrations.models import Registration
from registrations.notify import confirm_by_words
from registrations.services import registration_cancel as cancel
from registrations.services import registration_change, registration_keep_new_time
from registrations.services import registration_forget as forget
from registrations.targets import target_for


def _with_registration(view: Callable) -> Callable:
    @wraps(view)
    def wrapped(request: HttpRequest, value: str) -> HttpResponse:
        try:
            registration = registration_from_link(value)
        except LinkExpired:
            return render(request, "registrations/link_problem.html", {"expired": True}, status=410)
        except LinkInvalid:
            return render(
                request, "registrations/link_problem.html", {"expired": False}, status=404
            )
        return view(request, registration, value)

    return wrapped


def _waiting_position(registration: Registration) -> int | None:
    if registration.status != Registration.Status.WAITLISTED:
        return None
    waiting = registration.capacity.registrations.waiting_in_order()
    ahead = waiting.filter(
        Q(created_at__lt=registration.created_at)
        | Q(created_at=registration.created_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


@require_safe
@_with_registration
def registration_detail(request: HttpRequest, registration: Registration, value: str):
    return render(
        request,
        "registrations/registration_detail.html",
        {
            "registration": registration,
            "target": target_for(registration.capacity, registration.content_language),
            "value": value,
            "new": request.GET.get("neu") == "1",
            "position": _waiting_position(registration),
            "personal_url": request.build_absolute_uri(request.path),
            "counts_form": CountsForm(registration=registration),
            "confirm_by": confirm_by_words(registration),
            "confirm_passed": registration.awaits_move_confirmation
            and timezone.now() > registration.move_confirm_by,
        },
    )


@require_POST
@_with_registration
def registration_keep(request: HttpRequest, registration: Registration, value: str):
    """The date moved: the person keeps their place at the new time."""
    if registration.awaits_move_confirmation:
        try:
            registration_keep_new_time(registration)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you: your place at the new time is confirmed."))
    return redirect("registrations:registration_detail", value=value)


@require_POST
@_with_registration
def registration_cancel(request: HttpRequest, registration: Registration, value: str):
    if registration.is_active:
        cancel(registration)
        messages.success(request, _("Your sign-up is cancelled. Thank you for letting us know."))
    return redirect("registrations:registration_detail", value=value)


@require_POST
@_with_registration
def registration_counts(request: HttpRequest, registration: Registration, value: str):
    form = CountsForm(request.POST, registration=registration)
    if not form.is_valid():
        messages.error(request, _("Please enter the numbers of adults and children again."))
    else:
        try:
            registration_change(
                registration,
                adults=form.cleaned_data.get("adults", 0),
                children=form.cleaned_data.get("children", 0),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your sign-up is changed."))
    return redirect("registrations:registration_detail", value=value)


@require_POST
@_with_registration
def registration_forget(request: HttpRequest, registration: Registration, value: str):
    if registration.personal_data_deleted_at is None:
        forget(registration)
        messages.success(request, _("Your name and contact details are deleted."))
    return redirect("registrations:registration_detail", value=value)


@require_safe
@_with_registration
def registration_ics(request: HttpRequest, registration: Registration, value: str):
    target = target_for(registration.capacity, registration.content_language)
    if target is None or target.ics is None:
        return render(request, "registrations/link_problem.html", {"expired": False}, status=404)
    content, filename = target.ics()
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
