"""Closures move from the centres app to the offers (model, service, admin in one app).

Only Django's picture of the models changes: the table keeps its name (``centers_closure``),
its rows, constraint and index. The content type follows, so that permissions, role
groups and the admin's history stay attached.
"""

import django.db.models.deletion
from django.db import migrations, models


def _content_type_to(app_label: str, other: str):
    def move(apps, schema_editor) -> None:
        ContentType = apps.get_model("contenttypes", "ContentType")
        if not ContentType.objects.filter(app_label=app_label, model="closure").exists():
            ContentType.objects.filter(app_label=other, model="closure").update(app_label=app_label)

    return move


class Migration(migrations.Migration):
    dependencies = [
        ("centers", "0003_change_record_kind"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("offers", "0006_offer_audiences_label"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Closure",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "title",
                            models.CharField(
                                help_text="Shown to families, e.g. 'summer closure'.",
                                max_length=120,
                                verbose_name="reason",
                            ),
                        ),
                        ("start_date", models.DateField(verbose_name="first day")),
                        ("end_date", models.DateField(verbose_name="last day")),
                        (
                            "center",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="closures",
                                to="centers.center",
                                verbose_name="centre",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "closure",
                        "verbose_name_plural": "closures",
                        "db_table": "centers_closure",
                        "ordering": ["center", "start_date"],
                        "indexes": [
                            models.Index(
                                fields=["center", "start_date", "end_date"],
                                name="centers_closure_range",
                            )
                        ],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("end_date__gte", models.F("start_date"))),
                                name="centers_closure_ends_after_it_starts",
                                violation_error_message=(
                                    "The last day cannot be before the first day."
                                ),
                            )
                        ],
                    },
                ),
                migrations.AlterField(
                    model_name="occurrence",
                    name="closure",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="occurrences",
                        to="offers.closure",
                        verbose_name="closure",
                    ),
                ),
            ],
        ),
        migrations.RunPython(
            _content_type_to("offers", "centers"), _content_type_to("centers", "offers")
        ),
    ]
