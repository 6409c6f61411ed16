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
    assert dict(tally.visits) == expected.get("visits", {})
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
    assert dict(tally.visits) == {("alpha", DAY1): 1, ("beta", DAY1): 1}
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
    assert (report.visits, report.lines, report.other) == (3, 4, 1)
    assert counts() == {("alpha", DAY1): 2, ("beta", DAY2): 1}

    # Running again without new lines counts nothing.
    assert ingest.ingest_access_log(log).visits == 0
    assert counts() == {("alpha", DAY1): 2, ("beta", DAY2): 1}

    # New lines, the last one still being written.
    with log.open("a") as f:
        f.write(line("beta") + line("alpha")[:15])
    report = ingest.ingest_access_log(log)
    assert report.visits == 1
    assert counts() == {("alpha", DAY1): 2, ("beta", DAY1): 1, ("beta", DAY2): 1}
    with log.open("a") as f:
        f.write(line("alpha")[15:])
    assert ingest.ingest_access_log(log).visits == 1
    assert counts()[("alpha", DAY1)] == 3
    position = AccessLogPosition.objects.get(path=str(log))
    assert position.offset == log.stat().st_size
    assert position.lines == 6


def test_ingest_in_small_chunks_adds_up(tmp_path, links):
    log = tmp_path / "shortlinks.log"
    log.write_text("".join(line("alpha" if n % 3 else "beta") for n in range(300)))
    report = ingest.ingest_access_log(log, chunk_bytes=1000)
    assert report.visits == 300
    assert sum(counts().values()) == 300


def test_ingest_reports_malformed_lines_with_their_numbers(tmp_path, links):
    log = tmp_path / "shortlinks.log"
    log.write_text(line() + "oops\n" + line())
    ingest.ingest_access_log(log)
    with log.open("a") as f:
        f.write("again oops\n" + line("nosuchcode"))
    report = ingest.ingest_access_log(log)
    assert report.malformed == [(str(log), 4)]
    assert report.unknown_codes == 1
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
    assert ingest.ingest_access_log(log).visits == 2
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
    assert report.visits == 3
    assert counts() == {("alpha", DAY1): 3, ("beta", DAY1): 1}
    assert ingest.ingest_access_log(log).visits == 0


def test_a_truncated_log_is_read_again_from_its_start(tmp_path, links):
    log = tmp_path / "shortlinks.log"
    log.write_text(line() + line() + line())
    ingest.ingest_access_log(log)
    log.write_text(line("beta"))  # copytruncate, then one new line
    report = ingest.ingest_access_log(log)
    assert report.rotated and report.visits == 1
    assert counts() == {("alpha", DAY1): 3, ("beta", DAY1): 1}


def test_the_command_prints_a_summary(tmp_path, links, capsys):
    log = tmp_path / "shortlinks.log"
    log.write_text(line() + "bad\n" + line(agent="Twitterbot/1.0"))
    call_command("ingest_link_visits", "--log", str(log), "-v", "2")
    out, err = capsys.readouterr()
    assert "1 visit(s) counted, 1 from robots" in out
    assert f"malformed line {log}:2" in err
    call_command("ingest_link_visits", "--log", str(tmp_path / "missing.log"))
    assert "no such file" in capsys.readouterr().err


# The redirect in each mode


def test_log_mode_lets_nginx_cache_the_redirect_and_does_not_count(
    client, settings, links
):
    settings.GAZETTE_LINK_COUNTING = "log"
    response = client.get("/s/alpha", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 301
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=60"
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
