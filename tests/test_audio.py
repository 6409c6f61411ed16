"""Article audio: made on publish, remade on edit, served with ranges, in podcasts."""

import io
import json
import shutil
import subprocess
import wave

import feedparser
import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import override_settings

from gazette.articles import services as articles
from gazette.audio import services, speech
from gazette.audio.models import ArticleAudio, AudioStatus
from gazette.audio.templatetags.audio_tags import article_audio_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _speak_on_publish(settings):
    # The test settings may turn audio off for the rest of the suite (it costs
    # about half a second a publish); these tests are about it.
    settings.GAZETTE_AUDIO_ON_PUBLISH = True


SENTENCE = (
    "Negotiators from both countries met again on Thursday at the bridge over "
    "the river, and agreed to talk once more next week. "
)


class ToneEngine:
    """A stand-in engine: a second of silence per word, as 8 kHz WAV."""

    calls = 0

    def synthesize(self, text: str) -> bytes:
        type(self).calls += 1
        out = io.BytesIO()
        with wave.open(out, "wb") as file:
            file.setnchannels(1)
            file.setsampwidth(2)
            file.setframerate(8000)
            file.writeframes(b"\0\0" * 8000 * len(text.split()))
        return out.getvalue()


class BrokenEngine:
    def synthesize(self, text: str) -> bytes:
        raise speech.SpeechError("the voice is not installed")


def ffprobe(name: str) -> dict:
    assert shutil.which("ffprobe"), "ffprobe (Debian's ffmpeg) is needed"
    result = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "format=format_name,duration:stream=codec_name,sample_rate,channels",
            "-of",
            "json",
            default_storage.path(name),
        ],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout)


def edit(article, django_capture_on_commit_callbacks, **fields):
    """Change a live article and publish the change, as the editor's Publish does."""
    article = article.get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(article, name, value)
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    article.refresh_from_db()
    return article


def test_publishing_makes_an_mp3_that_ffprobe_decodes(publish):
    article = publish("Border talks resume", SENTENCE)
    audio = ArticleAudio.objects.get(article=article)
    assert audio.status == AudioStatus.READY
    assert audio.generated_at is not None
    assert audio.size == default_storage.size(audio.file.name) > 1000
    probe = ffprobe(audio.file.name)
    assert probe["format"]["format_name"] == "mp3"
    (stream,) = probe["streams"]
    assert stream["codec_name"] == "mp3"
    assert stream["channels"] == 1
    assert float(probe["format"]["duration"]) == pytest.approx(audio.duration, abs=0.5)
    assert 3 < audio.duration < 60


def test_an_edit_remakes_the_audio_and_its_length_grows_with_the_text(
    publish, django_capture_on_commit_callbacks
):
    article = publish("Border talks resume", SENTENCE)
    first = ArticleAudio.objects.get(article=article)
    longer = [{"type": "paragraph", "value": f"<p>{SENTENCE * 4}</p>"}]
    edit(article, django_capture_on_commit_callbacks, body=longer)
    second = ArticleAudio.objects.get(article=article)
    assert second.text_hash != first.text_hash
    assert second.file.name != first.file.name
    assert second.duration > first.duration * 2
    assert default_storage.exists(second.file.name)
    assert not default_storage.exists(first.file.name), "the old file was left"


def test_a_publish_without_a_text_change_speaks_nothing_again(
    publish, django_capture_on_commit_callbacks, settings
):
    settings.GAZETTE_SPEECH_ENGINE = "tests.test_audio.ToneEngine"
    article = publish("Border talks resume", SENTENCE)
    calls = ToneEngine.calls
    before = ArticleAudio.objects.get(article=article)
    edit(article, django_capture_on_commit_callbacks, search_description="SEO only")
    after = ArticleAudio.objects.get(article=article)
    assert ToneEngine.calls == calls
    assert after.file.name == before.file.name


def test_the_engine_is_pluggable_by_class_path(publish, settings):
    settings.GAZETTE_SPEECH_ENGINE = "tests.test_audio.ToneEngine"
    article = publish("Talks", "one two three four five")
    audio = ArticleAudio.objects.get(article=article)
    # "Talks." + the lede's 7 words + 5 words of body, a second each.
    assert audio.duration == pytest.approx(13)


def test_an_unknown_engine_is_named_in_the_error(settings):
    settings.GAZETTE_SPEECH_ENGINE = "nowhere.Engine"
    with pytest.raises(speech.SpeechError, match="nowhere.Engine"):
        speech.synthesize("hello")


def test_a_failing_engine_marks_the_audio_failed_and_shows_no_player(
    publish, settings, client
):
    settings.GAZETTE_SPEECH_ENGINE = "tests.test_audio.BrokenEngine"
    article = publish("Border talks resume", SENTENCE)
    audio = ArticleAudio.objects.get(article=article)
    assert audio.status == AudioStatus.FAILED
    assert "not installed" in audio.error
    html = client.get(article.url).content.decode()
    assert "Listen to this article" not in html
    assert "<audio" not in html


def test_unpublishing_removes_the_audio_and_its_file(
    publish, django_capture_on_commit_callbacks
):
    article = publish("Border talks resume", SENTENCE)
    name = ArticleAudio.objects.get(article=article).file.name
    with django_capture_on_commit_callbacks(execute=True):
        articles.unpublish_article(article)
    assert not ArticleAudio.objects.filter(article_id=article.pk).exists()
    assert not default_storage.exists(name)


def test_deleting_the_article_deletes_the_file(
    publish, django_capture_on_commit_callbacks
):
    article = publish("Border talks resume", SENTENCE)
    name = ArticleAudio.objects.get(article=article).file.name
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert not default_storage.exists(name)


def test_no_audio_is_made_when_publishing_is_told_not_to(publish, settings):
    settings.GAZETTE_AUDIO_ON_PUBLISH = False
    article = publish("Border talks resume", SENTENCE)
    assert not ArticleAudio.objects.filter(article=article).exists()


def test_the_article_page_shows_the_player_and_duration_once_audio_is_ready(
    publish, client
):
    article = publish("Border talks resume", SENTENCE)
    audio = ArticleAudio.objects.get(article=article)
    html = client.get(article.url).content.decode()
    assert "Listen to this article" in html
    assert (
        f'<audio class="article-audio__player" controls preload="none" '
        f'src="/audio/{article.pk}.mp3?v={audio.version}">'
    ) in html
    assert audio.spoken_duration in html
    assert audio.spoken_duration.endswith(" s")


def test_an_article_without_audio_shows_no_player(make_article, client):
    # make_article's commit callbacks never run here: no audio is made.
    article = make_article("Border talks resume")
    html = client.get(article.url).content.decode()
    assert "Listen to this article" not in html
    assert "<audio" not in html


def test_the_player_costs_one_query(publish, django_assert_num_queries):
    article = publish("Border talks resume", SENTENCE)
    with django_assert_num_queries(1):
        audio = article_audio_for(article)
    assert audio is not None and audio.is_ready


def test_the_player_costs_no_query_when_the_page_came_with_its_audio(
    publish, make_article, django_assert_num_queries
):
    from gazette.articles.models import ArticlePage

    spoken = publish("Border talks resume", SENTENCE)
    silent = make_article("No audio yet")
    pages = ArticlePage.objects.select_related("audio").filter(
        pk__in=[spoken.pk, silent.pk]
    )
    by_pk = {page.pk: page for page in pages}
    with django_assert_num_queries(0):
        assert article_audio_for(by_pk[spoken.pk]).is_ready
        assert article_audio_for(by_pk[silent.pk]) is None


def test_the_cached_article_page_gains_its_player_when_audio_is_ready(
    make_article, client
):
    article = make_article("Border talks resume")
    assert "<audio" not in client.get(article.url).content.decode()
    services.generate_article_audio(article)
    assert "<audio" in client.get(article.url).content.decode()


# Serving with ranges.


@pytest.fixture
def spoken(publish):
    article = publish("Border talks resume", SENTENCE)
    audio = ArticleAudio.objects.get(article=article)
    with default_storage.open(audio.file.name, "rb") as file:
        data = file.read()
    return article, audio, data


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_whole_file_with_accept_ranges(client, spoken):
    article, audio, data = spoken
    response = client.get(f"/audio/{article.pk}.mp3")
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/mpeg"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == str(len(data))
    assert body(response) == data


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [("bytes=0-99", 0, 99), ("bytes=1000-", 1000, None), ("bytes=-500", -500, None)],
)
def test_a_range_request_answers_206_with_those_bytes(
    client, spoken, header, start, end
):
    article, audio, data = spoken
    response = client.get(f"/audio/{article.pk}.mp3", HTTP_RANGE=header)
    assert response.status_code == 206
    expected = data[start : None if end is None else end + 1]
    assert body(response) == expected
    assert response["Content-Length"] == str(len(expected))
    first = start if start >= 0 else len(data) + start
    assert response["Content-Range"] == (
        f"bytes {first}-{first + len(expected) - 1}/{len(data)}"
    )
    assert response["Content-Type"] == "audio/mpeg"


def test_a_range_past_the_end_answers_416(client, spoken):
    article, audio, data = spoken
    response = client.get(f"/audio/{article.pk}.mp3", HTTP_RANGE=f"bytes={len(data)}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(data)}"


def test_a_range_is_never_gzipped(client, spoken):
    article, audio, data = spoken
    response = client.get(
        f"/audio/{article.pk}.mp3",
        HTTP_RANGE="bytes=10-5009",
        HTTP_ACCEPT_ENCODING="gzip, deflate",
    )
    assert response.status_code == 206
    assert "Content-Encoding" not in response
    assert body(response) == data[10:5010]


def test_if_range_with_another_copy_gets_the_whole_file(client, spoken):
    article, audio, data = spoken
    response = client.get(
        f"/audio/{article.pk}.mp3", HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"old"'
    )
    assert response.status_code == 200
    assert body(response) == data
    etag = response["ETag"]
    response = client.get(
        f"/audio/{article.pk}.mp3", HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=etag
    )
    assert response.status_code == 206
    assert (
        client.get(f"/audio/{article.pk}.mp3", HTTP_IF_NONE_MATCH=etag).status_code
        == 304
    )


def test_head_answers_the_length_without_a_body(client, spoken):
    article, audio, data = spoken
    response = client.head(f"/audio/{article.pk}.mp3")
    assert response.status_code == 200
    assert response["Content-Length"] == str(len(data))


def test_behind_nginx_the_file_is_handed_to_nginx(client, spoken, settings):
    settings.GAZETTE_AUDIO_ACCEL_REDIRECT = True
    article, audio, data = spoken
    response = client.get(f"/audio/{article.pk}.mp3", HTTP_RANGE="bytes=0-9")
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/media/{audio.file.name}"
    assert response.content == b""


def test_no_audio_for_missing_or_withdrawn_articles(
    client, spoken, make_article, django_capture_on_commit_callbacks
):
    article, audio, data = spoken
    assert client.get(f"/audio/{make_article().pk}.mp3").status_code == 404
    assert client.get("/audio/999999.mp3").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        articles.unpublish_article(article)
    assert client.get(f"/audio/{article.pk}.mp3").status_code == 404


def test_a_password_protected_article_keeps_its_audio_private(client, spoken, section):
    from wagtail.models import PageViewRestriction

    article, audio, data = spoken
    PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    assert client.get(f"/audio/{article.pk}.mp3").status_code == 404
    assert not feedparser.parse(client.get("/audio/podcast/").content).entries


# Podcast feeds.


def test_the_podcast_feed_has_enclosures_and_itunes_tags(client, spoken, author):
    article, audio, data = spoken
    response = client.get("/audio/podcast/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "rss20"
    # Apple's current spelling; feedparser only maps the older yes/clean.
    assert b"<itunes:explicit>false</itunes:explicit>" in response.content
    assert parsed.feed.image.href == "http://localhost/audio/podcast/cover.png"
    assert parsed.feed.tags[0].term == "News"
    assert parsed.feed.author
    assert parsed.feed.summary
    (entry,) = parsed.entries
    assert entry.title == "Border talks resume"
    assert entry.link == f"http://localhost{article.url}"
    assert entry.itunes_duration == audio.clock_duration
    assert entry.summary == article.lede
    (enclosure,) = entry.enclosures
    assert enclosure.href == (
        f"http://localhost/audio/{article.pk}.mp3?v={audio.version}"
    )
    assert enclosure.type == "audio/mpeg"
    assert int(enclosure.length) == len(data)
    # The enclosure really answers with the file.
    assert body(client.get(enclosure.href.removeprefix("http://localhost"))) == data


def test_the_podcast_leaves_out_articles_without_audio(client, spoken, make_article):
    make_article("No audio yet")
    parsed = feedparser.parse(client.get("/audio/podcast/").content)
    assert [entry.title for entry in parsed.entries] == ["Border talks resume"]


def test_a_section_podcast_carries_only_that_section(
    client, spoken, publish, make_section
):
    sport = make_section("Sport")
    publish("Cup final tonight", SENTENCE, in_section=sport)
    parsed = feedparser.parse(client.get("/audio/podcast/sport/").content)
    assert not parsed.bozo
    assert [entry.title for entry in parsed.entries] == ["Cup final tonight"]
    assert parsed.feed.title.startswith("Sport")
    site = feedparser.parse(client.get("/audio/podcast/").content)
    assert len(site.entries) == 2
    assert client.get("/audio/podcast/nowhere/").status_code == 404


def test_the_podcast_cover_is_a_1400_pixel_png(client):
    from PIL import Image

    response = client.get("/audio/podcast/cover.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.size == (1400, 1400)


# The back-fill command.


def test_generate_audio_back_fills_and_skips_what_is_up_to_date(
    make_article, settings, capsys
):
    settings.GAZETTE_SPEECH_ENGINE = "tests.test_audio.ToneEngine"
    old = make_article("Old news", hours=-24 * 30)
    new = make_article("New news")
    call_command("generate_audio", since="2026-10-01")
    assert not ArticleAudio.objects.filter(article=old).exists()
    assert ArticleAudio.objects.get(article=new).status == AudioStatus.READY
    call_command("generate_audio")
    out = capsys.readouterr().out
    assert "2 live article(s) to check." in out
    assert "Made 1, unchanged 1, skipped 0, no voice 0, failed 0" in out
    assert ArticleAudio.objects.get(article=old).status == AudioStatus.READY


def test_generate_audio_remakes_a_file_lost_from_storage(make_article, settings):
    settings.GAZETTE_SPEECH_ENGINE = "tests.test_audio.ToneEngine"
    article = make_article("Lost file")
    call_command("generate_audio", verbosity=0)
    default_storage.delete(ArticleAudio.objects.get(article=article).file.name)
    call_command("generate_audio", verbosity=0)
    assert default_storage.exists(ArticleAudio.objects.get(article=article).file.name)


def test_generate_audio_explains_bad_dates():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("generate_audio", since="yesterday")
    with pytest.raises(CommandError, match="is after"):
        call_command("generate_audio", since="2026-10-02", until="2026-10-01")


@override_settings(GAZETTE_SPEECH_ENGINE="tests.test_audio.BrokenEngine")
def test_generate_audio_reports_failures(make_article):
    make_article("Doomed")
    with pytest.raises(CommandError, match="1 article"):
        call_command("generate_audio")


def test_audio_of_text_edited_while_it_was_spoken_is_dropped(
    make_article, settings, monkeypatch
):
    settings.GAZETTE_SPEECH_ENGINE = "tests.test_audio.ToneEngine"
    article = make_article("Before the edit")
    real = speech.synthesize

    def synthesize_then_edit(text, voice=None):
        # An editor publishes a new text while the engine is speaking.
        type(article).objects.filter(pk=article.pk).update(lede="A newer lede.")
        return real(text, voice)

    monkeypatch.setattr(speech, "synthesize", synthesize_then_edit)
    result = services.generate_article_audio(article)
    assert result.outcome == "skipped"
    assert not ArticleAudio.objects.filter(article=article).exists()


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en-gb", "2 min 14 s"), ("es", "2 min 14 s"), ("ar", "2 د 14 ث")],
)
def test_the_duration_is_written_in_the_pages_language(language, expected):
    from django.utils import translation

    from gazette.audio.models import ArticleAudio

    with translation.override(language):
        assert ArticleAudio(duration=134.2).spoken_duration == expected
