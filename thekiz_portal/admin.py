"""The admin for accounts: who may raise rights, set passwords and remove a second factor.

Only a superuser (created on the command line with ``manage.py createsuperuser``) administers
users, groups, e-mail addresses and authenticators. The coordination office sees every
account and may correct a name or deactivate an account of the centres' staff; it manages
who works where through memberships and invitations (centers/admin.py). Its permissions
are written in ``centers.roles``; the checks below hold whatever a group is given.

Also here: the sign-language videos of the Leichte-Sprache pages, the portal's own model.
"""

from allauth.account.admin import EmailAddressAdmin as AllauthEmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa import admin as _allauth_mfa_admin  # noqa: F401  (registers; replaced below)
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import AbstractBaseUser, Group
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from thekiz_portal.forms import SignLanguageVideoAdminForm
from thekiz_portal.models import SignLanguageVideo
from thekiz_portal.services import sign_language_video_delete, sign_language_video_save

User = get_user_model()


class SuperuserOnlyMixin:
    """Nobody but a superuser sees or changes these objects, whatever permissions a
    group holds."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.is_active and request.user.is_superuser


def _holds_rights(user: AbstractBaseUser) -> bool:
    """An account with access to the admin: the office's own, or a superuser's."""
    return user.is_staff or user.is_superuser


class UserAdmin(DjangoUserAdmin):
    """Django's user admin for superusers; for the coordination office a page that shows an
    account and lets it correct the name or deactivate a centre staff account, nothing else.

    The office never sees the fields for rights (staff status, superuser, groups,
    permissions), the password or the e-mail address (a changed address would receive the
    next password-reset link), and it cannot change accounts with admin access at all.
    """

    list_display = ["email", "first_name", "last_name", "is_active", "is_staff", "last_login"]
    search_fields = ["email", "first_name", "last_name"]
    ordering = ["email"]
    office_fieldsets = [
        (None, {"fields": ["email", "first_name", "last_name"]}),
        (
            pgettext_lazy("account", "Access"),
            {"fields": ["is_active", "rights", "centres", "last_login", "date_joined"]},
        ),
    ]
    office_readonly_fields = ["email", "rights", "centres", "last_login", "date_joined"]

    def get_fieldsets(self, request: HttpRequest, obj: Model | None = None):
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.office_fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return self.office_readonly_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A new account sets a password: people come in through invitations.
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        if request.user.is_superuser or obj is None:
            return True
        return not _holds_rights(obj)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        if not (request.user.is_active and request.user.is_superuser):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    @admin.display(description=_("rights"))
    def rights(self, obj: AbstractBaseUser) -> str:
        parts = []
        if obj.is_superuser:
            parts.append(gettext("superuser"))
        if obj.is_staff:
            parts.append(gettext("admin access"))
        parts += [group.name for group in obj.groups.all()]
        return ", ".join(parts) or "–"

    @admin.display(description=_("centres"))
    def centres(self, obj: AbstractBaseUser) -> str:
        memberships = obj.memberships.select_related("center").order_by("center__name")
        return (
            ", ".join(
                f"{membership.center.name} ({membership.get_role_display()})"
                for membership in memberships
            )
            or "–"
        )


class GroupAdmin(SuperuserOnlyMixin, DjangoGroupAdmin):
    """Groups are the roles of centers.roles: their permissions are set in code."""


class EmailAddressAdmin(SuperuserOnlyMixin, AllauthEmailAddressAdmin):
    """A changed address would receive the next password-reset link: superusers only."""


class AuthenticatorAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    """A superuser removes the authenticator of someone who lost both phone and recovery
    codes. Nobody adds or edits one here, and the secrets are never shown."""

    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


for model, model_admin in [
    (User, UserAdmin),
    (Group, GroupAdmin),
    (EmailAddress, EmailAddressAdmin),
    (Authenticator, AuthenticatorAdmin),
]:
    admin.site.unregister(model)
    admin.site.register(model, model_admin)


@admin.register(SignLanguageVideo)
class SignLanguageVideoAdmin(admin.ModelAdmin):
    """The videos in German Sign Language on the Leichte-Sprache pages: the coordination
    office's (``centers.roles``) and a superuser's."""

    form = SignLanguageVideoAdminForm
    list_display = ["title", "page", "updated_at"]
    readonly_fields = ["updated_at"]

    def save_model(self, request, obj: SignLanguageVideo, form, change) -> None:
        replaced = set()
        if change:
            replaced = SignLanguageVideo.objects.get(pk=obj.pk).stored_files()
        sign_language_video_save(video=obj, replaced=replaced)

    def delete_model(self, request, obj: SignLanguageVideo) -> None:
        sign_language_video_delete(video=obj)

    def delete_queryset(self, request, queryset) -> None:
        for video in queryset:
            sign_language_video_delete(video=video)
