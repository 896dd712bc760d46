from django.apps import AppConfig, apps
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def _sync_roles_after_migrate(sender, using: str = "default", **kwargs) -> None:
    from django.contrib.auth.management import create_permissions

    from centers.roles import roles_sync

    # post_migrate reaches this app before the apps listed after it have their
    # permission rows; create them first (idempotent), then sync the role groups.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    roles_sync()


# The apps whose rows the public pages show: a change to any of them changes the data
# version, and with it every public page's ETag.
PUBLIC_DATA_APPS = ("network", "centers", "offers", "events", "handbook", "thekiz_portal")


def _public_data_changed(sender, action: str = "post_", **kwargs) -> None:
    from common.data_version import data_changed

    if sender.__module__ == "__fake__":
        return  # a migration's historical model: before the cache table may exist
    if sender._meta.app_label in PUBLIC_DATA_APPS and action.startswith("post_"):
        data_changed()


class PortalConfig(AppConfig):
    name = "thekiz_portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        post_migrate.connect(_sync_roles_after_migrate, sender=self)
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(_public_data_changed, dispatch_uid=f"data_version_{signal!r}")
        from common.data_version import version_changed
        from thekiz_portal.pages.profiles.comparison import comparison_warm_later

        version_changed.connect(comparison_warm_later, dispatch_uid="profiles_comparison_warm")
