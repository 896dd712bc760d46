"""Writes to the offer calendar. Every function runs in one transaction and raises
``ValidationError`` (in German) when asked for something that cannot be.

- ``calendar``: expanding schedules into dates (the materialised calendar)
- ``dates``: cancelling, moving and adding single dates; closures
- ``editing``: offers and their schedules, with stale-edit refusal
- ``registrations``: the places of dates and courses, sign-ups for offers
- ``attendance``: who came to a date (counts), typed by staff or from the check-in
"""

from offers.services.attendance import (
    attendance_from_check_in,
    attendance_record,
    occurrence_check_in,
)
from offers.services.calendar import (
    DayRules,
    SyncResult,
    center_occurrences_sync,
    horizon_end,
    occurrences_extend,
    offer_occurrences_sync,
)
from offers.services.dates import (
    closure_delete,
    closure_preview,
    closure_save,
    occurrence_cancel,
    occurrence_move,
    occurrence_note_set,
    occurrence_restore,
    offer_date_add,
)
from offers.services.editing import (
    PreviewDate,
    SchedulePreview,
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
    unique_offer_slug,
)
from offers.services.registrations import (
    ages_check,
    ages_parse,
    course_capacity,
    occurrence_capacity,
    offer_sign_up,
)

__all__ = [
    "DayRules",
    "PreviewDate",
    "SchedulePreview",
    "SyncResult",
    "ages_check",
    "ages_parse",
    "attendance_from_check_in",
    "attendance_record",
    "center_occurrences_sync",
    "closure_delete",
    "closure_preview",
    "closure_save",
    "course_capacity",
    "horizon_end",
    "occurrence_cancel",
    "occurrence_capacity",
    "occurrence_check_in",
    "occurrence_move",
    "occurrence_note_set",
    "occurrence_restore",
    "occurrences_extend",
    "offer_date_add",
    "offer_duplicate",
    "offer_occurrences_sync",
    "offer_reviewed",
    "offer_save",
    "offer_sign_up",
    "offer_status_set",
    "offer_translation_delete",
    "offer_translation_save",
    "schedule_check",
    "schedule_delete",
    "schedule_preview",
    "schedule_save",
    "unique_offer_slug",
]
