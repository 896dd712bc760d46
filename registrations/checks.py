"""The retention period is bounded: names and contacts stay at most 90 days."""

from django.conf import settings
from django.core.checks import Error, register

RETENTION_MAX_DAYS = 90


@register()
def retention_days_check(app_configs, **kwargs) -> list[Error]:
    days = getattr(settings, "THEKIZ_REGISTRATION_RETENTION_DAYS", 30)
    if not isinstance(days, int) or not 1 <= days <= RETENTION_MAX_DAYS:
        return [
            Error(
                f"THEKIZ_REGISTRATION_RETENTION_DAYS must be between 1 and "
                f"{RETENTION_MAX_DAYS}, got {days!r}.",
                id="registrations.E001",
            )
        ]
    return []
