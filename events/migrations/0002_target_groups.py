"""The Fachtag's target groups; curated in the admin later."""

from django.db import migrations

TARGET_GROUPS = [
    # (code, German, English)
    (
        "entscheidung",
        "Entscheidungsträger:innen aus Politik, Verwaltung und bei Trägern",
        "Decision makers in politics, administration and operators",
    ),
    (
        "planung",
        "Planungsverantwortliche für Familie, Gesundheit, Bildung, Soziales, Integration",
        "Planners for family, health, education, social affairs and integration",
    ),
    (
        "fachberatung",
        "Fachberatungen (Familie, Gesundheit, Bildung, Soziales, Integration)",
        "Specialist advisers (family, health, education, social affairs, integration)",
    ),
    (
        "leitung",
        "Leitungen und Koordinator:innen der Einrichtungen",
        "Centre leads and coordinators",
    ),
]


def load(apps, schema_editor):
    TargetGroup = apps.get_model("events", "TargetGroup")
    for position, (code, name_de, name_en) in enumerate(TARGET_GROUPS):
        TargetGroup.objects.update_or_create(
            code=code, defaults={"name_de": name_de, "name_en": name_en, "position": position}
        )


def unload(apps, schema_editor):
    apps.get_model("events", "TargetGroup").objects.filter(
        code__in=[row[0] for row in TARGET_GROUPS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
