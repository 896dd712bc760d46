from django.core.management.base import BaseCommand

from registrations.services import registrations_release_unconfirmed


class Command(BaseCommand):
    help = (
        "Free the places of sign-ups whose moved date was not confirmed by its deadline, "
        "tell the people and move up the waitlist (hourly)."
    )

    def handle(self, *args, **options) -> None:
        released = registrations_release_unconfirmed()
        self.stdout.write(f"{released} unconfirmed sign-ups of moved dates released.")
