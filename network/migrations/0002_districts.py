"""The 22 districts of Thuringia with their official keys (AGS). Facts, not demo data."""

from django.db import migrations

DISTRICTS = [
    # (AGS, name, slug, kind)
    ("16051", "Erfurt", "erfurt", "city"),
    ("16052", "Gera", "gera", "city"),
    ("16053", "Jena", "jena", "city"),
    ("16054", "Suhl", "suhl", "city"),
    ("16055", "Weimar", "weimar", "city"),
    ("16061", "Eichsfeld", "eichsfeld", "rural"),
    ("16062", "Nordhausen", "nordhausen", "rural"),
    ("16063", "Wartburgkreis", "wartburgkreis", "rural"),
    ("16064", "Unstrut-Hainich-Kreis", "unstrut-hainich-kreis", "rural"),
    ("16065", "Kyffhäuserkreis", "kyffhaeuserkreis", "rural"),
    ("16066", "Schmalkalden-Meiningen", "schmalkalden-meiningen", "rural"),
    ("16067", "Gotha", "gotha", "rural"),
    ("16068", "Sömmerda", "soemmerda", "rural"),
    ("16069", "Hildburghausen", "hildburghausen", "rural"),
    ("16070", "Ilm-Kreis", "ilm-kreis", "rural"),
    ("16071", "Weimarer Land", "weimarer-land", "rural"),
    ("16072", "Sonneberg", "sonneberg", "rural"),
    ("16073", "Saalfeld-Rudolstadt", "saalfeld-rudolstadt", "rural"),
    ("16074", "Saale-Holzland-Kreis", "saale-holzland-kreis", "rural"),
    ("16075", "Saale-Orla-Kreis", "saale-orla-kreis", "rural"),
    ("16076", "Greiz", "greiz", "rural"),
    ("16077", "Altenburger Land", "altenburger-land", "rural"),
]


def load(apps, schema_editor):
    District = apps.get_model("network", "District")
    for ags, name, slug, kind in DISTRICTS:
        District.objects.update_or_create(
            ags=ags, defaults={"name": name, "slug": slug, "kind": kind}
        )


def unload(apps, schema_editor):
    apps.get_model("network", "District").objects.filter(
        ags__in=[row[0] for row in DISTRICTS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
