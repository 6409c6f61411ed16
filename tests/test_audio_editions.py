"""Audio and radio in each edition's language: the voice of an article's
edition reads it, a language without a voice gets no audio, and each
edition's newscast reads its own headlines in its own words and voice."""

import datetime
import io
import shutil
import subprocess
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.utils import translation
from wagtail.models import Locale

from gazette.articles import services as articles
from gazette.audio import services, speech
from gazette.audio.models import ArticleAudio, AudioStatus
from gazette.audio.templatetags.audio_tags import article_audio_for

pytestmark = pytest.mark.django_db

NEEDS_ESPEAK = pytest.mark.skipif(
    shutil.which("espeak-ng") is None or shutil.which("ffmpeg") is None,
    reason="espeak-ng and ffmpeg (Debian packages) are needed to speak",
)

SPANISH = (
    "El Gobierno anunció el martes que las negociaciones con los pescadores "
    "se reanudarán la próxima semana en el puerto de Halvard."
)
ARABIC = (
    "أعلنت الحكومة يوم الثلاثاء أن المفاوضات مع الصيادين ستستأنف الأسبوع "
    "المقبل في ميناء هالفارد، بعد أسابيع من التوتر على الحدود البحرية."
)


def edition_homes(codes=("es", "ar")):
    """Return {code: home page} of the editions, made as the contract says."""
    try:
        from tests.editions import make_editions
    except ImportError:  # the editions fixture has not landed yet
        make_editions = None
    if make_editions is not None:
        return make_editions(codes=codes)
    from gazette.core.models import HomePage

    home = HomePage.objects.get(locale=Locale.get_default())
    homes = {}
    for code in codes:
        locale, _ = Locale.objects.get_or_create(language_code=code)
        homes[code] = (
            home.get_translation_or_none(locale)
            or home.copy_for_translation(locale).specific
        )
    return homes


@pytest.fixture
def editions(db):
    return edition_homes()


@pytest.fixture
def edition_article(editions):
    """Create and publish an article in an edition (its own section)."""
    made = {}

    def make(code, title, text, *, hours=0, lede=""):
        if code not in made:
            made[code] = articles.create_section(
                editions[code], title=f"Section {code}", slug=f"section-{code}"
            )
        article = articles.create_article(
            made[code],
            title=title,
            slug=f"{code}-{len(title)}-{hours}",
            lede=lede or text.split(" ", 6)[-1][:60],
            body=[{"type": "paragraph", "value": f"<p>{text}</p>"}],
        )
        articles.publish_article(
            article,
            published_at=datetime.datetime(2026, 10, 1, 8, tzinfo=datetime.UTC)
            + datetime.timedelta(hours=hours),
        )
        article.refresh_from_db()
        return article

    return make


class RecordedCommands:
    """Every command the speech module runs, with what it was given."""

    def __init__(self, monkeypatch):
        self.calls = []
        real = speech._run

        def run(command, data):
            self.calls.append((list(command), data))
            return real(command, data)

        monkeypatch.setattr(speech, "_run", run)

    def espeak(self):
        return [
            (command, data)
            for command, data in self.calls
            if command[0].endswith("espeak-ng") and "--voices" not in command
        ]


@NEEDS_ESPEAK
@pytest.mark.parametrize(
    ("language", "voice"), [("es", "es"), ("ar", "ar"), ("es-mx", "es-419")]
)
def test_each_edition_language_has_its_espeak_voice(language, voice, settings):
    settings.GAZETTE_SPEECH_ENGINE = "gazette.audio.speech.EspeakEngine"
    settings.GAZETTE_SPEECH_VOICES = ""
    assert speech.voice_for(language) == voice


@NEEDS_ESPEAK
def test_the_default_language_keeps_the_configured_voice(settings):
    settings.GAZETTE_SPEECH_VOICE = "en-gb-x-rp"
    settings.GAZETTE_SPEECH_VOICES = ""
    assert speech.voice_for("en") == "en-gb-x-rp"
    assert speech.voice_for("en-us") == "en-gb-x-rp"  # any region of it


@NEEDS_ESPEAK
@pytest.mark.parametrize(
    ("code", "text", "voice"), [("es", SPANISH, "es"), ("ar", ARABIC, "ar")]
)
def test_an_article_is_spoken_by_its_editions_voice_and_none_of_its_text_dropped(
    code, text, voice, edition_article, settings, monkeypatch
):
    settings.GAZETTE_SPEECH_VOICES = ""
    recorded = RecordedCommands(monkeypatch)
    article = edition_article(code, text.split(" ", 4)[-1][:40], text)
    assert article.locale.language_code == code

    result = services.generate_article_audio(article)

    assert result.outcome == "made", result.detail
    audio = ArticleAudio.objects.get(article=article)
    assert (audio.status, audio.voice) == (AudioStatus.READY, voice)
    [(command, data)] = recorded.espeak()
    assert command[command.index("-v") + 1] == voice
    spoken = data.decode("utf-8")
    assert text in spoken  # every word of the paragraph reached the engine
    # espeak-ng really read it: a sentence of 20 words takes seconds, and an
    # Arabic voice reading Arabic letters as words (not one by one) takes
    # less than spelling them out would.
    words = len(spoken.split())
    assert 0.15 * words < audio.duration < 1.2 * words
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=format_name,duration"]
        + ["-of", "csv=p=0", default_storage.path(audio.file.name)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.startswith("mp3,")
    assert float(probe.stdout.split(",")[1]) == pytest.approx(audio.duration, abs=0.2)


@NEEDS_ESPEAK
def test_arabic_read_by_an_english_voice_would_spell_letters(settings):
    """Why no article is ever read by another language's voice: measured."""
    english = speech.wav_duration(speech.synthesize(ARABIC, "en-gb"))
    arabic = speech.wav_duration(speech.synthesize(ARABIC, "ar"))
    assert english > 3 * arabic


def test_the_words_gazette_adds_follow_the_articles_language(edition_article):
    article = edition_article("es", "Pesca", SPANISH)
    article.body = [
        {
            "type": "quote",
            "value": {"quote": "Volveremos a la mesa", "attribution": "La ministra"},
        }
    ]
    with translation.override("en"):
        text = services.article_spoken_text(article)
    assert "Dicho por La ministra." in text.splitlines()


def test_a_language_without_a_voice_gets_no_audio_and_says_so(
    edition_article, settings
):
    settings.GAZETTE_SPEECH_VOICES = "ar=none"
    settings.GAZETTE_SPEECH_ENGINE = "tests.test_audio.ToneEngine"
    settings.GAZETTE_SPEECH_VOICE = "en-gb"
    article = edition_article("ar", "المفاوضات", ARABIC)

    result = services.generate_article_audio(article)

    assert result.outcome == "no voice"
    audio = ArticleAudio.objects.get(article=article)
    assert audio.status == AudioStatus.NO_VOICE
    assert "no voice for the language 'ar'" in audio.error
    assert not audio.file
    assert article_audio_for(article) is None  # no player at all


class VoicedToneEngine:
    """A stand-in engine with voices of its own: every language but Persian."""

    spoken: list = []

    def voice_for(self, language):
        return None if language.startswith("fa") else f"tone-{language}"

    def synthesize(self, text, voice=None):
        from tests.test_audio import ToneEngine

        type(self).spoken.append(voice)
        return ToneEngine().synthesize(text)


def test_an_engine_with_voices_is_given_the_editions_voice(edition_article, settings):
    settings.GAZETTE_SPEECH_ENGINE = "tests.test_audio_editions.VoicedToneEngine"
    VoicedToneEngine.spoken = []
    article = edition_article("es", "Pesca", SPANISH)
    assert services.generate_article_audio(article).outcome == "made"
    assert VoicedToneEngine.spoken == ["tone-es"]
    assert ArticleAudio.objects.get(article=article).voice == "tone-es"


def test_an_engine_with_one_voice_speaks_only_the_default_language(
    make_article, edition_article, settings
):
    settings.GAZETTE_SPEECH_ENGINE = "tests.test_audio.ToneEngine"
    english = make_article("Fishing talks")
    spanish = edition_article("es", "Pesca", SPANISH)
    assert services.generate_article_audio(english).outcome == "made"
    assert services.generate_article_audio(spanish).outcome == "no voice"


def test_another_voice_makes_new_audio_at_a_new_address(
    edition_article, settings, monkeypatch
):
    settings.GAZETTE_SPEECH_ENGINE = "tests.test_audio_editions.VoicedToneEngine"
    article = edition_article("es", "Pesca", SPANISH)
    first = services.generate_article_audio(article).audio
    assert services.generate_article_audio(article).outcome == "unchanged"

    # The newsroom chose another voice for Spanish (GAZETTE_SPEECH_VOICES).
    monkeypatch.setattr(VoicedToneEngine, "voice_for", lambda self, lang: "tone-419")
    second = services.generate_article_audio(article)
    assert second.outcome == "made"
    assert second.audio.voice == "tone-419"
    assert second.audio.version != first.version


def test_audio_that_lost_its_voice_is_removed(
    edition_article, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.GAZETTE_SPEECH_ENGINE = "tests.test_audio_editions.VoicedToneEngine"
    article = edition_article("es", "Pesca", SPANISH)
    name = services.generate_article_audio(article).audio.file.name
    assert default_storage.exists(name)

    # The newsroom turned Spanish audio off ("es=none").
    monkeypatch.setattr(VoicedToneEngine, "voice_for", lambda self, lang: None)
    with django_capture_on_commit_callbacks(execute=True):
        result = services.generate_article_audio(article)
    assert result.outcome == "no voice"
    assert not default_storage.exists(name)


# The newscast of each edition -----------------------------------------------

RADIO_PROGRAMMES = [
    {
        "title": "Morning Briefing",
        "days": "daily",
        "start": datetime.time(0),
        "end": datetime.time(0),
    }
]


@pytest.fixture
def stations(editions):
    """The default edition's newscast station and its Spanish and Arabic
    translations (Wagtail's copy for translation, as the admin's Translate)."""
    from gazette.radio import services as radio

    english = radio.create_station(
        name="Gazette Radio",
        slug="gazette-radio",
        is_default=True,
        programmes=RADIO_PROGRAMMES,
    )
    return {
        "en": english,
        "es": radio.translate_station(
            english,
            "es",
            name="Radio Correo",
            programmes={"Morning Briefing": ("Informativo matinal", "")},
        ),
        "ar": radio.translate_station(english, "ar", name="إذاعة البريد"),
    }


def test_a_station_translated_into_an_edition_is_its_own(stations):
    from gazette.radio.models import Station

    spanish = Station.objects.get(pk=stations["es"].pk)
    assert spanish.language == "es"
    assert spanish.slug == "gazette-radio"  # unique within its edition
    assert spanish.translation_key == stations["en"].translation_key
    assert spanish.is_default and stations["en"].is_default  # one per edition
    assert [entry.title for entry in spanish.schedule.all()] == ["Informativo matinal"]
    assert spanish.listen_url == "http://127.0.0.1:8001/es/newscast.mp3"
    assert stations["en"].listen_url == "http://127.0.0.1:8001/newscast.mp3"


def test_each_edition_plans_its_newscast_in_its_voice_and_mount(stations, settings):
    from gazette.radio import services as radio

    settings.GAZETTE_SPEECH_ENGINE = "tests.test_audio_editions.VoicedToneEngine"
    plans = {code: radio.newscast_plan(language=code) for code in ("en", "es", "ar")}
    assert {code: plan.mount for code, plan in plans.items()} == {
        "en": "/newscast.mp3",
        "es": "/es/newscast.mp3",
        "ar": "/ar/newscast.mp3",
    }
    assert plans["es"].voice == "tone-es" and plans["ar"].voice == "tone-ar"
    assert plans["ar"].station == "إذاعة البريد"
    assert radio.newscast_editions() == ["en", "ar", "es"]


def test_each_editions_bulletin_reads_its_own_headlines_in_its_own_words(
    make_article, stations, edition_article, settings
):
    from gazette.radio import services as radio

    settings.GAZETTE_SPEECH_ENGINE = "tests.test_audio_editions.VoicedToneEngine"
    make_article("Harbour reopens after the storm")
    edition_article("es", "El puerto reabre tras la tormenta", SPANISH)
    edition_article("ar", "إعادة فتح الميناء بعد العاصفة", ARABIC)
    VoicedToneEngine.spoken = []

    casts = {code: radio.compose_newscast(language=code) for code in ("es", "ar")}

    spanish = [part.text for part in casts["es"].parts if part.text]
    assert spanish[0].startswith("Está escuchando Radio Correo. Las noticias")
    assert any("El puerto reabre tras la tormenta." in text for text in spanish)
    assert not any("Harbour" in text or "الميناء" in text for text in spanish)
    assert spanish[-1] == "Estas fueron las noticias de Radio Correo."
    arabic = [part.text for part in casts["ar"].parts if part.text]
    assert arabic[0].startswith("هنا إذاعة البريد.")
    assert "بتوقيت غرينتش" in arabic[0]
    assert any("إعادة فتح الميناء" in text for text in arabic)
    assert set(VoicedToneEngine.spoken) == {"tone-es", "tone-ar"}


def test_an_edition_without_a_voice_has_no_newscast(stations, settings):
    from gazette.radio import newscast
    from gazette.radio import services as radio

    settings.GAZETTE_SPEECH_ENGINE = "tests.test_audio_editions.VoicedToneEngine"
    with (
        mock.patch.object(VoicedToneEngine, "voice_for", lambda self, code: None),
        pytest.raises(newscast.NewscastError, match="no voice for 'ar'"),
    ):
        radio.newscast_plan(language="ar")


@NEEDS_ESPEAK
def test_the_arabic_newscast_is_spoken_by_the_arabic_voice(
    stations, edition_article, settings, monkeypatch
):
    from gazette.radio import mp3
    from gazette.radio import services as radio

    settings.GAZETTE_SPEECH_VOICES = ""
    settings.GAZETTE_RADIO_BULLETIN_ITEMS = 1
    edition_article("ar", "إعادة فتح الميناء بعد العاصفة", ARABIC, lede=ARABIC)
    recorded = RecordedCommands(monkeypatch)

    cast = radio.compose_newscast(language="ar")

    voices = {command[command.index("-v") + 1] for command, _ in recorded.espeak()}
    assert voices == {"ar"}
    said = " ".join(data.decode() for _, data in recorded.espeak())
    assert ARABIC in said and "هنا إذاعة البريد" in said
    assert cast.duration == pytest.approx(mp3.duration(cast.mp3))
    assert cast.duration > 15  # the greeting, the item, the sign-off, chimes


def test_the_command_writes_an_editions_bulletin(stations, settings, tmp_path):
    from django.core.management import call_command

    settings.GAZETTE_SPEECH_ENGINE = "tests.test_audio_editions.VoicedToneEngine"
    path = tmp_path / "es.mp3"
    out = io.StringIO()
    call_command("radio_broadcast", write=str(path), edition=["es"], stdout=out)
    assert "(es, voice tone-es)" in out.getvalue()
    assert path.read_bytes()[:3] in (b"ID3", b"\xff\xfb", b"\xff\xf3")


def test_the_command_refuses_an_unknown_edition(stations):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="--edition 'fr': the editions are"):
        call_command("radio_broadcast", write="/dev/null", edition=["fr"])


# The player in each edition ------------------------------------------------


@pytest.mark.parametrize(
    ("code", "stream", "name"),
    [
        ("en", "http://127.0.0.1:8001/newscast.mp3", "Gazette Radio"),
        ("es", "http://127.0.0.1:8001/es/newscast.mp3", "Radio Correo"),
        ("ar", "http://127.0.0.1:8001/ar/newscast.mp3", "إذاعة البريد"),
    ],
)
def test_an_editions_pages_play_its_own_station(client, stations, code, stream, name):
    page = client.get(f"/{code}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-stream="{stream}"' in html
    assert f'data-station="{name}"' in html
    assert f'href="/{code}/radio/gazette-radio/"' in html  # Listen Live, no script
    assert f'data-now-url="/{code}/radio/gazette-radio/now.json"' in html


def test_an_edition_without_a_station_has_no_listen_live(client, editions, db):
    from gazette.radio import services as radio

    radio.create_station(name="Gazette Radio", slug="gazette-radio", is_default=True)
    assert "data-radio-listen" in client.get("/en/").content.decode()
    assert "data-radio-listen" not in client.get("/es/").content.decode()


def test_a_station_page_is_the_editions(client, stations):
    spanish = client.get("/es/radio/gazette-radio/").content.decode()
    assert "Radio Correo" in spanish and "Informativo matinal" in spanish
    english = client.get("/en/radio/gazette-radio/").content.decode()
    assert "Gazette Radio" in english and "Informativo matinal" not in english
    listing = client.get("/ar/radio/").content.decode()
    assert "إذاعة البريد" in listing and "Radio Correo" not in listing
    now = client.get("/es/radio/gazette-radio/now.json").json()
    assert now["stream_url"].endswith("/es/newscast.mp3")
    assert now["on_now"]["title"] == "Informativo matinal"


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is needed")
def test_one_port_serves_each_editions_mount_from_its_own_broadcast():
    import asyncio
    import json

    from gazette.radio import broadcaster
    from tests.test_radio import sine_mp3

    programme = sine_mp3(2.0)

    async def listen(port, path):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(f"GET {path} HTTP/1.1\r\nHost: test\r\n\r\n".encode())
        head = await reader.readuntil(b"\r\n\r\n")
        body = await asyncio.wait_for(reader.read(4096), 5)
        writer.close()
        return head, body

    async def main():
        radios = [
            broadcaster.Broadcaster(
                lambda current, key=key: None if current else (key, programme),
                mount=mount,
                name=name,
                check_seconds=3600,
            )
            for key, mount, name in [
                ("en", "/newscast.mp3", "Gazette Radio"),
                ("es", "/es/newscast.mp3", "Radio Correo"),
            ]
        ]
        for radio in radios:
            await radio.start()
        board = broadcaster.Switchboard(radios)
        server = await board.serve("127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        try:
            spanish = await listen(port, "/es/newscast.mp3")
            english = await listen(port, "/newscast.mp3")
            missing = await listen(port, "/ar/newscast.mp3")
            status = await listen(port, "/status.json")
            return spanish, english, missing, status, radios
        finally:
            await board.stop()

    spanish, english, missing, status, radios = asyncio.run(main())
    assert spanish[0].startswith(b"HTTP/1.0 200") and b"Radio Correo" in spanish[0]
    assert english[0].startswith(b"HTTP/1.0 200") and b"Gazette Radio" in english[0]
    assert spanish[1] and english[1]
    assert missing[0].startswith(b"HTTP/1.0 404")
    mounts = json.loads(status[1])["mounts"]
    assert sorted(mounts) == ["/es/newscast.mp3", "/newscast.mp3"]
    assert mounts["/es/newscast.mp3"]["listeners_total"] == 1


# The admin says which editions have no voice ---------------------------------


def test_the_admin_report_says_which_edition_has_no_voice(
    client, edition_article, settings
):
    from django.contrib.auth import get_user_model

    settings.GAZETTE_SPEECH_ENGINE = "tests.test_audio_editions.VoicedToneEngine"
    spanish = edition_article("es", "Pesca", SPANISH)
    services.generate_article_audio(spanish)
    with mock.patch.object(
        VoicedToneEngine,
        "voice_for",
        lambda self, code: None if code == "ar" else f"tone-{code}",
    ):
        arabic = edition_article("ar", "المفاوضات", ARABIC)
        services.generate_article_audio(arabic)
        editor = get_user_model().objects.create_superuser(
            "editor", "editor@example.org", "a long password 1"
        )
        client.force_login(editor)
        page = client.get("/admin/audio/report/")
    assert page.status_code == 200
    html = page.content.decode()
    rows = {row.split("</td>")[0]: row for row in html.split('<td lang="')[1:]}
    assert "<code>tone-es</code>" in rows['es">Español <code>es</code>']
    assert (
        "No voice: this edition's articles get no audio."
        in rows['ar">العربية <code>ar</code>']
    )
    assert "المفاوضات" in html and "no voice for the language &#x27;ar&#x27;" in html


def test_the_admin_lists_each_editions_stations(client, stations):
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.create_superuser(
        "editor", "editor@example.org", "a long password 1"
    )
    client.force_login(editor)
    spanish = client.get("/admin/snippets/radio/station/?locale=es")
    assert spanish.status_code == 200
    html = spanish.content.decode()
    assert "Radio Correo" in html and "Gazette Radio" not in html
    assert "http://127.0.0.1:8001/es/newscast.mp3" in html
