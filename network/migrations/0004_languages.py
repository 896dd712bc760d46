"""A starting set of languages spoken in Thuringian families; curated further in the admin."""

from django.db import migrations

LANGUAGES = [
    # (code, German name, English name)
    ("de", "Deutsch", "German"),
    ("en", "Englisch", "English"),
    ("ar", "Arabisch", "Arabic"),
    ("uk", "Ukrainisch", "Ukrainian"),
    ("ru", "Russisch", "Russian"),
    ("tr", "Türkisch", "Turkish"),
    ("pl", "Polnisch", "Polish"),
    ("fa", "Persisch (Farsi)", "Persian (Farsi)"),
    ("prs", "Dari", "Dari"),
    ("ps", "Paschtu", "Pashto"),
    ("ku", "Kurdisch", "Kurdish"),
    ("ti", "Tigrinya", "Tigrinya"),
    ("ro", "Rumänisch", "Romanian"),
    ("bg", "Bulgarisch", "Bulgarian"),
    ("vi", "Vietnamesisch", "Vietnamese"),
    ("fr", "Französisch", "French"),
    ("es", "Spanisch", "Spanish"),
    ("sq", "Albanisch", "Albanian"),
    ("dgs", "Deutsche Gebärdensprache", "German Sign Language"),
]


def load(apps, schema_editor):
    Language = apps.get_model("network", "Language")
    for position, (code, name_de, name_en) in enumerate(LANGUAGES):
        Language.objects.update_or_create(
            code=code,
            defaults={"name_de": name_de, "name_en": name_en, "position": position * 10},
        )


def unload(apps, schema_editor):
    apps.get_model("network", "Language").objects.filter(
        code__in=[row[0] for row in LANGUAGES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("network", "0003_places")]
    operations = [migrations.RunPython(load, unload)]
