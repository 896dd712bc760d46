from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from centers.forms import CenterForm, CenterPhotoForm
from centers.models import (
    Center,
    CenterPhoto,
    CenterTranslation,
    ChangeRecord,
    Cooperation,
    Invitation,
    Membership,
    OpeningHours,
    Operator,
    PlannerAccess,
    PlannerInvitation,
)
from centers.planners import planner_invitation_check, planner_invitation_send
from centers.services import invitation_check, invitation_send
from network.admin import ContentTranslationInline


@admin.register(Operator)
class OperatorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "center_count", "website"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(_center_count=Count("centers"))

    @admin.display(description=_("centres"), ordering="_center_count")
    def center_count(self, obj: Operator) -> int:
        return obj._center_count


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class CenterPhotoInline(admin.StackedInline):
    model = CenterPhoto
    form = CenterPhotoForm
    extra = 0


class CooperationInline(admin.TabularInline):
    model = Cooperation
    autocomplete_fields = ["partner"]
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    autocomplete_fields = ["user", "partner"]
    extra = 0


class CenterTranslationInline(ContentTranslationInline):
    model = CenterTranslation


@admin.register(Center)
class CenterAdmin(admin.ModelAdmin):
    form = CenterForm
    list_display = [
        "name",
        "operator",
        "sozialraum",
        "district",
        "postcode",
        "city",
        "thekiz_since",
        "is_active",
    ]
    list_filter = [
        "is_active",
        "sozialraum__district",
        "operator__kind",
        "step_free_access",
        "languages",
        "thekiz_since",
    ]
    list_select_related = ["operator", "sozialraum__district"]
    search_fields = ["name", "city", "postcode", "operator__name", "sozialraum__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["operator", "sozialraum"]
    filter_horizontal = ["languages"]
    readonly_fields = ["location_precision", "created_at", "updated_at"]
    inlines = [
        OpeningHoursInline,
        CenterPhotoInline,
        CooperationInline,
        MembershipInline,
        CenterTranslationInline,
    ]
    fieldsets = [
        (None, {"fields": ["name", "slug", "operator", "sozialraum", "thekiz_since", "is_active"]}),
        (_("Address"), {"fields": ["street", "postcode", "city", "nearest_stop"]}),
        (
            _("Location"),
            {
                "fields": ["latitude", "longitude", "location_precision"],
                "description": _(
                    "Leave the coordinates empty to use the centre of the postcode area."
                ),
            },
        ),
        (_("Contact"), {"fields": ["phone", "email", "website"]}),
        (_("Description"), {"fields": ["summary", "description", "highlights", "languages"]}),
        (
            _("Accessibility"),
            {
                "fields": [
                    "step_free_access",
                    "accessible_toilet",
                    "pram_friendly",
                    "baby_changing",
                    "accessibility_note",
                ]
            },
        ),
        (_("Record"), {"fields": ["last_reviewed", "created_at", "updated_at"]}),
    ]

    @admin.display(description=_("district"), ordering="sozialraum__district__name")
    def district(self, obj: Center) -> str:
        return obj.sozialraum.district.name


@admin.register(Cooperation)
class CooperationAdmin(admin.ModelAdmin):
    list_display = ["center", "partner", "kind", "since", "ended_on"]
    list_filter = ["kind", "partner__kind", "center__sozialraum__district", "ended_on"]
    list_select_related = ["center", "partner"]
    search_fields = ["center__name", "partner__name", "topics"]
    autocomplete_fields = ["center", "partner"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "center", "role", "partner", "created_at"]
    list_filter = ["role", "center__sozialraum__district"]
    list_select_related = ["user", "center", "partner"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "center__name"]
    autocomplete_fields = ["user", "center", "partner"]


class InvitationAdminForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "name", "center", "role", "partner"]

    def clean(self) -> dict:
        # The service's refusal (in the team already, deactivated) shown on the form.
        cleaned = super().clean()
        if cleaned.get("email") and cleaned.get("center"):
            try:
                invitation_check(email=cleaned["email"], center=cleaned["center"])
            except ValidationError as error:
                self.add_error("email", error)
        return cleaned


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invite a person to a centre: the form sends the e-mail (with the link to set a
    password, or for someone with an account the request to sign in and accept)."""

    form = InvitationAdminForm

    list_display = ["email", "center", "role", "invited_by", "created_at", "accepted_at"]
    list_filter = ["role", "center__sozialraum__district"]
    list_select_related = ["center", "invited_by"]
    search_fields = ["email", "name", "center__name"]
    autocomplete_fields = ["center", "partner"]
    fields = ["email", "name", "center", "role", "partner"]

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # an invitation is sent, not edited; invite again for a new link

    def save_model(self, request: HttpRequest, obj: Invitation, form, change) -> None:
        invitation = invitation_send(
            email=obj.email,
            name=obj.name,
            center=obj.center,
            role=obj.role,
            partner=obj.partner,
            invited_by=request.user,
            base_url=request.build_absolute_uri("/"),
        )
        obj.pk = invitation.pk


class PlannerInvitationAdminForm(forms.ModelForm):
    """E-mail, name and districts: nothing else can be given with it."""

    class Meta:
        model = PlannerInvitation
        fields = ["email", "name", "districts"]
        widgets = {"districts": forms.CheckboxSelectMultiple}

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("email") and cleaned.get("districts"):
            try:
                planner_invitation_check(email=cleaned["email"], districts=cleaned["districts"])
            except ValidationError as error:
                self.add_error("email", error)
        return cleaned


@admin.register(PlannerInvitation)
class PlannerInvitationAdmin(admin.ModelAdmin):
    """Invite a municipal planner for one or more districts: the form sends the e-mail. On
    acceptance the person may see these districts' figures (planner access), nothing else."""

    form = PlannerInvitationAdminForm

    list_display = ["email", "name", "district_names", "invited_by", "created_at", "accepted_at"]
    list_filter = ["districts"]
    list_select_related = ["invited_by"]
    search_fields = ["email", "name"]
    fields = ["email", "name", "districts"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("districts")

    @admin.display(description=_("districts"))
    def district_names(self, obj: PlannerInvitation) -> str:
        return ", ".join(district.name for district in obj.districts.all())

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # an invitation is sent, not edited; invite again for a new link

    def save_model(self, request: HttpRequest, obj: PlannerInvitation, form, change) -> None:
        invitation = planner_invitation_send(
            email=obj.email,
            name=obj.name,
            districts=form.cleaned_data["districts"],
            invited_by=request.user,
            base_url=request.build_absolute_uri("/"),
        )
        obj.pk = invitation.pk

    def save_related(self, request: HttpRequest, form, formsets, change) -> None:
        pass  # the service has set the districts


@admin.register(PlannerAccess)
class PlannerAccessAdmin(admin.ModelAdmin):
    """Who may see which district's figures. Access comes from accepted invitations only;
    deleting a row takes the district away at once."""

    list_display = ["user", "district", "granted_by", "created_at"]
    list_filter = ["district"]
    list_select_related = ["user", "district", "granted_by"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "district__name"]
    fields = ["user", "district", "granted_by", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # through an invitation, which the person accepts

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin):
    """Who changed what and when in the staff area (read-only)."""

    list_display = ["created_at", "center", "user", "proposed_by", "action", "what"]
    list_filter = ["action", "kind", "center__sozialraum__district"]
    list_select_related = ["center", "user", "proposed_by"]
    search_fields = ["subject", "center__name", "user__email"]
    date_hierarchy = "created_at"
    fields = ["created_at", "center", "user", "proposed_by", "action", "what", "details"]
    readonly_fields = fields
    show_full_result_count = False

    @admin.display(description=_("what"), ordering="subject")
    def what(self, record: ChangeRecord) -> str:
        return record.title

    @admin.display(description=_("details"))
    def details(self, record: ChangeRecord) -> str:
        lines = record.lines()
        if not lines:
            return "–"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "", "<li>{}: {} → {}</li>", ((ln.label, ln.before, ln.after) for ln in lines)
            ),
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
