"""`gazette import feed`: a partner's RSS 2.0 or Atom feed becomes articles;
running it again updates changed entries and adds only new ones."""

import html
import http.server
import threading
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from gazette.articles.models import ArticlePage
from gazette.imports import feed as feeds
from gazette.imports.models import ImportedItem
from gazette.imports.services import ImportError_, import_feed

pytestmark = pytest.mark.django_db

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Partner Wire</title>
  <link>https://partner.example/</link>
  <item>
    <title>Harbour bridge reopens</title>
    <link>https://partner.example/bridge</link>
    <guid>urn:partner:1</guid>
    <dc:creator>Ana Lund</dc:creator>
    <pubDate>Mon, 06 May 2024 08:00:00 GMT</pubDate>
    <description>{hostile}</description>
  </item>
  <item>
    <title>{second_title}</title>
    <guid>urn:partner:2</guid>
    <pubDate>Mon, 06 May 2024 09:00:00 GMT</pubDate>
    <description>Second story text.</description>
  </item>
  <item>
    <description>An entry with neither guid, link nor title.</description>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Partner Atom</title>
  <id>urn:partner-atom</id>
  <link href="https://atom.example/"/>
  <updated>2024-05-06T10:00:00Z</updated>
  <entry>
    <title>Ferry timetable changes</title>
    <id>urn:atom:1</id>
    <published>2024-05-06T09:30:00Z</published>
    <updated>2024-05-06T10:00:00Z</updated>
    <author><name>Tobias Reed</name></author>
    <summary>New times from June.</summary>
    <content type="html">{content}</content>
  </entry>
  <entry>
    <title>No id here</title>
    <summary>This entry has no id and no link.</summary>
  </entry>
</feed>
""".format(
    content=html.escape(
        "<p>The ferry leaves earlier from June.</p><h2>Weekends</h2><p>No change.</p>"
    )
)
HOSTILE = html.escape(
    "<p>The bridge reopened on Monday.</p><script>alert(1)</script>"
    '<p><a href="javascript:alert(1)" onclick="x()">Traffic</a> is back.</p>'
)


def rss(second_title: str) -> str:
    return RSS.format(second_title=second_title, hostile=HOSTILE)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_rss_entries_become_sanitised_published_articles(home, tmp_path):
    path = write(tmp_path, "wire.rss", rss("Council votes"))
    report = import_feed(str(path), section="world")
    bridge = ArticlePage.objects.get(title="Harbour bridge reopens")
    assert bridge.live and bridge.get_parent().slug == "world"
    assert [a.name for a in bridge.authors] == ["Ana Lund"]
    assert bridge.first_published_at.isoformat() == "2024-05-06T08:00:00+00:00"
    body = str(bridge.body.raw_data).lower()
    for bad in ("script", "javascript", "onclick", "alert"):
        assert bad not in body
    assert "traffic" in body
    assert report.created["article"] == 2 and report.skipped["item"] == 1
    text = "\n".join(report.messages)
    assert f"{path}:20: item ?" in text and "guid: entry 3: missing" in text
    assert "ask the feed's publisher" in text
    assert report.ok


def test_running_again_updates_changed_entries_and_adds_nothing_twice(home, tmp_path):
    path = write(tmp_path, "wire.rss", rss("Council votes"))
    import_feed(str(path))
    again = import_feed(str(path))
    assert again.unchanged["article"] == 2 and again.total("created") == 0
    write(tmp_path, "wire.rss", rss("Council votes yes"))
    third = import_feed(str(path))
    assert third.updated["article"] == 1 and third.unchanged["article"] == 1
    assert ArticlePage.objects.count() == 2
    assert ArticlePage.objects.filter(title="Council votes yes").exists()
    assert ImportedItem.objects.filter(source="feed:https://partner.example").count()


def test_atom_entries_with_html_content(home, tmp_path):
    path = write(tmp_path, "wire.atom", ATOM)
    report = import_feed(str(path))
    ferry = ArticlePage.objects.get(title="Ferry timetable changes")
    assert [b.block_type for b in ferry.body] == ["paragraph", "heading", "paragraph"]
    assert ferry.lede == "New times from June."
    assert [a.name for a in ferry.authors] == ["Tobias Reed"]
    assert "id: entry 2: missing" in "\n".join(report.messages)
    assert report.created["article"] == 1


def test_a_feed_is_fetched_from_the_address_the_operator_gives(home):
    body = rss("Served locally").encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path != "/feed.xml":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        report = import_feed(f"{base}/feed.xml")
        assert report.created["article"] == 2
        assert ArticlePage.objects.filter(title="Served locally").exists()
        with pytest.raises(ImportError_, match="answered 404"):
            import_feed(f"{base}/missing.xml")
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b '
            '"&a;&a;&a;">]><rss version="2.0"><channel><title>&b;</title>'
            "</channel></rss>",
            "refused: EntitiesForbidden",
        ),
        ('<rss version="2.0">\n<channel>\n<item><title>x</item>', "not well-formed"),
        ("<html><body>not a feed</body></html>", "neither RSS nor Atom"),
        ("", "empty"),
    ],
)
def test_bad_feeds_fail_with_a_clear_message(home, tmp_path, text, expected):
    path = write(tmp_path, "bad.xml", text)
    report = import_feed(str(path))
    assert not report.ok and expected in report.messages[0]
    assert not ArticlePage.objects.exists()


def test_the_command_prints_the_report_and_fails_on_a_bad_feed(home, tmp_path, capsys):
    good = write(tmp_path, "wire.rss", rss("Council votes"))
    call_command("import", "feed", str(good), "--dry-run")
    out = capsys.readouterr().out
    assert "dry run, nothing saved: created" in out and "article 2" in out
    assert not ArticlePage.objects.exists()
    bad = write(tmp_path, "bad.xml", "<rss><channel><item>")
    with pytest.raises(CommandError, match="failed"):
        call_command("import", "feed", str(bad))
    with pytest.raises(CommandError, match="no such file"):
        call_command("import", "feed", str(tmp_path / "nothing.xml"))


def test_read_feed_is_pure_and_numbers_entry_lines():
    feed = feeds.read_feed(rss("T").encode())
    assert feed.kind == "rss20" and feed.link == "https://partner.example/"
    assert [item.line for item in feed.items] == [6, 14, 20]
    assert feed.items[0].uri == "urn:partner:1"
