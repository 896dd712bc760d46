from django.utils.text import slugify

_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def slugify_de(text: str) -> str:
    """A URL slug that spells umlauts the German way: "Familienbüro" → "familienbuero"."""
    return slugify(text.translate(_GERMAN))
