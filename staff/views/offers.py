"""Staff views for offers: list, create, edit, schedule editor, duplicate, publish."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from centers.access import CenterAccess
from offers.models import Occurrence, Offer, Schedule
from offers.selectors import schedule_changed_dates, staff_offers
from offers.services import (
    SyncResult,
    offer_date_add,
    offer_duplicate,
    offer_reviewed,
    offer_save,
    offer_status_set,
    offer_translation_delete,
    offer_translation_save,
    schedule_check,
    schedule_delete,
    schedule_preview,
    schedule_save,
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
from staff.forms.dates import ExtraDateForm, ScheduleForm
from staff.forms.offers import OfferForm, OfferTranslationForm
from staff.views.translations import translations_page


def _offer(access: CenterAccess, pk: int) -> Offer:
    # Through the centre: another centre's offer is a 404.
    return get_object_or_404(Offer.objects.select_related("center"), pk=pk, center=access.center)


@staff_view("offers.view_offer")
def offer_list(request: HttpRequest, access: CenterAccess) -> HttpResponse:
    status = request.GET.get("status", "")
    offers = staff_offers(access.center)
    if status in Offer.Status.values:
        offers = offers.filter(status=status)
    else:
        offers = offers.exclude(status=Offer.Status.ARCHIVED)
        status = ""
    return staff_render(
        request,
        "staff/offer_list.html",
        access,
        offers=offers,
        status=status,
        statuses=Offer.Status.choices,
    )


def _offer_form_page(request, access, offer: Offer | None) -> HttpResponse:
    creating = offer is None
    instance = offer or Offer(center=access.center)
    if request.method == "POST":
        if creating and (repeated := already_done(request)):
            return repeated
        form = OfferForm(
            request.POST,
            request.FILES,
            instance=instance,
            center=access.center,
            owner=request.user.pk,
        )
        if form.is_valid():
            offer = form.save(commit=False)
            if not creating:
                # Saving an offer confirms it, as "Alles richtig" does: families read the day.
                offer.last_reviewed = timezone.localdate()
            try:
                saved = offer_save(
                    offer=offer,
                    m2m=form.m2m(),
                    user=request.user,
                    expected_version=None if creating else form.cleaned_data.get("version"),
                )
            except ValidationError as error:
                form_refused(form, error)
            else:
                form.image_done()
                if creating:
                    messages.success(
                        request, _("The offer was created as a draft. Now add its dates.")
                    )
                    return done(
                        request,
                        reverse("staff:offer_schedule", args=[access.center.slug, saved.pk]),
                    )
                messages.success(request, _("Your changes have been saved."))
                return redirect("staff:offer_edit", center=access.center.slug, pk=saved.pk)
    else:
        form = OfferForm(instance=instance, center=access.center)
    if form.is_bound:
        form.image_keep()
    return staff_render(request, "staff/offer_form.html", access, offer=offer, form=form)


@staff_view("offers.add_offer")
def offer_create(request: HttpRequest, access: CenterAccess) -> HttpResponse:
    return _offer_form_page(request, access, None)


@staff_view("offers.change_offer")
def offer_edit(request: HttpRequest, access: CenterAccess, pk: int) -> HttpResponse:
    return _offer_form_page(request, access, _offer(access, pk))


@staff_view("offers.change_schedule")
def offer_schedule(request: HttpRequest, access: CenterAccess, pk: int) -> HttpResponse:
    """The schedule editor: preview without saving ("Vorschau"), then save."""
    offer = _offer(access, pk)
    schedule_pk = request.POST.get("schedule") or request.GET.get("regel")
    schedule = (
        get_object_or_404(Schedule, pk=schedule_pk, offer=offer)
        if schedule_pk and str(schedule_pk).isdigit()
        else Schedule(offer=offer)
    )
    preview = None
    if request.method == "POST":
        form = ScheduleForm(request.POST, instance=schedule, offer=offer)
        if form.is_valid():
            try:
                if "save" in request.POST:
                    result = schedule_save(
                        offer=offer,
                        schedule=form.instance,
                        user=request.user,
                        expected_version=form.cleaned_data.get("version"),
                    )
                    _schedule_saved(request, result)
                    return redirect("staff:offer_schedule", center=access.center.slug, pk=offer.pk)
                schedule_check(form.instance)
                preview = schedule_preview(offer=offer, schedule=form.instance)
            except ValidationError as error:
                form_refused(form, error)
    else:
        form = ScheduleForm(instance=schedule, offer=offer)
        if schedule.pk:
            preview = schedule_preview(offer=offer, schedule=schedule)
    upcoming = (
        Occurrence.objects.filter(offer=offer)
        .upcoming()
        .select_related("closure")
        .order_by("start")[:20]
    )
    return staff_render(
        request,
        "staff/offer_schedule.html",
        access,
        offer=offer,
        form=form,
        schedule=schedule,
        schedules=offer.schedules.all(),
        preview=preview,
        upcoming=upcoming,
        now=timezone.now(),
    )


def _schedule_saved(request: HttpRequest, result: SyncResult) -> None:
    messages.success(request, _("The dates have been saved."))
    if result.detached:
        messages.warning(
            request,
            ngettext(
                "%(n)s date that someone had changed was kept; it is now "
                "marked as no longer in the schedule.",
                "%(n)s dates that someone had changed were kept; they are now "
                "marked as no longer in the schedule.",
                result.detached,
            )
            % {"n": result.detached},
        )
    if result.reattached:
        messages.info(
            request,
            ngettext(
                "%(n)s date that someone had changed belongs to this rule again "
                "and keeps its change.",
                "%(n)s dates that someone had changed belong to this rule again "
                "and keep their changes.",
                result.reattached,
            )
            % {"n": result.reattached},
        )


@staff_view("offers.change_schedule")
@require_POST
def offer_schedule_preview(request: HttpRequest, access: CenterAccess, pk: int) -> HttpResponse:
    """The preview alone, for the editor's live update (JavaScript)."""
    offer = _offer(access, pk)
    form = ScheduleForm(request.POST, instance=Schedule(offer=offer), offer=offer)
    preview = None
    if form.is_valid():
        try:
            schedule_check(form.instance)
            preview = schedule_preview(offer=offer, schedule=form.instance)
        except ValidationError as error:
            form_refused(form, error)
    return render(
        request,
        "staff/_schedule_preview.html",
        {"form": form, "preview": preview, "live": True},
    )


@staff_view("offers.delete_schedule")
@require_POST
def offer_schedule_delete(
    request: HttpRequest, access: CenterAccess, pk: int, schedule_pk: int
) -> HttpResponse:
    """Remove a rule. If someone changed dates of it, a page lists them and asks first;
    removing it then is a second POST with ``confirm``."""
    offer = _offer(access, pk)
    schedule = get_object_or_404(Schedule, pk=schedule_pk, offer=offer)
    if "confirm" not in request.POST and (changed := schedule_changed_dates(schedule)):
        # Dates someone cancelled, moved or noted stay, without the rule: say so first.
        return staff_render(
            request,
            "staff/schedule_delete.html",
            access,
            offer=offer,
            schedule=schedule,
            changed=changed,
            version=_version(request),
        )
    try:
        result = schedule_delete(
            schedule=schedule, user=request.user, expected_version=_version(request)
        )
    except ValidationError as error:
        message_refused(request, error)
    else:
        messages.success(request, _("The rule has been removed."))
        if result.detached:
            messages.warning(request, _("Dates that someone had changed were kept and are marked."))
    return redirect("staff:offer_schedule", center=access.center.slug, pk=offer.pk)


def _version(request: HttpRequest) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


@staff_view("offers.change_schedule")
def offer_extra_date(request: HttpRequest, access: CenterAccess, pk: int) -> HttpResponse:
    offer = _offer(access, pk)
    if request.method == "POST":
        if repeated := already_done(request):
            return repeated
        form = ExtraDateForm(request.POST)
        if form.is_valid():
            try:
                added = offer_date_add(offer=offer, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form_refused(form, error)
            else:
                messages.success(request, _("The extra date has been added."))
                if added.has_state:
                    messages.warning(
                        request,
                        _(
                            "Someone had changed a date of this day that no rule gave any more "
                            "(cancelled, moved or with a note): the extra date takes it over "
                            "with that change. Please check it below."
                        ),
                    )
                return done(
                    request, reverse("staff:offer_schedule", args=[access.center.slug, offer.pk])
                )
    else:
        form = ExtraDateForm()
    return staff_render(request, "staff/extra_date.html", access, offer=offer, form=form)


@staff_view("offers.add_offer")
@require_POST
def offer_copy(request: HttpRequest, access: CenterAccess, pk: int) -> HttpResponse:
    if repeated := already_done(request):
        return repeated
    copy = offer_duplicate(offer=_offer(access, pk), user=request.user)
    messages.success(request, _("A copy was created as a draft. Adapt it and publish it."))
    return done(request, reverse("staff:offer_edit", args=[access.center.slug, copy.pk]))


@staff_view("offers.change_offer")
@require_POST
def offer_status(request: HttpRequest, access: CenterAccess, pk: int) -> HttpResponse:
    offer = _offer(access, pk)
    status = request.POST.get("status", "")
    if status not in Offer.Status.values:
        messages.error(request, _("This change of status is not possible."))
        return redirect("staff:offer_edit", center=access.center.slug, pk=offer.pk)
    try:
        offer_status_set(
            offer=offer, status=status, user=request.user, expected_version=_version(request)
        )
    except ValidationError as error:
        message_refused(request, error)
    else:
        messages.success(
            request,
            {
                Offer.Status.PUBLISHED: _("The offer is now visible to families."),
                Offer.Status.ARCHIVED: _("The offer has been archived."),
                Offer.Status.DRAFT: _("The offer is a draft again and no longer public."),
            }[status],
        )
    return redirect(
        safe_next(request, reverse("staff:offer_edit", args=[access.center.slug, offer.pk]))
    )


@staff_view("offers.change_offer")
@require_http_methods(["GET", "POST"])
def offer_checked(request: HttpRequest, access: CenterAccess, pk: int) -> HttpResponse:
    """ "Alles richtig": the offer is still right. GET (the link in the reminder mail)
    asks; POST marks it checked today."""
    offer = _offer(access, pk)
    if request.method == "GET":
        return staff_render(
            request,
            "staff/confirm_checked.html",
            access,
            title=offer.title,
            checked_on=offer.checked_on,
            view_url=offer.get_absolute_url(),
            edit_url=reverse("staff:offer_edit", args=[access.center.slug, offer.pk]),
            question=_("Is this offer still correct?"),
        )
    offer_reviewed(offer=offer, user=request.user)
    messages.success(request, _("Thank you – the offer is marked as checked today."))
    return redirect("staff:dashboard", center=access.center.slug)


@staff_view("offers.change_offer")
def offer_translations(request: HttpRequest, access: CenterAccess, pk: int) -> HttpResponse:
    offer = _offer(access, pk)
    return translations_page(
        request,
        access,
        offer,
        form_class=OfferTranslationForm,
        save=lambda code, values: offer_translation_save(
            offer=offer, language_code=code, values=values, user=request.user
        ),
        delete=lambda code: offer_translation_delete(
            offer=offer, language_code=code, user=request.user
        ),
        url=reverse("staff:offer_translations", args=[access.center.slug, offer.pk]),
        original=[
            (_("Title"), offer.title),
            (_("Summary"), offer.summary),
            (_("Description"), offer.description),
        ],
        offer=offer,
        subject=offer.title,
    )
