from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles_after_migrate(sender, using: str = "default", **kwargs) -> None:
    from django.contrib.auth.management import create_permissions

    from centers.roles import roles_sync

    # post_migrate reaches this app before the apps listed after it have their
    # permission rows; create them first (idempotent), then sync the role groups.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    roles_sync()


class PortalConfig(AppConfig):
    name = "thekiz_portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        post_migrate.connect(_sync_roles_after_migrate, sender=self)
