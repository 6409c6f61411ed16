"""Comments the standards cannot read are held for a moderator, never passed.

The grammar, the word lists and both models know English only. A comment's
language is its article's edition's; under an English article, a comment in
another script or another Latin-script language is not English either. Those
comments get the rules that need no words (links, repeats, capitals, email
addresses, telephone numbers, the off-limits list) and are otherwise held,
citing the language, in the reader's language and on the moderation queue.
"""

import pytest
from django.utils import translation
from wagtail.models import Locale

from gazette.articles import services as articles
from gazette.discussion import languages, services
from gazette.discussion.models import Comment, CommentStatus
from gazette.discussion.standards import (
    HOLD,
    PUBLISH,
    REJECT,
    UNCHECKED_REASON,
    Policy,
    check_comment,
)

SPANISH = "Esto es una vergüenza, el ministro debería dimitir ya."
ARABIC = "هذا المقال ممتاز، شكرا للكاتب على هذا التحليل"
ENGLISH = "Thank you for explaining how the ferry timetable changes in May."


# --- Which comments the checks can read (pure) -------------------------------


@pytest.mark.parametrize(
    ("text", "edition", "language"),
    [
        (ENGLISH, None, None),
        (ENGLISH, "en", None),
        (ENGLISH, "en-gb", None),
        # Another edition: its language, whatever the comment is written in.
        (ENGLISH, "es", "es"),
        (ARABIC, "ar", "ar"),
        (ENGLISH, "es-MX", "es"),
        # Under an English article: another script, or another language's words.
        (ARABIC, "en", "Arabic"),
        ("Это позор для всех нас, и министр должен уйти.", "en", "Cyrillic"),
        (SPANISH, "en", "es"),
        ("Le gouvernement ne fait rien pour les gens du port.", None, "fr"),
        ("Das ist doch nicht wahr, der Minister lügt.", "en", "de"),
        # English with a few foreign words or names stays English.
        ("Great piece on بريد هالفارد today, thank you.", "en", None),
        ("Viva la revolución, said nobody at the council meeting.", "en", None),
        ("Ha ha ha! Feel better, clown?", "en", None),
        ("The mayor of Los Angeles met de la Cruz in San José.", "en", None),
        ("OK!", "en", None),
        ("", "en", None),
    ],
)
def test_the_language_a_comment_is_read_in(text, edition, language):
    found = languages.unchecked(text, edition)
    assert (found.language if found else None) == language
    if found:
        assert found.detail


def test_only_english_is_checked():
    assert languages.is_checked("en") and languages.is_checked("en-GB")
    assert languages.is_checked(None)
    assert not languages.is_checked("es") and not languages.is_checked("ar")


# --- The verdict (pure) --------------------------------------------------------


def _never(text, score):
    raise AssertionError("the learned signal must not read an unchecked language")


@pytest.mark.parametrize("edition", ["es", "ar"])
@pytest.mark.parametrize(
    "text",
    [
        ENGLISH,
        SPANISH,
        ARABIC,
        # English threats under another edition are held too (never published).
        "Someone should shoot the referee next time.",
    ],
)
def test_another_editions_comment_is_held_citing_its_language(edition, text):
    verdict = check_comment(
        text, toxicity=0.1, policy=Policy(learned_hold=_never), language=edition
    )
    assert verdict.outcome == HOLD
    assert verdict.rule is None
    assert verdict.unchecked_language == edition
    assert verdict.reason == UNCHECKED_REASON
    assert edition in verdict.detail


def test_arabic_under_an_english_article_is_held_not_published():
    verdict = check_comment(ARABIC, toxicity=0.0, language="en")
    assert verdict.outcome == HOLD and verdict.unchecked_language == "Arabic"
    assert "Arabic" in verdict.detail
    # The same comment in English is published.
    assert check_comment(ENGLISH, toxicity=0.0, language="en").outcome == PUBLISH


@pytest.mark.parametrize(
    ("text", "recent", "policy", "outcome", "rule"),
    [
        ("Escríbeme a pedro.gomez@example.com para más datos.", (), Policy(), HOLD, 6),
        ("Llámame al +34 612 34 56 78 esta tarde.", (), Policy(), HOLD, 6),
        (
            "Mira esto www.uno.com y www.dos.net y www.tres.org ahora.",
            (),
            Policy(),
            HOLD,
            5,
        ),
        ("ESTO ES UNA VERGÜENZA TOTAL, QUE DIMITA EL MINISTRO", (), Policy(), HOLD, 5),
        (SPANISH, (SPANISH,), Policy(), REJECT, 5),
        (
            "El alcalde Drolet es un corrupto.",
            (),
            Policy(off_limits_words=("Drolet",)),
            HOLD,
            7,
        ),
        ("هذا رقمي ٠٠٩٦٦٥٠١٢٣٤٥٦٧ اتصلوا بي", (), Policy(), HOLD, 6),
    ],
)
def test_rules_that_need_no_words_apply_in_every_language(
    text, recent, policy, outcome, rule
):
    verdict = check_comment(
        text, toxicity=0.0, recent_texts=recent, policy=policy, language="es"
    )
    assert verdict.outcome == outcome, verdict.detail
    assert verdict.rule is not None and verdict.rule.number == rule
    assert verdict.unchecked_language == "es"


def test_the_classifier_does_not_decide_a_language_it_does_not_know():
    """A high English score on Spanish text is no reason to reject it."""
    verdict = check_comment(SPANISH, toxicity=0.99, language="es")
    assert verdict.outcome == HOLD and verdict.rule is None


# --- Through the posting path, with Spanish and Arabic editions -------------


@pytest.fixture
def edition_article(home, make_article):
    """Return a maker of published articles in the edition of a language code."""

    def make(code):
        locale, _ = Locale.objects.get_or_create(language_code=code)
        edition_home = home.copy_for_translation(locale)
        section = articles.create_section(
            edition_home, title=f"Mundo {code}", slug=f"mundo-{code}"
        )
        article = make_article(f"Artículo {code}", in_section=section)
        assert article.locale.language_code == code
        return article

    return make


@pytest.fixture
def newcomer(make_reader):
    return make_reader("Nueva Lectora")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "text", "reason"),
    [
        (
            "es",
            SPANISH,
            "Retenido para revisión: los comentarios en este idioma no se revisan "
            "automáticamente, así que un moderador lee cada uno.",
        ),
        (
            "ar",
            ARABIC,
            "محتجز للمراجعة: لا تُفحص التعليقات بهذه اللغة آليًا، لذا يقرأ مشرف "
            "كل تعليق منها.",
        ),
    ],
)
def test_a_comment_on_another_edition_is_held_with_the_reason_in_its_language(
    edition_article, newcomer, code, text, reason
):
    article = edition_article(code)
    with translation.override(code):
        comment = services.post_comment(article=article, author=newcomer, text=text)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HELD
    assert comment.rule_code == ""
    assert comment.reason == reason
    assert f"language: {code}" in comment.detail
    article.refresh_from_db()
    assert article.comment_count == 0


@pytest.mark.django_db
def test_an_edit_is_judged_in_the_articles_language(edition_article, newcomer):
    article = edition_article("es")
    comment = Comment.objects.create(
        article=article,
        author=newcomer,
        body="Muy bien.",
        status=CommentStatus.HELD,
    )
    services.edit_comment(comment, newcomer, "Muy bien dicho, gracias por el artículo.")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HELD
    assert "language: es" in comment.detail


@pytest.mark.django_db
def test_language_free_rules_cite_their_rule_on_another_edition(
    edition_article, newcomer
):
    article = edition_article("ar")
    comment = services.post_comment(
        article=article,
        author=newcomer,
        text="راسلوني على ahmad@example.com لمزيد من التفاصيل",
    )
    assert comment.status == CommentStatus.HELD
    assert comment.rule_code == "personal-data"
    assert "under rule 6" in comment.reason


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("es", "Retenido para revisión según la norma 6: información personal"),
        ("ar", "محتجز للمراجعة بموجب القاعدة 6: المعلومات الشخصية"),
    ],
)
def test_a_rules_reason_is_in_the_readers_language(
    edition_article, newcomer, code, reason
):
    article = edition_article(code)
    with translation.override(code):
        comment = services.post_comment(
            article=article, author=newcomer, text="Escríbeme: ana@example.com"
        )
    assert comment.rule_code == "personal-data"
    assert comment.reason == reason


@pytest.mark.django_db
def test_arabic_under_an_english_article_is_held(make_article, newcomer):
    article = make_article("Ferry timetable changes in May")
    comment = services.post_comment(article=article, author=newcomer, text=ARABIC)
    assert comment.status == CommentStatus.HELD
    assert "script: Arabic" in comment.detail
    english = services.post_comment(article=article, author=newcomer, text=ENGLISH)
    assert english.status == CommentStatus.PUBLISHED


@pytest.mark.django_db
def test_the_moderation_queue_shows_the_language_reason(
    client, moderator, edition_article, newcomer
):
    article = edition_article("es")
    with translation.override("es"):
        services.post_comment(article=article, author=newcomer, text=SPANISH)
    client.force_login(moderator)
    page = client.get("/admin/discussion/").content.decode()
    assert "no se revisan automáticamente" in page
    assert "language: es (the article&#x27;s edition)" in page
