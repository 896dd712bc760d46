from django import forms


def kern_choice_widgets(form: forms.BaseForm) -> None:
    """Checkbox and radio groups render their options one by one (includes/_field.html),
    so their KERN class has to sit on the widget itself."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxSelectMultiple):
            field.widget.attrs.setdefault("class", "kern-form-check__checkbox")
        elif isinstance(field.widget, forms.RadioSelect):
            field.widget.attrs.setdefault("class", "kern-form-check__radio")


class KernFormMixin:
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        kern_choice_widgets(self)
