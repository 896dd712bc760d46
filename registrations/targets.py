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
    # The title's language and writing direction ("" when unknown): a page in another
    # language marks it with lang and dir.
    title_lang: str = ""
    title_direction: str = "ltr"


# Called as describer(capacity, content_language=code): the families' content language
# ("" for German) for what the layer has translated; the rest in the active language.
Describer = Callable[..., Target | None]
_describers: list[Describer] = []


def target_describer(describer: Describer) -> Describer:
    """Register ``describer`` (usable as a decorator); the same function only once."""
    if describer not in _describers:
        _describers.append(describer)
    return describer


def target_for(capacity: Capacity, content_language: str = "") -> Target | None:
    for describer in _describers:
        if (target := describer(capacity, content_language=content_language)) is not None:
            return target
    return None
