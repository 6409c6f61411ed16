"""The importers' pure modules: XML streaming, WXR, shortcodes, bodies, ninjs.

No database: these read files and strings and return plain data.
"""

import datetime
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gazette.imports import ninjs, shortcodes, wxr
from gazette.imports.bodies import html_to_blocks, lede_from, sanitise_rich_text
from gazette.imports.xmlstream import XmlStreamError, iter_records

DATA = Path(__file__).parent / "data" / "imports"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "import"
needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason="../shared/data/import is absent (real export files)"
)


# --- XML ----------------------------------------------------------------------


def test_entity_expansion_bomb_is_refused():
    with pytest.raises(XmlStreamError) as caught:
        list(iter_records(DATA / "bomb.xml", depth=3, prefixes={}))
    assert "refused" in str(caught.value)


def test_external_entity_is_refused_and_nothing_is_read():
    with pytest.raises(wxr.WxrError) as caught:
        list(wxr.read_wxr(DATA / "external.xml"))
    assert "refused" in str(caught.value)
    assert "root:" not in str(caught.value)


@pytest.mark.parametrize(
    "path",
    [
        DATA / "small.xml",
        pytest.param(
            SHARED / "wordpress" / "themeunittestdata.wordpress.xml",
            marks=needs_shared,
        ),
    ],
    ids=["small", "theme-unit-test"],
)
def test_a_read_without_bodies_gives_the_same_records_less_bodies(path):
    """The first pass (``bodies=False``) leaves out the posts' content and
    comments, and nothing else: every other field, line and problem is the
    full read's."""
    full = list(wxr.read_wxr(path))
    skimmed = list(wxr.read_wxr(path, bodies=False))
    assert len(full) == len(skimmed)
    items = 0
    for whole, part in zip(full, skimmed, strict=True):
        if isinstance(whole, wxr.WxrItem):
            items += 1
            assert part.content == "" and part.comments == []
            part.content, part.comments = whole.content, whole.comments
        assert part == whole
    assert items and any(i.comments for i in full if isinstance(i, wxr.WxrItem))


def test_iter_records_gives_text_in_one_piece_between_tags(tmp_path):
    """Expat's text comes whole between two tags (lines and entities no
    longer cut it), mixed content keeps its order."""
    path = tmp_path / "mixed.xml"
    path.write_text(
        "<r><c><i><p>one\ntwo &amp; three<em>four</em>five\n</p></i></c></r>"
    )
    (item,) = iter_records(path, depth=3, prefixes={})
    paragraph = item.find("p")
    assert paragraph.text == "one\ntwo & threefive\n"
    assert [c if isinstance(c, str) else c.name for c in paragraph.content] == [
        "one\ntwo & three",
        "em",
        "five\n",
    ]
    assert paragraph.line == 1


def test_records_carry_their_line():
    records = list(wxr.read_wxr(DATA / "small.xml"))
    items = [r for r in records if isinstance(r, wxr.WxrItem)]
    ferry = next(i for i in items if i.post_id == "10")
    text = (DATA / "small.xml").read_text().splitlines()
    assert "<item>" in text[ferry.line - 1]
    assert "Ferry timetable changes" in text[ferry.line]


def test_unknown_wxr_version_is_refused_with_advice():
    with pytest.raises(wxr.WxrError) as caught:
        list(wxr.read_wxr(DATA / "version.xml"))
    assert "9.9" in str(caught.value)
    assert "Export" in str(caught.value)


def test_a_file_that_is_not_an_export_is_refused(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text("<rss><channel><item><title>x</title></item></channel></rss>")
    with pytest.raises(wxr.WxrError, match="not a WordPress export"):
        list(wxr.read_wxr(path))


def test_malformed_file_yields_the_items_before_the_fault():
    seen = []
    with pytest.raises(wxr.WxrError) as caught:
        for record in wxr.read_wxr(DATA / "malformed.xml"):
            seen.append(record)
    items = [r for r in seen if isinstance(r, wxr.WxrItem)]
    assert [i.title for i in items][:1] == ["A good post"]
    assert caught.value.line and caught.value.line >= 30


def test_missing_fields_are_named_with_their_line():
    items = []
    with pytest.raises(wxr.WxrError):
        for record in wxr.read_wxr(DATA / "malformed.xml"):
            if isinstance(record, wxr.WxrItem):
                items.append(record)
    no_id, no_title = items[1], items[2]
    assert [p.field for p in no_id.problems] == ["wp:post_id"]
    assert no_id.problems[0].line == no_id.line > 0
    assert [p.field for p in no_title.problems] == ["title"]


def test_wxr_fields():
    records = list(wxr.read_wxr(DATA / "small.xml"))
    site = records[0]
    assert isinstance(site, wxr.Site) and site.version == "1.1"
    authors = [r for r in records if isinstance(r, wxr.WxrAuthor)]
    assert [a.name for a in authors] == ["Mara Quill", "Tobias Reed"]
    terms = {r.slug: r for r in records if isinstance(r, wxr.WxrTerm)}
    assert terms["port"].parent == "city" and terms["ferries"].kind == "tag"
    ferry = next(r for r in records if isinstance(r, wxr.WxrItem) and r.post_id == "10")
    assert ferry.date == datetime.datetime(2020, 1, 10, 9, tzinfo=datetime.UTC)
    assert ferry.sticky and ferry.thumbnail_id == "20"
    assert ferry.categories == [("port", "Port")]
    assert ferry.tags == [("ferries", "Ferries")]
    assert [c.approved for c in ferry.comments] == ["1", "1", "1", "0", "spam"]
    assert ferry.comments[2].parent == "101"
    draft = next(r for r in records if isinstance(r, wxr.WxrItem) and r.post_id == "12")
    assert draft.date is None and not draft.problems


@pytest.mark.parametrize(
    "url, path",
    [
        ("https://x.org/wp-content/uploads/2020/01/a-300x200.jpg", "2020/01/a.jpg"),
        ("https://x.org/wp-content/uploads/2020/01/a.jpg", "2020/01/a.jpg"),
        ("https://x.files.wordpress.com/2008/06/b.jpg", "2008/06/b.jpg"),
        ("https://x.org/about/", ""),
    ],
)
def test_upload_path(url, path):
    assert wxr.upload_path(url) == path


def test_attachment_credit_read_without_unserialising():
    meta = 'a:1:{s:10:"image_meta";a:1:{s:6:"credit";s:8:"Ana Lund";}}'
    assert wxr.attachment_credit(meta) == "Ana Lund"
    assert wxr.attachment_credit("") == ""


@needs_shared
def test_real_export_reads_in_one_stream():
    counts: dict[str, int] = {}
    for record in wxr.read_wxr(
        SHARED / "wordpress" / "themeunittestdata.wordpress.xml"
    ):
        if isinstance(record, wxr.WxrItem):
            counts[record.post_type] = counts.get(record.post_type, 0) + 1
            assert not record.problems, record.problems
    assert counts["post"] > 30 and counts["page"] > 10 and counts["attachment"] > 30


# --- Shortcodes -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ('[gallery ids="1, 2,x"]', 'data-ids="1,2"'),
        (
            "[embed]https://video.example/v/1[/embed]",
            'href="https://video.example/v/1"',
        ),
        ('[audio mp3="https://a.example/x.mp3"]', 'href="https://a.example/x.mp3"'),
        (
            '[video src="https://a.example/x.mp4"][/video]',
            'href="https://a.example/x.mp4"',
        ),
        ("[[gallery]]", "[gallery]"),
        ("[embed]javascript:alert(1)[/embed]", ""),
    ],
)
def test_known_shortcodes(text, expected):
    result = shortcodes.expand(text)
    assert expected in result.html if expected else result.html == ""
    assert result.unknown == []


def test_caption_shortcode_becomes_a_figure():
    result = shortcodes.expand(
        '[caption id="a" width="300"]<img src="/a.jpg" alt="A"> Under it[/caption]'
    )
    assert "<figcaption>Under it</figcaption>" in result.html
    assert '<img src="/a.jpg" alt="A">' in result.html


def test_unknown_shortcode_is_kept_and_listed():
    result = shortcodes.expand('Vote: [poll id="7"] now')
    assert result.html == 'Vote: [poll id="7"] now'
    assert result.unknown == ["poll"]


# --- Bodies ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "markup",
    [
        '<p onclick="steal()">Hi</p>',
        "<p>Hi<script>alert(1)</script></p>",
        '<p><a href="javascript:alert(1)">Hi</a></p>',
        '<p><a href=" JavaScript:alert(1)">Hi</a></p>',
        '<p><img src="x" onerror="alert(1)">Hi</p>',
        '<p style="background:url(javascript:x)">Hi</p>',
        "<p>Hi<iframe src='https://evil.example'></iframe></p>",
    ],
)
def test_rich_text_is_sanitised(markup):
    cleaned = sanitise_rich_text(markup)
    lowered = cleaned.lower()
    for bad in ("script", "onclick", "onerror", "javascript", "style", "iframe"):
        assert bad not in lowered
    assert "Hi" in cleaned


def test_safe_links_survive():
    cleaned = sanitise_rich_text('<p><a href="https://x.org/a" rel="x">A</a></p>')
    assert cleaned == '<p><a href="https://x.org/a">A</a></p>'


def test_body_blocks_from_classic_markup():
    body = html_to_blocks(
        "First line.\n\nSecond <b>bold</b> line.\n"
        "<h3>Heading</h3><ol><li>One</li></ol>"
        "<blockquote><p>Said.</p><cite>Someone</cite></blockquote>"
        '<p><img class="wp-image-9" src="/wp-content/uploads/2020/01/a.jpg"></p>'
        "<pre>code &lt;here&gt;</pre>"
    )
    kinds = [b["type"] for b in body.blocks]
    assert kinds == [
        "paragraph",
        "paragraph",
        "heading",
        "paragraph",
        "quote",
        "image",
        "paragraph",
    ]
    assert body.blocks[1]["value"] == "<p>Second <b>bold</b> line.</p>"
    assert body.blocks[3]["value"].startswith("<ol>")
    assert body.blocks[4]["value"] == {"quote": "Said.", "attribution": "Someone"}
    assert body.blocks[5]["value"]["attachment_id"] == "9"
    assert "&lt;here&gt;" in body.blocks[6]["value"]


def test_gutenberg_blocks_and_dynamic_ones():
    body = html_to_blocks(
        "<!-- wp:paragraph --><p>Text</p><!-- /wp:paragraph -->"
        "<!-- wp:latest-posts /-->"
        '<!-- wp:image {"id":5} --><figure class="wp-block-image">'
        '<img src="/x.jpg" class="wp-image-5" alt="X"/><figcaption>Cap</figcaption>'
        "</figure><!-- /wp:image -->"
    )
    assert [b["type"] for b in body.blocks] == ["paragraph", "image"]
    assert body.blocks[1]["value"]["caption"] == "Cap"
    assert body.dropped == ["latest-posts"]


def test_lede_falls_back_to_the_body_and_is_cut_at_a_word():
    body = html_to_blocks("<p>" + "word " * 200 + "</p>")
    lede = lede_from("", body, "Title", limit=50)
    assert lede.endswith("…") and len(lede) <= 51
    assert lede_from("<p>The excerpt</p>", body, "Title") == "The excerpt"
    assert lede_from("", html_to_blocks(""), "Title") == "Title"


# --- ninjs ----------------------------------------------------------------------


def test_versions_land_in_the_same_fields():
    v1 = ninjs.parse_item(
        {
            "uri": "u",
            "type": "text",
            "headline": "H",
            "byline": "Ana Lund and Tobias Reed",
            "body_xhtml": "<p>B</p>",
            "description_text": "D",
            "versioncreated": "2020-01-01T10:00:00Z",
        }
    )
    v2 = ninjs.parse_item(
        {
            "uri": "u",
            "type": "text",
            "headlines": [{"role": "main", "value": "H"}],
            "by": "Ana Lund and Tobias Reed",
            "bodies": [
                {"role": "richtext", "contenttype": "text/html", "value": "<p>B</p>"}
            ],
            "descriptions": [{"role": "summary", "value": "D"}],
            "versioncreated": "2020-01-01T10:00:00Z",
        }
    )
    for item in (v1, v2):
        assert (item.headline, item.body_html, item.lede) == ("H", "<p>B</p>", "D")
        assert [name for name, _ in item.authors] == ["Ana Lund", "Tobias Reed"]
        assert item.versioncreated == datetime.datetime(
            2020, 1, 1, 10, tzinfo=datetime.UTC
        )
        assert item.problems == []
    assert (v1.version_family, v2.version_family) == ("1.x", "2.x/3.x")


def test_plain_text_bodies_become_paragraphs():
    item = ninjs.parse_item({"uri": "u", "headline": "H", "body_text": "A <b>\n\nB"})
    assert item.body_html == "<p>A &lt;b&gt;</p><p>B</p>"


def test_problems_name_the_field():
    items = list(ninjs.read_items(DATA / "hostile.ninjs.json"))
    assert items[0].problems == []
    assert [f for f, _ in items[1].problems] == ["uri"]
    assert ninjs.is_fatal("uri")
    assert [f for f, _ in items[2].problems] == ["versioncreated"]
    assert not ninjs.is_fatal("versioncreated")


def test_not_json_is_an_error():
    with pytest.raises(ninjs.NinjsError, match="line 2"):
        list(ninjs.read_items(DATA / "not-json.json"))


def test_json_lines(tmp_path):
    path = tmp_path / "items.jsonl"
    path.write_text(
        '{"uri": "a", "headline": "A"}\n\nnot json\n{"uri": "b", "headline": "B"}\n'
    )
    items = list(ninjs.read_items(path))
    assert [i.uri for i in items] == ["a", "", "b"]
    assert items[1].line == 3 and ninjs.is_fatal(items[1].problems[0][0])


@needs_shared
def test_the_invalid_sample_is_reported():
    (item,) = ninjs.read_items(
        SHARED / "ninjs" / "doc-not-valid" / "008_extension.json"
    )
    fields = [f for f, _ in item.problems]
    assert "embargoedreason" in fields and "headlines" in fields


@needs_shared
@pytest.mark.parametrize("folder", ["1.4", "2.1", "doc-1.6", "doc-2.2"])
def test_real_samples_parse(folder):
    for path in sorted((SHARED / "ninjs" / folder).glob("*.json")):
        for item in ninjs.read_items(path):
            if item.is_text and item.headline:
                assert item.uri, path


def test_export_item_reads_back():
    image = ninjs.ExportImage(
        uri="gazette:image:1", href="media/1-a.png", title="A", caption="Cap",
        credit="Ana", alt="Alt", width=2, height=3,
    )  # fmt: skip
    data = ninjs.article_to_ninjs(
        ninjs.ExportArticle(
            uri="https://site/world/a/",
            title="Title",
            lede="Lede",
            body_html="<p>Body</p>",
            authors=[("Ana Lund", "ana-lund")],
            section=("world", "World"),
            story=("vote", "The vote"),
            genre="opinion",
            first_published=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
            last_published=None,
            live=True,
            lead_image=image,
            images=[image],
        )
    )
    item = ninjs.parse_item(json.loads(json.dumps(data)))
    assert item.problems == []
    assert (item.headline, item.lede, item.body_html) == (
        "Title",
        "Lede",
        "<p>Body</p>",
    )
    assert item.authors == [("Ana Lund", "ana-lund")]
    assert item.section == ("world", "World") and item.story == ("vote", "The vote")
    assert item.genre == "opinion" and item.pubstatus == "usable"
    assert [a.picture().href for a in item.associations] == ["media/1-a.png"]


# --- Hostile input never crashes the readers ------------------------------------

SMALL = (DATA / "small.xml").read_bytes()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.integers(min_value=0, max_value=len(SMALL)), junk=st.binary(max_size=40))
def test_a_damaged_export_is_read_or_refused_never_crashes(tmp_path_factory, cut, junk):
    path = tmp_path_factory.mktemp("wxr") / "damaged.xml"
    path.write_bytes(SMALL[:cut] + junk + SMALL[cut:])
    try:
        for record in wxr.read_wxr(path):
            assert record is not None
    except wxr.WxrError as error:
        assert str(error)


FRAGMENTS = [
    "<p>", "</p>", "<a href='javascript:x'>", "</a>", "<script>", "</script>",
    "<img src=x onerror=y>", "<figure>", "</figure>", "<ul><li>", "[caption]",
    "[/caption]", "[gallery ids='1,x']", "<!-- wp:image -->", "<h2>", "</h2>",
    "<blockquote>", "<table><tr><td>", "&amp;", "<", ">", "\n\n", "text",
    "<svg onload=z>", "[[x]]", "<![CDATA[c]]>", "<!DOCTYPE html>",
]  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30))
def test_any_body_becomes_safe_blocks(parts):
    body = html_to_blocks("".join(parts))
    for block in body.blocks:
        text = json.dumps(block["value"]).lower()
        assert "<script" not in text and "javascript:" not in text
        assert "onerror" not in text and "onload" not in text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(
        alphabet=st.sampled_from(
            list("ab Z.,'\"&<>—“é😀\t\n\r\f\v\x00\xa0\u200b\u2028\u3000")
        ),
        max_size=30,
    )
)
def test_a_paragraph_of_text_is_stored_as_the_conversion_would(text):
    """Paragraphs of text only skip Wagtail's conversion and come out the same."""
    import html

    from gazette.imports import bodies

    markup = f"<p>{html.escape(text, quote=False)}</p>"
    fast = sanitise_rich_text(markup)
    skipping = bodies._plain_paragraph
    bodies._plain_paragraph = lambda markup: None
    try:
        converted = sanitise_rich_text(markup)
    finally:
        bodies._plain_paragraph = skipping
    assert fast == converted
