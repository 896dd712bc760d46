"""Staff views for single dates (cancel, take back, move, note) and closures."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from centers.access import CenterAccess
from offers.models import Closure, Occurrence
from offers.services import (
    closure_delete,
    closure_preview,
    closure_save,
    occurrence_cancel,
    occurrence_move,
    occurrence_note_set,
    occurrence_restore,
)
from staff.base import (
    already_done,
    done,
    form_refused,
    message_refused,
    safe_next,
    staff_render,
    staff_view,
)
from staff.forms.dates import CancelForm, ClosureForm, MoveForm, NoteForm


def _occurrence(access: CenterAccess, pk: int) -> Occurrence:
    # Through the centre: a date of another centre is a 404.
    return get_object_or_404(
        Occurrence.objects.select_related("offer", "closure", "capacity"),
        pk=pk,
        offer__center=access.center,
    )


def _back(request: HttpRequest, access: CenterAccess) -> str:
    return safe_next(request, reverse("staff:dashboard", args=[access.center.slug]))


def _date_form_page(
    request, access, occurrence, form_class, template, apply, initial=None, tells=True
):
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                apply(occurrence, form.cleaned_data)
            except ValidationError as error:
                form_refused(form, error)
            else:
                return redirect(_back(request, access))
    else:
        form = form_class(initial=initial)
    return staff_render(
        request,
        template,
        access,
        occurrence=occurrence,
        form=form,
        next_url=_back(request, access),
        # People signed up for the date are told when it is cancelled or moved.
        signed_up=(
            occurrence.capacity.registrations.active().count()
            if tells and occurrence.capacity_id
            else 0
        ),
    )


@staff_view("offers.change_occurrence")
def occurrence_cancel_view(request: HttpRequest, access: CenterAccess, pk: int) -> HttpResponse:
    def apply(occurrence, data):
        occurrence_cancel(occurrence=occurrence, reason=data["reason"], user=request.user)
        messages.success(request, _("The date is marked as cancelled for families."))

    return _date_form_page(
        request, access, _occurrence(access, pk), CancelForm, "staff/occurrence_cancel.html", apply
    )


@staff_view("offers.change_occurrence")
@require_POST
def occurrence_restore_view(request: HttpRequest, access: CenterAccess, pk: int) -> HttpResponse:
    try:
        occurrence_restore(occurrence=_occurrence(access, pk), user=request.user)
    except ValidationError as error:
        message_refused(request, error)
    else:
        messages.success(request, _("The date takes place again."))
    return redirect(_back(request, access))


@staff_view("offers.change_occurrence")
def occurrence_move_view(request: HttpRequest, access: CenterAccess, pk: int) -> HttpResponse:
    occurrence = _occurrence(access, pk)
    start, end = timezone.localtime(occurrence.start), timezone.localtime(occurrence.end)

    def apply(occurrence, data):
        occurrence_move(occurrence=occurrence, user=request.user, **data)
        messages.success(request, _("The date has been moved."))

    return _date_form_page(
        request,
        access,
        occurrence,
        MoveForm,
        "staff/occurrence_move.html",
        apply,
        initial={"day": start.date(), "start_time": start.time(), "end_time": end.time()},
    )


@staff_view("offers.change_occurrence")
def occurrence_note_view(request: HttpRequest, access: CenterAccess, pk: int) -> HttpResponse:
    occurrence = _occurrence(access, pk)

    def apply(occurrence, data):
        occurrence_note_set(occurrence=occurrence, note=data["note"], user=request.user)
        messages.success(request, _("The note has been saved."))

    return _date_form_page(
        request,
        access,
        occurrence,
        NoteForm,
        "staff/occurrence_note.html",
        apply,
        initial={"note": occurrence.note},
        tells=False,  # a note is not mailed
    )


@staff_view("offers.view_closure")
def closures(request: HttpRequest, access: CenterAccess) -> HttpResponse:
    """The centre's closures, and a form to add one (with a preview of the dates hit)."""
    return _closure_page(request, access, Closure(center=access.center))


@staff_view("offers.change_closure")
def closure_edit(request: HttpRequest, access: CenterAccess, pk: int) -> HttpResponse:
    closure = get_object_or_404(Closure, pk=pk, center=access.center)
    return _closure_page(request, access, closure)


def _closure_page(request: HttpRequest, access: CenterAccess, closure: Closure) -> HttpResponse:
    creating = closure.pk is None
    preview = None
    if request.method == "POST":
        access.require("offers.add_closure" if creating else "offers.change_closure")
        if creating and "save" in request.POST and (repeated := already_done(request)):
            return repeated
        form = ClosureForm(request.POST, instance=closure)
        if form.is_valid():
            if "save" in request.POST:
                try:
                    closure_save(closure=form.instance, user=request.user)
                except ValidationError as error:
                    form_refused(form, error)
                else:
                    messages.success(
                        request,
                        _("The closure is saved; the dates in it are marked as not taking place."),
                    )
                    return done(request, reverse("staff:closures", args=[access.center.slug]))
            else:
                preview = closure_preview(form.instance)
    else:
        form = ClosureForm(instance=closure)
    return staff_render(
        request,
        "staff/closures.html",
        access,
        form=form,
        closure=closure,
        preview=preview,
        closures=access.center.closures.filter(end_date__gte=timezone.localdate()),
    )


@staff_view("offers.delete_closure")
@require_POST
def closure_remove(request: HttpRequest, access: CenterAccess, pk: int) -> HttpResponse:
    closure = get_object_or_404(Closure, pk=pk, center=access.center)
    closure_delete(closure=closure, user=request.user)
    messages.success(request, _("The closure was removed; its dates take place again."))
    return redirect("staff:closures", center=access.center.slug)
