"""The form renderer builds Django's smallest widget templates in Python: the same bytes as
the templates, without the template engine on the search pages."""

import hashlib
import re
from pathlib import Path

import django
import pytest
from django import forms
from django.contrib.admin.widgets import AdminDateWidget, FilteredSelectMultiple
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from common.form_renderer import INPUT_WRAPPERS, WIDGETS, DirectRenderer
from tests.factories import CenterFactory, MembershipFactory, PartnerFactory, weekly_offer

GROUPED = [
    ("Thüringen", [("jena", "Jena & Saale-Holzland"), (7, "Gera <Ost>")]),
    ("", [("", "—")]),
    (None, [(None, "None"), (True, "ja")]),
]


class EveryWidget(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"data-x": '"<quoted>"', "hidden": True}))
    number = forms.DecimalField()
    email = forms.EmailField(widget=forms.EmailInput(attrs={"disabled": False}))
    url = forms.URLField()
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField()
    datetime = forms.DateTimeField()
    file = forms.FileField()
    image = forms.ImageField(required=False)
    checkbox = forms.BooleanField()
    search = forms.CharField(widget=forms.TextInput(attrs={"type": "search"}))
    color = forms.CharField(widget=forms.TextInput(attrs={"type": "color"}))
    select = forms.ChoiceField(choices=GROUPED)
    lazy_select = forms.ChoiceField(
        choices=[(1, gettext_lazy("Sort")), (2, mark_safe("<b>safe</b>"))]
    )
    null_boolean = forms.NullBooleanField()
    multiple = forms.MultipleChoiceField(choices=GROUPED, widget=forms.SelectMultiple)
    checkboxes = forms.MultipleChoiceField(choices=GROUPED, widget=forms.CheckboxSelectMultiple)
    radios = forms.ChoiceField(
        choices=[(1, "eins"), (2, "zwei <2>")],
        widget=forms.RadioSelect(attrs={"class": "kern-form-check__radio"}),
    )
    no_id = forms.ChoiceField(
        choices=[("a", "A")], widget=forms.RadioSelect(attrs={"id": False, "class": ""})
    )
    textarea = forms.CharField(widget=forms.Textarea)
    split = forms.SplitDateTimeField()
    select_date = forms.DateField(widget=forms.SelectDateWidget)
    admin_date = forms.DateField(widget=AdminDateWidget)
    filtered = forms.MultipleChoiceField(
        choices=[("a", "A")], widget=FilteredSelectMultiple("Dinge", is_stacked=False)
    )


DATA = {
    "text": "Jena & <Gera>",
    "number": "2.5",
    "email": "a@b.example",
    "password": "geheim\"'",
    "hidden": "x",
    "date": "2026-12-24",
    "time": "09:30",
    "datetime": "2026-12-24 09:30",
    "checkbox": "on",
    "select": "7",
    "lazy_select": "2",
    "null_boolean": "true",
    "multiple": ["jena", ""],
    "checkboxes": ["jena", "7", "True"],
    "radios": "2",
    "textarea": "Zeile 1\n<Zeile 2>",
    "split_0": "24.12.2026",
    "split_1": "10:00",
}


def rendered(renderer, data=None, auto_id="id_%s", prefix=None) -> list[str]:
    form = EveryWidget(data, renderer=renderer, auto_id=auto_id, prefix=prefix)
    parts = [str(form)]
    for field in form:
        parts.append(field.as_widget(attrs={"class": "kern-form-input__input", "required": True}))
        for wrap_label in (False, True):
            parts.extend(option.tag(wrap_label=wrap_label) for option in field.subwidgets)
    return parts


@pytest.mark.parametrize("data", [None, DATA, {"select": "unbekannt", "number": "zwei"}])
@pytest.mark.parametrize(("auto_id", "prefix"), [("id_%s", None), ("", None), ("f_%s", "p")])
def test_every_widget_renders_the_same_bytes_as_the_templates(data, auto_id, prefix):
    expected = rendered(DjangoTemplates(), data, auto_id, prefix)
    assert rendered(DirectRenderer(), data, auto_id, prefix) == expected
    assert any("<option" in part for part in expected)  # the options were really compared


def test_the_templates_built_in_python_are_still_djangos():
    """Should Django change one of these templates, its Python twin has to change too."""
    folder = Path(django.__file__).parent / "forms" / "templates"
    renderer = DirectRenderer()
    sources = {name: (folder / name).read_text() for name in renderer.direct}
    include_input = '{% include "django/forms/widgets/input.html" %}\n'
    assert all(sources[f"{WIDGETS}{name}.html"] == include_input for name in INPUT_WRAPPERS)
    assert sources[WIDGETS + "select_option.html"] == (
        "<option value=\"{{ widget.value|stringformat:'s' }}\""
        '{% include "django/forms/widgets/attrs.html" %}>{{ widget.label }}</option>\n'
    )
    # All 24 as Django 5.2 ships them: a new version that changes one fails here.
    digest = hashlib.sha256("".join(sources[name] for name in sorted(sources)).encode())
    assert digest.hexdigest() == (
        "bd39889f8fe4edd452f0ef7203296df49b5bdbf4f3c1bc6249709f8d938bfd9c"
    )


@pytest.fixture
def search_data(db):
    center = CenterFactory(name="Kita Sonnenschein")
    weekly_offer(center=center, title="Krabbelgruppe")
    PartnerFactory(name="Beratung")
    return center


def without_tokens(html: bytes) -> str:
    """The page without what differs on every request (the CSRF and double-submit tokens)."""
    return re.sub(r'name="(csrfmiddlewaretoken|form_token)" value="[^"]+"', "", html.decode())


@pytest.mark.parametrize(
    "path",
    [
        "/angebote/",
        "/angebote/?plz=07743&alter=2&wochentag=di&tageszeit=vormittags&kostenfrei=on",
        "/angebote/?plz=99999&alter=zwei&kreis=unbekannt&sprache=xx&von=gestern",
        "/en/angebote/?kategorie=unbekannt",
        "/zentren/?plz=07743&umkreis=25",
        "/netzwerk/?plz=Jena",
        "/handbuch/suche/?q=Eltern",
    ],
)
def test_the_search_pages_are_the_same_with_either_renderer(client, settings, search_data, path):
    settings.FORM_RENDERER = "django.forms.renderers.DjangoTemplates"
    expected = client.get(path)
    settings.FORM_RENDERER = "common.form_renderer.DirectRenderer"
    response = client.get(path)
    assert response.status_code == expected.status_code
    assert response.content == expected.content
    # Not one widget template went through the engine.
    assert not [t.name for t in response.templates if t.name.startswith(WIDGETS)]
    assert [t.name for t in expected.templates if t.name.startswith(WIDGETS)]


def test_staff_and_admin_forms_are_the_same_with_either_renderer(client, settings, search_data):
    from tests.conftest import with_totp

    membership = MembershipFactory(role="coordinator", center=search_data)
    with_totp(membership.user)
    membership.user.is_superuser = membership.user.is_staff = True
    membership.user.save()
    client.force_login(membership.user)
    offer = search_data.offers.get()
    pages = [
        f"/mein-thekiz/{search_data.slug}/angebote/neu/",
        f"/mein-thekiz/{search_data.slug}/angebote/{offer.pk}/",
        f"/mein-thekiz/{search_data.slug}/angebote/{offer.pk}/termine/",
        f"/mein-thekiz/{search_data.slug}/schliesszeiten/",
        f"/admin/offers/offer/{offer.pk}/change/",
        "/admin/centers/center/add/",
    ]
    for path in pages:
        settings.FORM_RENDERER = "django.forms.renderers.DjangoTemplates"
        expected = client.get(path)
        settings.FORM_RENDERER = "common.form_renderer.DirectRenderer"
        response = client.get(path)
        assert response.status_code == expected.status_code == 200, path
        assert without_tokens(response.content) == without_tokens(expected.content), path
