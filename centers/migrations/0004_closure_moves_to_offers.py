"""Closures now live in the offers app (offers/migrations/0007_closure_moves_here.py);
the table stays where it is."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("centers", "0003_change_record_kind"),
        ("offers", "0007_closure_moves_here"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Closure")],
        ),
    ]
