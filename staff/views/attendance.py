"""Attendance of the centre's open offers: the dates of the last weeks, those without
counts first, each with its own small form (one save button per date)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from centers.access import CenterAccess
from common.pagination import paginate
from offers.models import Occurrence
from offers.selectors import ATTENDANCE_WEEKS, attendance_dates
from offers.services import attendance_record
from staff.base import already_done, done, form_refused, form_token, staff_render, staff_view
from staff.forms.attendance import AttendanceCountForm

PER_PAGE = 25


def _initial(occurrence: Occurrence) -> dict:
    attendance = getattr(occurrence, "attendance", None) if occurrence.recorded else None
    if attendance is None:
        return {}
    return {
        "adults": attendance.adults,
        "children": attendance.children,
        "not_held": not attendance.took_place,
    }


@staff_view("offers.view_attendance")
def attendance(request: HttpRequest, access: CenterAccess) -> HttpResponse:
    """GET lists the dates; POST saves one date's counts (its id in ``date``)."""
    today = timezone.localdate()
    dates = attendance_dates(access.center, today)
    bound: AttendanceCountForm | None = None
    bound_pk = None
    if request.method == "POST":
        access.require("offers.change_attendance")
        if response := already_done(request):
            return response
        pk = request.POST.get("date", "")
        occurrence = get_object_or_404(dates, pk=pk if pk.isdigit() else None)
        bound = AttendanceCountForm(request.POST, prefix=f"d{occurrence.pk}")
        bound_pk, bound_occurrence = occurrence.pk, occurrence
        if bound.is_valid():
            data = bound.cleaned_data
            try:
                attendance_record(
                    occurrence=occurrence,
                    took_place=not data["not_held"],
                    adults=data["adults"],
                    children=data["children"],
                    by=request.user,
                    today=today,
                )
            except ValidationError as error:
                form_refused(bound, error)
            else:
                messages.success(
                    request,
                    _("Attendance of %(title)s on %(date)s is saved.")
                    % {
                        "title": occurrence.offer.title,
                        "date": timezone.localtime(occurrence.start).strftime("%d.%m.%Y"),
                    },
                )
                target = reverse("staff:attendance", args=[access.center.slug])
                page = request.GET.get("seite")
                return done(request, f"{target}?seite={page}" if page else target)
    page_obj = paginate(request, dates, PER_PAGE)
    # Each date's form has its own one-time token: saving one never makes another look
    # "already saved".
    rows = []
    for occurrence in page_obj.object_list:
        if occurrence.pk == bound_pk:
            rows.append((occurrence, bound, request.POST.get("form_token", "")))
        else:
            form = AttendanceCountForm(prefix=f"d{occurrence.pk}", initial=_initial(occurrence))
            rows.append((occurrence, form, form_token()))
    if bound is not None and bound_pk not in {row[0].pk for row in rows}:
        # The date was on another page than the one asked for: show it on top.
        rows.insert(0, (bound_occurrence, bound, request.POST.get("form_token", "")))
    return staff_render(
        request,
        "staff/attendance.html",
        access,
        page_obj=page_obj,
        rows=rows,
        weeks=ATTENDANCE_WEEKS,
        can_change="offers.change_attendance" in access.permissions,
        error_form=bound if bound is not None and bound.errors else None,
    )
