"""How each language's text is read by threading and similarity: pure, no download.

An ``Analyser`` is one language's rules: how its text is normalised before it is
cut into words (Unicode NFC everywhere; for Arabic and Persian, NFKC, without
tatweel and diacritics, one form of alef, ta marbuta written as ha, and each
language's own ya and kaf), its stop words, how its words are stemmed (Snowball,
through PyStemmer: the same algorithms as the pure-Python ``snowballstemmer``,
compiled, ``bench/stemmers.py``), its month names and weekdays.

``analyser(code)`` takes any language code (``es``, ``es-MX``, ``pt_BR``,
``zh-hans``) and returns the analyser of its primary subtag: English, Spanish,
French, German, Arabic and Persian have stop words and month names written here;
the other languages Snowball stems are stemmed with no stop words (document
frequencies weigh their function words down); any other code gets the fallback:
words cut at Unicode word boundaries, combining marks kept inside words, no
stemming. ``None`` or ``""`` means the site's language (``LANGUAGE_CODE``).

The stop-word lists are short lists of function words, written here: the lists
of the ``stop-words`` and ``stopwordsiso`` packages (1,333 and 1,298 English
words) hold news words ("fire", "world", "state", "million"), and dropping
those costs threading (docs/threading.md, "Languages").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import version

import Stemmer

DEFAULT_LANGUAGE = "en"
# A new release of the stemmers may stem differently: stored similarity
# profiles name the version they were made with.
STEMMER_VERSION = version("PyStemmer")

# Arabic script: tatweel, harakat (fathatan .. sukun and the rarer marks after
# them), the superscript alef and the Quranic annotation marks.
_ARABIC_MARKS = re.compile("[\u0640\u064b-\u065f\u0670\u06d6-\u06ed]")
_ARABIC_DIGITS = {0x0660 + n: str(n) for n in range(10)}
_ARABIC_DIGITS.update({0x06F0 + n: str(n) for n in range(10)})
# The Arabic decimal and thousands separators.
_ARABIC_DIGITS.update({0x066B: ".", 0x066C: ","})
_ALEF = {0x0622: "\u0627", 0x0623: "\u0627", 0x0625: "\u0627", 0x0671: "\u0627"}
# Arabic spelling: alef maksura as ya, and a Persian keyboard's ya and kaf as
# the Arabic ones.
_ARABIC_LETTERS = str.maketrans(
    {
        **_ALEF,
        **_ARABIC_DIGITS,
        0x0649: "\u064a",
        0x06CC: "\u064a",
        0x06A9: "\u0643",
    }
)
# Persian spelling: Farsi ya and keheh for the Arabic ones, ta marbuta, heh
# with yeh above and heh goal as plain heh.
_PERSIAN_LETTERS = str.maketrans(
    {
        **_ALEF,
        **_ARABIC_DIGITS,
        0x0629: "\u0647",
        0x06C0: "\u0647",
        0x06C1: "\u0647",
        0x064A: "\u06cc",
        0x0649: "\u06cc",
        0x0643: "\u06a9",
    }
)
# French and Italian elided articles and pronouns ("l'armée", "d'Haïti",
# "dell'Italia"): the word after them is the word.
_ELISION = re.compile(
    r"\b(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|dell|all|dall|nell|sull|un)['’](?=\w)",
    re.IGNORECASE,
)


def _plain(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# A final ha after the definite article is a ta marbuta written without its
# dots ("المدينه"): a noun with the article takes no pronoun suffix.
_DOTLESS_TA_MARBUTA = re.compile(r"\b((?:[وفبك]?ال|لل)\w+?)\u0647\b")


def _arabic(text: str) -> str:
    # NFKC first: presentation forms (from PDFs) become letters. Ta marbuta
    # is written one way, with its dots: Snowball's Arabic stemmer takes it off
    # ("مدينة", "المدينة", "مدينه" and "المدينه" all give "مدين").
    text = unicodedata.normalize("NFKC", text)
    text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_LETTERS)
    return _DOTLESS_TA_MARBUTA.sub("\\1\u0629", text)


def _persian(text: str) -> str:
    # Persian keeps the zero-width non-joiner inside words ("کتاب‌ها"): the
    # tokeniser reads it as part of the word and the stemmer knows it.
    text = unicodedata.normalize("NFKC", text)
    return _ARABIC_MARKS.sub("", text).translate(_PERSIAN_LETTERS)


def _elided(text: str) -> str:
    return _ELISION.sub("", unicodedata.normalize("NFC", text))


def _months(*names: str) -> dict[str, int]:
    # One entry per month, its spellings separated by "/".
    return {
        spelling: number
        for number, spellings in enumerate(names, start=1)
        for spelling in spellings.split("/")
        if spelling
    }


@dataclass(frozen=True, eq=False)
class Analyser:
    """One language's rules for reading text (see the module docstring).

    ``stemmer`` names a Snowball algorithm (``None``: words are not stemmed, or
    ``"gazette"``: the light English rules threading was fitted with);
    ``day_first`` reads "3 de mayo" and "3. Mai" as dates, not only "May 3";
    ``years`` are the first two digits of four-digit numbers read as years.
    """

    code: str
    stemmer: str | None = None
    stop_words: frozenset[str] = frozenset()
    months: Mapping[str, int] = field(default_factory=dict)
    weekdays: frozenset[str] = frozenset()
    normalise: Callable[[str], str] = _plain
    day_first: bool = False
    years: tuple[str, ...] = ("19", "20")

    def stem(self, word: str) -> str:
        """Return the stem of a lower-cased, normalised word."""
        return _stem(self.stemmer, word)


def light_english_stem(word: str) -> str:
    """Return a crude stem of a lower-cased English word: plurals and
    -ing/-ed endings off (the rules threading's weights were fitted with)."""
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("ing") and len(word) > 5:
        return word[:-3]
    if word.endswith("ed") and len(word) > 4:
        return word[:-2]
    if word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("es") and word[-3] in "sxz":
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


@cache
def _snowball(algorithm: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(algorithm)


def _stem(algorithm: str | None, word: str) -> str:
    if algorithm is None:
        return word
    if algorithm == "gazette":
        return light_english_stem(word)
    stem: str = _snowball(algorithm).stemWord(word)
    return stem


def _words(text: str, normalise: Callable[[str], str] = _plain) -> frozenset[str]:
    # Stop words are compared with normalised, lower-cased tokens.
    return frozenset(normalise(text).lower().split())


ENGLISH_STOP_WORDS = _words("""
    a about above after again against ago all almost also although always am among
    an and another any anyone anything are around as at away back be became because
    been before being below between both but by came can cannot could did do does
    doing done down during each either else even ever every few for from further get
    gets getting got had has have having he her here hers herself him himself his
    how however i if in including into is it its itself just last least less let
    like made make many may me might more most much must my myself near need never
    new next no nor not now of off often on once one only onto or other others our
    ours ourselves out over own part per put rather really said same say says see
    seen several shall she should since so some still such take than that the their
    theirs them themselves then there these they thing things this those though
    three through thus to told too took two under until up upon us very via was way
    we well were what when where whether which while who whom whose why will with
    within without would yet you your yours yourself yourselves mr mrs ms dr
    according year years day days week weeks time times first second s t don didn
    doesn isn wasn won ve ll re m d
""")

SPANISH_STOP_WORDS = _words("""
    a al algo algunas algunos ante antes aquel aquella aquellas aquellos aquí así
    aun aunque bajo bien cada casi como cómo con contra cual cuales cuando cuándo
    cuanto de del desde donde dónde dos durante e el él ella ellas ellos en entre
    era eran es esa esas ese eso esos esta está están estaba estaban estas este
    esto estos fue fueron gran ha había habían han hasta hay he hoy la las le les
    lo los más me mi mientras muy nada ni no nos nosotros o otra otras otro otros
    para pero poco por porque primer primera pues que qué quien quién quienes se
    sea según ser si sí sido siempre sin sino sobre su sus también tan tanto te
    tiene tienen todo todos tras tu tú un una unas uno unos usted y ya yo año años
    día días dijo dice señor señora sr sra según través vez veces
""")

FRENCH_STOP_WORDS = _words("""
    à a afin ai ainsi alors après au aucun aucune aujourd aussi autre autres aux
    avait avaient avant avec avoir ayant c ça car ce ceci cela celle celles celui
    cependant ces cet cette ceux chaque chez ci comme comment d dans de depuis des
    deux donc dont du elle elles en encore entre er est et étaient était été être
    eu eux fait fois furent fut il ils j je jusqu l la le les leur leurs lors lui
    m ma mais me même mes moi moins n ne ni nos notre nous on ont or ou où par
    parce pas pendant peu peut plus pour pourquoi puis qu quand que quel quelle
    quelles quels qui quoi sa sans se selon ses si sien son sont sous sur ta te
    tes toi ton tous tout toute toutes très tu un une vers vos votre vous y an ans
    jour jours m mme selon a-t-il dit déjà
""")

GERMAN_STOP_WORDS = _words("""
    aber alle allem allen aller alles als also am an ander andere anderen auch auf
    aus bei beim bereits bin bis bisher bist da dabei dadurch dafür dagegen damit
    dann darauf darum das dass dem den denen denn der deren des dessen die dies
    diese diesem diesen dieser dieses doch dort du durch ein eine einem einen einer
    eines einige er es etwa euch gegen gewesen hab habe haben hat hatte hatten hier
    hin ich ihm ihn ihr ihre ihrem ihren ihrer im in ins ist ja jahr jahre jahren
    jedoch jetzt kann kein keine können könnte man mehr mit muss nach nicht noch
    nun nur ob oder ohne sehr sei seien sein seine seinem seinen seiner seit sich
    sie sind so soll sollen sollte sowie über um und uns unter vom von vor wann war
    waren warum was weil weiter welche welchen welcher wenn wer werden wie wieder
    wir wird wo worden wurde wurden zu zum zur zwei zwischen herr frau sagte laut
""")

ARABIC_STOP_WORDS = _words(
    """
    في من إلى الى على عن مع هذا هذه ذلك تلك هؤلاء الذي التي الذين اللذين اللتين
    اللواتي ما ماذا لماذا كيف أين متى هل قد لقد لم لن لا إن أن إنه أنه كان كانت
    كانوا يكون تكون هو هي هم هن نحن أنا أنت انت أو ثم بل لكن حتى إذا اذا كل بعض
    غير بين عند عندما منذ خلال بعد قبل حول ضد دون أي أيضا ايضا فقط وقد وفي ومن
    وإلى وعلى وعن ومع وهو وهي وهم وكان وكانت ولا ولم ولن وأن وإن والذي والتي
    فيه فيها منه منها عليه عليها إليه اليه به بها لها له لهم لدى وقال قال قالت
    يوم أمس اليوم عام سنة السيد السيدة حيث كما لدى أكثر أقل
""",
    _arabic,
)

PERSIAN_STOP_WORDS = _words(
    """
    و در به از که این آن با را برای تا یا اما هم نیز بر است بود شد شده شود
    می‌شود کرد کرده کند می‌کند بوده باشد هست نیست هستند بودند خواهد داد دارد
    داشت گفت گفته اند ای یک دو همه هر چه چون اگر پس پیش بین روی زیر بعد قبل
    او ما شما آنها ایشان وی خود من تو ها های هایی این‌که آن‌که چنین چنان نه
    ولی دیگر باید می همین همان روز سال امروز دیروز آقای خانم حتی مورد توسط
""",
    _persian,
)

_ENGLISH_MONTHS = _months(
    "january/jan",
    "february/feb",
    "march/mar",
    "april/apr",
    "may",
    "june/jun",
    "july/jul",
    "august/aug",
    "september/sep/sept",
    "october/oct",
    "november/nov",
    "december/dec",
)

# The Egyptian and Gulf names, then the Levantine ones (one word only:
# "كانون" and "تشرين" name two months each).
_ARABIC_MONTHS = {
    _arabic(name): number
    for name, number in _months(
        "يناير",
        "فبراير/شباط",
        "مارس/آذار",
        "أبريل/ابريل/نيسان",
        "مايو/أيار",
        "يونيو/يونيه/حزيران",
        "يوليو/يوليه/تموز",
        "أغسطس/اغسطس/آب",
        "سبتمبر/أيلول",
        "أكتوبر/اكتوبر",
        "نوفمبر",
        "ديسمبر",
    ).items()
}

# Gregorian names; the solar Hijri months, the calendar Iran's press dates by,
# are told apart by 12 more (a day of Farvardin is not a day of January).
_PERSIAN_MONTHS = {
    _persian(name): number
    for name, number in _months(
        "ژانویه",
        "فوریه",
        "مارس",
        "آوریل",
        "مه/مى",
        "ژوئن",
        "ژوئیه/جولای",
        "اوت/آگوست",
        "سپتامبر",
        "اکتبر",
        "نوامبر",
        "دسامبر",
        "فروردین",
        "اردیبهشت",
        "خرداد",
        "تیر",
        "مرداد",
        "شهریور",
        "مهر",
        "آبان",
        "آذر",
        "دی",
        "بهمن",
        "اسفند",
    ).items()
}

ANALYSERS: dict[str, Analyser] = {
    "en": Analyser(
        "en",
        stemmer="gazette",
        stop_words=ENGLISH_STOP_WORDS,
        months=_ENGLISH_MONTHS,
        weekdays=_words(
            "monday tuesday wednesday thursday friday saturday sunday today yesterday"
        ),
    ),
    "es": Analyser(
        "es",
        stemmer="spanish",
        stop_words=SPANISH_STOP_WORDS,
        months=_months(
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre/setiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ),
        weekdays=_words(
            "lunes martes miércoles jueves viernes sábado domingo hoy ayer"
        ),
        day_first=True,
    ),
    "fr": Analyser(
        "fr",
        stemmer="french",
        stop_words=FRENCH_STOP_WORDS,
        months=_months(
            "janvier",
            "février/fevrier",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août/aout",
            "septembre",
            "octobre",
            "novembre",
            "décembre/decembre",
        ),
        weekdays=_words("lundi mardi mercredi jeudi vendredi samedi dimanche hier"),
        normalise=_elided,
        day_first=True,
    ),
    "de": Analyser(
        "de",
        stemmer="german",
        stop_words=GERMAN_STOP_WORDS,
        months=_months(
            "januar/jänner",
            "februar",
            "märz",
            "april",
            "mai",
            "juni",
            "juli",
            "august",
            "september",
            "oktober",
            "november",
            "dezember",
        ),
        weekdays=_words(
            "montag dienstag mittwoch donnerstag freitag samstag sonntag heute gestern"
        ),
        day_first=True,
    ),
    "ar": Analyser(
        "ar",
        stemmer="arabic",
        stop_words=ARABIC_STOP_WORDS,
        months=_ARABIC_MONTHS,
        weekdays=_words("الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت الأحد", _arabic),
        normalise=_arabic,
        day_first=True,
    ),
    "fa": Analyser(
        "fa",
        stemmer="persian",
        stop_words=PERSIAN_STOP_WORDS,
        months=_PERSIAN_MONTHS,
        weekdays=_words("شنبه یکشنبه دوشنبه سه‌شنبه چهارشنبه پنجشنبه جمعه", _persian),
        normalise=_persian,
        day_first=True,
        # Solar Hijri years (1403) as well as Gregorian ones.
        years=("13", "14", "19", "20"),
    ),
}

# The other languages Snowball stems, by ISO 639-1 code where they have one.
SNOWBALL_CODES = {
    "ca": "catalan",
    "cs": "czech",
    "da": "danish",
    "el": "greek",
    "eo": "esperanto",
    "et": "estonian",
    "eu": "basque",
    "fi": "finnish",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "ne": "nepali",
    "nl": "dutch",
    "nn": "norwegian",
    "no": "norwegian",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "st": "sesotho",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}


def primary_code(code: str | None) -> str:
    """Return the primary subtag of a language code, lower-cased (``es-MX``: ``es``).

    ``None`` or ``""`` gives the site's language (``default_language``).
    """
    if not code:
        return default_language()
    return re.split(r"[-_]", code.strip(), maxsplit=1)[0].lower() or DEFAULT_LANGUAGE


def default_language() -> str:
    """Return the primary subtag of the site's ``LANGUAGE_CODE`` ("en" without
    Django settings)."""
    try:
        from django.conf import settings

        code = str(settings.LANGUAGE_CODE) if settings.configured else ""
    except ImportError:  # pragma: no cover - Django is a dependency
        code = ""
    return primary_code(code) if code else DEFAULT_LANGUAGE


@cache
def _analyser(code: str) -> Analyser:
    known = ANALYSERS.get(code)
    if known is not None:
        return known
    # Catalan and Italian elide as French does ("l'home", "dell'Italia").
    normalise = _elided if code in {"ca", "it"} else _plain
    return Analyser(code, stemmer=SNOWBALL_CODES.get(code), normalise=normalise)


def analyser(code: str | None = None) -> Analyser:
    """Return the analyser of a language code (``None``: the site's language)."""
    return _analyser(primary_code(code))
