from common.text import slugify_de, transliterate_de


def test_umlauts_and_sharp_s_are_spelled_out_the_german_way():
    assert transliterate_de("Äpfel, Öfen, Übungen, Straße") == "Aepfel, Oefen, Uebungen, Strasse"


def test_a_slug_keeps_the_spelled_out_umlauts():
    assert (
        slugify_de("Familienbüro Weimar – Öffnungszeiten") == "familienbuero-weimar-oeffnungszeiten"
    )
