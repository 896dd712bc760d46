from django import forms
from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from common.admin import NamedListEditableMixin
from network.forms import LocatedFormMixin
from network.models import District, Language, Partner, Place, Sozialraum


class SozialraumInline(admin.TabularInline):
    model = Sozialraum
    fields = ["name", "slug", "postcodes"]
    prepopulated_fields = {"slug": ["name"]}
    extra = 0
    show_change_link = True


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    """The 22 districts are facts from a migration: they can be read and renamed, not added."""

    list_display = ["name", "ags", "kind", "sozialraum_count"]
    list_filter = ["kind"]
    search_fields = ["name", "ags"]
    readonly_fields = ["ags"]
    inlines = [SozialraumInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(_sozialraum_count=Count("sozialraeume"))

    @admin.display(description=_("Sozialräume"), ordering="_sozialraum_count")
    def sozialraum_count(self, obj: District) -> int:
        return obj._sozialraum_count

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Sozialraum)
class SozialraumAdmin(admin.ModelAdmin):
    list_display = ["name", "district", "postcodes", "center_count", "partner_count"]
    list_filter = ["district"]
    list_select_related = ["district"]
    search_fields = ["name", "postcodes", "district__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["district"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(
                _center_count=Count("centers", distinct=True),
                _partner_count=Count("partners", distinct=True),
            )
        )

    @admin.display(description=_("centres"), ordering="_center_count")
    def center_count(self, obj: Sozialraum) -> int:
        return obj._center_count

    @admin.display(description=_("partners"), ordering="_partner_count")
    def partner_count(self, obj: Sozialraum) -> int:
        return obj._partner_count


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    """Read-only view of the gazetteer (reloaded with `manage.py places_import`)."""

    list_display = ["name", "town", "state", "population", "latitude", "longitude"]
    list_filter = ["source", "state"]
    search_fields = ["name", "town", "search_name"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Language)
class LanguageAdmin(NamedListEditableMixin, admin.ModelAdmin):
    list_display = ["name_de", "name_en", "code", "position", "content_language", "direction"]
    list_editable = ["position", "content_language"]
    list_filter = ["content_language", "direction"]
    search_fields = ["name_de", "name_en", "native_name", "code"]


class ContentTranslationInline(admin.StackedInline):
    """The translations of an offer or a centre (django-parler rows), one per content
    language. Whoever may change the object may change its translations."""

    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        choices = [(lang.code, lang.label) for lang in Language.objects.for_content()]
        kwargs["widgets"] = {"language_code": forms.Select(choices=choices)}
        return super().get_formset(request, obj, **kwargs)

    def _parent_permission(self, request: HttpRequest, action: str) -> bool:
        opts = self.parent_model._meta
        return request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._parent_permission(request, "view")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._parent_permission(request, "change")

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._parent_permission(request, "change")

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._parent_permission(request, "change")


class PartnerForm(LocatedFormMixin):
    class Meta:
        model = Partner
        fields = "__all__"


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    form = PartnerForm
    list_display = ["name", "kind", "postcode", "city", "is_active", "updated_at"]
    list_filter = ["kind", "is_active", "languages", "sozialraeume__district"]
    search_fields = ["name", "services", "city", "postcode", "email"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["sozialraeume", "languages"]
    readonly_fields = ["location_precision", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "services", "languages", "is_active"]}),
        (_("Address"), {"fields": ["street", "postcode", "city"]}),
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
        (_("Sozialräume served"), {"fields": ["sozialraeume"]}),
        (_("Record"), {"fields": ["updated_at"]}),
    ]
