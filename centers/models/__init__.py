from centers.models.center import (
    FIRST_THEKIZ_YEAR,
    Center,
    CenterPhoto,
    CenterQuerySet,
    CenterTranslation,
    OpeningHours,
    Operator,
    _photo_path,
)
from centers.models.cooperation import Cooperation
from centers.models.people import Invitation, Membership, PlannerAccess, PlannerInvitation
from centers.models.records import ChangeRecord

__all__ = [
    "FIRST_THEKIZ_YEAR",
    "Center",
    "CenterPhoto",
    "CenterQuerySet",
    "CenterTranslation",
    "ChangeRecord",
    "Cooperation",
    "Invitation",
    "Membership",
    "OpeningHours",
    "Operator",
    "PlannerAccess",
    "PlannerInvitation",
    "_photo_path",
]
