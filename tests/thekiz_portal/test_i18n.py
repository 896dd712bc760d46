"""The interface is complete in German; English msgids need no translation."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "de" / "LC_MESSAGES" / "django.po"


def test_every_german_message_is_translated_and_none_is_fuzzy():
    catalog = polib.pofile(str(PO))
    untranslated = [entry.msgid for entry in catalog.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]
    assert not untranslated, untranslated[:20]
    assert not fuzzy, fuzzy[:20]
    assert len(catalog) > 100


def test_the_compiled_catalog_matches_the_source():
    catalog = polib.pofile(str(PO))
    compiled = polib.mofile(str(PO.with_suffix(".mo")))
    source = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in catalog.translated_entries()
    }
    binary = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in compiled
        if e.msgid
    }
    assert binary == source, "run `make messages` to recompile locale/*.mo"


def test_formal_address_is_used():
    catalog = polib.pofile(str(PO))
    informal = [
        entry.msgstr
        for entry in catalog.translated_entries()
        for word in (" du ", " dich ", " dein", " dir ", "Du ")
        if word in f" {entry.msgstr} "
    ]
    assert not informal, informal


@pytest.mark.django_db
def test_dates_and_numbers_are_german(client):
    from django.utils import formats, translation

    with translation.override("de"):
        assert formats.number_format(3.2, 1) == "3,2"
        assert formats.date_format(__import__("datetime").date(2027, 9, 20)) == "20. September 2027"


def test_every_message_in_the_code_is_in_the_catalogue(tmp_path):
    """makemessages on a copy of the sources finds no message the catalogue lacks."""
    import os
    import shutil
    import subprocess
    import sys

    if not shutil.which("xgettext"):
        message = "GNU gettext (xgettext) is needed to extract the messages."
        if os.environ.get("THEKIZ_CI") == "1":
            pytest.fail(message)
        pytest.skip(message)
    ignore = shutil.ignore_patterns(
        ".venv",
        ".git",
        "node_modules",
        "var",
        "staticfiles",
        "static",
        "assets",
        "tests",
        "bench",
        "*.mo",
        "__pycache__",
    )
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=ignore)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--locale",
            "de",
            "--no-location",
            "--no-obsolete",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "THEKIZ_LOG_LEVEL": "error"},
    )
    extracted = {(e.msgctxt, e.msgid) for e in polib.pofile(str(copy / PO.relative_to(ROOT)))}
    committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(PO))}
    missing = sorted(msgid for _ctx, msgid in extracted - committed)
    assert not missing, f"run `make messages` and translate: {missing[:10]}"


def test_the_formal_catalogue_overrides_allauths_informal_german():
    from django.utils import translation

    with translation.override("de"):
        assert translation.gettext("You have signed out.") == "Sie haben sich abgemeldet."
        assert "Sie" in translation.gettext("Are you sure you want to sign out?")


def test_the_admin_widgets_speak_german_in_every_string():
    """Django's own German djangojs catalogue lags behind its admin JavaScript; ours fills
    the gap (locale/de/LC_MESSAGES/djangojs.po), so no widget mixes English into German."""
    import django
    from django.utils.translation.trans_real import DjangoTranslation

    admin_locale = Path(django.__file__).parent / "contrib" / "admin" / "locale"
    english = polib.pofile(str(admin_locale / "en" / "LC_MESSAGES" / "djangojs.po"))
    german = DjangoTranslation("de", domain="djangojs", localedirs=[str(admin_locale)])
    # gettext's catalogue keys: "context\x04msgid", and (msgid, n) for plural forms.
    keys = [
        (f"{entry.msgctxt}\x04" if entry.msgctxt else "") + entry.msgid
        for entry in english
        if entry.msgid
    ]
    untranslated = [
        key for key in keys if key not in german._catalog and (key, 0) not in german._catalog
    ]
    assert not untranslated, untranslated
    assert german.gettext("Choose all %s") == "Alle %s auswählen"


def test_recovery_codes_have_one_spelling_everywhere():
    """Ours, allauth's and Django's messages as the portal shows them: "Wiederherstellungscodes"."""
    import allauth
    from django.utils import translation

    allauth_po = Path(allauth.__path__[0]) / "locale" / "de" / "LC_MESSAGES" / "django.po"
    entries = [*polib.pofile(str(allauth_po)), *polib.pofile(str(PO))]
    with translation.override("de"):
        shown = [
            translation.pgettext(entry.msgctxt, entry.msgid)
            if entry.msgctxt
            else translation.gettext(entry.msgid)
            for entry in entries
            if not entry.msgid_plural
        ]
        shown += [
            translation.ngettext(entry.msgid, entry.msgid_plural, count)
            for entry in entries
            if entry.msgid_plural
            for count in (1, 2)
        ]
        assert translation.gettext("Recovery Codes") == "Wiederherstellungscodes"
    hyphenated = [text for text in shown if "Wiederherstellungs-" in text]
    assert not hyphenated, hyphenated
    assert sum("Wiederherstellungscodes" in text for text in shown) >= 5


def test_places_are_orte_and_an_offers_seats_plaetze():
    from django.utils import translation

    from network.models import Place
    from offers.models import Offer

    with translation.override("de"):
        assert str(Place._meta.verbose_name_plural) == "Orte"
        assert str(Place._meta.verbose_name) == "Ort"
        assert str(Offer._meta.get_field("capacity").verbose_name) == "Plätze"
        assert str(Offer._meta.get_field("audiences").verbose_name) == "Zielgruppen"
