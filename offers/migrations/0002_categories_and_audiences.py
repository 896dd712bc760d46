"""A starting set of categories and the audiences; both are curated in the admin later."""

from django.db import migrations

CATEGORIES = [
    # (slug, German, English)
    ("begegnung", "Begegnung & Eltern-Café", "Meeting place & parents' café"),
    ("eltern-kind-gruppen", "Eltern-Kind-Gruppen", "Parent and child groups"),
    ("elternbildung", "Elternbildung & Kurse", "Parenting courses"),
    ("beratung", "Beratung", "Counselling"),
    ("gesundheit-bewegung", "Gesundheit & Bewegung", "Health & exercise"),
    ("schwangerschaft-fruehe-hilfen", "Schwangerschaft & Frühe Hilfen", "Pregnancy & early help"),
    ("sprache-integration", "Sprache & Integration", "Language & integration"),
    ("kreativ-kultur", "Kreativ & Kultur", "Arts & culture"),
    ("natur-ausfluege", "Natur & Ausflüge", "Nature & outings"),
    ("feste-familienaktionen", "Feste & Familienaktionen", "Festivals & family events"),
    ("fachveranstaltungen", "Fachveranstaltungen", "Events for professionals"),
]

AUDIENCES = [
    ("familien", "Familien", "Families"),
    ("eltern", "Eltern", "Parents"),
    ("schwangere", "Schwangere", "Pregnant women"),
    ("kinder", "Kinder", "Children"),
    ("grosseltern", "Großeltern", "Grandparents"),
    ("fachkraefte", "Fachkräfte", "Professionals"),
]


def load(apps, schema_editor):
    Category = apps.get_model("offers", "Category")
    Audience = apps.get_model("offers", "Audience")
    for position, (slug, name_de, name_en) in enumerate(CATEGORIES):
        Category.objects.update_or_create(
            slug=slug, defaults={"name_de": name_de, "name_en": name_en, "position": position}
        )
    for position, (code, name_de, name_en) in enumerate(AUDIENCES):
        Audience.objects.update_or_create(
            code=code, defaults={"name_de": name_de, "name_en": name_en, "position": position}
        )


def unload(apps, schema_editor):
    apps.get_model("offers", "Category").objects.filter(
        slug__in=[row[0] for row in CATEGORIES]
    ).delete()
    apps.get_model("offers", "Audience").objects.filter(
        code__in=[row[0] for row in AUDIENCES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("offers", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
