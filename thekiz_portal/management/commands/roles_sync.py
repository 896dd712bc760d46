from django.core.management.base import BaseCommand

from centers.roles import roles_sync


class Command(BaseCommand):
    help = "Create the role groups and give them exactly the permissions written in roles.py."

    def handle(self, *args, **options) -> None:
        for role, count in roles_sync().items():
            self.stdout.write(f"{role}: {count} permissions")
