"""The sign-ups of the centre's dates and courses: lists, a sign-up taken by phone,
cancelling on someone's behalf, moving up from the waitlist, the day's printed list and
attendance. Everything is fetched through the centre: another centre's is a 404."""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from centers.access import CenterAccess
from offers.models import Occurrence, Offer
from offers.services import (
    ages_parse,
    course_capacity,
    occurrence_capacity,
    occurrence_check_in,
)
from registrations.models import ACTIVE, Capacity, Registration
from registrations.services import (
    registration_cancel,
    registration_create,
    registration_promote,
    registrations_set_attendance,
)
from staff.base import already_done, done, form_refused, message_refused, staff_render, staff_view
from staff.forms.registrations import AttendanceForm, PhoneSignUpForm

UPCOMING_DAYS = 60


@dataclass
class Places:
    """A date's or a course's places as a list shows them."""

    kind: str  # "date" or "course"
    pk: int  # the date's or the course's (offer's) id
    offer: Offer
    capacity: Capacity | None
    occurrence: Occurrence | None = None

    @property
    def list_url_name(self) -> str:
        return "staff:registrations_date" if self.kind == "date" else "staff:registrations_course"


def _counts(capacity_ids: list[int]) -> dict[int, dict]:
    rows = (
        Registration.objects.filter(capacity_id__in=capacity_ids)
        .order_by()
        .values("capacity_id")
        .annotate(
            confirmed=Sum("places", filter=Q(status=Registration.Status.CONFIRMED)),
            waiting=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
            # a moved date: sign-ups that have not yet kept the new time
            pending=Count("pk", filter=Q(status__in=ACTIVE, move_confirm_by__isnull=False)),
        )
    )
    return {row["capacity_id"]: row for row in rows}


@staff_view("registrations.view_registration")
def registrations_overview(request: HttpRequest, access: CenterAccess) -> HttpResponse:
    now = timezone.now()
    taking = (
        Offer.objects.filter(center=access.center, capacity__isnull=False)
        .exclude(registration=Offer.Registration.NONE)
        .exclude(status=Offer.Status.ARCHIVED)
    )
    dates = list(
        Occurrence.objects.filter(
            offer__in=taking.filter(registration=Offer.Registration.PER_DATE),
            end__gt=now,
            start__lt=now + datetime.timedelta(days=UPCOMING_DAYS),
        )
        .select_related("offer", "capacity", "closure")
        .order_by("start")[:200]
    )
    courses = list(taking.filter(registration=Offer.Registration.COURSE).order_by("title"))
    counts = _counts(
        [d.capacity_id for d in dates if d.capacity_id]
        + [c.course_capacity_id for c in courses if c.course_capacity_id]
    )
    for entry in dates:
        entry.counts = counts.get(entry.capacity_id, {})
    for entry in courses:
        entry.counts = counts.get(entry.course_capacity_id, {})
    return staff_render(
        request,
        "staff/registrations.html",
        access,
        dates=dates,
        courses=courses,
        days=UPCOMING_DAYS,
    )


def _date_places(access: CenterAccess, pk: int) -> Places:
    occurrence = get_object_or_404(
        Occurrence.objects.select_related("offer", "capacity", "closure"),
        pk=pk,
        offer__center=access.center,
        offer__registration=Offer.Registration.PER_DATE,
    )
    return Places("date", pk, occurrence.offer, occurrence.capacity, occurrence)


def _course_places(access: CenterAccess, pk: int) -> Places:
    offer = get_object_or_404(
        Offer.objects.select_related("course_capacity"),
        pk=pk,
        center=access.center,
        registration=Offer.Registration.COURSE,
    )
    return Places("course", pk, offer, offer.course_capacity)


def _ensure_capacity(places: Places) -> Capacity:
    if places.occurrence is not None:
        return occurrence_capacity(places.occurrence)
    return course_capacity(places.offer)


def _list_url(access: CenterAccess, places: Places) -> str:
    return reverse(places.list_url_name, args=[access.center.slug, places.pk])


def _registrations(capacity: Capacity | None) -> dict[str, list[Registration]]:
    if capacity is None:
        return {"confirmed": [], "waiting": [], "cancelled": []}
    rows = list(capacity.registrations.order_by("created_at", "pk"))
    return {
        "confirmed": [r for r in rows if r.status == Registration.Status.CONFIRMED],
        "waiting": [r for r in rows if r.status == Registration.Status.WAITLISTED],
        "cancelled": [r for r in rows if r.status == Registration.Status.CANCELLED],
    }


def _list_page(request: HttpRequest, access: CenterAccess, places: Places) -> HttpResponse:
    sign_up_form = PhoneSignUpForm(capacity=places.capacity)
    if request.method == "POST":
        access.require("registrations.add_registration")
        if response := already_done(request):
            return response
        sign_up_form = PhoneSignUpForm(request.POST, capacity=places.capacity)
        if sign_up_form.is_valid():
            data = sign_up_form.cleaned_data
            try:
                ages = ages_parse(data["children_ages"], bare_in_years=True)
                registration = registration_create(
                    _ensure_capacity(places).pk,
                    name=data["name"],
                    adults=data["adults"],
                    children=data["children"],
                    email=data["email"],
                    phone=data["phone"],
                    children_ages_months=ages,
                    note=data["note"],
                    language=get_language(),
                    consent=data["consent"],
                    source=Registration.Source.STAFF,
                )
            except ValidationError as error:
                form_refused(sign_up_form, error)
            else:
                if registration.status == Registration.Status.CONFIRMED:
                    messages.success(request, _("The sign-up is confirmed."))
                else:
                    messages.warning(request, _("All places are taken: the sign-up waits."))
                return done(request, _list_url(access, places))
    lists = _registrations(places.capacity)
    confirmed_places = sum(r.places for r in lists["confirmed"])
    return staff_render(
        request,
        "staff/registration_list.html",
        access,
        places=places,
        capacity=places.capacity,
        lists=lists,
        confirmed_places=confirmed_places,
        free=(places.capacity.places if places.capacity else places.offer.capacity or 0)
        - confirmed_places,
        sign_up_form=sign_up_form,
        attendance_form=AttendanceForm(
            confirmed=lists["confirmed"],
            initial={
                "attended": [str(r.pk) for r in lists["confirmed"] if r.attended],
                "walk_ins": places.capacity.walk_ins if places.capacity else None,
            },
        ),
    )


@staff_view("registrations.view_registration")
def registrations_date(request: HttpRequest, access: CenterAccess, pk: int) -> HttpResponse:
    return _list_page(request, access, _date_places(access, pk))


@staff_view("registrations.view_registration")
def registrations_course(request: HttpRequest, access: CenterAccess, pk: int) -> HttpResponse:
    return _list_page(request, access, _course_places(access, pk))


def _print_page(request: HttpRequest, access: CenterAccess, places: Places) -> HttpResponse:
    return staff_render(
        request,
        "staff/registration_print.html",
        access,
        places=places,
        lists=_registrations(places.capacity),
    )


@staff_view("registrations.view_registration")
def registrations_date_print(request: HttpRequest, access: CenterAccess, pk: int):
    return _print_page(request, access, _date_places(access, pk))


@staff_view("registrations.view_registration")
def registrations_course_print(request: HttpRequest, access: CenterAccess, pk: int):
    return _print_page(request, access, _course_places(access, pk))


def _attendance(request: HttpRequest, access: CenterAccess, places: Places) -> HttpResponse:
    back = _list_url(access, places)
    if places.capacity is None:
        return redirect(back)
    confirmed = _registrations(places.capacity)["confirmed"]
    form = AttendanceForm(request.POST, confirmed=confirmed)
    if form.is_valid():
        attended = [int(pk) for pk in form.cleaned_data["attended"]]
        walk_ins = form.cleaned_data["walk_ins"]
        if places.occurrence is not None:
            # A date's check-in also gives the date's attendance (counts only).
            occurrence_check_in(places.occurrence, attended, walk_ins, by=request.user)
        else:
            registrations_set_attendance(places.capacity, attended, walk_ins)
        messages.success(request, _("Attendance is saved."))
    else:
        messages.error(request, _("Please check the number of people without a sign-up."))
    return redirect(back)


@staff_view("registrations.change_registration")
@require_POST
def registrations_date_attendance(request: HttpRequest, access: CenterAccess, pk: int):
    return _attendance(request, access, _date_places(access, pk))


@staff_view("registrations.change_registration")
@require_POST
def registrations_course_attendance(request: HttpRequest, access: CenterAccess, pk: int):
    return _attendance(request, access, _course_places(access, pk))


def _registration(access: CenterAccess, pk: int) -> Registration:
    """A sign-up of one of the centre's dates or courses (another centre's: 404)."""
    return get_object_or_404(
        Registration.objects.filter(
            Q(capacity__occurrence__offer__center=access.center)
            | Q(capacity__course_offer__center=access.center)
        ).select_related("capacity"),
        pk=pk,
    )


def _back_to_list(request: HttpRequest, access: CenterAccess, registration: Registration):
    capacity = registration.capacity
    occurrence = Occurrence.objects.filter(capacity=capacity).first()
    if occurrence is not None:
        return redirect("staff:registrations_date", access.center.slug, occurrence.pk)
    offer = Offer.objects.filter(course_capacity=capacity).first()
    if offer is not None:
        return redirect("staff:registrations_course", access.center.slug, offer.pk)
    return redirect("staff:registrations", access.center.slug)


@staff_view("registrations.change_registration")
@require_POST
def registration_cancel_view(request: HttpRequest, access: CenterAccess, pk: int):
    registration = _registration(access, pk)
    promoted = registration_cancel(registration)
    messages.success(
        request,
        _("The sign-up is cancelled; %(count)s moved up from the waiting list.")
        % {"count": len(promoted)},
    )
    return _back_to_list(request, access, registration)


@staff_view("registrations.change_registration")
@require_POST
def registration_promote_view(request: HttpRequest, access: CenterAccess, pk: int):
    registration = _registration(access, pk)
    try:
        registration_promote(registration)
    except ValidationError as error:
        message_refused(request, error)
    else:
        messages.success(request, _("Moved up from the waiting list; the person is told."))
    return _back_to_list(request, access, registration)
