from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data (``manage.py demo_data``). Installed outside production only: its PDF
    library (fpdf2) is a development dependency."""

    name = "demo"
    verbose_name = "Demo"  # The same in both languages.
