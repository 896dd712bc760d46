import tablib
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.certificates import certificate_ready, certificates_pdf, certificates_send
from events.forms import EventAdminForm
from events.models import Event, Forum, Participant, ProgrammeItem, TargetGroup
from events.services import event_places_sync, participants_mark_attendance
from registrations.models import Registration


@admin.register(TargetGroup)
class TargetGroupAdmin(admin.ModelAdmin):
    list_display = ["name_de", "name_en", "code", "position"]
    search_fields = ["name_de", "name_en"]


class ProgrammeItemInline(admin.TabularInline):
    model = ProgrammeItem
    extra = 0
    fields = ["start_time", "end_time", "title", "speakers", "description"]


class ForumFormSet(BaseInlineFormSet):
    """A forum that people hold or wait for a place in is not deleted: its sign-ups would
    be left without a forum. The office lowers its places or asks the people first."""

    def clean(self) -> None:
        super().clean()
        for form in self.deleted_forms:
            forum = form.instance
            if forum.pk and forum.capacity_id and forum.capacity.registrations.active().exists():
                raise ValidationError(
                    _("“%(forum)s” has sign-ups and cannot be deleted.") % {"forum": forum.title}
                )


class ForumInline(admin.StackedInline):
    model = Forum
    formset = ForumFormSet
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
        (_("When"), {"fields": [("starts", "ends")]}),
        (_("Sign-up"), {"fields": ["places", "registration_deadline"]}),
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

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # The places of the event and its forums, once the forums are saved.
        event_places_sync(form.instance)


def _participant_rows(participants) -> tablib.Dataset:
    data = tablib.Dataset(
        headers=[
            str(_("name")),
            str(_("e-mail")),
            str(_("organisation")),
            str(_("function")),
            str(_("status")),
            str(_("forum")),
            str(_("forum status")),
            str(_("first choice")),
            str(_("second choice")),
            str(_("accessibility needs")),
            str(_("dietary needs")),
            str(_("invoice address")),
            str(_("signed up")),
        ]
    )
    for participant in participants:
        registration = participant.registration
        forum_registration = participant.forum_registration
        forum = getattr(forum_registration.capacity, "forum", None) if forum_registration else None
        data.append(
            [
                registration.name,
                registration.email,
                participant.organisation,
                participant.function.name if participant.function else "",
                registration.get_status_display(),
                forum.title if forum else "",
                forum_registration.get_status_display() if forum_registration else "",
                participant.first_choice.title if participant.first_choice else "",
                participant.second_choice.title if participant.second_choice else "",
                registration.note,
                participant.dietary_needs,
                participant.invoice_address,
                timezone.localtime(registration.created_at).strftime("%d.%m.%Y %H:%M"),
            ]
        )
    return data


class ForumFilter(admin.SimpleListFilter):
    title = _("forum")
    parameter_name = "forum"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[int, str]]:
        forums = Forum.objects.select_related("event").order_by("event__starts", "position")
        return [(forum.pk, f"{forum.event.title}: {forum.title}") for forum in forums]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value():
            return queryset.filter(
                forum_registration__capacity__forum=self.value(),
                forum_registration__status__in=[
                    Registration.Status.CONFIRMED,
                    Registration.Status.WAITLISTED,
                ],
            )
        return queryset


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    """The office's participant list of the events it hosts: filter, export, print name
    badges. Sign-ups come from the public form; cancelling goes through the personal link."""

    list_display = ["name", "organisation", "function", "status", "forum", "came", "event"]
    list_filter = [
        "event",
        "registration__status",
        "registration__attended",
        "function",
        ForumFilter,
    ]
    search_fields = ["registration__name", "registration__email", "organisation"]
    list_select_related = [
        "event",
        "registration",
        "function",
        "first_choice",
        "second_choice",
        "forum_registration__capacity__forum",
    ]
    actions = [
        "export_csv",
        "export_xlsx",
        "print_badges",
        "mark_present",
        "mark_absent",
        "download_certificates",
        "send_certificates",
    ]
    fields = [
        "event",
        "registration",
        "organisation",
        "function",
        "first_choice",
        "second_choice",
        "forum_registration",
        "dietary_needs",
        "invoice_address",
    ]
    readonly_fields = ["event", "registration", "forum_registration"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # The office's own events only: who signs up for a centre's meeting is the centre's.
        return super().get_queryset(request).filter(event__center__isnull=True)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=_("name"), ordering="registration__name")
    def name(self, participant: Participant) -> str:
        return participant.registration.name

    @admin.display(description=_("status"), ordering="registration__status")
    def status(self, participant: Participant) -> str:
        return participant.registration.get_status_display()

    @admin.display(description=_("came"), boolean=True, ordering="registration__attended")
    def came(self, participant: Participant) -> bool | None:
        return participant.registration.attended

    @admin.action(description=_("Mark as present"), permissions=["change"])
    def mark_present(self, request: HttpRequest, queryset: QuerySet) -> None:
        marked = participants_mark_attendance(list(queryset), came=True)
        self.message_user(request, _("%(count)s marked as present.") % {"count": marked})

    @admin.action(description=_("Mark as absent"), permissions=["change"])
    def mark_absent(self, request: HttpRequest, queryset: QuerySet) -> None:
        marked = participants_mark_attendance(list(queryset), came=False)
        self.message_user(request, _("%(count)s marked as absent.") % {"count": marked})

    def _ready(self, request: HttpRequest, queryset: QuerySet) -> list[Participant]:
        ready = [p for p in queryset.order_by("registration__name") if certificate_ready(p)]
        if not ready:
            self.message_user(
                request,
                _("Certificates are only for people marked present at an event that is over."),
                messages.WARNING,
            )
        return ready

    @admin.action(description=_("Certificates of attendance (PDF)"), permissions=["view"])
    def download_certificates(self, request: HttpRequest, queryset: QuerySet):
        ready = self._ready(request, queryset)
        if not ready:
            return None
        response = HttpResponse(certificates_pdf(ready), content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="teilnahmebescheinigungen.pdf"'
        return response

    @admin.action(
        description=_("Send certificates of attendance by e-mail"), permissions=["change"]
    )
    def send_certificates(self, request: HttpRequest, queryset: QuerySet) -> None:
        if ready := self._ready(request, queryset):
            sent = certificates_send(ready)
            self.message_user(
                request, _("%(count)s certificates are being sent.") % {"count": sent}
            )

    @admin.display(description=_("forum"))
    def forum(self, participant: Participant) -> str:
        forum = participant.forum
        if forum is None:
            return "–"
        if participant.forum_registration.status == Registration.Status.WAITLISTED:
            return _("%(forum)s (waiting list)") % {"forum": forum.title}
        return forum.title

    def _export(self, queryset: QuerySet, file_format: str, content_type: str) -> HttpResponse:
        data = _participant_rows(queryset.order_by("event__starts", "registration__name"))
        response = HttpResponse(data.export(file_format), content_type=content_type)
        day = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="teilnehmende-{day}.{file_format}"'
        return response

    @admin.action(description=_("Export as CSV"), permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        return self._export(queryset, "csv", "text/csv; charset=utf-8")

    @admin.action(description=_("Export as Excel (XLSX)"), permissions=["view"])
    def export_xlsx(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        return self._export(
            queryset,
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )

    @admin.action(description=_("Print name badges"), permissions=["view"])
    def print_badges(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        participants = queryset.filter(registration__status=Registration.Status.CONFIRMED)
        return render(
            request,
            "admin/events/participant/badges.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Name badges"),
                "participants": participants.order_by("registration__name"),
                "opts": self.model._meta,
            },
        )
