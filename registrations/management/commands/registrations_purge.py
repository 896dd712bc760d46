from django.core.management.base import BaseCommand

from registrations.services import registrations_purge, retention_days


class Command(BaseCommand):
    help = (
        "Delete names, contacts, ages and notes of sign-ups whose date or course ended more "
        "than THEKIZ_REGISTRATION_RETENTION_DAYS ago (nightly). The counts stay."
    )

    def handle(self, *args, **options) -> None:
        emptied = registrations_purge()
        self.stdout.write(
            f"Personal data of {emptied} sign-ups deleted "
            f"(ended more than {retention_days()} days ago)."
        )
