from django.apps import AppConfig


class StaffConfig(AppConfig):
    """ "Mein ThEKiZ", the staff area: views, forms and templates; it writes through the
    apps' services only and has no models of its own."""

    name = "staff"
    verbose_name = "Mein ThEKiZ"  # A name, the same in both languages.
