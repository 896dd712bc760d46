"""The handbook's four sections, its development fields and readerships (the curated
vocabulary the coordination office starts with; more can be added in the admin)."""

from django.db import migrations

SECTIONS = [
    # (position, slug, title, introduction)
    (
        10,
        "interviews",
        "Interviews",
        "Menschen aus Politik, Verwaltung und der Praxis der Zentren erzählen, was ThEKiZ "
        "für sie bewirken und was sie dafür brauchen.",
    ),
    (
        20,
        "mehrwerte",
        "Mehrwerte von ThEKiZ",
        "Was Familien, Kommunen und Träger davon haben, dass eine Kita zum Eltern-Kind-"
        "Zentrum wird – zum Weitergeben an Entscheiderinnen und Entscheider.",
    ),
    (
        30,
        "entwicklungsfelder-und-methoden",
        "ThEKiZ-Entwicklungsfelder und Methoden",
        "Handlungsempfehlungen zu den Feldern, in denen sich ein Zentrum entwickelt, und "
        "erprobte Methoden mit Ablauf, Dauer und Material.",
    ),
    (
        40,
        "fragen-und-antworten",
        "Fragen und Antworten",
        "Antworten auf Fragen, die uns aus dem Netzwerk immer wieder erreichen.",
    ),
]

DEVELOPMENT_FIELDS = [
    # (position, slug, name)
    (10, "sozialraumorientierung", "Sozialraumorientierung"),
    (20, "elternbeteiligung", "Elternbeteiligung"),
    (30, "vernetzung-und-kooperation", "Vernetzung und Kooperation"),
    (40, "praevention-und-gesundheit", "Prävention und Gesundheit"),
    (50, "uebergaenge", "Übergänge"),
    (60, "ehrenamt", "Ehrenamt"),
    (70, "steuerung-und-finanzierung", "Steuerung und Finanzierung"),
]

READERSHIPS = [
    # (position, slug, German, English)
    (10, "politik", "Politik", "Politics"),
    (20, "verwaltung", "Verwaltung", "Administration"),
    (30, "traeger", "Träger", "Operators"),
    (40, "fachkraefte", "Fachkräfte", "Professionals"),
    (50, "eltern", "Eltern", "Parents"),
]


def load(apps, schema_editor):
    Section = apps.get_model("handbook", "Section")
    DevelopmentField = apps.get_model("handbook", "DevelopmentField")
    Readership = apps.get_model("handbook", "Readership")
    for position, slug, title, intro in SECTIONS:
        Section.objects.update_or_create(
            slug=slug, defaults={"position": position, "title": title, "intro": intro}
        )
    for position, slug, name in DEVELOPMENT_FIELDS:
        DevelopmentField.objects.update_or_create(
            slug=slug, defaults={"position": position, "name": name}
        )
    for position, slug, name_de, name_en in READERSHIPS:
        Readership.objects.update_or_create(
            slug=slug, defaults={"position": position, "name_de": name_de, "name_en": name_en}
        )


def unload(apps, schema_editor):
    apps.get_model("handbook", "Section").objects.filter(
        slug__in=[row[1] for row in SECTIONS], documents__isnull=True
    ).delete()
    apps.get_model("handbook", "DevelopmentField").objects.filter(
        slug__in=[row[1] for row in DEVELOPMENT_FIELDS]
    ).delete()
    apps.get_model("handbook", "Readership").objects.filter(
        slug__in=[row[1] for row in READERSHIPS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("handbook", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
