"""The translation screens: an offer's texts and the centre's description in the content
languages (curated in the admin). One screen per object; ``?sprache=ar`` opens a language.
The German original is shown beside the fields."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from centers.access import CenterAccess
from network.models import Language
from staff.base import form_refused, staff_render
from staff.forms.base import TranslationLanguageForm


def translations_page(
    request: HttpRequest,
    access: CenterAccess,
    obj,
    *,
    form_class: type,
    save: Callable,
    delete: Callable,
    url: str,
    original: list[tuple[str, str]],
    **context,
) -> HttpResponse:
    rows = {row.language_code: row for row in obj.translations.all()}
    languages = list(Language.objects.for_content())
    existing = [language for language in languages if language.code in rows]
    chooser = TranslationLanguageForm(request.GET if "sprache" in request.GET else None)
    language = chooser.cleaned_data["sprache"] if chooser.is_valid() else None
    form = None
    if language is not None:
        row = rows.get(language.code)
        if request.method == "POST":
            if "delete" in request.POST:
                delete(language.code)
                messages.success(request, _("The translation has been removed."))
                return HttpResponseRedirect(url)
            form = form_class(request.POST, instance=row, language=language)
            if form.is_valid():
                try:
                    save(language.code, form.values())
                except ValidationError as error:
                    form_refused(form, error)
                else:
                    messages.success(request, _("The translation has been saved."))
                    return HttpResponseRedirect(f"{url}?{urlencode({'sprache': language.code})}")
        else:
            form = form_class(instance=row, language=language)
    return staff_render(
        request,
        "staff/translations.html",
        access,
        chooser=chooser,
        language=language,
        form=form,
        translated=language is not None and language.code in rows,
        existing=existing,
        original=original,
        url=url,
        **context,
    )
