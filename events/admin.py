from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from events.forms import EventAdminForm
from events.models import Event, Forum, ProgrammeItem, TargetGroup


@admin.register(TargetGroup)
class TargetGroupAdmin(admin.ModelAdmin):
    list_display = ["name_de", "name_en", "code", "position"]
    search_fields = ["name_de", "name_en"]


class ProgrammeItemInline(admin.TabularInline):
    model = ProgrammeItem
    extra = 0
    fields = ["start_time", "end_time", "title", "speakers", "description"]


class ForumInline(admin.StackedInline):
    model = Forum
    extra = 0
    fields = [("title", "position"), "speakers", "description", "places"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    form = EventAdminForm
    inlines = [ProgrammeItemInline, ForumInline]
    list_display = ["title", "kind", "starts", "city", "center", "status", "is_demo"]
    list_filter = ["status", "kind", "is_demo", ("center", admin.EmptyFieldListFilter), "starts"]
    search_fields = ["title", "summary", "city", "venue_name", "center__name"]
    date_hierarchy = "starts"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["center"]
    list_select_related = ["center"]
    readonly_fields = ["latitude", "longitude"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "status", "is_demo", "center"]}),
        (_("When"), {"fields": [("starts", "ends"), "registration_deadline"]}),
        (
            _("Where"),
            {
                "fields": [
                    ("online", "online_url"),
                    "venue_name",
                    "street",
                    ("postcode", "city"),
                    ("latitude", "longitude"),
                ]
            },
        ),
        (
            _("About the event"),
            {"fields": ["summary", "description", "guiding_questions", "target_groups"]},
        ),
        (_("Fee and contact"), {"fields": ["fee", "contact_email"]}),
    ]
