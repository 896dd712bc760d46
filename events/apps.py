from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


def _registration_saved(sender, instance, created: bool, update_fields=None, **kwargs) -> None:
    """The registration core changed a sign-up's state (cancelled, moved up): the event's
    participant follows (its forum place is freed, or assigned). The core cannot call
    this layer, so it listens."""
    if created or not update_fields or "status" not in update_fields:
        return
    from events.services import participant_status_changed

    participant_status_changed(instance)


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events for professionals")

    def ready(self) -> None:
        from events import targets  # noqa: F401  (registers the describer of its places)
        from registrations.models import Registration

        post_save.connect(
            _registration_saved, sender=Registration, dispatch_uid="events_participant"
        )
