"""Cover images move from the public media folder to the private one, where only the
handbook's cover view hands them out after checking the reader.

Every file in handbook/covers/ moves, also covers of earlier versions that a restore
may bring back; the names stay the same, so the database needs no change.
"""

from django.core.files.storage import Storage, default_storage
from django.db import migrations, models

import common.storage

FOLDER = "handbook/covers"


def _move_all(source: Storage, target: Storage) -> None:
    if not source.exists(FOLDER):
        return
    _folders, files = source.listdir(FOLDER)
    for file_name in files:
        name = f"{FOLDER}/{file_name}"
        if not target.exists(name):  # names are random: one that exists is this one
            with source.open(name, "rb") as handle:
                target.save(name, handle)
        source.delete(name)


def covers_to_private(apps, schema_editor) -> None:
    _move_all(default_storage, common.storage.PrivateStorage())


def covers_to_public(apps, schema_editor) -> None:
    _move_all(common.storage.PrivateStorage(), default_storage)


class Migration(migrations.Migration):
    dependencies = [
        ("handbook", "0003_search_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="document",
            name="cover_image",
            field=models.ImageField(
                blank=True,
                height_field="cover_height",
                storage=common.storage.PrivateStorage(),
                upload_to="handbook/covers/",
                verbose_name="cover image",
                width_field="cover_width",
            ),
        ),
        migrations.RunPython(covers_to_private, covers_to_public, elidable=False),
    ]
