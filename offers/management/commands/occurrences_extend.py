"""Roll every offer's dates forward to the horizon (12 months). Run daily from cron:

15 3 * * *  cd /app && python manage.py occurrences_extend

Only the days that came into the horizon are added. ``--full`` re-syncs every offer as
saving it would (after changing THEKIZ_CALENDAR_HORIZON_DAYS or updating the holidays).
"""

from django.core.management.base import BaseCommand

from offers.services import occurrences_extend


class Command(BaseCommand):
    help = "Materialise the dates of all offers up to the horizon (run daily)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--full",
            action="store_true",
            help="Re-sync every offer's dates instead of adding the new days only.",
        )

    def handle(self, *args, **options) -> None:
        result = occurrences_extend(full=options["full"])
        self.stdout.write(
            f"{result.created} dates created, {result.updated} updated, "
            f"{result.deleted} removed, {result.detached} kept although no longer scheduled."
        )
