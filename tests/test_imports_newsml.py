"""`gazette import newsml`: NewsML-G2 news items become articles."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from gazette.articles.models import ArticlePage
from gazette.imports.newsml import NewsmlError, read_newsml
from gazette.imports.services import import_newsml

DATA = Path(__file__).parent / "data" / "imports"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "import"


def test_a_news_item_with_nitf_reads_as_ninjs():
    (item,) = read_newsml(DATA / "item.newsml.xml")
    assert item.uri == "urn:test:newsml:1" and item.type == "text"
    assert item.headline == "Harbour reopens"
    assert item.lede == "Ships return after the strike."
    assert item.authors == [("Ana Lund", "")]
    assert item.firstcreated.isoformat() == "2024-05-01T08:30:00+00:00"
    assert "<p>The harbour <em>reopened</em> on Monday &amp; ships returned.</p>" in (
        item.body_html
    )
    assert "<h2>What next</h2>" in item.body_html
    assert "<blockquote>" in item.body_html and "media" not in item.body_html
    assert item.problems == []


def test_entities_are_refused(tmp_path):
    path = tmp_path / "bomb.xml"
    path.write_text((DATA / "bomb.xml").read_text())
    with pytest.raises(NewsmlError, match="refused"):
        list(read_newsml(path))


@pytest.mark.django_db
def test_import_makes_a_sanitised_article_once(home):
    report = import_newsml(DATA / "item.newsml.xml")
    assert report.ok and report.created["article"] == 1
    article = ArticlePage.objects.get(title="Harbour reopens")
    assert article.live and [a.name for a in article.authors] == ["Ana Lund"]
    kinds = [block.block_type for block in article.body]
    assert kinds == ["paragraph", "heading", "paragraph", "quote"]
    assert "javascript" not in str(article.body.raw_data)
    again = import_newsml(DATA / "item.newsml.xml")
    assert again.unchanged["article"] == 1 and ArticlePage.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data/import is absent")
def test_the_real_samples(home, capsys):
    with pytest.raises(CommandError, match="failed"):
        call_command("import", "newsml", str(SHARED / "newsml-g2"))
    out = capsys.readouterr().out
    # Listing fragments are not items; a package and a video are named.
    assert "LISTING_25" in out and "is not a NewsML-G2 newsItem" in out
    assert "packageItem: a package only points at other items" in out
    assert "video items have no place" in out
    assert ArticlePage.objects.filter(title='Fed to halt QE to avert "bubble"').exists()
