"""Helpers for the admin classes of every app, and the task queue's list (below)."""

from datetime import timedelta

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks import TaskResultStatus
from django_tasks_db.admin import DBTaskResultAdmin  # registers it; replaced below
from django_tasks_db.models import DBTaskResult


class NamedListEditableMixin:
    """Fields edited right in the change list (``list_editable``) get an accessible name
    of their column and row, e.g. "Position: Mehrwert für Kommunen": the column header
    alone does not label them."""

    def get_changelist_form(self, request: HttpRequest, **kwargs) -> type[forms.ModelForm]:
        base = super().get_changelist_form(request, **kwargs)

        class NamedForm(base):
            def __init__(self, *args, **kwargs) -> None:
                super().__init__(*args, **kwargs)
                for field in self.fields.values():
                    field.widget.attrs["aria-label"] = f"{capfirst(field.label)}: {self.instance}"

        return NamedForm


# --- The task queue: the mails waiting, sent and failed -------------------------------


# A mail takes seconds; a task "running" for longer lost its worker (killed, power cut).
STUCK_AFTER = timedelta(minutes=15)


class TaskResultAdmin(DBTaskResultAdmin):
    """django-tasks-db's list of tasks for superusers, without the task's arguments (a
    mail's addresses and text): the status, the attempts, the next time and the last
    error (its class and SMTP code) are enough to see that the mail server fails. A
    failed mail can be sent again from here (common/mail.py)."""

    list_display = ["id", "task", "status", "attempts", "display_run_after"]
    list_filter = ["status"]
    actions = ["send_again"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: DBTaskResult | None = None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def get_readonly_fields(self, request: HttpRequest, obj: DBTaskResult | None = None):
        hidden = {"args_kwargs", "return_value"}
        return [name for name in super().get_readonly_fields(request, obj) if name not in hidden]

    @admin.display(description=_("traceback"))
    def formatted_traceback(self, obj: DBTaskResult) -> str:
        # Focusable: on a phone the lines scroll sideways, and keyboards must reach them.
        return format_html('<pre tabindex="0">{}</pre>', obj.traceback) if obj.traceback else "-"

    @admin.display(description=_("run after"))
    def display_run_after(self, obj: DBTaskResult):
        return super().display_run_after(obj)

    @admin.display(description=_("task"))
    def task(self, obj: DBTaskResult) -> str:
        return obj.task_name

    @admin.display(description=_("attempts"))
    def attempts(self, obj: DBTaskResult) -> int:
        return len(obj.worker_ids)

    @admin.action(description=_("Try the selected failed tasks again"))
    def send_again(self, request: HttpRequest, queryset) -> None:
        # Failed ones, and ones still "running" long after a worker was killed mid-task.
        stuck = Q(status=TaskResultStatus.RUNNING, started_at__lt=timezone.now() - STUCK_AFTER)
        count = queryset.filter(Q(status=TaskResultStatus.FAILED) | stuck).update(
            status=TaskResultStatus.READY, run_after=timezone.now(), finished_at=None, worker_ids=[]
        )
        self.message_user(
            request,
            ngettext("%(count)d task is queued again.", "%(count)d tasks are queued again.", count)
            % {"count": count},
        )


admin.site.unregister(DBTaskResult)
admin.site.register(DBTaskResult, TaskResultAdmin)
