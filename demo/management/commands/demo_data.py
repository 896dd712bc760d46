from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from centers.models import Center
from common.database import analyze
from demo.build import demo_data_create
from demo.handbook import handbook_demo_create
from handbook.models import Document


class Command(BaseCommand):
    help = (
        "Fill an empty database with the demo network: about 70 centres in all 22 districts, "
        "their operators, Sozialräume, about 150 partners and their cooperations, and a "
        "year's programme of offers."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (and succeed) when the database already has centres.",
        )
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")

    def handle(self, *args, if_empty: bool, seed: int, **options) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo data is never loaded into a production database.")
        if Center.objects.exists():
            if if_empty:
                self.stdout.write("The database already has centres; no demo data loaded.")
                if not Document.objects.exists():
                    # A database from before the handbook existed gets its demo handbook.
                    documents = handbook_demo_create()
                    analyze()
                    self.stdout.write(f"Demo handbook: {documents} documents.")
                return
            raise CommandError(
                "The database already has centres. Demo data only goes into an empty database "
                "(delete var/db.sqlite3 to start again)."
            )
        summary = demo_data_create(seed=seed)
        analyze()  # a freshly filled database has no planner statistics yet
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {summary.centers} centres, {summary.operators} operators, "
                f"{summary.sozialraeume} Sozialräume, {summary.partners} partners, "
                f"{summary.cooperations} cooperations, {summary.offers} offers with "
                f"{summary.occurrences} dates ({summary.cancelled} cancelled), "
                f"{summary.events} events for professionals, "
                f"{summary.documents} handbook documents, {summary.sign_ups} sign-ups, "
                f"{summary.attendance} past dates with attendance."
            )
        )
        for note in summary.notes:
            self.stdout.write(note)
