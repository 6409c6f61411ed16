"""The demo's Spanish and Arabic editions: their content, one load for all three
editions, their pages, and the links between translations."""

import datetime
import json
import re
import shutil
import unicodedata
from html.parser import HTMLParser

import pytest
from django.utils import timezone
from wagtail.models import Locale, Page, PageLogEntry, Revision

from gazette.articles.models import ArticlePage, Author, SectionPage
from gazette.core.models import GazetteImage, HomePage
from gazette.demo.editions import read_edition
from gazette.demo.loader import (
    CONTENT_DIR,
    DemoContentError,
    default_home,
    load_demo,
    read_content,
    read_timeline,
)
from gazette.fronts.selectors import build_front
from gazette.stories.models import Story

EDITIONS = ("es", "ar")
RUNNING = "aldermark-vesperland-relations"


def words(article: dict) -> int:
    text = article["lede"] + " " + json.dumps([b["value"] for b in article["body"]])
    return len(re.sub(r"<[^>]+>", " ", text).split())


def edition(code: str):
    newsroom, articles = read_content()
    return read_edition(CONTENT_DIR / code, newsroom, articles, read_timeline())


def visible_text(value) -> str:
    if isinstance(value, dict):
        return " ".join(visible_text(v) for v in value.values())
    if isinstance(value, list):
        return " ".join(visible_text(v) for v in value)
    return re.sub(r"<[^>]+>", " ", str(value))


def test_edition_content_meets_the_brief():
    """Per edition: 5+ originals and 4+ translations of English articles, the
    running story in 2+ articles (translations of the English story's among
    them), every English section and the standards translated, the English
    demo's kinds of body blocks, articles of 150-600 words."""
    english, english_articles = read_content()
    english_story = {a["slug"]: a.get("story") for a in english_articles}
    for code in EDITIONS:
        content = edition(code)
        newsroom = content.newsroom
        assert newsroom["language"] == code and newsroom["name"]
        originals = [a for a in content.articles if "translation_of" not in a]
        translations = [a for a in content.articles if "translation_of" in a]
        assert len(originals) >= 5 and len(translations) >= 4, code
        (story,) = [s for s in newsroom["stories"] if s["counterpart"] == RUNNING]
        in_story = [a for a in content.articles if a.get("story") == story["slug"]]
        assert len(in_story) >= 2
        assert any(english_story[a["translation_of"]] == RUNNING for a in in_story)
        assert any("translation_of" not in a for a in in_story), "an original too"
        translated = {s.get("translation_of") for s in newsroom["sections"]}
        assert {s["slug"] for s in english["sections"]} < translated
        assert None in translated, "the edition has a section of its own"
        rules = newsroom["community_standards"]["rules"]
        assert [r["number"] for r in rules] == [
            r["number"] for r in english["community_standards"]["rules"]
        ]
        # Pictures described in the edition's language: its own records.
        own = {image["key"] for image in newsroom["images"]}
        assert {a["image"] for a in content.articles if a.get("image")} <= own
        kinds = {block["type"] for a in content.articles for block in a["body"]}
        assert kinds == {"paragraph", "heading", "quote"}
        assert any("<ul>" in str(b["value"]) for a in originals for b in a["body"])
        assert all(150 <= words(a) <= 600 for a in content.articles), [
            (a["slug"], words(a)) for a in content.articles
        ]
        # Slugs are addresses: plain ASCII in both editions (docs/demo.md).
        slugs = [a["slug"] for a in content.articles] + [
            s["slug"] for s in newsroom["sections"]
        ]
        assert all(re.fullmatch(r"[a-z0-9-]+", slug) for slug in slugs), slugs


def test_arabic_edition_is_written_in_arabic_script():
    """Headlines, standfirsts and bodies in Arabic letters (names included),
    with Arabic punctuation; the Spanish edition's in Latin letters."""
    for code, script in (("ar", "ARABIC"), ("es", "LATIN")):
        content = edition(code)
        for article in content.articles:
            blocks = [block["value"] for block in article["body"]]
            text = visible_text([article["title"], article["lede"], *blocks])
            letters = [c for c in text if c.isalpha()]
            own = sum(script in unicodedata.name(c, "") for c in letters)
            assert own / len(letters) > 0.99, (article["slug"], own, len(letters))
        authors = [a["name"] for a in content.newsroom["authors"]]
        assert all(script in unicodedata.name(name[0]) for name in authors)
    arabic = json.dumps(edition("ar").articles, ensure_ascii=False)
    assert "،" in arabic and "؟" in arabic


@pytest.mark.django_db
def test_a_malformed_edition_names_the_problem_and_writes_nothing(tmp_path):
    for name in ("newsroom.json", "articles.json"):
        shutil.copy(CONTENT_DIR / name, tmp_path / name)
    shutil.copytree(CONTENT_DIR / "es", tmp_path / "es")
    data = json.loads((tmp_path / "es" / "articles.json").read_text())
    data["articles"][0]["translation_of"] = "no-such-article"
    (tmp_path / "es" / "articles.json").write_text(json.dumps(data))
    with pytest.raises(DemoContentError, match="translates the unknown article"):
        load_demo(tmp_path, with_users=False)
    # A translation sits in the translation of its original's section: an
    # article of Mundo cannot translate one of Science.
    seaweed = "seaweed-farms-store-more-carbon-than-expected"
    data["articles"][0]["translation_of"] = seaweed
    (tmp_path / "es" / "articles.json").write_text(json.dumps(data))
    with pytest.raises(DemoContentError, match="belongs in that section's translation"):
        load_demo(tmp_path, with_users=False)
    assert (
        not ArticlePage.objects.exists()
        and not Locale.objects.filter(language_code__in=EDITIONS).exists()
    )


class Head(HTMLParser):
    """The page's <html lang dir> and its <link rel=alternate hreflang> links."""

    def __init__(self):
        super().__init__()
        self.html: dict = {}
        self.alternates: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html = attrs
        elif tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            self.alternates[attrs["hreflang"].lower()] = attrs["href"]


def head(client, url: str) -> Head:
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = Head()
    parsed.feed(response.content.decode())
    return parsed


def language(code: str) -> str:
    return code.lower().split("-")[0]


def snapshot():
    """What a second load must leave exactly as it was."""
    return (
        list(
            Page.objects.order_by("pk").values_list(
                "pk", "live", "slug", "latest_revision_id", "last_published_at"
            )
        ),
        Revision.objects.count(),
        PageLogEntry.objects.count(),
        list(Story.objects.order_by("pk").values_list("pk", "slug", "article_count")),
        Author.objects.count(),
        GazetteImage.objects.count(),
        Locale.objects.count(),
    )


def test_load_demo_builds_three_editions(client, demo_newsroom):
    """``gazette load_demo`` (the shared load, tests/conftest.py) builds the
    English, Spanish and Arabic editions; a second load changes nothing."""
    default = Locale.get_default()
    codes = {default.language_code, *EDITIONS}
    assert set(Locale.objects.values_list("language_code", flat=True)) == codes
    # The summary names each edition's address.
    listed = demo_newsroom.split("Editions:")[1]
    for code in codes:
        assert re.search(rf"\({code}\): http://\S+/{code}/\n", listed), listed

    english = default_home()
    fronts = {}
    homes = {
        code: english.get_translation(Locale.objects.get(language_code=code))
        for code in codes
    }
    for code, home in homes.items():
        home = home.specific
        assert isinstance(home, HomePage) and home.live
        rtl = code == "ar"
        section = SectionPage.objects.child_of(home).live().first()
        article = ArticlePage.objects.live().descendant_of(home).first()
        assert article.locale.language_code == code
        for page in (home, section, article):
            parsed = head(client, page.url)
            assert language(parsed.html["lang"]) == code, (page.url, parsed.html)
            assert parsed.html["dir"] == ("rtl" if rtl else "ltr"), page.url
        # The edition's front: its chosen lead and top stories, its
        # story's row.
        if code != default.language_code:
            front = build_front(home)
            lead, top, story_row = front.blocks[:3]
            chosen = [a for a in top.articles if a.pk in top.chosen]
            assert len(chosen) == 3 and lead.chosen
            for article in [*lead.articles, *chosen, *story_row.articles]:
                assert article.locale_id == home.locale_id, article
            fronts[code] = front

    # Each edition's radio station: the demo station's translation.
    from gazette.radio.models import Station

    for code in EDITIONS:
        station = Station.objects.get(locale__language_code=code)
        assert station.name == edition(code).newsroom["radio"]["name"]
    # Players read the stream's name in Latin letters (docs/radio.md).
    assert Station.objects.get(locale__language_code="ar").icy_name == (
        "Barid Halvard Radio"
    )

    # Each edition's masthead: El Correo de Halvard, بريد هالفارد, each with
    # its tagline, in the header, the <title> and og:site_name.
    english_newsroom, _ = read_content()
    for code, home in homes.items():
        if code == default.language_code:
            newsroom = english_newsroom
        else:
            newsroom = edition(code).newsroom
        html = client.get(home.url).content.decode()
        name, tagline = newsroom["name"], newsroom["tagline"]
        assert f'aria-current="page">{name}</a>' in html, code
        assert f'<p class="site-header__tagline">{tagline}</p>' in html, code
        assert f"<title>{name}</title>" in html, code
        assert f'<meta property="og:site_name" content="{name}">' in html, code

    # Translations of English articles share the original's translation_key;
    # originals have none in the other editions.
    for code in EDITIONS:
        for data in edition(code).articles:
            page = ArticlePage.objects.get(
                locale__language_code=code, slug=data["slug"]
            )
            source = data.get("translation_of")
            if source:
                original = ArticlePage.objects.get(locale=default, slug=source)
                assert page.translation_key == original.translation_key
                assert page.comment_count == 0
            else:
                assert page.get_translations().count() == 0

    # The running story in all three editions, 2+ articles each, linked by
    # the translations of its articles.
    keys = []
    for slug in (RUNNING, "crisis-del-vell", "azmat-nahr-vell"):
        story = Story.objects.get(slug=slug)
        in_story = ArticlePage.objects.live().filter(story=story)
        assert in_story.count() >= 2 and story.article_count == in_story.count()
        locales = set(in_story.values_list("locale__language_code", flat=True))
        assert len(locales) == 1
        if hasattr(story, "locale_id"):
            assert {story.locale.language_code} == locales
        keys.append(set(in_story.values_list("translation_key", flat=True)))
    assert keys[0] & keys[1] & keys[2]

    # Every translated page's hreflang alternates: itself, each live
    # translation and x-default, full addresses, and each listed page lists
    # this one back.
    translated = [
        page
        for page in Page.objects.live().filter(depth__gt=1).specific()
        if page.get_translations().live().exists()
    ]
    assert len(translated) >= 3 + 12 + 4 + 11
    alternates = {}
    for page in translated:
        alternates[page.get_full_url()] = head(client, page.url).alternates
    for page in translated:
        own = alternates[page.get_full_url()]
        versions = [page, *page.get_translations().live()]
        expected = {
            language(v.locale.language_code): v.get_full_url() for v in versions
        }
        listed = {lang: url for lang, url in own.items() if lang != "x-default"}
        assert {language(k): v for k, v in listed.items()} == expected, page.url
        assert own.get("x-default") in expected.values(), page.url
        for url in expected.values():
            assert page.get_full_url() in alternates[url].values(), (url, page.url)

    # A second load, days later, changes nothing.
    before = snapshot()
    summary = load_demo(
        with_users=False, now=timezone.now() + datetime.timedelta(days=2)
    )
    assert not summary.created, summary
    assert snapshot() == before

    # Each edition's front reads its own articles and stories only.
    foreign = sorted(
        f"{code}: {block.heading or block.kind}"
        for code, front in fronts.items()
        for block in front.blocks
        if (
            {a.locale_id for a in block.articles}
            | {getattr(s, "locale_id", None) for s in block.stories}
        )
        - {None, homes[code].locale_id}
    )
    assert not foreign, f"fronts show other editions' articles or stories: {foreign}"
