"""Where files live that only a view may hand out (after checking who asks)."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files under THEKIZ_PRIVATE_ROOT, outside MEDIA_ROOT and without a URL: a network-only
    or unpublished document's download cannot be fetched by guessing its path."""

    def __init__(self) -> None:
        super().__init__(location=None, base_url=None)

    @cached_property
    def base_location(self) -> str:
        return str(settings.THEKIZ_PRIVATE_ROOT)

    def _clear_cached_properties(self, setting: str, **kwargs) -> None:
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "THEKIZ_PRIVATE_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL; a view serves them.")
