"""Wire updates: an item sent again with the same ninjs uri or NewsML-G2 guid
updates its article when its version is newer; an older or equal version is
skipped and reported."""

import datetime
import json
from pathlib import Path

import pytest

from gazette.articles.models import ArticlePage
from gazette.imports import versions
from gazette.imports.services import import_newsml, import_ninjs

UTC = datetime.UTC
T1 = datetime.datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
T2 = datetime.datetime(2024, 5, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("stored", "incoming", "expected"),
    [
        (versions.Stamp(1, T1), versions.Stamp(2, T1), versions.Order.NEWER),
        (versions.Stamp(2, T2), versions.Stamp(2, T2), versions.Order.SAME),
        (versions.Stamp(3, T1), versions.Stamp(2, T2), versions.Order.OLDER),
        # Without numbers on both sides, the version time decides.
        (versions.Stamp(None, T1), versions.Stamp(2, T2), versions.Order.NEWER),
        (versions.Stamp(None, T2), versions.Stamp(None, T1), versions.Order.OLDER),
        (versions.Stamp(None, None), versions.Stamp(4, T1), versions.Order.UNKNOWN),
    ],
)
def test_which_version_is_newer(stored, incoming, expected):
    assert versions.compare(stored, incoming) == expected


def test_stamps_read_raw_values():
    assert versions.Stamp.of("3", "2024-05-01T08:00:00Z") == versions.Stamp(3, T1)
    assert versions.Stamp.of("", "not a date") == versions.Stamp(None, None)
    assert versions.Stamp.of(None, T1).as_data() == {
        "version": None,
        "versioncreated": "2024-05-01T08:00:00+00:00",
    }


def ninjs_item(version: int, headline: str, when: str) -> dict:
    return {
        "uri": "urn:agency:story-1",
        "type": "text",
        "version": str(version),
        "versioncreated": when,
        "firstcreated": "2024-05-01T07:00:00Z",
        "headlines": [{"role": "main", "value": headline}],
        "bodies": [{"contenttype": "text/html", "value": f"<p>{headline}.</p>"}],
    }


def write_json(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.django_db
def test_ninjs_newer_version_replaces_older_is_skipped_and_reported(home, tmp_path):
    first = write_json(
        tmp_path / "v1.json", ninjs_item(1, "Fire at the mill", "2024-05-01T08:00Z")
    )
    import_ninjs(first)
    article = ArticlePage.objects.get()
    second = write_json(
        tmp_path / "v2.json",
        ninjs_item(2, "Fire at the mill under control", "2024-05-01T09:00Z"),
    )
    report = import_ninjs(second)
    assert report.updated["article"] == 1
    article.refresh_from_db()
    assert article.title == "Fire at the mill under control" and article.live
    assert ArticlePage.objects.count() == 1
    # A late copy of version 1 arrives: it must not undo the correction.
    late = import_ninjs(first)
    assert late.skipped["old version"] == 1 and late.ok
    assert (
        f"{first}:1: item urn:agency:story-1 “Fire at the mill”: version: "
        "version 1 is older than the stored version 2" in late.messages[0]
    )
    article.refresh_from_db()
    assert article.title == "Fire at the mill under control"
    # The same version with other words is reported, not taken.
    same = write_json(
        tmp_path / "v2b.json", ninjs_item(2, "Mill fire", "2024-05-01T09:30Z")
    )
    again = import_ninjs(same)
    assert again.skipped["old version"] == 1
    assert "version 2 is already stored (article" in again.messages[0]
    # Sent again unchanged: nothing to say.
    quiet = import_ninjs(second)
    assert quiet.unchanged["article"] == 1 and not quiet.messages


NEWSML = """<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:fire"
    version="{version}" standard="NewsML-G2" standardversion="2.29">
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <versionCreated>{when}</versionCreated>
    <firstCreated>2024-05-01T07:00:00Z</firstCreated>
    <pubStatus qcode="stat:usable"/>
  </itemMeta>
  <contentMeta><headline>{headline}</headline></contentMeta>
  <contentSet>
    <inlineXML contenttype="application/nitf+xml">
      <nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><body><body.content>
        <p>{headline}.</p>
      </body.content></body></nitf>
    </inlineXML>
  </contentSet>
</newsItem>
"""


def write_newsml(path: Path, version: int, headline: str, when: str) -> Path:
    path.write_text(
        NEWSML.format(version=version, headline=headline, when=when), encoding="utf-8"
    )
    return path


@pytest.mark.django_db
def test_newsml_newer_version_replaces_older_is_skipped_and_reported(home, tmp_path):
    folder = tmp_path / "wire"
    folder.mkdir()
    # Both versions in one delivery, the newer read first (file names sort so).
    write_newsml(folder / "a.xml", 3, "Storm closes the bridge", "2024-05-01T10:00Z")
    write_newsml(folder / "b.xml", 2, "Storm warning", "2024-05-01T09:00Z")
    report = import_newsml(folder)
    assert report.created["article"] == 1 and report.skipped["old version"] == 1
    assert "version 2 is older than the stored version 3" in "\n".join(report.messages)
    assert report.messages[0].startswith(f"{folder / 'b.xml'}:2: item urn:newsml:fire")
    article = ArticlePage.objects.get()
    assert article.title == "Storm closes the bridge"
    write_newsml(folder / "c.xml", 4, "Bridge reopens after storm", "2024-05-01T12:00Z")
    later = import_newsml(folder / "c.xml")
    assert later.updated["article"] == 1
    article.refresh_from_db()
    assert article.title == "Bridge reopens after storm"
    assert ArticlePage.objects.count() == 1


@pytest.mark.django_db
def test_a_changed_newsml_item_without_version_is_updated(home, tmp_path):
    path = write_newsml(tmp_path / "x.xml", 1, "First words", "2024-05-01T09:00Z")
    import_newsml(path)
    text = path.read_text().replace(' version="1"', "").replace("First", "Better")
    path.write_text(text.replace("09:00Z", "10:00Z"), encoding="utf-8")
    report = import_newsml(path)
    assert report.updated["article"] == 1
    assert ArticlePage.objects.get().title == "Better words"
