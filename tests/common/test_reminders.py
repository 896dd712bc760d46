"""Reminders the day before: the providers the apps register run once a day; a second run
sends nothing twice, and a provider that fails queues nothing but stops no other."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult

from common.mail import mail_later
from common.reminders import reminder_register, reminder_unregister

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 12, 7)


class DatesProvider:
    """What an app does: the dates of a day, each reminded once (a mark per date)."""

    def __init__(self, dates: dict[date, list[str]]) -> None:
        self.dates = dates
        self.reminded: set[tuple[date, str]] = set()
        self.days: list[date] = []

    def __call__(self, *, day: date) -> int:
        self.days.append(day)
        due = [title for title in self.dates.get(day, []) if (day, title) not in self.reminded]
        for title in due:
            mail_later(to=["eltern@example.org"], subject=title, text="Morgen", language="de")
            self.reminded.add((day, title))
        return len(due)


class FailingProvider:
    """Queues a mail, then fails before it is done."""

    def __call__(self, *, day: date) -> int:
        mail_later(to=["eltern@example.org"], subject="Halb", text="Halb", language="de")
        raise RuntimeError("the provider broke")


@pytest.fixture
def providers():
    registered = []

    def register(provider):
        registered.append(reminder_register(provider))
        return provider

    yield register
    for provider in registered:
        reminder_unregister(provider)


def queued_subjects() -> list[str]:
    return sorted(task.args_kwargs["args"][0]["subject"] for task in DBTaskResult.objects.all())


def test_reminders_are_queued_for_tomorrow(providers, capsys):
    provider = providers(DatesProvider({MONDAY: ["Krabbelgruppe", "Elterncafé"]}))
    # Sunday 23:30 in Berlin is still Sunday: tomorrow is Monday.
    with time_machine.travel("2026-12-06 22:30:00+00:00", tick=False):
        call_command("reminders_send")
    assert provider.days == [MONDAY]
    assert queued_subjects() == ["Elterncafé", "Krabbelgruppe"]
    assert "2 reminders queued for 2026-12-07." in capsys.readouterr().out


def test_a_second_run_sends_nothing_twice(providers):
    providers(DatesProvider({MONDAY: ["Krabbelgruppe"]}))
    call_command("reminders_send", day=MONDAY)
    call_command("reminders_send", "--day", "2026-12-07")
    assert queued_subjects() == ["Krabbelgruppe"]


def test_a_failing_provider_queues_nothing_and_stops_no_other(providers):
    providers(FailingProvider())
    other = providers(DatesProvider({MONDAY: ["Krabbelgruppe"]}))
    with pytest.raises(CommandError, match="FailingProvider"):
        call_command("reminders_send", day=MONDAY)
    assert queued_subjects() == ["Krabbelgruppe"]
    assert other.reminded == {(MONDAY, "Krabbelgruppe")}


def test_a_provider_registered_twice_runs_once(providers):
    provider = DatesProvider({})
    providers(provider)
    providers(provider)
    call_command("reminders_send", day=MONDAY + timedelta(days=1))
    assert provider.days == [MONDAY + timedelta(days=1)]
