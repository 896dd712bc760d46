from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data (``manage.py demo_data``). Installed outside production only."""

    name = "demo"
    verbose_name = "Demo"  # The same in both languages.
