"""The base of every FilterSet of the portal: bad query strings become messages, not 500s."""

import django_filters

from common.forms import kern_choice_widgets


def choice_error(message: str) -> dict[str, str]:
    return {"invalid_choice": message, "invalid_pk_value": message}


class PortalFilterSet(django_filters.FilterSet):
    """A FilterSet whose invalid fields are reported and ignored, never a 500."""

    # Choices in effect when the visitor has not chosen (shown as selected).
    defaults: dict[str, str] = {}

    def __init__(self, data=None, *args, **kwargs) -> None:
        if data is not None and self.defaults:
            data = data.copy()
            for name, value in self.defaults.items():
                if not data.get(name):
                    data[name] = value
        super().__init__(data, *args, **kwargs)
        kern_choice_widgets(self.form)

    @property
    def error_list(self) -> list[tuple[str, str, str]]:
        """(field id, label, message) for every invalid field, for the error summary."""
        if not self.is_bound or self.form.is_valid():
            return []
        return [
            (self.form[name].id_for_label, self.form[name].label, message)
            for name, messages in self.form.errors.items()
            if name in self.form.fields
            for message in messages
        ]

    # Fields shown under "More filters" (collapsed unless one of them is in use).
    more_filters: tuple[str, ...] = ()

    # Multiple-choice fields whose options stand side by side (e.g. weekdays).
    horizontal_filters: tuple[str, ...] = ()

    @property
    def more_fields(self) -> list:
        """The bound fields under "More filters", each knowing whether it is horizontal."""
        fields = []
        for name in self.more_filters:
            field = self.form[name]
            field.horizontal = name in self.horizontal_filters
            fields.append(field)
        return fields

    @property
    def more_filters_open(self) -> bool:
        return self.is_bound and any(
            self.data.get(name) or name in self.form.errors for name in self.more_filters
        )
