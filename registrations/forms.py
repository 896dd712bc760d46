from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import KernFormMixin
from registrations.models import Registration


class CountsForm(KernFormMixin, forms.Form):
    """How many come: changed through the personal link."""

    adults = forms.IntegerField(label=_("Adults"), min_value=0)
    children = forms.IntegerField(label=_("Children"), min_value=0)

    def __init__(self, *args, registration: Registration, **kwargs) -> None:
        kwargs.setdefault(
            "initial", {"adults": registration.adults, "children": registration.children}
        )
        super().__init__(*args, **kwargs)
        capacity = registration.capacity
        for name, most in (("adults", capacity.max_adults), ("children", capacity.max_children)):
            self.fields[name].max_value = most
            self.fields[name].widget.attrs["max"] = most
            if most == 0:
                del self.fields[name]
