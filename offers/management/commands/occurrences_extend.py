"""Roll every offer's dates forward to the horizon (12 months). Run daily from cron:

15 3 * * *  cd /app && python manage.py occurrences_extend
"""

from django.core.management.base import BaseCommand

from offers.services import occurrences_extend


class Command(BaseCommand):
    help = "Materialise the dates of all offers up to the horizon (run daily)."

    def handle(self, *args, **options) -> None:
        result = occurrences_extend()
        self.stdout.write(
            f"{result.created} dates created, {result.updated} updated, "
            f"{result.deleted} removed, {result.detached} kept although no longer scheduled."
        )
