"""Delete images kept for forms that came back with errors, once they have expired. Run
daily from cron (see docs/operations.md):

20 3 * * *  cd /app && python manage.py held_images_remove
"""

from django.core.management.base import BaseCommand

from common.held_images import held_images_remove


class Command(BaseCommand):
    help = "Delete expired images kept for forms that came back with errors (run daily)."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"{held_images_remove()} expired images deleted.")
