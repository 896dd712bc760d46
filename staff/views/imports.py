"""The calendar import: upload a file or subscribe to an address, look at the preview,
confirm. The calendar waits in the session between preview and confirmation, so what is
confirmed is exactly what was shown."""

import base64

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from centers.access import CenterAccess
from common.fetch import FetchError, fetch
from offers.calendar_import import ImportPlan, calendar_plan
from offers.models import CalendarSubscription, Offer
from offers.services.imports import (
    calendar_import_apply,
    import_missing_end,
    import_missing_keep,
    missing_offers,
)
from registrations.models import ACTIVE, Registration
from staff.base import already_done, done, message_refused, staff_render, staff_view
from staff.forms.imports import CalendarFileForm, CalendarUrlForm

_SESSION_KEY = "thekiz_calendar_import"


def _page(request, access, *, file_form=None, url_form=None) -> HttpResponse:
    return staff_render(
        request,
        "staff/calendar_import.html",
        access,
        file_form=file_form or CalendarFileForm(),
        url_form=url_form or CalendarUrlForm(),
        subscriptions=access.center.calendar_subscriptions.all(),
        missing=missing_offers(access.center),
    )


def _held(request: HttpRequest, access: CenterAccess) -> tuple[bytes, str] | None:
    held = request.session.get(_SESSION_KEY)
    if not held or held.get("center") != access.center.slug:
        return None
    return base64.b64decode(held["content"]), held.get("url", "")


@staff_view("offers.add_offer")
@require_http_methods(["GET", "POST"])
def calendar_import(request: HttpRequest, access: CenterAccess) -> HttpResponse:
    """Start: a file to upload or an address to subscribe to; both lead to the preview."""
    if request.method == "GET":
        return _page(request, access)
    url = ""
    if "subscribe" in request.POST:
        form = CalendarUrlForm(request.POST)
        forms = {"url_form": form}
        if form.is_valid():
            url = form.cleaned_data["url"]
            try:
                content = fetch(url)
            except FetchError as error:
                form.add_error("url", str(error))
    else:
        form = CalendarFileForm(request.POST, request.FILES)
        forms = {"file_form": form}
        if form.is_valid():
            content = form.cleaned_data["calendar_file"]
    if form.is_valid():
        try:
            calendar_plan(content, center=access.center)
        except ValidationError as error:
            form.add_error("url" if url else "calendar_file", error)
    if not form.is_valid():
        return _page(request, access, **forms)
    request.session[_SESSION_KEY] = {
        "center": access.center.slug,
        "content": base64.b64encode(content).decode("ascii"),
        "url": url,
    }
    return redirect("staff:calendar_import_preview", center=access.center.slug)


@staff_view("offers.add_offer")
@require_http_methods(["GET", "POST"])
def calendar_import_preview(request: HttpRequest, access: CenterAccess) -> HttpResponse:
    """What the import would create and change; "Import" carries it out."""
    held = _held(request, access)
    if held is None:
        if request.method == "POST" and (repeated := already_done(request)):
            return repeated
        messages.info(request, _("Please choose the calendar to import first."))
        return redirect("staff:calendar_import", center=access.center.slug)
    content, url = held
    # Checked when it was uploaded; planned again now, against the offers as they are.
    today = timezone.localdate()
    subscription = access.center.calendar_subscriptions.filter(url=url).first() if url else None
    plan: ImportPlan = calendar_plan(
        content, center=access.center, today=today, subscription=subscription
    )
    if request.method == "POST":
        if repeated := already_done(request):
            return repeated
        try:
            result = calendar_import_apply(
                plan=plan, center=access.center, user=request.user, subscribe_url=url, today=today
            )
        except ValidationError as error:  # nothing was saved (one transaction)
            message_refused(request, error)
            return redirect("staff:calendar_import", center=access.center.slug)
        del request.session[_SESSION_KEY]
        messages.success(
            request,
            ngettext(
                "%(created)s offer was created as a draft",
                "%(created)s offers were created as drafts",
                result.created,
            )
            % {"created": result.created}
            + ", "
            + ngettext("%(updated)s offer updated.", "%(updated)s offers updated.", result.updated)
            % {"updated": result.updated},
        )
        return done(request, _offers_url(access))
    return staff_render(
        request,
        "staff/calendar_import_preview.html",
        access,
        plan=plan,
        rows=[(planned, planned.upcoming(today)) for planned in plan.offers],
        url=url,
        sign_ups_told=_sign_ups_told(plan),
    )


def _dates_with(counts: tuple[int, int]) -> str:
    dates, people = counts
    return _("%(dates)s with %(people)s") % {
        "dates": ngettext("%(n)s date", "%(n)s dates", dates) % {"n": dates},
        "people": ngettext("%(n)s sign-up", "%(n)s sign-ups", people) % {"n": people},
    }


def _sign_ups_told(plan: ImportPlan) -> list[str]:
    """What the import does to dates people signed up for, before staff confirm it."""
    told = []
    if plan.cancelled_sign_ups[0]:
        told.append(
            _(
                "%(what)s will be cancelled or taken out of the schedule; the people signed "
                "up will be told."
            )
            % {"what": _dates_with(plan.cancelled_sign_ups)}
        )
    if plan.moved_sign_ups[0]:
        told.append(
            _(
                "%(what)s will be moved; the people signed up will be told and asked to "
                "confirm the new time."
            )
            % {"what": _dates_with(plan.moved_sign_ups)}
        )
    return told


def _offers_url(access: CenterAccess) -> str:
    return reverse("staff:offers", args=[access.center.slug]) + "?status=draft"


@staff_view("offers.delete_calendarsubscription")
@require_POST
def calendar_subscription_remove(
    request: HttpRequest, access: CenterAccess, pk: int
) -> HttpResponse:
    """End a subscription; the offers imported from it stay."""
    subscription = get_object_or_404(CalendarSubscription, pk=pk, center=access.center)
    subscription.delete()
    messages.success(
        request,
        _("The subscription has ended. The offers imported from it stay as they are."),
    )
    return redirect("staff:calendar_import", center=access.center.slug)


def _missing_offer(access: CenterAccess, pk: int) -> Offer:
    return get_object_or_404(
        Offer.objects.exclude(import_missing_since=None).exclude(status=Offer.Status.ARCHIVED),
        pk=pk,
        center=access.center,
    )


@staff_view("offers.change_offer")
@require_POST
def calendar_import_missing_keep(
    request: HttpRequest, access: CenterAccess, pk: int
) -> HttpResponse:
    """An offer whose event left the calendar stays, as the portal's own offer."""
    offer = _missing_offer(access, pk)
    try:
        import_missing_keep(offer=offer, user=request.user)
    except ValidationError as error:
        message_refused(request, error)
    else:
        messages.success(
            request,
            _("“%(title)s” stays as the portal's own offer; the imports no longer change it.")
            % {"title": offer.title},
        )
    return redirect("staff:calendar_import", center=access.center.slug)


@staff_view("offers.change_offer")
@require_http_methods(["GET", "POST"])
def calendar_import_missing_end(
    request: HttpRequest, access: CenterAccess, pk: int
) -> HttpResponse:
    """End an offer whose event left the calendar: asks first, with what it would do."""
    offer = _missing_offer(access, pk)
    now = timezone.now()
    if request.method == "POST":
        try:
            count = import_missing_end(offer=offer, user=request.user, now=now)
        except ValidationError as error:
            message_refused(request, error)
        else:
            messages.success(
                request,
                ngettext(
                    "“%(title)s” has ended: it is archived, %(count)s date was cancelled.",
                    "“%(title)s” has ended: it is archived, %(count)s dates were cancelled.",
                    count,
                )
                % {"title": offer.title, "count": count},
            )
        return redirect("staff:calendar_import", center=access.center.slug)
    upcoming = offer.occurrences.filter(end__gt=now, cancelled=False, detached=False)
    sign_ups = Registration.objects.filter(status__in=ACTIVE).filter(
        capacity__occurrence__in=upcoming
    )
    if offer.course_capacity_id:
        sign_ups = sign_ups | Registration.objects.filter(
            status__in=ACTIVE, capacity_id=offer.course_capacity_id
        )
    return staff_render(
        request,
        "staff/calendar_import_missing_end.html",
        access,
        offer=offer,
        dates=upcoming.count(),
        sign_ups=sign_ups.count(),
    )
