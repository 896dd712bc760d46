from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "offers"
    verbose_name = _("Offers")

    def ready(self) -> None:
        from offers.registration_targets import offer_target
        from registrations.targets import target_describer

        target_describer(offer_target)
