from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    """Installed for its management commands (the worker beside the development server,
    the reminders), the mail task and the task list in the admin. It has no models."""

    name = "common"
    verbose_name = _("Common")

    def ready(self) -> None:
        # The mail task's retry handler listens to the task queue's signals; database
        # registers the ids_in lookup of integer keys (common.database.IdsIn).
        from common import database, mail  # noqa: F401
