"""The curated Ortsteile of the larger Thuringian towns (network/ortsteile.py names its
source), so that families find "Lobeda" or "Gera-Lusan"."""

from django.db import migrations

from network.places import ortsteile_import


def load(apps, schema_editor):
    ortsteile_import(apps.get_model("network", "Place"))


def unload(apps, schema_editor):
    apps.get_model("network", "Place").objects.filter(source="curated").delete()


class Migration(migrations.Migration):
    dependencies = [("network", "0006_place_ortsteile")]
    operations = [migrations.RunPython(load, unload)]
