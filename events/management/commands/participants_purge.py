from django.core.management.base import BaseCommand

from events.services import participants_purge


class Command(BaseCommand):
    help = (
        "Empty organisation, dietary needs and invoice address of event participants whose "
        "sign-up lost its personal data, and their forum sign-up too (nightly, after "
        "registrations_purge)."
    )

    def handle(self, *args, **options) -> None:
        emptied = participants_purge()
        self.stdout.write(f"Details of {emptied} event participants deleted.")
