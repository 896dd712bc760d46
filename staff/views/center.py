"""Staff views for the centre itself: profile, opening hours, photos, cooperations, team."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from centers.access import CenterAccess
from centers.models import CenterPhoto, Cooperation, Invitation, Membership
from centers.services import (
    center_profile_update,
    center_reviewed,
    center_translation_delete,
    center_translation_save,
    cooperation_delete,
    cooperation_save,
    invitation_send,
    membership_remove,
    opening_hours_set,
    photo_add,
    photo_delete,
)
from staff.base import (
    already_done,
    done,
    form_refused,
    message_refused,
    staff_render,
    staff_view,
)
from staff.forms.center import (
    CenterProfileForm,
    CenterTranslationForm,
    CooperationForm,
    InvitationForm,
    OpeningHoursFormSet,
    PhotoForm,
)
from staff.views.translations import translations_page


@staff_view("centers.change_center")
def profile(request: HttpRequest, access: CenterAccess) -> HttpResponse:
    center = access.center
    if request.method == "POST":
        form = CenterProfileForm(request.POST, instance=center)
        if form.is_valid():
            data = {name: value for name, value in form.cleaned_data.items() if name != "languages"}
            try:
                center_profile_update(
                    center=center,
                    data=data,
                    languages=form.cleaned_data["languages"],
                    user=request.user,
                )
            except ValidationError as error:
                form_refused(form, error)
            else:
                messages.success(request, _("The profile has been saved."))
                return redirect("staff:profile", center=center.slug)
    else:
        form = CenterProfileForm(instance=center)
    return staff_render(request, "staff/profile.html", access, form=form)


@staff_view("centers.change_center")
@require_http_methods(["GET", "POST"])
def profile_checked(request: HttpRequest, access: CenterAccess) -> HttpResponse:
    """ "Angaben geprüft": the profile is still right, as it is. GET (the link in the
    reminder mail) asks; POST marks it checked today."""
    if request.method == "GET":
        return staff_render(
            request,
            "staff/confirm_checked.html",
            access,
            title=access.center.name,
            checked_on=access.center.checked_on,
            view_url=access.center.get_absolute_url(),
            edit_url=reverse("staff:profile", args=[access.center.slug]),
            question=_("Is the centre's profile still correct?"),
        )
    center_reviewed(center=access.center, user=request.user)
    messages.success(request, _("Thank you – the profile is marked as checked today."))
    return redirect("staff:profile", center=access.center.slug)


@staff_view("centers.change_openinghours")
def opening_hours(request: HttpRequest, access: CenterAccess) -> HttpResponse:
    center = access.center
    if request.method == "POST":
        formset = OpeningHoursFormSet(request.POST)
        if formset.is_valid():
            hours = [
                (
                    form.cleaned_data["weekday"],
                    form.cleaned_data["opens"],
                    form.cleaned_data["closes"],
                )
                for form in formset.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
            opening_hours_set(center=center, hours=hours, user=request.user)
            messages.success(request, _("The opening hours have been saved."))
            return redirect("staff:opening_hours", center=center.slug)
    else:
        formset = OpeningHoursFormSet(
            initial=[
                {"weekday": entry.weekday, "opens": entry.opens, "closes": entry.closes}
                for entry in center.opening_hours.all()
            ]
        )
    return staff_render(request, "staff/opening_hours.html", access, formset=formset)


@staff_view("centers.view_centerphoto")
def photos(request: HttpRequest, access: CenterAccess) -> HttpResponse:
    center = access.center
    if request.method == "POST":
        access.require("centers.add_centerphoto")
        if repeated := already_done(request):
            return repeated
        form = PhotoForm(request.POST, request.FILES, owner=request.user.pk)
        if form.is_valid():
            try:
                photo_add(
                    center=center,
                    upload=form.cleaned_data["image"],
                    alt_text=form.cleaned_data["alt_text"],
                    caption=form.cleaned_data["caption"],
                    user=request.user,
                )
            except ValidationError as error:
                form.add_error("image", error)
            else:
                form.image_done()
                messages.success(request, _("The photo has been added."))
                return done(request, reverse("staff:photos", args=[center.slug]))
        form.image_keep()
    else:
        form = PhotoForm()
    return staff_render(
        request,
        "staff/photos.html",
        access,
        form=form,
        photos=center.photos.all(),
    )


@staff_view("centers.delete_centerphoto")
@require_POST
def photo_remove(request: HttpRequest, access: CenterAccess, pk: int) -> HttpResponse:
    photo = get_object_or_404(CenterPhoto, pk=pk, center=access.center)
    photo_delete(photo=photo, user=request.user)
    messages.success(request, _("The photo has been removed."))
    return redirect("staff:photos", center=access.center.slug)


@staff_view("centers.view_cooperation")
def cooperations(request: HttpRequest, access: CenterAccess) -> HttpResponse:
    return _cooperation_page(request, access, Cooperation(center=access.center))


@staff_view("centers.change_cooperation")
def cooperation_edit(request: HttpRequest, access: CenterAccess, pk: int) -> HttpResponse:
    cooperation = get_object_or_404(Cooperation, pk=pk, center=access.center)
    return _cooperation_page(request, access, cooperation)


def _cooperation_page(request, access, cooperation: Cooperation) -> HttpResponse:
    center = access.center
    creating = cooperation.pk is None
    if request.method == "POST":
        access.require("centers.add_cooperation" if creating else "centers.change_cooperation")
        if creating and (repeated := already_done(request)):
            return repeated
        form = CooperationForm(request.POST, instance=cooperation, center=center)
        if form.is_valid():
            cooperation_save(cooperation=form.save(commit=False), user=request.user)
            messages.success(request, _("The cooperation has been saved."))
            return done(request, reverse("staff:cooperations", args=[center.slug]))
    else:
        form = CooperationForm(instance=cooperation, center=center)
    return staff_render(
        request,
        "staff/cooperations.html",
        access,
        form=form,
        cooperation=cooperation,
        cooperations=center.cooperations.select_related("partner"),
    )


@staff_view("centers.delete_cooperation")
@require_POST
def cooperation_remove(request: HttpRequest, access: CenterAccess, pk: int) -> HttpResponse:
    cooperation = get_object_or_404(
        Cooperation.objects.select_related("partner"), pk=pk, center=access.center
    )
    cooperation_delete(cooperation=cooperation, user=request.user)
    messages.success(request, _("The cooperation has been removed."))
    return redirect("staff:cooperations", center=access.center.slug)


@staff_view("centers.view_membership")
def team(request: HttpRequest, access: CenterAccess) -> HttpResponse:
    center = access.center
    if request.method == "POST":
        access.require("centers.add_membership")
        if repeated := already_done(request):
            return repeated
        form = InvitationForm(request.POST, center=center)
        if form.is_valid():
            try:
                invitation_send(
                    center=center,
                    invited_by=request.user,
                    base_url=request.build_absolute_uri("/"),
                    **form.cleaned_data,
                )
            except ValidationError as error:
                form_refused(form, error)
            else:
                messages.success(
                    request,
                    _("The invitation has been sent to %(email)s.") % form.cleaned_data,
                )
                return done(request, reverse("staff:team", args=[center.slug]))
    else:
        form = InvitationForm(center=center)
    members = (
        Membership.objects.filter(center=center)
        .select_related("user", "partner")
        .order_by("user__last_name", "user__email")
    )
    invitations = Invitation.objects.open().filter(center=center).order_by("-created_at")
    return staff_render(
        request,
        "staff/team.html",
        access,
        form=form,
        members=members,
        invitations=invitations,
    )


@staff_view("centers.delete_membership")
@require_POST
def team_remove(request: HttpRequest, access: CenterAccess, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=pk, center=access.center
    )
    try:
        membership_remove(membership=membership, by=request.user)
    except ValidationError as error:
        message_refused(request, error)
    else:
        messages.success(request, _("The person no longer belongs to the team."))
    return redirect("staff:team", center=access.center.slug)


@staff_view("centers.change_center")
def center_translations(request: HttpRequest, access: CenterAccess) -> HttpResponse:
    center = access.center
    return translations_page(
        request,
        access,
        center,
        form_class=CenterTranslationForm,
        save=lambda code, values: center_translation_save(
            center=center, language_code=code, values=values, user=request.user
        ),
        delete=lambda code: center_translation_delete(
            center=center, language_code=code, user=request.user
        ),
        url=reverse("staff:center_translations", args=[center.slug]),
        original=[(_("Short description"), center.summary), (_("Description"), center.description)],
        subject=_("Profile of the centre"),
    )
