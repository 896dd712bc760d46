"""A centre's nearest bus or tram stop (for families' way there) and the day its staff last
confirmed the profile ("Zuletzt geprüft am …")."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("centers", "0005_centre_spelling"),
    ]

    operations = [
        migrations.AddField(
            model_name="center",
            name="last_reviewed",
            field=models.DateField(
                blank=True,
                help_text="When the centre's staff last confirmed that the profile is still right.",
                null=True,
                verbose_name="last checked",
            ),
        ),
        migrations.AddField(
            model_name="center",
            name="nearest_stop",
            field=models.CharField(
                blank=True,
                help_text="e.g. 'Lobeda-West (tram 1, 2, 5), 3 minutes on foot'.",
                max_length=150,
                verbose_name="nearest bus or tram stop",
            ),
        ),
    ]
