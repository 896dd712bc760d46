"""Images stored before every size was encoded from pixels alone may still carry a JPEG
comment or a PNG colour profile: they are re-encoded in place (same names, colours in
sRGB). Files without metadata are only read, so running this again changes nothing."""

from django.core.files.storage import default_storage
from django.db import migrations

import common.storage
from common.images import image_strip_stored


def strip(apps, schema_editor) -> None:
    media = []
    for image, variants in apps.get_model("centers", "CenterPhoto").objects.values_list(
        "image", "variants"
    ):
        media += [image, *(variants or {}).values()]
    for image, variants in (
        apps.get_model("offers", "Offer")
        .objects.exclude(image="")
        .values_list("image", "image_variants")
    ):
        media += [image, *(variants or {}).values()]
    for name in media:
        image_strip_stored(default_storage, name)
    private = common.storage.PrivateStorage()
    covers = apps.get_model("handbook", "Document").objects.exclude(cover_image="")
    for name in covers.values_list("cover_image", flat=True):
        image_strip_stored(private, name)


class Migration(migrations.Migration):
    dependencies = [
        ("thekiz_portal", "0001_cache_table"),
        ("centers", "0002_centerphoto_variants_invitation_changerecord"),
        ("offers", "0004_offer_image_variants"),
        ("handbook", "0004_cover_image_private"),
    ]

    operations = [migrations.RunPython(strip, migrations.RunPython.noop, elidable=True)]
