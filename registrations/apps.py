from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Registrations")

    def ready(self) -> None:
        from common.reminders import reminder_register
        from registrations import checks  # noqa: F401  (registers the system check)
        from registrations.notify import reminders_queue

        reminder_register(reminders_queue)
