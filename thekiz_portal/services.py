"""Writes of the portal's own model: a sign-language video and its files."""

from django.core.files.storage import default_storage
from django.db import transaction

from thekiz_portal.models import SignLanguageVideo


def _delete_files_on_commit(names: set[str]) -> None:
    # Files go only when the database change is final.
    transaction.on_commit(lambda: [default_storage.delete(name) for name in names])


@transaction.atomic
def sign_language_video_save(*, video: SignLanguageVideo, replaced: set[str]) -> None:
    """Save ``video``; the files it held before (``replaced``) and no longer holds are
    deleted once the save is committed."""
    video.save()
    _delete_files_on_commit(replaced - video.stored_files())


@transaction.atomic
def sign_language_video_delete(*, video: SignLanguageVideo) -> None:
    names = video.stored_files()
    video.delete()
    _delete_files_on_commit(names)
