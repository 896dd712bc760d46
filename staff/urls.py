"""URLs of "Mein ThEKiZ", the staff area. Every page below a centre goes through the
person's scope (centers.access): another centre's objects are a 404."""

from django.urls import path

from offers.statistics import Scope
from staff.views import (
    accounts,
    attendance,
    center,
    dashboard,
    dates,
    events,
    imports,
    offers,
    proposals,
    registrations,
    statistics,
)

app_name = "staff"

urlpatterns = [
    path("", dashboard.home, name="home"),
    # Invitations to this account (answered before "<centre>/…": no centre path looks so).
    path("einladungen/<int:pk>/annehmen/", accounts.invitation_join, name="invitation_join"),
    path("einladungen/<int:pk>/ablehnen/", accounts.invitation_refuse, name="invitation_refuse"),
    path(
        "einladungen/planung/<int:pk>/annehmen/",
        accounts.planner_invitation_join,
        name="planner_invitation_join",
    ),
    path(
        "einladungen/planung/<int:pk>/ablehnen/",
        accounts.planner_invitation_refuse,
        name="planner_invitation_refuse",
    ),
    # Statistics (answered before "<centre>/…" as well): figures, exports, annual report.
    path("statistik/", statistics.overview, name="statistics"),
    *(
        pattern
        for prefix, kind, name in (
            ("statistik/thueringen/", Scope.LAND, "statistics_land"),
            ("statistik/kreis/<slug:district>/", Scope.DISTRICT, "statistics_district"),
            (
                "statistik/kreis/<slug:district>/<slug:sozialraum>/",
                Scope.SOZIALRAUM,
                "statistics_sozialraum",
            ),
            ("statistik/zentrum/<slug:center>/", Scope.CENTER, "statistics_center"),
        )
        for pattern in (
            path(prefix, statistics.scope_page, {"kind": kind}, name=name),
            path(
                f"{prefix}export/<slug:fmt>/",
                statistics.scope_export,
                {"kind": kind},
                name=f"{name}_export",
            ),
        )
    ),
    path(
        "statistik/zentrum/<slug:center>/sachbericht/<int:year>/",
        statistics.report,
        name="statistics_report",
    ),
    # A partner's proposals at the centres it works with ("partner/…" before "<centre>/…":
    # no centre page has a path like these).
    path("partner/vorschlaege/", proposals.partner_proposals, name="partner_proposals"),
    path("partner/vorschlaege/<int:pk>/", proposals.partner_proposal, name="partner_proposal"),
    path(
        "partner/<slug:center>/vorschlag/",
        proposals.partner_proposal_create,
        name="partner_proposal_create",
    ),
    path(
        "partner/<slug:center>/angebote/<int:pk>/vorschlag/",
        proposals.partner_offer_propose,
        name="partner_offer_propose",
    ),
    path("<slug:center>/", dashboard.dashboard, name="dashboard"),
    path("<slug:center>/aenderungen/", dashboard.changes, name="changes"),
    # Offers and their schedules
    path("<slug:center>/angebote/", offers.offer_list, name="offers"),
    path("<slug:center>/angebote/neu/", offers.offer_create, name="offer_create"),
    path("<slug:center>/angebote/<int:pk>/", offers.offer_edit, name="offer_edit"),
    path("<slug:center>/angebote/<int:pk>/termine/", offers.offer_schedule, name="offer_schedule"),
    path(
        "<slug:center>/angebote/<int:pk>/termine/vorschau/",
        offers.offer_schedule_preview,
        name="offer_schedule_preview",
    ),
    path(
        "<slug:center>/angebote/<int:pk>/termine/<int:schedule_pk>/loeschen/",
        offers.offer_schedule_delete,
        name="offer_schedule_delete",
    ),
    path(
        "<slug:center>/angebote/<int:pk>/zusatztermin/",
        offers.offer_extra_date,
        name="offer_extra_date",
    ),
    path(
        "<slug:center>/angebote/<int:pk>/uebersetzungen/",
        offers.offer_translations,
        name="offer_translations",
    ),
    path("<slug:center>/angebote/<int:pk>/kopieren/", offers.offer_copy, name="offer_copy"),
    path("<slug:center>/angebote/<int:pk>/status/", offers.offer_status, name="offer_status"),
    path("<slug:center>/angebote/<int:pk>/geprueft/", offers.offer_checked, name="offer_checked"),
    # Offers and dates proposed by partners
    path("<slug:center>/vorschlaege/", proposals.proposals, name="proposals"),
    path("<slug:center>/vorschlaege/<int:pk>/", proposals.proposal_review, name="proposal_review"),
    # The centre's own calendar, imported (a file or a subscribed address)
    path("<slug:center>/kalender-import/", imports.calendar_import, name="calendar_import"),
    path(
        "<slug:center>/kalender-import/vorschau/",
        imports.calendar_import_preview,
        name="calendar_import_preview",
    ),
    path(
        "<slug:center>/kalender-import/abos/<int:pk>/beenden/",
        imports.calendar_subscription_remove,
        name="calendar_subscription_remove",
    ),
    path(
        "<slug:center>/kalender-import/nicht-mehr-im-kalender/<int:pk>/behalten/",
        imports.calendar_import_missing_keep,
        name="calendar_import_missing_keep",
    ),
    path(
        "<slug:center>/kalender-import/nicht-mehr-im-kalender/<int:pk>/beenden/",
        imports.calendar_import_missing_end,
        name="calendar_import_missing_end",
    ),
    # Single dates
    path(
        "<slug:center>/termine/<int:pk>/absagen/",
        dates.occurrence_cancel_view,
        name="occurrence_cancel",
    ),
    path(
        "<slug:center>/termine/<int:pk>/findet-statt/",
        dates.occurrence_restore_view,
        name="occurrence_restore",
    ),
    path(
        "<slug:center>/termine/<int:pk>/verschieben/",
        dates.occurrence_move_view,
        name="occurrence_move",
    ),
    path(
        "<slug:center>/termine/<int:pk>/hinweis/",
        dates.occurrence_note_view,
        name="occurrence_note",
    ),
    # Attendance of past dates of open offers (counts only)
    path("<slug:center>/teilnahme/", attendance.attendance, name="attendance"),
    # The centre's own events for professionals and their participants
    path("<slug:center>/veranstaltungen/", events.events_overview, name="events"),
    path(
        "<slug:center>/veranstaltungen/<int:pk>/",
        events.event_participants,
        name="event_participants",
    ),
    # Sign-ups of dates and courses
    path("<slug:center>/anmeldungen/", registrations.registrations_overview, name="registrations"),
    path(
        "<slug:center>/anmeldungen/termin/<int:pk>/",
        registrations.registrations_date,
        name="registrations_date",
    ),
    path(
        "<slug:center>/anmeldungen/termin/<int:pk>/drucken/",
        registrations.registrations_date_print,
        name="registrations_date_print",
    ),
    path(
        "<slug:center>/anmeldungen/termin/<int:pk>/anwesenheit/",
        registrations.registrations_date_attendance,
        name="registrations_date_attendance",
    ),
    path(
        "<slug:center>/anmeldungen/kurs/<int:pk>/",
        registrations.registrations_course,
        name="registrations_course",
    ),
    path(
        "<slug:center>/anmeldungen/kurs/<int:pk>/drucken/",
        registrations.registrations_course_print,
        name="registrations_course_print",
    ),
    path(
        "<slug:center>/anmeldungen/kurs/<int:pk>/anwesenheit/",
        registrations.registrations_course_attendance,
        name="registrations_course_attendance",
    ),
    path(
        "<slug:center>/anmeldungen/<int:pk>/absagen/",
        registrations.registration_cancel_view,
        name="registration_cancel",
    ),
    path(
        "<slug:center>/anmeldungen/<int:pk>/nachruecken/",
        registrations.registration_promote_view,
        name="registration_promote",
    ),
    # Closures
    path("<slug:center>/schliesszeiten/", dates.closures, name="closures"),
    path("<slug:center>/schliesszeiten/<int:pk>/", dates.closure_edit, name="closure_edit"),
    path(
        "<slug:center>/schliesszeiten/<int:pk>/loeschen/",
        dates.closure_remove,
        name="closure_remove",
    ),
    # The centre (coordinators)
    path("<slug:center>/profil/", center.profile, name="profile"),
    path("<slug:center>/profil/geprueft/", center.profile_checked, name="profile_checked"),
    path(
        "<slug:center>/profil/uebersetzungen/",
        center.center_translations,
        name="center_translations",
    ),
    path("<slug:center>/oeffnungszeiten/", center.opening_hours, name="opening_hours"),
    path("<slug:center>/fotos/", center.photos, name="photos"),
    path("<slug:center>/fotos/<int:pk>/loeschen/", center.photo_remove, name="photo_remove"),
    path("<slug:center>/kooperationen/", center.cooperations, name="cooperations"),
    path("<slug:center>/kooperationen/<int:pk>/", center.cooperation_edit, name="cooperation_edit"),
    path(
        "<slug:center>/kooperationen/<int:pk>/loeschen/",
        center.cooperation_remove,
        name="cooperation_remove",
    ),
    path("<slug:center>/team/", center.team, name="team"),
    path("<slug:center>/team/<int:pk>/entfernen/", center.team_remove, name="team_remove"),
]
