"""`gazette ingest-folder`: the wire drop folder. Settled files are imported
and moved to done/, failures to failed/ with a .why saying what to correct;
files still being written are left alone."""

import json
import os
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from gazette.articles.models import ArticlePage
from gazette.imports.drop_folder import DropFolder, detect_format, settled_files

DATA = Path(__file__).parent / "data" / "imports"

ITEM = {
    "uri": "urn:wire:1",
    "type": "text",
    "version": "1",
    "headlines": [{"value": "Dock strike ends"}],
    "bodies": [{"contenttype": "text/html", "value": "<p>Work resumes.</p>"}],
    "firstcreated": "2024-05-01T08:00:00Z",
}


def deliver(folder: Path, name: str, text: str, age: float = 60) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    then = time.time() - age
    os.utime(path, (then, then))
    return path


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("a.json", "{}", "ninjs"),
        ("a.jsonl", "{}\n", "ninjs"),
        ("a.xml", '<?xml version="1.0"?>\n<newsItem guid="x"/>', "newsml"),
        ("a.xml", "<!-- agency --><newsMessage/>", "newsml"),
        (
            "a.xml",
            '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">',
            "wordpress",
        ),
        ("a.xml", '<rss version="2.0"><channel>', "feed"),
        ("a.atom", '<feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        ("a.xml", "<html></html>", None),
        ("a.txt", "hello", None),
    ],
)
def test_formats_are_told_by_name_and_first_bytes(tmp_path, name, text, expected):
    assert detect_format(deliver(tmp_path, name, text)) == expected


def test_only_settled_finished_files_are_taken(tmp_path):
    deliver(tmp_path, "old.json", "{}", age=60)
    deliver(tmp_path, "fresh.json", "{}", age=0)
    deliver(tmp_path, ".hidden.json", "{}")
    deliver(tmp_path, "upload.json.part", "{}")
    deliver(tmp_path, "upload.tmp", "{}")
    deliver(tmp_path, "picture.jpg", "x")
    (tmp_path / "done").mkdir()
    assert [p.name for p in settled_files(tmp_path, settle=5)] == ["old.json"]
    later = time.time() + 10
    names = [p.name for p in settled_files(tmp_path, settle=5, now=later)]
    assert names == ["old.json", "fresh.json"]


@pytest.mark.django_db
def test_a_pass_imports_good_files_and_explains_failures(home, tmp_path):
    deliver(tmp_path, "item.json", json.dumps(ITEM))
    deliver(tmp_path, "broken.json", '{"uri": "x",\n "headlines": [}')
    deliver(tmp_path, "no-headline.json", json.dumps({"uri": "urn:wire:2"}))
    deliver(tmp_path, "notes.txt", "call the desk")
    deliver(tmp_path, "writing.json", json.dumps(ITEM), age=0)
    outcomes = DropFolder(tmp_path, settle=5, log=lambda m: None).run_once()
    assert {o.path.name: o.ok for o in outcomes} == {
        "item.json": True,
        "broken.json": False,
        "no-headline.json": True,
        "notes.txt": False,
    }
    assert ArticlePage.objects.get().title == "Dock strike ends"
    assert (tmp_path / "done" / "item.json").is_file()
    assert (tmp_path / "writing.json").is_file(), "a file being written waits"
    why = (tmp_path / "failed" / "broken.json.why").read_text()
    assert "file: broken.json" in why and "line 2: not JSON" in why
    assert "What to do: correct the file" in why
    assert (
        "not a format Gazette ingests"
        in (tmp_path / "failed" / "notes.txt.why").read_text()
    )
    # Skipped items are reported beside the file, which is done.
    report = (tmp_path / "done" / "no-headline.json.report").read_text()
    assert "headlines: missing" in report


@pytest.mark.django_db
def test_the_same_file_delivered_again_updates_and_keeps_both(home, tmp_path):
    deliver(tmp_path, "item.json", json.dumps(ITEM))
    DropFolder(tmp_path, log=lambda m: None).run_once()
    deliver(
        tmp_path,
        "item.json",
        json.dumps(ITEM | {"version": "2", "headlines": [{"value": "Strike over"}]}),
    )
    outcome = DropFolder(tmp_path, log=lambda m: None).run_once()[0]
    assert outcome.report.updated["article"] == 1
    assert ArticlePage.objects.get().title == "Strike over"
    assert len(list((tmp_path / "done").glob("*item.json"))) == 2


@pytest.mark.django_db
def test_the_command_once_exits_non_zero_on_a_failure(home, tmp_path, capsys):
    deliver(tmp_path, "item.xml", (DATA / "item.newsml.xml").read_text())
    call_command("ingest_folder", str(tmp_path), "--once")
    out = capsys.readouterr().out
    assert "item.xml (newsml) -> done/: created" in out
    deliver(tmp_path, "bad.xml", (DATA / "malformed.xml").read_text())
    with pytest.raises(CommandError, match=r"1 file\(s\) failed"):
        call_command("ingest_folder", str(tmp_path), "--once")
    assert (tmp_path / "failed" / "bad.xml.why").is_file()


@pytest.mark.django_db
def test_dry_run_moves_and_imports_nothing(home, tmp_path):
    deliver(tmp_path, "item.json", json.dumps(ITEM))
    call_command("ingest_folder", str(tmp_path), "--once", "--dry-run")
    assert (tmp_path / "item.json").is_file() and not (tmp_path / "done").exists()
    assert not ArticlePage.objects.exists()


def test_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such directory"):
        call_command("ingest_folder", str(tmp_path / "nowhere"), "--once")


def test_two_watchers_never_share_a_folder(tmp_path):
    first = DropFolder(tmp_path, log=lambda m: None)
    with first.watching(), pytest.raises(CommandError, match="already watched"):
        call_command("ingest_folder", str(tmp_path), "--once")
