"""A story's proposed title from words its caller already read (pure)."""

from gazette.stories.text_features import extract
from gazette.stories.titles import propose_title

ARTICLES = [
    ("Quake hits Chile", "A strong quake hit central Chile on Monday."),
    ("Rescuers search rubble in Santiago", "Rescuers in Chile searched the rubble."),
    ("Chile quake toll rises to 40", "The toll of the quake in Chile rose to 40."),
    ("", "An article without a headline."),
]


def test_the_words_given_give_the_title_the_text_gives():
    """The engine's reading (title weight 3, the site's language) finds the
    same words as the title's own reading."""
    words = [extract(title, text, 3, "en").words.keys() for title, text in ARTICLES]
    assert propose_title(ARTICLES, words) == propose_title(ARTICLES)
    assert propose_title(ARTICLES, [words[0], None, words[2], None]) == (
        propose_title(ARTICLES)
    )


def test_the_words_given_are_the_ones_used():
    """Words that say another story leads to another title (so the caller's
    words are read, not the text again)."""
    rescue = {"rescuer", "rubbl", "santiago", "search"}
    assert propose_title(ARTICLES[:3]) != propose_title(
        ARTICLES[:3], [rescue, rescue, set()]
    )
