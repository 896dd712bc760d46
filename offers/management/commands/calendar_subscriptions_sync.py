"""Queue the nightly import of every subscribed calendar (see offers/services/imports.py).
Each calendar is one task for the worker (``db_worker``); run nightly from cron:

45 2 * * *  cd /app && python manage.py calendar_subscriptions_sync
"""

from django.core.management.base import BaseCommand

from offers.tasks import calendar_subscriptions_enqueue


class Command(BaseCommand):
    help = "Queue one import task per subscribed calendar (run nightly)."

    def handle(self, *args, **options) -> None:
        queued = calendar_subscriptions_enqueue()
        self.stdout.write(f"{queued} calendar imports queued.")
