"""Radio: stations and schedules, Listen Live without JavaScript, the newscast,
and the live stream (one broadcast, every listener at the same moment)."""

import asyncio
import datetime
import json
import shutil
import subprocess
import tempfile
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from gazette.radio import broadcaster, mp3, services
from gazette.radio.models import Station, StationKind

needs_audio_tools = pytest.mark.skipif(
    not (shutil.which("espeak-ng") and shutil.which("ffmpeg")),
    reason="espeak-ng and ffmpeg are needed: apt-get install espeak-ng ffmpeg",
)
T = datetime.time
# A Wednesday, 08:30 GMT.
WEDNESDAY_MORNING = datetime.datetime(2026, 10, 7, 8, 30, tzinfo=datetime.UTC)

PROGRAMMES = [
    {"title": "Morning Briefing", "days": "weekdays", "start": T(6), "end": T(10)},
    {"title": "Evening News", "days": "daily", "start": T(18), "end": T(0)},
    {
        "title": "Wednesday Debate",
        "days": "wed",
        "start": T(20),
        "end": T(21),
        "description": "Two columnists, one question.",
    },
]


@pytest.fixture
def station(db):
    return services.create_station(
        name="Gazette Radio",
        slug="gazette-radio",
        description="The newsroom's own station.",
        is_default=True,
        programmes=PROGRAMMES,
    )


@pytest.fixture(autouse=True)
def _no_article_audio(settings):
    # Article audio is another feature; making it on every publish is slow.
    settings.GAZETTE_AUDIO_ON_PUBLISH = False


def ffprobe(data: bytes) -> dict:
    """Return what ffprobe finds in ``data``, decoding every frame."""
    with tempfile.NamedTemporaryFile(suffix=".mp3") as file:
        file.write(data)
        file.flush()
        result = subprocess.run(
            ["ffprobe", "-v", "error", "-show_streams", "-show_format"]
            + ["-count_frames", "-of", "json", file.name],
            capture_output=True,
            check=False,
        )
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


# Stations and schedules


def test_the_station_page_shows_the_schedule_and_what_is_on_now(client, station):
    with mock.patch("django.utils.timezone.now", return_value=WEDNESDAY_MORNING):
        html = client.get("/radio/gazette-radio/").content.decode()
    assert "<h1" in html and "Gazette Radio" in html
    assert "On now: <strong>Morning Briefing</strong>" in html
    assert "Up next: Evening News" in html
    assert "Wednesday Debate" in html and "Two columnists, one question." in html
    assert 'aria-current="time"' in html
    # Monday to Sunday, each day with its own programmes.
    for day in ("Monday", "Saturday", "Sunday"):
        assert f"<h3>{day}</h3>" in html
    assert html.count("Morning Briefing") >= 5


def test_without_javascript_listen_live_links_to_a_plain_player(
    client, station, settings
):
    settings.GAZETTE_RADIO_STREAM_URL = "http://radio.example/newscast.mp3"
    home = client.get("/").content.decode()
    assert (
        '<a class="listen-live" href="/radio/gazette-radio/" data-radio-listen>' in home
    )
    assert "Listen Live</a>" in home
    page = client.get("/radio/gazette-radio/").content.decode()
    assert '<audio class="radio-station__audio" controls preload="none"' in page
    assert 'src="http://radio.example/newscast.mp3"' in page


def test_the_player_bar_is_outside_the_swapped_page(client, station):
    html = client.get("/").content.decode()
    page_start = html.index('<div id="gazette-page"')
    player = html.index('<section id="radio-player"')
    assert player > html.index("</footer>") > page_start
    assert 'role="status" aria-live="polite"' in html[player:]
    assert '<button type="button" class="radio-player__toggle"' in html[player:]
    assert "radio/player.js" in html[player:]


def test_no_station_no_listen_live(client, db):
    html = client.get("/").content.decode()
    assert "Listen Live" not in html and "radio-player" not in html


def test_now_json_says_what_is_on(client, station):
    with mock.patch("django.utils.timezone.now", return_value=WEDNESDAY_MORNING):
        data = client.get("/radio/gazette-radio/now.json").json()
    assert data["on_now"] == {"title": "Morning Briefing", "times": "06:00–10:00 GMT"}
    assert data["up_next"]["title"] == "Evening News"
    assert client.get("/radio/nowhere/now.json").status_code == 404


def test_the_station_list(client, station):
    services.create_station(
        name="Jazz FM",
        slug="jazz",
        kind=StationKind.EXTERNAL,
        stream_url="https://jazz.example/live.m3u8",
    )
    html = client.get("/radio/").content.decode()
    assert "Gazette Radio" in html and "Jazz FM" in html
    page = client.get("/radio/jazz/").content.decode()
    assert 'src="https://jazz.example/live.m3u8"' in page
    assert "HLS playlist" in page
    assert client.get("/radio/nowhere/").status_code == 404


def test_an_external_station_needs_its_stream(db):
    with pytest.raises(ValidationError) as error:
        services.create_station(name="X", slug="x", kind=StationKind.EXTERNAL)
    assert "stream_url" in error.value.message_dict


def test_one_default_station_at_a_time(station):
    other = services.create_station(name="Other", slug="other", is_default=True)
    station.refresh_from_db()
    assert other.is_default and not station.is_default
    assert services.default_station_info().slug == "other"


def test_the_default_station_costs_no_query_once_cached(
    station, django_assert_num_queries
):
    services.default_station_info()
    with django_assert_num_queries(0):
        info = services.default_station_info()
    assert info.name == "Gazette Radio"
    assert [slot.title for slot in info.slots][0] == "Morning Briefing"


def test_without_a_cache_the_default_station_is_one_query(
    station, settings, django_assert_num_queries
):
    from gazette.core import editions

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    }
    # A request has its editions pinned (EditionMiddleware) before any page.
    token = editions.pin()
    try:
        with django_assert_num_queries(1):
            info = services.default_station_info()
    finally:
        editions.unpin(token)
    assert info.slug == "gazette-radio"
    assert [slot.title for slot in info.slots] == [
        "Morning Briefing",
        "Evening News",
        "Wednesday Debate",
    ]


def test_editing_a_station_retires_the_cached_default(station, client):
    assert "Gazette Radio" in client.get("/").content.decode()
    station.name = "Gazette FM"
    services.save_station(station)
    assert services.default_station_info().name == "Gazette FM"
    assert "Gazette FM" in client.get("/").content.decode()


def test_a_station_is_added_with_its_schedule_in_the_admin(client, db):
    admin = get_user_model().objects.create_superuser(
        "admin", "a@example.invalid", "pw"
    )
    client.force_login(admin)
    assert client.get("/admin/snippets/radio/station/add/").status_code == 200
    response = client.post(
        "/admin/snippets/radio/station/add/",
        {
            "name": "City Radio",
            "slug": "city",
            "description": "",
            "kind": "external",
            "stream_url": "https://city.example/live.mp3",
            "is_default": "on",
            "schedule-TOTAL_FORMS": "1",
            "schedule-INITIAL_FORMS": "0",
            "schedule-MIN_NUM_FORMS": "0",
            "schedule-MAX_NUM_FORMS": "1000",
            "schedule-0-title": "Drive Time",
            "schedule-0-description": "",
            "schedule-0-days": "weekdays",
            "schedule-0-start": "16:00",
            "schedule-0-end": "19:00",
            "schedule-0-ORDER": "1",
            "schedule-0-id": "",
            "schedule-0-DELETE": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    city = Station.objects.get(slug="city")
    assert [entry.title for entry in city.schedule.all()] == ["Drive Time"]
    assert services.default_station_info().slug == "city"


def test_the_demo_station_is_made_once(db):
    first, created = services.load_demo_station()
    again, created_again = services.load_demo_station()
    assert created and not created_again and first.pk == again.pk
    assert first.is_default and first.kind == StationKind.NEWSCAST
    assert first.schedule.count() >= 4


# The newscast


def test_the_bulletin_reads_the_latest_public_articles_first(make_article, station):
    make_article("Older news", hours=1)
    make_article("Latest news", hours=2)
    make_article("Not yet", publish=False)
    titles = [headline.title for headline in services.latest_headlines()]
    assert titles[:2] == ["Latest news", "Older news"]
    assert "Not yet" not in titles


@needs_audio_tools
def test_the_newscast_is_recomposed_only_when_headlines_change(make_article, station):
    make_article("Harbour closed by storm", lede="Ferries stay in port.")
    load = services.newscast_loader(close_connections=False)
    key, audio = load(None)
    assert ffprobe(audio)["streams"][0]["codec_name"] == "mp3"
    assert load(key) is None  # nothing new: keep broadcasting
    make_article("Budget passes", lede="The vote was close.", hours=5)
    new_key, longer = load(key)
    assert new_key != key
    assert mp3.duration(longer) > mp3.duration(audio)


@needs_audio_tools
def test_the_command_writes_one_bulletin(make_article, station, tmp_path, capsys):
    make_article("Harbour closed by storm")
    path = tmp_path / "bulletin.mp3"
    call_command("radio_broadcast", write=str(path))
    assert "1 items" in capsys.readouterr().out
    assert float(ffprobe(path.read_bytes())["format"]["duration"]) > 3


def test_the_command_explains_bad_input(station):
    with pytest.raises(CommandError, match="HOST:PORT"):
        call_command("radio_broadcast", listen="8001")
    with pytest.raises(CommandError, match="no station 'nope'"):
        call_command("radio_broadcast", station="nope", write="/dev/null")
    with pytest.raises(CommandError, match="Nothing to do"):
        call_command("radio_broadcast", listen="off", icecast="")


# The live stream


def sine_mp3(seconds: float = 4.0) -> bytes:
    return subprocess.run(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i"]
        + [f"sine=frequency=440:duration={seconds}", "-ar", "22050", "-ac", "1"]
        + ["-b:a", "64k", "-f", "mp3", "pipe:1"],
        capture_output=True,
        check=True,
    ).stdout


async def read_stream(port: int, seconds: float, log: list | None = None) -> bytes:
    """Listen for ``seconds``; return the audio (headers stripped)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET /newscast.mp3 HTTP/1.1\r\nHost: test\r\n\r\n")
    head = await reader.readuntil(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.0 200") and b"audio/mpeg" in head
    received = bytearray()
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while (left := end - loop.time()) > 0:
        try:
            chunk = await asyncio.wait_for(reader.read(65536), left)
        except TimeoutError:
            break
        if not chunk:
            break
        if log is not None:
            log.append((loop.time(), len(received), len(chunk)))
        received += chunk
    writer.close()
    return bytes(received)


def on_air(programme: bytes, coroutine, **options):
    """Run ``coroutine(port, radio)`` while ``programme`` is broadcast."""

    async def main():
        radio = broadcaster.Broadcaster(
            lambda current: None if current else ("p1", programme),
            check_seconds=3600,
            **options,
        )
        await radio.start()
        server = await radio.serve("127.0.0.1", 0)
        try:
            return await coroutine(server.sockets[0].getsockname()[1], radio)
        finally:
            await radio.stop()

    return asyncio.run(main())


@needs_audio_tools
def test_the_live_stream_is_mp3_that_ffprobe_decodes(make_article, station):
    make_article("Harbour closed by storm", lede="Ferries stay in port.")
    programme = services.compose_newscast().mp3

    async def listen(port, radio):
        return await read_stream(port, 2.5)

    audio = on_air(programme, listen)
    probe = ffprobe(audio)
    assert probe["streams"][0]["codec_name"] == "mp3"
    assert probe["streams"][0]["sample_rate"] == "22050"
    assert float(probe["format"]["duration"]) > 1
    assert int(probe["streams"][0]["nb_read_frames"]) > 40


@pytest.mark.skipif(not shutil.which("ffmpeg"), reason="ffmpeg is not installed")
def test_two_listeners_hear_the_same_bytes_at_the_same_moment():
    programme = sine_mp3(30)

    async def listen(port, radio):
        early = asyncio.create_task(read_stream(port, 4.0))
        await asyncio.sleep(1.5)
        late = await read_stream(port, 2.0)
        return await early, late, radio.status()

    early, late, status = on_air(programme, listen, burst_seconds=0)
    assert status["listeners_total"] == 2
    # The late listener's first bytes are the ones the early listener got at
    # the moment it joined, not the start of the programme...
    joined_at = early.find(late[:2048])
    assert joined_at > 0
    assert not programme.startswith(late[:2048])
    # ...and from then on both hear exactly the same stream.
    overlap = min(len(late), len(early) - joined_at)
    assert overlap > 8000
    assert early[joined_at : joined_at + overlap] == late[:overlap]


@pytest.mark.skipif(not shutil.which("ffmpeg"), reason="ffmpeg is not installed")
def test_a_late_listener_starts_with_a_short_burst_of_the_recent_past():
    programme = sine_mp3(30)

    async def listen(port, radio):
        early = asyncio.create_task(read_stream(port, 3.5))
        await asyncio.sleep(2.0)
        late = await read_stream(port, 1.0)
        return await early, late

    early, late = on_air(programme, listen, burst_seconds=1)
    # The burst begins on a whole frame of the broadcast, before the moment
    # the late listener joined.
    assert mp3.parse_header(late[:4])[0] > 0
    joined_at = early.find(late[:2048])
    assert 0 < joined_at < len(early)


@pytest.mark.skipif(not shutil.which("ffmpeg"), reason="ffmpeg is not installed")
def test_the_broadcast_loops_and_swaps_in_a_new_programme_between_loops():
    first, second = sine_mp3(0.6), sine_mp3(0.9)
    versions = iter([("one", first), ("two", second)])

    async def main():
        radio = broadcaster.Broadcaster(
            lambda current: next(versions, None), check_seconds=0.2
        )
        await radio.start()
        try:
            while radio.stats.programmes < 2 or radio.stats.loops < 3:
                await asyncio.sleep(0.1)
            return radio.status()
        finally:
            await radio.stop()

    status = asyncio.run(asyncio.wait_for(main(), 30))
    assert status["programme"] == "two"
    assert status["programme_seconds"] == pytest.approx(0.9, abs=0.1)


@pytest.mark.skipif(not shutil.which("ffmpeg"), reason="ffmpeg is not installed")
def test_the_broadcaster_answers_status_and_refuses_other_paths():
    async def ask(port, path):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(f"GET {path} HTTP/1.1\r\nHost: test\r\n\r\n".encode())
        answer = await reader.read()
        writer.close()
        return answer

    async def requests(port, radio):
        return await ask(port, "/status.json"), await ask(port, "/other")

    status, other = on_air(sine_mp3(2), requests)
    assert status.startswith(b"HTTP/1.0 200")
    assert json.loads(status.split(b"\r\n\r\n", 1)[1])["programme"] == "p1"
    assert other.startswith(b"HTTP/1.0 404")


def test_editors_may_manage_stations(db):
    from django.contrib.auth.models import Group

    from gazette.core.groups import EDITORS

    editor = get_user_model().objects.create_user("ed", "ed@example.invalid", "pw")
    editor.groups.add(Group.objects.get(name=EDITORS))
    for perm in ("add_station", "change_station", "add_scheduleentry"):
        assert editor.has_perm(f"radio.{perm}")
