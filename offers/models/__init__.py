from offers.models.attendance import Attendance
from offers.models.calendar import Occurrence, Schedule, horizon_end, off_reason_label
from offers.models.catalogue import Audience, Category
from offers.models.closure import Closure
from offers.models.offer import MAX_AGE_MONTHS, Offer, OfferTranslation, place_annotations
from offers.models.proposal import (
    PROPOSAL_FIELDS,
    PROPOSAL_M2M,
    Proposal,
    ProposalDateCancel,
    ProposalScheduleChange,
)
from offers.models.subscription import CalendarSubscription

__all__ = [
    "MAX_AGE_MONTHS",
    "PROPOSAL_FIELDS",
    "PROPOSAL_M2M",
    "Attendance",
    "Audience",
    "CalendarSubscription",
    "Category",
    "Closure",
    "Occurrence",
    "Offer",
    "OfferTranslation",
    "Proposal",
    "ProposalDateCancel",
    "ProposalScheduleChange",
    "Schedule",
    "horizon_end",
    "off_reason_label",
    "place_annotations",
]
