"""Remind the centres' coordinators of offers and profiles nobody confirmed for long (see
offers/freshness.py). Run nightly from cron; running it again the same week sends nothing:

30 6 * * *  cd /app && python manage.py freshness_remind
"""

from datetime import date

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from offers.freshness import freshness_remind


class Command(BaseCommand):
    help = "Queue the reminders to confirm old offers and profiles (run daily; safe to repeat)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            help="The day to count from, YYYY-MM-DD (default: today).",
        )

    def handle(self, *args, today: date | None = None, **options) -> None:
        today = today or timezone.localdate()
        with transaction.atomic():
            queued = freshness_remind(today)
        self.stdout.write(f"{queued} freshness reminders queued on {today.isoformat()}.")
