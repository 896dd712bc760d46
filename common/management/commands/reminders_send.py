"""Queue the reminders for tomorrow (the day before a date, in Europe/Berlin). Run daily
from cron; running it again sends nothing twice (see common/reminders.py):

0 16 * * *  cd /app && python manage.py reminders_send
"""

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from common.reminders import reminders_send


class Command(BaseCommand):
    help = "Queue the reminder mails for tomorrow's dates (run daily; safe to run again)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--day",
            type=date.fromisoformat,
            help="The day whose dates are reminded of, YYYY-MM-DD (default: tomorrow).",
        )

    def handle(self, *args, day: date | None = None, **options) -> None:
        day = day or timezone.localdate() + timedelta(days=1)
        queued, failed = reminders_send(day=day)
        self.stdout.write(f"{queued} reminders queued for {day.isoformat()}.")
        if failed:
            raise CommandError(f"Reminder providers failed: {', '.join(failed)}")
