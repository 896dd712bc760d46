"""Reminders the day before: apps register providers, ``manage.py reminders_send`` runs them.

A provider is a function ``provider(*, day: date) -> int``. It finds what takes place on
``day`` and has not been reminded of yet, queues one mail each with
``common.mail.mail_later()``, marks each as reminded, and returns how many mails it
queued. The command calls it inside a transaction, so its marks and its mails are stored
together or not at all: a provider that fails half-way queued nothing, and the next run
starts over. Because a provider skips what it marked, running the command twice sends
nothing twice. An app registers its providers in ``AppConfig.ready()``::

    def ready(self):
        from common.reminders import reminder_register
        from registrations.notify import reminders_queue

        reminder_register(reminders_queue)
"""

import logging
from collections.abc import Callable
from datetime import date

from django.db import transaction

logger = logging.getLogger(__name__)

Provider = Callable[..., int]

_providers: list[Provider] = []


def reminder_register(provider: Provider) -> Provider:
    """Add a provider (once, however often it is registered); usable as a decorator."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def reminder_unregister(provider: Provider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def reminder_providers() -> list[Provider]:
    return list(_providers)


def reminders_send(*, day: date) -> tuple[int, list[str]]:
    """Run every provider for ``day``, each in its own transaction. Returns the number
    of mails queued and the names of the providers that failed (the others still ran)."""
    queued, failed = 0, []
    for provider in reminder_providers():
        qualname = getattr(provider, "__qualname__", type(provider).__qualname__)
        name = f"{provider.__module__}.{qualname}"
        try:
            with transaction.atomic():
                queued += provider(day=day)
        except Exception:
            # The traceback names code, not people: providers raise no personal data.
            logger.exception("Reminder provider %s failed; nothing of it was queued.", name)
            failed.append(name)
    return queued, failed
