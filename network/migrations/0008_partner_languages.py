"""The languages a partner counsels in, so the network directory can filter by them."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0007_ortsteile"),
    ]

    operations = [
        migrations.AddField(
            model_name="partner",
            name="languages",
            field=models.ManyToManyField(
                blank=True,
                help_text="Languages in which the partner can counsel families.",
                related_name="partners",
                to="network.language",
                verbose_name="languages of counselling",
            ),
        ),
    ]
