"""Short link visits counted from nginx's access log (GAZETTE_LINK_COUNTING=log)."""

import datetime
import os

import pytest
from django.core.management import call_command

from gazette.links import accesslog, bots, ingest, services
from gazette.links.models import AccessLogPosition, LinkVisitDay, ShortLink

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
# 2026-11-23 20:00:00 UTC and 2026-11-24 00:00:01 UTC.
MONDAY = 1795464000.0
TUESDAY = MONDAY + 4 * 3600 + 1
DAY1, DAY2 = datetime.date(2026, 11, 23), datetime.date(2026, 11, 24)


def line(code="alpha", *, at=MONDAY, status=301, method="GET", agent=BROWSER):
    return f'{at:.3f} {status} {method} "/s/{code}" "{agent}"\n'


@pytest.fixture(autouse=True)
def _clean_buffer(settings):
    settings.GAZETTE_LINK_FLUSH_SECONDS = 0
    services.BUFFER.drain()
    yield
    services.BUFFER.drain()


# The parser (pure)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (line(), {"visits": {("alpha", DAY1): 1}}),
        (line("ALPHA", at=TUESDAY), {"visits": {("alpha", DAY2): 1}}),
        (
            '1795464000.000 301 GET "/beta" "' + BROWSER + '"\n',
            {"visits": {("beta", DAY1): 1}},
        ),
        (line(agent="Mozilla/5.0 (compatible; Googlebot/2.1)"), {"bots": 1}),
        (line(agent="curl/8.5.0"), {"bots": 1}),
        (line(agent=""), {"bots": 1}),
        (line(agent="facebookexternalhit/1.1"), {"bots": 1}),
        (line(status=404), {"other": 1}),
        (line(status=410), {"other": 1}),
        (line(method="HEAD"), {"other": 1}),
        ("garbage\n", {"malformed": [1]}),
        ('1795464000 301 GET "/s/alpha" "x"\n', {"malformed": [1]}),  # no ms
        ('1795464000.000 301 GET "/s/alpha"\n', {"malformed": [1]}),  # no agent
        (line("%2F%2Fevil.com"), {"malformed": [1]}),  # a 301 for no code
        (
            '1795464000.000 301 GET "/s/al\\x22pha" "' + BROWSER + '"\n',
            {"malformed": [1]},
        ),
    ],
)
def test_the_parser_counts_what_the_app_would(text, expected):
    tally = accesslog.tally(text.encode())
    assert dict(tally.counts) == expected.get("visits", {})
    assert tally.bots == expected.get("bots", 0)
    assert tally.other == expected.get("other", 0)
    assert tally.malformed == expected.get("malformed", [])
    assert tally.lines == 1 and tally.consumed == len(text.encode())


def test_the_parser_leaves_a_partial_last_line_and_numbers_lines():
    whole = line() + "garbage\n" + line("beta")
    data = (whole + line("gamma")[:20]).encode()
    tally = accesslog.tally(data, first_line=10)
    assert tally.consumed == len(whole.encode())
    assert tally.lines == 3
    assert tally.malformed == [11]
    assert dict(tally.counts) == {("alpha", DAY1): 1, ("beta", DAY1): 1}
    assert accesslog.tally(b"1795464000.000 301 GET").consumed == 0


def test_the_app_and_the_log_share_one_robot_rule():
    assert services.is_bot is bots.is_bot
    assert accesslog.is_bot is bots.is_bot


# Ingesting, with offsets


@pytest.fixture
def links(db):
    return {
        code: services.add_link(code=code, path=f"/{code}/")
        for code in ("alpha", "beta")
    }


def counts():
    return {
        (row.link.code, row.day): row.count
        for row in LinkVisitDay.objects.select_related("link")
    }


def test_ingest_counts_incrementally_and_never_twice(tmp_path, links):
    log = tmp_path / "shortlinks.log"
    log.write_text(line() + line() + line("beta", at=TUESDAY) + line(status=404))
    report = ingest.ingest_access_log(log)
    assert (report.counted, report.lines, report.other) == (3, 4, 1)
    assert counts() == {("alpha", DAY1): 2, ("beta", DAY2): 1}

    # Running again without new lines counts nothing.
    assert ingest.ingest_access_log(log).counted == 0
    assert counts() == {("alpha", DAY1): 2, ("beta", DAY2): 1}

    # New lines, the last one still being written.
    with log.open("a") as f:
        f.write(line("beta") + line("alpha")[:15])
    report = ingest.ingest_access_log(log)
    assert report.counted == 1
    assert counts() == {("alpha", DAY1): 2, ("beta", DAY1): 1, ("beta", DAY2): 1}
    with log.open("a") as f:
        f.write(line("alpha")[15:])
    assert ingest.ingest_access_log(log).counted == 1
    assert counts()[("alpha", DAY1)] == 3
    position = AccessLogPosition.objects.get(path=str(log))
    assert position.offset == log.stat().st_size
    assert position.lines == 6


def test_ingest_in_small_chunks_adds_up(tmp_path, links):
    log = tmp_path / "shortlinks.log"
    log.write_text("".join(line("alpha" if n % 3 else "beta") for n in range(300)))
    report = ingest.ingest_access_log(log, chunk_bytes=1000)
    assert report.counted == 300
    assert sum(counts().values()) == 300


def test_ingest_reports_malformed_lines_with_their_numbers(tmp_path, links):
    log = tmp_path / "shortlinks.log"
    log.write_text(line() + "oops\n" + line())
    ingest.ingest_access_log(log)
    with log.open("a") as f:
        f.write("again oops\n" + line("nosuchcode"))
    report = ingest.ingest_access_log(log)
    assert report.malformed == [(str(log), 4)]
    assert report.unknown == 1
    assert counts() == {("alpha", DAY1): 2}


def test_a_crash_while_writing_counts_nothing_and_keeps_the_offset(
    tmp_path, links, monkeypatch
):
    log = tmp_path / "shortlinks.log"
    log.write_text(line() + line())

    def broken(counts):
        raise RuntimeError("database went away")

    monkeypatch.setattr(ingest, "write_visits", broken)
    with pytest.raises(RuntimeError):
        ingest.ingest_access_log(log)
    assert AccessLogPosition.objects.get(path=str(log)).offset == 0
    monkeypatch.undo()
    assert ingest.ingest_access_log(log).counted == 2
    assert counts() == {("alpha", DAY1): 2}


def test_rotation_finishes_the_old_file_then_reads_the_new_one(tmp_path, links):
    log = tmp_path / "shortlinks.log"
    log.write_text(line())
    ingest.ingest_access_log(log)
    with log.open("a") as f:
        f.write(line("beta"))  # logged after the run, before the rotation
    os.rename(log, tmp_path / "shortlinks.log.1")  # logrotate, delaycompress
    log.write_text(line() + line())  # nginx reopened a new file
    report = ingest.ingest_access_log(log)
    assert report.rotated
    assert report.counted == 3
    assert counts() == {("alpha", DAY1): 3, ("beta", DAY1): 1}
    assert ingest.ingest_access_log(log).counted == 0


def test_a_truncated_log_is_read_again_from_its_start(tmp_path, links):
    log = tmp_path / "shortlinks.log"
    log.write_text(line() + line() + line())
    ingest.ingest_access_log(log)
    log.write_text(line("beta"))  # copytruncate, then one new line
    report = ingest.ingest_access_log(log)
    assert report.rotated and report.counted == 1
    assert counts() == {("alpha", DAY1): 3, ("beta", DAY1): 1}


def test_the_command_prints_a_summary(tmp_path, links, capsys):
    log = tmp_path / "shortlinks.log"
    log.write_text(line() + "bad\n" + line(agent="Twitterbot/1.0"))
    call_command("ingest_link_visits", "--log", str(log), "-v", "2")
    out, err = capsys.readouterr()
    assert "1 visit(s) counted, 1 from robots" in out
    assert f"malformed line {log}:2" in err
    call_command("ingest_link_visits", str(tmp_path / "missing.log"))
    assert "no such file" in capsys.readouterr().err


# The redirect in each mode


def test_log_mode_lets_nginx_cache_the_redirect_and_does_not_count(
    client, settings, links
):
    settings.GAZETTE_LINK_COUNTING = "log"
    response = client.get("/s/alpha", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 301
    assert response["Cache-Control"] == "public, max-age=0"
    expires = int(response["X-Accel-Expires"])
    assert expires == services.shared_cache_seconds("alpha")
    assert 0.8 * 86400 <= expires <= 86400
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert services.BUFFER.pending() == 0
    unknown = client.get("/s/zzzzzz", HTTP_USER_AGENT=BROWSER)
    assert unknown.status_code == 404
    assert "private" not in unknown.get("Cache-Control", "")


def test_app_mode_keeps_redirects_private_and_counts_them(client, settings, links):
    settings.GAZETTE_LINK_COUNTING = "app"
    response = client.get("/s/beta", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 301
    assert response["Cache-Control"] == "private, max-age=300"
    assert services.BUFFER.pending() == 1
    assert services.flush_visits() == 1
    assert LinkVisitDay.objects.get().link == ShortLink.objects.get(code="beta")


# Keeping nginx's copies right


def test_cached_redirects_expire_spread_out_not_together(settings):
    settings.GAZETTE_LINK_SHARED_CACHE_SECONDS = 1000
    lifetimes = [services.shared_cache_seconds(f"code{n}") for n in range(500)]
    assert all(800 <= seconds <= 1000 for seconds in lifetimes)
    assert len(set(lifetimes)) > 100
    assert services.shared_cache_seconds("code1") == lifetimes[1]


@pytest.fixture
def fake_nginx():
    """A server on 127.0.0.1 that records what it is asked, as nginx would be."""
    import http.server
    import threading

    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            seen.append((self.headers["Host"], self.path, dict(self.headers)))
            self.send_response(301)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()
    server.server_close()


def test_a_slug_change_refreshes_nginxs_copy(
    settings, fake_nginx, make_article, django_capture_on_commit_callbacks
):
    from gazette.articles import services as articles

    url, seen = fake_nginx
    settings.GAZETTE_LINK_REFRESH_URL = url
    settings.GAZETTE_SHORT_HOST = "gzt.example"
    article = make_article("Soon renamed")
    code = ShortLink.objects.get(page=article).code
    seen.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article.slug = "renamed"
        article.save_revision()
        articles.publish_article(article)
    asked = {(host, path) for host, path, _ in seen}
    site_host = settings.WAGTAILADMIN_BASE_URL.split("//", 1)[1]
    assert (site_host, f"/s/{code}") in asked
    assert ("gzt.example", f"/{code}") in asked
    headers = seen[0][2]
    assert headers["X-Gazette-Refresh"] == "1"
    assert bots.is_bot(headers["User-Agent"])  # never counted as a visit


def test_a_withdrawal_and_a_deletion_refresh_nginxs_copy(
    settings, fake_nginx, make_article, django_capture_on_commit_callbacks
):
    url, seen = fake_nginx
    settings.GAZETTE_LINK_REFRESH_URL = url
    article = make_article("Soon withdrawn")
    code = ShortLink.objects.get(page=article).code
    seen.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert [path for _, path, _ in seen] == [f"/s/{code}"]
    seen.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert [path for _, path, _ in seen] == [f"/s/{code}"]


def test_an_unreachable_nginx_never_breaks_a_publish(
    settings, make_article, django_capture_on_commit_callbacks, caplog
):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free_port = probe.getsockname()[1]
    settings.GAZETTE_LINK_REFRESH_URL = f"http://127.0.0.1:{free_port}"
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article("Published while nginx is down")
    assert article.live
    assert "could not refresh nginx" in caplog.text


def test_no_refresh_url_means_no_refresh(settings, make_article):
    settings.GAZETTE_LINK_REFRESH_URL = ""
    services.schedule_shared_cache_refresh(["abcdef"])  # nothing scheduled, no error
