import unicodedata

from django.utils.text import slugify

_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def transliterate_de(text: str) -> str:
    """Umlauts and ß spelled out the German way: "Kyffhäuser" → "Kyffhaeuser"."""
    return text.translate(_GERMAN)


def slugify_de(text: str) -> str:
    """A URL slug that spells umlauts the German way: "Familienbüro" → "familienbuero"."""
    return slugify(transliterate_de(text))


def alphabetical_key(name: str) -> str:
    """Sömmerda before Sonneberg: umlauts sort as their vowel (DIN 5007, variant 1)."""
    return unicodedata.normalize("NFKD", name.casefold()).encode("ascii", "ignore").decode()
