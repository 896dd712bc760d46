"""Translations of some demo offers and centres into the content languages.

Written for the demo (short and plain, as a centre's staff would write them). The
Sprachcafé is translated everywhere; the parents' café and the crawling group in the
first centres, as centres that have started translating would.
"""

from centers.models import Center, CenterTranslation
from offers.models import Offer, OfferTranslation

# German summary of an offer: {language code: (title, summary, description)}
OFFERS = {
    "Deutsch sprechen üben, Fragen zum Alltag klären, Nachbarn kennenlernen.": {
        "en": (
            "Language café",
            "Practise speaking German, get answers to everyday questions, meet your neighbours.",
            "Once a week we sit together over tea and talk German – slowly and patiently. "
            "Beginners are very welcome.\n\n- no registration\n- free of charge\n"
            "- children can play next door",
        ),
        "ar": (
            "مقهى اللغة",
            "تدرّب على التحدث بالألمانية، واطرح أسئلتك اليومية، وتعرّف على جيرانك.",
            "نلتقي مرة في الأسبوع على كوب من الشاي ونتحدث بالألمانية بهدوء وصبر. "
            "المبتدئون مرحّب بهم.\n\n- بدون تسجيل\n- مجاناً\n- يمكن للأطفال اللعب في الغرفة المجاورة",
        ),
        "uk": (
            "Мовне кафе",
            "Практикуйте німецьку, ставте питання про повсякденне життя, знайомтеся з сусідами.",
            "Раз на тиждень ми збираємося за чаєм і розмовляємо німецькою – повільно і терпляче. "
            "Початківцям раді.\n\n- без реєстрації\n- безкоштовно\n"
            "- діти можуть гратися поруч",
        ),
        "fa": (
            "کافه زبان",
            "آلمانی صحبت کردن را تمرین کنید، سؤال‌های روزمره بپرسید و با همسایه‌ها آشنا شوید.",
            "",
        ),
    },
    "Kommen Sie vorbei, trinken Sie einen Kaffee und lernen Sie andere Eltern kennen – "
    "mit oder ohne Kinder.": {
        "en": (
            "Parents' café",
            "Drop in, have a coffee and meet other parents – with or without children.",
            "Our café is open to all families from the neighbourhood. The children play, the "
            "parents talk, and a member of staff has time for your questions.\n\n"
            "- no registration\n- free of charge\n- coffee, tea and some fruit are ready",
        ),
        "ar": (
            "مقهى الأهالي",
            "تعالوا واشربوا القهوة وتعرّفوا على أهالٍ آخرين – مع أطفالكم أو بدونهم.",
            "مقهانا مفتوح لجميع العائلات في الحي. يلعب الأطفال ويتحدث الأهل، "
            "وتجدون لدينا موظفة متخصصة تجيب عن أسئلتكم.",
        ),
        "uk": (
            "Батьківське кафе",
            "Заходьте на каву та знайомтеся з іншими батьками – з дітьми чи без.",
            "",
        ),
        "tr": (
            "Ebeveyn kafesi",
            "Uğrayın, bir kahve için ve başka ebeveynlerle tanışın – çocuklu ya da çocuksuz.",
            "",
        ),
    },
    "Spielen, singen und krabbeln für Babys und Kleinkinder mit ihren Eltern.": {
        "en": (
            "Crawling group",
            "Play, sing and crawl: for babies and toddlers with their parents.",
            "",
        ),
        "ru": (
            "Группа для малышей",
            "Игры, песни и ползание для малышей и их родителей.",
            "",
        ),
    },
}
# Parents' café and crawling group: translated in this many centres only.
TRANSLATING_CENTRES = 6

CENTRE = {
    "en": (
        "A meeting place for families: parents' café, advice and groups for young children.",
        "We are a day-care centre and a family centre in one. Parents meet in our café, "
        "our partners hold consultation hours here, and our staff help with questions "
        "about everyday family life, forms and finding your way in town.",
    ),
    "ar": (
        "مكان لقاء للعائلات: مقهى للأهالي، استشارات ومجموعات للأطفال الصغار.",
        "نحن روضة أطفال ومركز للعائلات في آن واحد. يلتقي الأهالي في مقهانا، "
        "ويقدّم شركاؤنا ساعات استشارة هنا، ويساعدكم فريقنا في أسئلة الحياة العائلية "
        "اليومية والاستمارات والتعرف على المدينة.",
    ),
    "uk": (
        "Місце зустрічі для сімей: батьківське кафе, консультації та групи для малюків.",
        "",
    ),
}


def translations_create() -> int:
    """Create the demo translations; the number of translated offers."""
    centres = list(Center.objects.order_by("pk")[:TRANSLATING_CENTRES])
    rows = []
    translated = 0
    for offer in Offer.objects.filter(summary__in=OFFERS).order_by("pk"):
        if offer.title != "Sprachcafé" and offer.center not in centres:
            continue
        translated += 1
        for code, (title, summary, description) in OFFERS[offer.summary].items():
            rows.append(
                OfferTranslation(
                    master=offer,
                    language_code=code,
                    translated_title=title,
                    translated_summary=summary,
                    translated_description=description,
                )
            )
    OfferTranslation.objects.bulk_create(rows)
    CenterTranslation.objects.bulk_create(
        CenterTranslation(
            master=centre,
            language_code=code,
            translated_summary=summary,
            translated_description=description,
        )
        for centre in centres[:3]
        for code, (summary, description) in CENTRE.items()
    )
    return translated
