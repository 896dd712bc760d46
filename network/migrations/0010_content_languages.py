"""The first content languages: those most spoken by families new to Thuringia.

Curated further in the admin (a language's "content language" flag and direction)."""

from django.db import migrations

# code: (name in the language itself, direction)
CONTENT_LANGUAGES = {
    "de": ("Deutsch", "ltr"),
    "en": ("English", "ltr"),
    "ar": ("العربية", "rtl"),
    "uk": ("Українська", "ltr"),
    "ru": ("Русский", "ltr"),
    "tr": ("Türkçe", "ltr"),
    "fa": ("فارسی", "rtl"),
    "prs": ("دری", "rtl"),
}


def load(apps, schema_editor):
    Language = apps.get_model("network", "Language")
    for code, (native_name, direction) in CONTENT_LANGUAGES.items():
        Language.objects.filter(code=code).update(
            native_name=native_name, direction=direction, content_language=True
        )
    Language.objects.filter(code="ps").update(native_name="پښتو", direction="rtl")


def unload(apps, schema_editor):
    apps.get_model("network", "Language").objects.update(
        native_name="", direction="ltr", content_language=False
    )


class Migration(migrations.Migration):
    dependencies = [("network", "0009_language_content_direction")]

    operations = [migrations.RunPython(load, unload)]
