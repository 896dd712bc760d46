"""What a capacity is for, as the layer above describes it.

The core knows nothing of offers or events. Each layer that owns capacities registers a
describer at start-up (its ``AppConfig.ready``); the mails and the personal page ask
``target_for(capacity)`` for the title, the dates and the calendar file, in the language
that is active when they ask.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from registrations.models import Capacity


@dataclass(frozen=True)
class Target:
    title: str
    dates: list[str]  # the date or dates, written out in the active language
    url: str  # the public page (a path)
    place: list[str] = field(default_factory=list)
    contact: str = ""  # who to ask (phone or e-mail)
    starts_at: datetime.datetime | None = None
    # The calendar file for the date or dates: (content, file name), built on demand.
    ics: Callable[[], tuple[bytes, str]] | None = None


Describer = Callable[[Capacity], Target | None]
_describers: list[Describer] = []


def target_describer(describer: Describer) -> Describer:
    """Register ``describer`` (usable as a decorator); the same function only once."""
    if describer not in _describers:
        _describers.append(describer)
    return describer


def target_for(capacity: Capacity) -> Target | None:
    for describer in _describers:
        if (target := describer(capacity)) is not None:
            return target
    return None
