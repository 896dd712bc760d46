"""Images chosen in a form that came back with errors, kept so nobody has to choose again.

The browser forgets a chosen file when the page comes back, although everything else
typed is still there. So the image, already checked and re-encoded (``image_reencode``:
no metadata), waits in the private store under ``held-images/`` with a random name, and
the form carries a signed token naming it and the person who chose it. The token works
for ``HOLD_SECONDS``; older files are deleted whenever an image is held and by
``manage.py held_images_remove`` (nightly, see docs/operations.md).
"""

import base64
import datetime
import io
from dataclasses import dataclass

from django.core import signing
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from common.storage import PrivateStorage

FOLDER = "held-images"
HOLD_SECONDS = 2 * 60 * 60
THUMBNAIL_WIDTH = 240
_SALT = "thekiz.held-image"
_storage = PrivateStorage()


@dataclass(frozen=True)
class HeldImage:
    token: str
    label: str  # the name of the file as chosen, to recognise it

    def content(self) -> ContentFile | None:
        """The image, or None if it has been deleted meanwhile."""
        name = _name(self.token)
        if name is None or not _storage.exists(name):
            return None
        with _storage.open(name, "rb") as stored:
            return ContentFile(stored.read(), name=name.rsplit("/", 1)[1])

    def thumbnail(self) -> str:
        """A small preview as a data: URL (no request, no URL for the private file)."""
        content = self.content()
        if content is None:
            return ""
        image = Image.open(content)
        image.thumbnail((THUMBNAIL_WIDTH, THUMBNAIL_WIDTH * 4))
        output = io.BytesIO()
        image.convert("RGB").save(output, "JPEG", quality=80)
        return "data:image/jpeg;base64," + base64.b64encode(output.getvalue()).decode()


def _name(token: str) -> str | None:
    try:
        payload = signing.loads(token, salt=_SALT, max_age=HOLD_SECONDS)
    except signing.BadSignature:
        return None
    return f"{FOLDER}/{payload['name']}"


def image_hold(content: ContentFile, *, owner: int, label: str) -> HeldImage:
    """Keep a re-encoded image for its owner (a user's id) for HOLD_SECONDS."""
    held_images_remove()
    name = _storage.save(f"{FOLDER}/{content.name}", content)
    token = signing.dumps(
        {"name": name.rsplit("/", 1)[1], "owner": owner, "label": label[:100]}, salt=_SALT
    )
    return HeldImage(token=token, label=label[:100])


def image_held(token: str, *, owner: int) -> HeldImage | None:
    """The image a token names, if it is the owner's, still valid and still there."""
    if not token:
        return None
    try:
        payload = signing.loads(token, salt=_SALT, max_age=HOLD_SECONDS)
    except signing.BadSignature:
        return None
    if payload.get("owner") != owner or not _storage.exists(f"{FOLDER}/{payload['name']}"):
        return None
    return HeldImage(token=token, label=payload.get("label", ""))


def image_release(held: HeldImage) -> None:
    """Delete a held image once it has been saved for good."""
    name = _name(held.token)
    if name is not None:
        _storage.delete(name)


def held_images_remove(*, now: datetime.datetime | None = None) -> int:
    """Delete held images older than HOLD_SECONDS; returns how many."""
    if not _storage.exists(FOLDER):
        return 0
    limit = (now or timezone.now()) - datetime.timedelta(seconds=HOLD_SECONDS)
    removed = 0
    for filename in _storage.listdir(FOLDER)[1]:
        name = f"{FOLDER}/{filename}"
        if _storage.get_modified_time(name) < limit:
            _storage.delete(name)
            removed += 1
    return removed
