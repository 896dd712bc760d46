"""Helpers for the admin classes of every app."""

from django import forms
from django.http import HttpRequest
from django.utils.text import capfirst


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
