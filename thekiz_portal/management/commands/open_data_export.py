from django.core.management.base import BaseCommand

from thekiz_portal.open_data import open_data_export


class Command(BaseCommand):
    help = (
        "Write the active centres, the active partners and the published offers as CSV and "
        "JSON into the storage's open-data/ folder (nightly; the 'Daten' page links them)."
    )

    def handle(self, *args, **options) -> None:
        stand = open_data_export()
        for entry in stand["files"]:
            self.stdout.write(f"{entry['name']}: {entry['rows']} rows, {entry['size']} bytes")
