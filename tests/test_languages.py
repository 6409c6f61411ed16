"""Per-language reading of articles for threading and similarity (no database).

Tokenising, normalising and stemming tables per language, stop words, dates,
and the engine threading Spanish, Arabic and Persian articles by event.
"""

import pytest

from gazette.stories import languages, similarity
from gazette.stories.engine_store import _article_data, _article_from_data
from gazette.stories.languages import analyser, primary_code
from gazette.stories.text_features import extract, title_words
from gazette.stories.threading import Article, ThreadingEngine


def words(text, language):
    return set(extract("", text, language=language).words)


def one_stem(text, language):
    """Return the single content word ``text`` reads as, in ``language``."""
    found = extract("", text, language=language).words
    assert len(found) == 1, found
    return next(iter(found))


@pytest.mark.parametrize(
    ("language", "spellings"),
    [
        # Arabic: with and without diacritics, tatweel, alef forms, ta marbuta
        # with and without its dots, the article, a Persian keyboard's ya/kaf.
        ("ar", ["مدرسة", "مَدْرَسَة", "مدرســة", "المدرسة", "المدرسه", "مدرسه"]),
        ("ar", ["زلزال", "الزِّلْزَال", "بالزلزال", "زلـــزال"]),
        ("ar", ["أحمد", "احمد", "أَحْمَد"]),
        ("ar", ["إسلام", "اسلام", "الإسلام"]),
        ("ar", ["آسيا", "اسيا"]),
        ("ar", ["مستشفى", "مستشفي", "المستشفى"]),
        ("ar", ["كتاب", "کتاب", "الكتاب"]),
        # Spanish: singular and plural, accents kept apart by the stemmer's
        # own rules.
        ("es", ["terremoto", "terremotos"]),
        ("es", ["inundación", "inundaciones"]),
        ("es", ["víctima", "víctimas"]),
        ("es", ["presidente", "presidentes"]),
        # French: plurals and elided articles.
        ("fr", ["armée", "armées", "l'armée", "L’armée"]),
        ("fr", ["séisme", "séismes", "du séisme"]),
        # German: plural with umlaut.
        ("de", ["Erdbeben", "Erdbebens"]),
        ("de", ["Häuser", "Haus"]),
        # Persian: plural with the zero-width non-joiner or without, Arabic
        # ya and kaf, diacritics.
        ("fa", ["کتاب", "کتاب‌ها", "کتابها", "كتاب", "کتاب‌های"]),
        ("fa", ["ایران", "ايران", "ایرانِ"]),
        ("fa", ["دانشجو", "دانشجویان"]),
    ],
)
def test_spellings_of_one_word_read_as_one_stem(language, spellings):
    stems = {one_stem(spelling, language) for spelling in spellings}
    assert len(stems) == 1, dict(zip(spellings, stems, strict=False))


def test_arabic_diacritics_no_longer_cut_words_into_letters():
    # "\w" alone stops at every haraka: "كَتَبَ" read as three one-letter
    # tokens, all dropped. Normalised first, it is one word.
    assert extract("", "كَتَبَ الصحفيُّ المقالَ", language="ar").words
    assert all(len(word) > 1 for word in words("كَتَبَ الصحفيُّ المقالَ", "ar"))


@pytest.mark.parametrize(
    ("language", "text", "kept", "dropped"),
    [
        ("es", "El presidente de los Estados y la prensa", "presidente", "el de los"),
        ("fr", "Le président de la République et la presse", "président", "le de la"),
        ("de", "Der Präsident und die Presse in der Stadt", "Präsident", "der und die"),
        ("ar", "قال الرئيس في المؤتمر إن الحكومة لن تستقيل", "الرئيس", "في إن لن"),
        ("ar", "قالَ الرئيسُ فِي المؤتمرِ إنَّ الحكومةَ لن تستقيلَ", "الرئيس", "في إن"),
        ("fa", "رئیس جمهور در این نشست گفت که دولت استعفا نمی‌دهد", "رئیس", "در این که"),
    ],
)
def test_stop_words_go_content_words_stay(language, text, kept, dropped):
    found = words(text, language)
    assert one_stem(kept, language) in found
    rules = analyser(language)
    for word in dropped.split():
        assert rules.normalise(word).lower() in rules.stop_words, word
        assert rules.stem(rules.normalise(word).lower()) not in found, word


@pytest.mark.parametrize(
    ("language", "text", "dates"),
    [
        ("es", "El 3 de mayo de 2019 tembló la tierra.", {"5-3", "y2019"}),
        ("fr", "Le 1er mai 2019, la terre a tremblé.", {"5-1", "y2019"}),
        ("de", "Am 3. Mai 2019 bebte die Erde.", {"5-3", "y2019"}),
        ("ar", "في ٣ مايو ٢٠١٩ ضرب زلزال المدينة", {"5-3", "y2019"}),
        ("ar", "في 3 أيار 2019 ضرب زلزال المدينة", {"5-3", "y2019"}),
        # Solar Hijri: its months counted apart from January .. December.
        ("fa", "زلزله روز ۱۲ اردیبهشت ۱۴۰۳ تهران را لرزاند", {"14-12", "y1403"}),
        ("en", "The earth shook on May 3, 2019.", {"5-3", "y2019"}),
    ],
)
def test_dates_in_each_language(language, text, dates):
    assert set(extract("", text, language=language).dates) == dates


def test_arabic_digits_are_figures():
    features = extract("", "قُتل ١٥ شخصا في زلزال بقوة ٦٫١ درجات", language="ar")
    assert set(features.numbers) == {"15", "6.1"}


def test_english_reads_as_before_with_or_without_the_language():
    title = "Floods force 1,200 people from their homes in Ilsen"
    text = "Heavy rains flooded Ilsen on May 3. Mayor Jane Doe said 1,200 left."
    assert extract(title, text) == extract(title, text, language="en")
    assert extract(title, text, language="en-GB").words["flood"] == 3
    assert title_words(title) == title_words(title, "en")


@pytest.mark.parametrize(
    ("code", "primary"),
    [("es", "es"), ("es-MX", "es"), ("pt_BR", "pt"), ("zh-hans", "zh"), ("AR", "ar")],
)
def test_language_codes_are_read_by_their_primary_subtag(code, primary):
    assert primary_code(code) == primary


def test_no_language_is_the_sites(settings):
    settings.LANGUAGE_CODE = "es-es"
    assert primary_code(None) == primary_code("") == "es"
    assert analyser().code == "es"
    assert extract("", "Los terremotos").words == {"terremot": 1}


def test_other_snowball_languages_are_stemmed_without_stop_words():
    italian = analyser("it")
    assert italian.stemmer == "italian"
    assert italian.stop_words == frozenset()
    assert one_stem("terremoti", "it") == one_stem("terremoto", "it")


def test_unknown_languages_are_cut_at_unicode_words_unstemmed():
    # Hindi (no Snowball stop words here, stemmed), then a code nobody knows.
    hindi = words("सरकार ने मिशन को मंजूरी दी", "xx")
    assert "सरकार" in hindi and "मंजूरी" in hindi  # vowel signs kept in the word
    assert words("floods flooded", "xx") == {"floods", "flooded"}
    chinese = extract("", "東京で大きな地震があった", language="zh").words
    assert {"東京", "地震"} <= set(chinese)


def test_profiles_are_made_in_the_given_language():
    text = "Los terremotos dejaron víctimas en la ciudad de Valparaíso y el país."
    spanish = similarity.profile("", text, "es-CL")
    assert spanish.language == "es"
    assert "terremot" in spanish.bags["wn"]
    assert similarity.profile("", text).language == "es"  # guessed
    assert similarity.digest("", text, "es") != similarity.digest("", text, "ar")
    assert similarity.digest("", text) == similarity.digest("", text, None)


def test_logged_articles_keep_their_language():
    article = Article("1", "Terremoto", "Un terremoto.", language="es")
    assert _article_from_data(_article_data(article)) == article
    old = {"id": "2", "title": "Quake", "text": "A quake.", "published": None}
    assert _article_from_data(old).language is None


SPANISH = [
    Article(
        "quake-1",
        "Un terremoto de magnitud 6,1 sacude Valparaíso",
        "Un fuerte terremoto de magnitud 6,1 sacudió la ciudad chilena de "
        "Valparaíso el 3 de mayo de 2022. Las autoridades informaron de 12 "
        "muertos y cientos de heridos. El presidente Gabriel Boric visitó las "
        "zonas afectadas y prometió ayuda a las familias de las víctimas.",
        language="es",
    ),
    Article(
        "quake-2",
        "Sube a 15 el número de muertos por el terremoto de Valparaíso",
        "Los equipos de rescate siguen buscando supervivientes entre los "
        "escombros de Valparaíso tras el terremoto de magnitud 6,1 del 3 de "
        "mayo. Las víctimas mortales ya son 15, según las autoridades chilenas, "
        "y los heridos superan los 300. Gabriel Boric decretó tres días de duelo.",
        language="es",
    ),
    Article(
        "flood-1",
        "Inundaciones en Valencia obligan a evacuar a miles de vecinos",
        "Las lluvias torrenciales provocaron el 9 de octubre de 2022 "
        "inundaciones en la provincia de Valencia. Más de 2.000 vecinos fueron "
        "evacuados de sus casas y el río Turia se desbordó en varios puntos. "
        "Los servicios de emergencia pidieron no usar el coche.",
        language="es",
    ),
]

ARABIC = [
    Article(
        "quake-1",
        "زلزال بقوة 6.1 درجات يضرب مدينة إزمير التركية",
        "ضرب زلزال بقوة 6.1 درجات مدينة إزمير في غرب تركيا في 3 مايو 2022، "
        "وقالت السلطات إن 12 شخصا لقوا حتفهم وأصيب المئات بجروح. وتوجهت فرق "
        "الإنقاذ إلى المباني المنهارة في المدينة بحثا عن ناجين تحت الأنقاض.",
        language="ar",
    ),
    Article(
        "quake-2",
        # Diacritics, tatweel, Arabic-Indic digits, a dotless ta marbuta.
        "ارتفاع عدد ضحايا زلزال إزمير إلى ١٥ قتيلاً",
        "أعلنت السُّلطات التركيّة ارتفاع عدد قتلى الزِّلْزال الذي ضرب المدينه "
        "في ٣ مايو إلى ١٥ شخصاً، فيما تواصل فِرَق الإنقاذ البحث عن ناجين تحت "
        "أنقاض المبانـــي المنهارة في إزمير. وكان الزلزال بقوة ٦٫١ درجات.",
        language="ar",
    ),
    Article(
        "flood-1",
        "فيضانات في الإسكندرية تجبر آلاف السكان على مغادرة منازلهم",
        "تسببت الأمطار الغزيرة في فيضانات واسعة في مدينة الإسكندرية المصرية "
        "في 9 أكتوبر 2022، وأجبرت أكثر من 2000 من السكان على مغادرة منازلهم. "
        "وقالت الحكومة إن مياه البحر غمرت الشوارع القريبة من الكورنيش.",
        language="ar",
    ),
]

PERSIAN = [
    Article(
        "quake-1",
        "زلزله ۶٫۱ ریشتری شهر بم را لرزاند",
        "زلزله‌ای به بزرگی ۶٫۱ ریشتر روز ۱۲ اردیبهشت ۱۴۰۳ شهر بم در استان "
        "کرمان را لرزاند. به گفته مقام‌های محلی ۱۲ نفر کشته و صدها نفر زخمی "
        "شدند و تیم‌های امدادی به ساختمان‌های ویران‌شده اعزام شدند.",
        language="fa",
    ),
    Article(
        "quake-2",
        "شمار کشته‌های زلزله بم به ۱۵ نفر رسید",
        "مقام‌هاي استان کرمان اعلام کردند شمار کشته‌شدگان زلزله ۱۲ اردیبهشت "
        "در بم به ۱۵ نفر رسیده است. تیم‌هاي امدادی همچنان زیر آوار ساختمان‌ها "
        "به دنبال بازماندگان زلزله ۶٫۱ ریشتری می‌گردند.",
        language="fa",
    ),
    Article(
        "flood-1",
        "سیل در مازندران هزاران نفر را آواره کرد",
        "بارش شدید باران روز ۲۰ مهر ۱۴۰۳ در استان مازندران سیل به راه انداخت و "
        "بیش از ۲۰۰۰ نفر از خانه‌هایشان تخلیه شدند. رودخانه تجن در چند نقطه "
        "طغیان کرد و جاده‌های روستایی بسته شد.",
        language="fa",
    ),
]


@pytest.mark.parametrize("stream", [SPANISH, ARABIC, PERSIAN], ids=["es", "ar", "fa"])
def test_one_event_threads_into_one_story_another_apart(stream):
    engine = ThreadingEngine()
    first, follow_up, other = stream
    engine.add(first)
    story = engine.last_new_story
    joined = engine.add(follow_up)
    assert joined.story_id == story, joined
    apart = engine.add(other)
    assert apart.story_id is None, apart


def test_arabic_follow_up_matches_through_normalising_and_stemming():
    # The same two articles, read without the Arabic rules (as English): the
    # diacritised follow-up shares far fewer words with the first report.
    first, follow_up, _ = ARABIC
    shared = words(first.text, "ar") & words(follow_up.text, "ar")
    shared_as_english = words(first.text, "en") & words(follow_up.text, "en")
    assert len(shared) >= len(shared_as_english) + 4, (shared, shared_as_english)


def test_every_analysed_language_has_its_months_and_stop_words():
    for code in ("en", "es", "fr", "de", "ar", "fa"):
        rules = languages.ANALYSERS[code]
        assert set(rules.months.values()) >= set(range(1, 13)), code
        assert len(rules.stop_words) > 50, code
        assert rules.stemmer, code
