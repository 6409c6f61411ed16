"""The article body's blocks: each renders in the page, speaks sensibly, and
embeds come only from the newsroom's allowed providers (a local oEmbed server)."""

import datetime
import http.server
import json
import threading
from urllib.parse import parse_qs, urlsplit

import pytest

from gazette.audio.text import block_sentences

pytestmark = pytest.mark.django_db


class OEmbedHandler(http.server.BaseHTTPRequestHandler):
    """A provider's oEmbed endpoint, served on 127.0.0.1 by the test itself."""

    asked: list[str] = []

    def do_GET(self):
        query = parse_qs(urlsplit(self.path).query)
        OEmbedHandler.asked.append(query.get("url", [""])[0])
        body = json.dumps(
            {
                "type": "video",
                "version": "1.0",
                "title": "Flood water reaches the old bridge",
                "provider_name": "Rivertube",
                "html": '<iframe src="http://127.0.0.1:9/player/42" '
                'title="Flood water reaches the old bridge"></iframe>',
                "width": 640,
                "height": 360,
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def oembed_provider(settings):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), OEmbedHandler)
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    OEmbedHandler.asked = []
    settings.WAGTAILEMBEDS_FINDERS = [
        {
            "class": "wagtail.embeds.finders.oembed",
            "providers": [
                {
                    "endpoint": f"http://127.0.0.1:{port}/oembed",
                    "urls": [r"^https://rivertube\.example/watch/.+$"],
                }
            ],
        }
    ]
    yield OEmbedHandler
    server.shutdown()
    server.server_close()


def paragraph(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def test_every_new_block_renders_in_the_article(client, make_article, picture):
    related = make_article("Bridge closed after storm damage")
    article = make_article(
        "River levels rise across the valley",
        body=[
            paragraph("The river rose a metre overnight."),
            {
                "type": "gallery",
                "value": {
                    "title": "The night of the flood",
                    "images": [
                        {"image": picture.pk, "caption": "Sandbags on Quay Street"},
                        {"image": picture.pk, "caption": ""},
                    ],
                },
            },
            {
                "type": "fact_box",
                "value": {
                    "title": "The Vell in numbers",
                    "body": "<ul><li>212 km long</li>"
                    "<li>Record: 6.1 m in 1953</li></ul>",
                },
            },
            {
                "type": "pull_quote",
                "value": {"text": "We have never seen it this high"},
            },
            {
                "type": "table",
                "value": {
                    "data": [
                        ["Town", "Level (m)"],
                        ["Arlen", "4.2"],
                        ["Mossby", "3.9"],
                    ],
                    "table_header_choice": "row",
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_caption": "River levels at 6am",
                },
            },
            {
                "type": "callout",
                "value": {
                    "kind": "correction",
                    "when": "2026-10-02T09:30:00",
                    "text": "<p>An earlier version gave the record level as 5.1 m.</p>",
                },
            },
            {
                "type": "related_article",
                "value": {"article": related.pk, "label": "Earlier"},
            },
        ],
    )

    html = client.get(article.url).content.decode()

    assert "The night of the flood" in html
    assert html.count('class="body-gallery__item"') == 2
    assert "Sandbags on Quay Street" in html
    assert picture.caption in html  # the second picture falls back to its own
    assert '<aside class="fact-box" aria-label="The Vell in numbers">' in html
    assert "<li>Record: 6.1 m in 1953</li>" in html
    assert '<aside class="lifted-quote" aria-hidden="true">' in html
    assert "<caption>River levels at 6am</caption>" in html
    assert '<th scope="col"' in html and "Mossby" in html
    assert '<aside class="callout callout--correction">' in html
    assert "<strong>Correction</strong>" in html
    assert 'datetime="2026-10-02T09:30:00' in html
    assert '<p class="related-card__label">Earlier</p>' in html
    assert f'href="{related.url}"' in html


def test_a_related_card_for_an_unpublished_article_shows_nothing(client, make_article):
    draft = make_article("Not yet out", publish=False)
    article = make_article(
        "Main story",
        body=[{"type": "related_article", "value": {"article": draft.pk}}],
    )
    html = client.get(article.url).content.decode()
    assert "related-card" not in html
    assert "Not yet out" not in html


def test_an_allowed_embed_waits_for_the_reader(client, make_article, oembed_provider):
    article = make_article(
        "Flood footage",
        body=[
            {
                "type": "embed",
                "value": {
                    "url": "https://rivertube.example/watch/42",
                    "caption": "Filmed from the bridge at dawn",
                },
            }
        ],
    )

    html = client.get(article.url).content.decode()

    assert oembed_provider.asked == ["https://rivertube.example/watch/42"]
    assert "Rivertube: Flood water reaches the old bridge" in html
    assert "Shown from Rivertube" in html
    # The player is inside a <template>: the browser loads nothing until asked.
    template = html.split("<template data-embed-html>")[1].split("</template>")[0]
    assert '<iframe src="http://127.0.0.1:9/player/42"' in template
    assert html.count("<iframe") == 1
    assert 'href="https://rivertube.example/watch/42"' in html
    assert "Filmed from the bridge at dawn" in html
    assert "articles/embed.js" in html

    client.get(article.url)
    assert len(oembed_provider.asked) == 1  # Wagtail keeps the answer


def test_an_embed_from_a_provider_not_allowed_is_only_a_link(
    client, make_article, oembed_provider
):
    article = make_article(
        "Elsewhere",
        body=[
            {
                "type": "embed",
                "value": {"url": "https://other.example/v/1", "caption": ""},
            }
        ],
    )
    html = client.get(article.url).content.decode()
    assert oembed_provider.asked == []
    assert "<template data-embed-html>" not in html
    assert 'href="https://other.example/v/1"' in html


def test_the_editor_cannot_save_an_embed_no_allowed_provider_has(oembed_provider):
    from django.core.exceptions import ValidationError

    from gazette.articles.blocks import ArticleBodyBlock

    block = ArticleBodyBlock().child_blocks["embed"]
    value = block.to_python({"url": "https://other.example/v/1", "caption": ""})
    with pytest.raises(ValidationError):
        block.clean(value)


@pytest.mark.parametrize(
    ("block_type", "value", "spoken"),
    [
        ("pull_quote", {"text": "Already said in the article"}, []),
        ("gallery", {"title": "Pictures", "images": []}, []),
        ("table", {"data": [["a", "b"]]}, []),
        ("embed", {"url": None, "caption": "A video"}, []),
        ("related_article", {"article": None, "label": ""}, []),
        (
            "fact_box",
            {"title": "Key facts", "body": "<ul><li>212 km long.</li></ul>"},
            ["Key facts", "212 km long."],
        ),
        (
            "callout",
            {
                "kind": "correction",
                "when": datetime.datetime(2026, 10, 2, 9, 30),
                "text": "<p>The record was 6.1 m.</p>",
            },
            ["Correction", "The record was 6.1 m."],
        ),
    ],
)
def test_what_article_audio_says_for_each_block(block_type, value, spoken):
    assert block_sentences(block_type, value) == spoken


def test_the_api_gives_each_block_as_plain_text(client, make_article):
    article = make_article(
        "With a fact box",
        body=[
            {
                "type": "fact_box",
                "value": {"title": "Numbers", "body": "<p>Three bridges closed.</p>"},
            },
            {
                "type": "callout",
                "value": {
                    "kind": "update",
                    "when": None,
                    "text": "<p>Roads reopened.</p>",
                },
            },
        ],
    )
    data = client.get(f"/api/v1/articles/{article.pk}/").json()
    assert data["article"]["body"] == [
        {
            "type": "fact_box",
            "text": "Numbers Three bridges closed.",
            "html": None,
            "attribution": None,
            "image": None,
        },
        {
            "type": "callout",
            "text": "Update Roads reopened.",
            "html": None,
            "attribution": None,
            "image": None,
        },
    ]
