"""The English spelling "centre" in names and help texts; the database does not change."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("centers", "0004_closure_moves_to_offers"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="center",
            options={
                "ordering": ["name"],
                "verbose_name": "centre",
                "verbose_name_plural": "centres",
            },
        ),
        migrations.AlterField(
            model_name="center",
            name="description",
            field=models.TextField(
                blank=True, help_text="What the centre offers families.", verbose_name="description"
            ),
        ),
        migrations.AlterField(
            model_name="center",
            name="highlights",
            field=models.TextField(
                blank=True,
                help_text="What makes this centre special, one point per line.",
                verbose_name="what is special",
            ),
        ),
        migrations.AlterField(
            model_name="center",
            name="is_active",
            field=models.BooleanField(
                default=True,
                help_text="Inactive centres are hidden from the public.",
                verbose_name="active",
            ),
        ),
        migrations.AlterField(
            model_name="centerphoto",
            name="center",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="photos",
                to="centers.center",
                verbose_name="centre",
            ),
        ),
        migrations.AlterField(
            model_name="changerecord",
            name="center",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="changes",
                to="centers.center",
                verbose_name="centre",
            ),
        ),
        migrations.AlterField(
            model_name="cooperation",
            name="center",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="cooperations",
                to="centers.center",
                verbose_name="centre",
            ),
        ),
        migrations.AlterField(
            model_name="invitation",
            name="center",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="invitations",
                to="centers.center",
                verbose_name="centre",
            ),
        ),
        migrations.AlterField(
            model_name="membership",
            name="center",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="memberships",
                to="centers.center",
                verbose_name="centre",
            ),
        ),
        migrations.AlterField(
            model_name="openinghours",
            name="center",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="opening_hours",
                to="centers.center",
                verbose_name="centre",
            ),
        ),
    ]
