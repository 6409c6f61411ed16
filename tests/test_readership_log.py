"""Article reads counted from nginx's log (GAZETTE_READS_COUNTING=log)."""

import datetime
import http.client
import os
import random
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from gazette.links import accesslog as shortlinks_log
from gazette.links import ingest as links_ingest
from gazette.links.models import AccessLogPosition
from gazette.readership import accesslog, ingest, services
from gazette.readership.models import ArticleReadDay
from tests.test_security_settings import NGINX, free_port, nginx_site_copy

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
# 2026-11-23 20:00:00 UTC and 2026-11-24 00:00:01 UTC.
MONDAY = 1795464000.0
TUESDAY = MONDAY + 4 * 3600 + 1
DAY1, DAY2 = datetime.date(2026, 11, 23), datetime.date(2026, 11, 24)


def line(article="41", *, at=MONDAY, status=200, method="GET", agent=BROWSER):
    return f'{at:.3f} {status} {method} "{article}" "{agent}"\n'


# The parser (pure)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (line(), {"counts": {(41, DAY1): 1}}),
        (line("7", at=TUESDAY), {"counts": {(7, DAY2): 1}}),
        (line(agent="Mozilla/5.0 (compatible; Googlebot/2.1)"), {"bots": 1}),
        (line(agent="curl/8.5.0"), {"bots": 1}),
        (line(agent=""), {"bots": 1}),
        (line(status=304), {"other": 1}),  # a browser revalidating its copy
        (line(status=404), {"other": 1}),
        (line(status=301), {"other": 1}),
        (line(method="HEAD"), {"other": 1}),
        (line(method="POST"), {"other": 1}),
        (line("-"), {"other": 1}),  # a page that is not an article
        ("garbage\n", {"malformed": [1]}),
        (line("12abc"), {"malformed": [1]}),
        (line("1" * 19), {"malformed": [1]}),  # no database key is that long
        (line("٤٢"), {"malformed": [1]}),  # digits, but not ASCII ones
        ('1795464000 200 GET "41" "x"\n', {"malformed": [1]}),  # no ms
        ('1795464000.000 200 GET "41"\n', {"malformed": [1]}),  # no agent
    ],
)
def test_the_parser_counts_what_the_app_would(text, expected):
    tally = accesslog.ARTICLE_READS_LOG.tally(text.encode())
    assert dict(tally.counts) == expected.get("counts", {})
    assert tally.bots == expected.get("bots", 0)
    assert tally.other == expected.get("other", 0)
    assert tally.malformed == expected.get("malformed", [])
    assert tally.lines == 1 and tally.consumed == len(text.encode())


def test_both_logs_share_one_reader_and_one_robot_rule():
    assert type(accesslog.ARTICLE_READS_LOG).tally is shortlinks_log.LogFormat.tally
    assert type(shortlinks_log.SHORT_LINKS).tally is shortlinks_log.LogFormat.tally
    assert ingest.ingest_access_log is links_ingest.ingest_access_log
    assert shortlinks_log.is_bot is services.is_bot


# Ingesting, with offsets


@pytest.fixture
def articles(make_article):
    return [make_article(f"Story {n}") for n in range(3)]


def reads():
    return {
        (row.article_id, row.day): row.count for row in ArticleReadDay.objects.all()
    }


def test_counts_from_a_log_are_exactly_the_logs_own(tmp_path, articles):
    """A log of a few thousand mixed lines, counted independently beside it."""
    randomly = random.Random(22)
    ids = [article.pk for article in articles]
    agents = [BROWSER, BROWSER, "Twitterbot/1.0", "python-requests/2.32", ""]
    expected: Counter = Counter()
    lines = []
    for n in range(5000):
        at = MONDAY + n * 3  # crosses midnight UTC
        article = randomly.choice([*map(str, ids), "-"])
        status = randomly.choice([200, 200, 200, 304, 404])
        method = randomly.choice(["GET"] * 9 + ["HEAD"])
        agent = randomly.choice(agents)
        lines.append(line(article, at=at, status=status, method=method, agent=agent))
        if article != "-" and status == 200 and method == "GET" and agent == BROWSER:
            day = datetime.datetime.fromtimestamp(at, datetime.UTC).date()
            expected[int(article), day] += 1
    log = tmp_path / "reads.log"
    log.write_text("".join(lines))

    report = ingest.ingest_article_reads(log, chunk_bytes=64 * 1024)

    assert reads() == dict(expected)
    assert {day for _, day in expected} == {DAY1, DAY2}
    assert report.counted == sum(expected.values())
    assert report.lines == 5000 and not report.malformed
    assert report.counted + report.bots + report.other == 5000


def test_a_run_resumes_where_the_last_stopped(tmp_path, articles):
    first, second, _ = articles
    log = tmp_path / "reads.log"
    log.write_text(line(first.pk) + line(first.pk) + line(second.pk, at=TUESDAY))
    assert ingest.ingest_article_reads(log).counted == 3
    assert ingest.ingest_article_reads(log).counted == 0  # nothing new

    with log.open("a") as f:  # the last line still being written by nginx
        f.write(line(second.pk) + line(first.pk)[:12])
    assert ingest.ingest_article_reads(log).counted == 1
    with log.open("a") as f:
        f.write(line(first.pk)[12:])
    assert ingest.ingest_article_reads(log).counted == 1

    assert reads() == {
        (first.pk, DAY1): 3,
        (second.pk, DAY1): 1,
        (second.pk, DAY2): 1,
    }
    position = AccessLogPosition.objects.get(path=str(log))
    assert (position.offset, position.lines) == (log.stat().st_size, 5)


def test_rotation_finishes_the_old_file_then_reads_the_new_one(tmp_path, articles):
    first, second, _ = articles
    log = tmp_path / "reads.log"
    log.write_text(line(first.pk))
    ingest.ingest_article_reads(log)
    with log.open("a") as f:
        f.write(line(second.pk))  # logged after the run, before the rotation
    os.rename(log, tmp_path / "reads.log.1")  # logrotate with delaycompress
    log.write_text(line(first.pk) + line(first.pk))  # nginx reopened its log

    report = ingest.ingest_article_reads(log)

    assert report.rotated and report.counted == 3
    assert reads() == {(first.pk, DAY1): 3, (second.pk, DAY1): 1}
    assert ingest.ingest_article_reads(log).counted == 0


def test_a_truncated_log_is_read_again_from_its_start(tmp_path, articles):
    first, second, _ = articles
    log = tmp_path / "reads.log"
    log.write_text(line(first.pk) * 3)
    ingest.ingest_article_reads(log)
    log.write_text(line(second.pk))  # copytruncate, then one new line
    report = ingest.ingest_article_reads(log)
    assert report.rotated and report.counted == 1
    assert reads() == {(first.pk, DAY1): 3, (second.pk, DAY1): 1}


def test_a_crash_while_writing_counts_nothing_and_keeps_the_offset(
    tmp_path, articles, monkeypatch
):
    log = tmp_path / "reads.log"
    log.write_text(line(articles[0].pk) * 2)

    def broken(counts):
        raise RuntimeError("database went away")

    monkeypatch.setattr(ingest, "write_reads", broken)
    with pytest.raises(RuntimeError):
        ingest.ingest_article_reads(log)
    assert AccessLogPosition.objects.get(path=str(log)).offset == 0
    monkeypatch.undo()
    assert ingest.ingest_article_reads(log).counted == 2


def test_the_two_logs_keep_their_own_offsets(tmp_path, articles):
    reads_log, links_log = tmp_path / "reads.log", tmp_path / "shortlinks.log"
    reads_log.write_text(line(articles[0].pk))
    links_log.write_text(f'{MONDAY:.3f} 301 GET "/s/nosuch" "{BROWSER}"\n')
    ingest.ingest_article_reads(reads_log)
    links_ingest.ingest_access_log(links_log)
    assert dict(AccessLogPosition.objects.values_list("path", "lines")) == {
        str(reads_log): 1,
        str(links_log): 1,
    }


def test_the_command_reports_malformed_lines_and_deleted_articles(
    tmp_path, articles, capsys, settings
):
    first = articles[0]
    log = tmp_path / "reads.log"
    log.write_text(
        line(first.pk)
        + "a line from another log_format\n"
        + line(first.pk, agent="Googlebot/2.1")
        + line("999999")
        + line(first.pk, status=304)
    )
    call_command("ingest_article_reads", str(log))
    out, err = capsys.readouterr()
    assert (
        "5 new line(s), 1 read(s) counted, 1 from robots, 1 other "
        "(not a 200 GET, or nothing to count), 1 for deleted articles, "
        "1 malformed" in out
    )
    assert f"malformed line {log}:2" in err
    assert reads() == {(first.pk, DAY1): 1}

    settings.GAZETTE_READS_ACCESS_LOG = str(tmp_path / "not-yet.log")
    call_command("ingest_article_reads")
    assert (
        "not-yet.log: no such file (yet); nothing counted." in capsys.readouterr().err
    )
    with pytest.raises(CommandError, match="is not a file"):
        call_command("ingest_article_reads", str(tmp_path))


def test_in_log_mode_the_app_counts_nothing_itself(client, articles, settings):
    settings.GAZETTE_READS_COUNTING = "log"
    services.BUFFER.drain()
    response = client.get(articles[0].url, HTTP_USER_AGENT=BROWSER)
    assert response["X-Gazette-Article"] == str(articles[0].pk)
    assert services.BUFFER.pending() == 0


# nginx itself: the header is logged for pages it answers from its cache


@pytest.fixture
def stand_in_app(articles):
    """An upstream on 127.0.0.1 answering as the app does, and counting asks."""
    import http.server
    import threading

    asked = []
    article = articles[0]

    class App(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            asked.append(self.path)
            status = 404 if self.path == "/gone/" else 200
            self.send_response(status)
            self.send_header("Cache-Control", "public, max-age=0")
            if self.path == "/news/story/":
                self.send_header("X-Gazette-Article", str(article.pk))
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), App)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], asked, article
    server.shutdown()
    server.server_close()


@pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed")
def test_nginx_logs_the_article_of_pages_served_from_its_cache(tmp_path, stand_in_app):
    import getpass
    import ssl

    port, asked, article = stand_in_app
    nginx_site_copy(tmp_path)
    tls = free_port()
    site = (tmp_path / "site.conf").read_text()
    for old, new in [
        ("listen 80;", f"listen 127.0.0.1:{free_port()};"),
        ("listen [::]:80;", ""),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{tls} ssl http2;"),
        ("listen [::]:443 ssl http2;", ""),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{port};"),
    ]:
        assert old in site, old
        site = site.replace(old, new)
    (tmp_path / "site.conf").write_text(site)
    conf = (tmp_path / "nginx.conf").read_text()
    if os.geteuid() == 0:
        conf = f"user {getpass.getuser()};\n" + conf
    (tmp_path / "nginx.conf").write_text(conf)
    argv = [NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")]
    subprocess.run(argv, check=True, capture_output=True)
    try:
        for _ in range(50):
            if (tmp_path / "nginx.pid").exists():
                break
            time.sleep(0.1)
        context = ssl._create_unverified_context()  # throwaway certificate
        statuses = []
        for path, agent in [
            ("/news/story/", BROWSER),  # MISS: asked of the app
            ("/news/story/", BROWSER),  # HIT: the app never hears of it
            ("/news/story/", "Googlebot/2.1"),  # a robot: logged, not counted
            ("/", BROWSER),  # not an article: not in the reads log
            ("/gone/", BROWSER),
        ]:
            client = http.client.HTTPSConnection(
                "127.0.0.1", tls, context=context, timeout=5
            )
            client.request(
                "GET", path, headers={"Host": "news.example.org", "User-Agent": agent}
            )
            response = client.getresponse()
            response.read()
            statuses.append(response.getheader("X-Cache-Status"))
            client.close()
    finally:
        subprocess.run([*argv, "-s", "quit"], capture_output=True)  # flushes logs
        for _ in range(50):
            if not (tmp_path / "nginx.pid").exists():
                break
            time.sleep(0.1)
    assert statuses[:3] == ["MISS", "HIT", "HIT"]
    assert asked.count("/news/story/") == 1
    logged = (tmp_path / "gazette-reads.log").read_text().splitlines()
    assert len(logged) == 3, logged
    assert all(f' 200 GET "{article.pk}" ' in entry for entry in logged)
    # The general log still has every request.
    assert len((tmp_path / "gazette.access.log").read_text().splitlines()) == 5

    report = ingest.ingest_article_reads(tmp_path / "gazette-reads.log")
    assert (report.counted, report.bots) == (2, 1)
    assert sum(reads().values()) == 2
