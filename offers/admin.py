from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.admin import NamedListEditableMixin
from network.admin import ContentTranslationInline
from offers.forms import OfferAdminForm
from offers.models import (
    Attendance,
    Audience,
    CalendarSubscription,
    Category,
    Closure,
    Occurrence,
    Offer,
    OfferTranslation,
    Proposal,
    ProposalDateCancel,
    ProposalScheduleChange,
    Schedule,
)
from offers.services import (
    closure_delete,
    closure_save,
    occurrence_cancel,
    occurrence_move,
    occurrence_note_set,
    occurrence_restore,
    offer_occurrences_sync,
    offer_save,
    offer_status_set,
)


@admin.register(Category)
class CategoryAdmin(NamedListEditableMixin, admin.ModelAdmin):
    list_display = ["name_de", "name_en", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name_de"]}
    search_fields = ["name_de", "name_en"]


@admin.register(Audience)
class AudienceAdmin(admin.ModelAdmin):
    list_display = ["name_de", "name_en", "code", "position"]
    search_fields = ["name_de", "name_en"]


class ScheduleInline(admin.StackedInline):
    model = Schedule
    extra = 0
    fields = [
        ("frequency", "start_date"),
        ("start_time", "end_time"),
        ("interval", "weekdays", "month_week"),
        ("until", "count"),
    ]


class OccurrenceInline(admin.TabularInline):
    """The offer's upcoming dates, read-only here: change one through its own page."""

    model = Occurrence
    fields = ["start", "end", "cancelled", "cancel_reason", "off_reason", "moved", "detached"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("upcoming dates")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).filter(end__gte=timezone.now())


class OfferTranslationInline(ContentTranslationInline):
    model = OfferTranslation


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    form = OfferAdminForm
    list_display = ["title", "center", "host", "status", "last_reviewed", "updated_at"]
    list_filter = [
        "status",
        "host",
        "categories",
        "registration",
        "cost",
        "place",
        "center__sozialraum__district",
    ]
    list_select_related = ["center"]
    search_fields = ["title", "summary", "center__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["center", "partner"]
    filter_horizontal = ["categories", "audiences", "languages"]
    inlines = [ScheduleInline, OccurrenceInline, OfferTranslationInline]
    actions = ["publish", "archive"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description", "status", "last_reviewed"]}),
        (_("Host"), {"fields": ["host", "center", "partner"]}),
        (
            _("For whom"),
            {
                "fields": [
                    "categories",
                    "audiences",
                    ("age_min_months", "age_max_months"),
                    "languages",
                ]
            },
        ),
        (
            _("Cost and registration"),
            {
                "fields": [
                    ("cost", "cost_amount"),
                    "cost_note",
                    ("registration", "capacity"),
                    ("registration_counting", "registration_closes_hours"),
                    ("registration_max_adults", "registration_max_children"),
                    "registration_info",
                ]
            },
        ),
        (
            _("Place"),
            {
                "fields": [
                    "place",
                    "place_name",
                    "street",
                    ("postcode", "city"),
                    ("latitude", "longitude"),
                    "online_url",
                ]
            },
        ),
        (_("Accessibility"), {"fields": ["barrier_free", "pram_friendly", "childcare"]}),
        (_("Calendar"), {"fields": ["runs_on_holidays", "skip_school_holidays"]}),
        (
            _("Image and contact"),
            {"fields": ["image", "image_alt", "contact_name", "contact_phone", "contact_email"]},
        ),
    ]

    def save_model(self, request, obj: Offer, form, change) -> None:
        # Through the service: version, image sizes for srcset, change record. The lists
        # (categories, …) and the schedules follow with save_related, the dates after them.
        offer_save(offer=obj, m2m={}, user=request.user, sync_dates=False)

    def save_related(self, request, form, formsets, change) -> None:
        # The schedules are saved with the inlines: expand them afterwards, once.
        super().save_related(request, form, formsets, change)
        result = offer_occurrences_sync(form.instance)
        if result.detached:
            self.message_user(
                request,
                ngettext(
                    "%(n)s date with changes was kept although the schedule no longer has it.",
                    "%(n)s dates with changes were kept although the schedule no longer has them.",
                    result.detached,
                )
                % {"n": result.detached},
                messages.WARNING,
            )

    def _status_set(self, request: HttpRequest, queryset: QuerySet, status: str) -> None:
        """Each offer through offer_status_set, as in the staff area: an offer without
        dates is not published, and every change is recorded."""
        changed = 0
        for offer in queryset.select_related("center"):
            try:
                offer_status_set(offer=offer, status=status, user=request.user)
            except ValidationError as error:
                self.message_user(
                    request, f"{offer.title}: {' '.join(error.messages)}", messages.ERROR
                )
            else:
                changed += 1
        if changed:
            self.message_user(
                request,
                ngettext("%(n)s offer changed.", "%(n)s offers changed.", changed) % {"n": changed},
                messages.SUCCESS,
            )

    @admin.action(description=_("Publish selected offers"))
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._status_set(request, queryset, Offer.Status.PUBLISHED)

    @admin.action(description=_("Archive selected offers"))
    def archive(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._status_set(request, queryset, Offer.Status.ARCHIVED)


class OccurrenceForm(forms.ModelForm):
    class Meta:
        model = Occurrence
        fields = ["start", "end", "cancelled", "cancel_reason", "note"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("cancelled") and not (cleaned.get("cancel_reason") or "").strip():
            self.add_error("cancel_reason", _("Please give a reason – families will read it."))
        if (
            "cancelled" in self.changed_data
            and not cleaned.get("cancelled")
            and self.instance.detached
        ):
            # occurrence_restore refuses it; say so on the field instead of failing.
            self.add_error(
                "cancelled",
                _(
                    "This date is no longer in the schedule, so it cannot take place. Add an "
                    "extra date or a rule for this day instead: it takes the date over."
                ),
            )
        start, end = cleaned.get("start"), cleaned.get("end")
        if {"start", "end"} & set(self.changed_data) and start and end:
            if end <= start:
                self.add_error("end", _("The end must be after the start."))
            elif start <= timezone.now():
                self.add_error("start", _("A date cannot be moved into the past."))
        if self.instance.end and self.instance.end <= timezone.now() and self.changed_data:
            raise forms.ValidationError(_("This date is in the past and can no longer be changed."))
        return cleaned


@admin.register(Occurrence)
class OccurrenceAdmin(admin.ModelAdmin):
    """One date. Cancelling and moving go through the same services as the staff area."""

    form = OccurrenceForm
    list_display = ["offer", "start", "end", "cancelled", "off_reason", "moved", "detached"]
    list_filter = [
        "cancelled",
        "off_reason",
        "moved",
        "detached",
        "offer__center__sozialraum__district",
    ]
    list_select_related = ["offer"]
    search_fields = ["offer__title", "offer__center__name", "cancel_reason", "note"]
    date_hierarchy = "start"
    fields = [
        "offer",
        "original_date",
        "original_time",
        "start",
        "end",
        "cancelled",
        "cancel_reason",
        "note",
        "off_reason",
        "closure",
        "moved",
        "detached",
    ]
    readonly_fields = [
        "offer",
        "original_date",
        "original_time",
        "off_reason",
        "closure",
        "detached",
        "moved",
    ]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # dates come from schedules (an extra date is a one-off schedule)

    def save_model(self, request, obj: Occurrence, form, change) -> None:
        if {"start", "end"} & set(form.changed_data):
            start, end = timezone.localtime(obj.start), timezone.localtime(obj.end)
            obj = occurrence_move(
                occurrence=obj,
                day=start.date(),
                start_time=start.time(),
                end_time=end.time(),
                user=request.user,
            )
        if "cancelled" in form.changed_data or "cancel_reason" in form.changed_data:
            if form.cleaned_data["cancelled"]:
                obj = occurrence_cancel(
                    occurrence=obj, reason=form.cleaned_data["cancel_reason"], user=request.user
                )
            else:
                obj = occurrence_restore(occurrence=obj, user=request.user)
        if "note" in form.changed_data:
            occurrence_note_set(occurrence=obj, note=form.cleaned_data["note"], user=request.user)


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    """Closures of a centre; saving re-applies them to the centre's dates."""

    list_display = ["center", "title", "start_date", "end_date"]
    list_filter = ["center__sozialraum__district"]
    list_select_related = ["center"]
    search_fields = ["center__name", "title"]
    autocomplete_fields = ["center"]
    date_hierarchy = "start_date"

    def save_model(self, request, obj: Closure, form, change) -> None:
        closure_save(closure=obj, user=request.user)

    def delete_model(self, request, obj: Closure) -> None:
        closure_delete(closure=obj, user=request.user)

    def delete_queryset(self, request, queryset: QuerySet) -> None:
        for closure in queryset.select_related("center"):
            closure_delete(closure=closure)


@admin.register(CalendarSubscription)
class CalendarSubscriptionAdmin(admin.ModelAdmin):
    """The centres' subscribed calendars, imported nightly (``calendar_subscriptions_sync``);
    the office sees which ones fail and can end a subscription."""

    list_display = ["center", "url", "last_synced_at", "last_error_at", "last_error"]
    list_filter = ["center__sozialraum__district"]
    list_select_related = ["center"]
    search_fields = ["center__name", "url"]
    autocomplete_fields = ["center"]
    readonly_fields = ["last_synced_at", "last_error", "last_error_at"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    """Who came to each date, counts only: the centres record it, the office reads it.
    Who recorded it is left out (no names)."""

    list_display = ["date", "offer", "center", "took_place", "adults", "children", "source"]
    list_filter = [
        "took_place",
        "source",
        "occurrence__offer__center__sozialraum__district",
        "occurrence__offer__registration",
    ]
    list_select_related = ["occurrence__offer__center"]
    search_fields = ["occurrence__offer__center__name", "occurrence__offer__title"]
    date_hierarchy = "occurrence__start"
    ordering = ["-occurrence__start"]
    fields = ["occurrence", "took_place", "adults", "children", "source", "recorded_at"]
    readonly_fields = fields
    show_full_result_count = False

    @admin.display(description=_("date"), ordering="occurrence__start")
    def date(self, attendance: Attendance) -> str:
        return timezone.localtime(attendance.occurrence.start).strftime("%d.%m.%Y %H:%M")

    @admin.display(description=_("offer"), ordering="occurrence__offer__title")
    def offer(self, attendance: Attendance) -> str:
        return attendance.occurrence.offer.title

    @admin.display(description=_("centre"), ordering="occurrence__offer__center__name")
    def center(self, attendance: Attendance) -> str:
        return str(attendance.occurrence.offer.center or "")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # recorded in "Mein ThEKiZ" or by the check-in

    def has_change_permission(self, request: HttpRequest, obj: Attendance | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Attendance | None = None) -> bool:
        return False


class _ProposalRowsInline(admin.TabularInline):
    """What a change proposal does to the offer's rules and dates (read-only)."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ProposalScheduleChangeInline(_ProposalRowsInline):
    model = ProposalScheduleChange
    fields = ["rule", "action", "ends_on"]


class ProposalDateCancelInline(_ProposalRowsInline):
    model = ProposalDateCancel
    fields = ["starts_at", "reason"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    """Partners' proposals and the centres' answers (read-only: the centres answer them in
    Mein ThEKiZ)."""

    inlines = [ProposalScheduleChangeInline, ProposalDateCancelInline]
    list_display = ["title", "center", "partner", "status", "updated_at"]
    list_filter = ["status", "center__sozialraum__district"]
    list_select_related = ["center", "partner"]
    search_fields = ["title", "center__name", "partner__name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
