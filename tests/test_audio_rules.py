"""Article audio's pure rules: spoken text, durations, WAV length, byte ranges,
the voice of each language and the written forms each language speaks."""

import io
import wave

import pytest

from gazette.audio import voices
from gazette.audio.ranges import ByteRange, Unsatisfiable, parse_range
from gazette.audio.speech import SpeechError, wav_duration
from gazette.audio.text import (
    audio_version,
    clock_duration,
    html_to_sentences,
    spoken_duration,
    spoken_forms,
    spoken_text,
    text_hash,
)


def test_spoken_text_reads_headline_lede_paragraphs_headings_quotes_and_lists():
    blocks = [
        ("paragraph", "<p>First <b>bold</b> words &amp; more.</p><p>Second</p>"),
        ("heading", "Conflicting accounts"),
        ("quote", {"quote": "We fired warning shots", "attribution": "A spokesman"}),
        ("paragraph", "<ul><li>one point</li><li>another point</li></ul>"),
        ("image", {"image": 1, "caption": "Never spoken"}),
    ]
    text = spoken_text("Boats clash", "An officer was hurt.", blocks)
    assert text.splitlines() == [
        "Boats clash.",
        "An officer was hurt.",
        "First bold words & more.",
        "Second.",
        "Conflicting accounts.",
        "We fired warning shots.",
        "Said by A spokesman.",
        "one point.",
        "another point.",
    ]


def test_html_to_sentences_skips_markup_that_is_not_read():
    html = '<p>Read <a href="/x" linktype="page" id="3">this</a></p><figure>x</figure>'
    assert html_to_sentences(html) == ["Read this"]


def test_text_hash_changes_with_the_text_only():
    assert text_hash("a b") == text_hash("a b")
    assert text_hash("a b") != text_hash("a c")
    assert len(text_hash("")) == 64


@pytest.mark.parametrize(
    ("seconds", "spoken", "clock"),
    [
        (0, "0 s", "0:00"),
        (45.4, "45 s", "0:45"),
        (60, "1 min", "1:00"),
        (252, "4 min 12 s", "4:12"),
        (3725, "1 h 2 min", "1:02:05"),
    ],
)
def test_durations_for_readers_and_for_podcast_apps(seconds, spoken, clock):
    assert spoken_duration(seconds) == spoken
    assert clock_duration(seconds) == clock


def _wav(seconds: float, rate: int = 22050) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(rate)
        file.writeframes(b"\0\0" * int(rate * seconds))
    return out.getvalue()


def test_wav_duration_reads_the_header():
    assert wav_duration(_wav(2.5)) == pytest.approx(2.5)


def test_wav_duration_of_a_piped_wav_whose_header_claims_2_gb():
    # espeak-ng --stdout cannot seek back: its sizes say 0x7ffff000 bytes.
    wav = bytearray(_wav(1.0))
    wav[4:8] = (0x7FFFF024).to_bytes(4, "little")
    wav[40:44] = (0x7FFFF000).to_bytes(4, "little")
    assert wav_duration(bytes(wav)) == pytest.approx(1.0)


def test_wav_duration_refuses_what_is_not_wav():
    with pytest.raises(SpeechError, match="did not return WAV"):
        wav_duration(b"ID3 this is an mp3")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("", None),
        ("bytes=0-99", ByteRange(0, 99, 1000)),
        ("bytes=500-", ByteRange(500, 999, 1000)),
        ("bytes=900-5000", ByteRange(900, 999, 1000)),
        ("bytes=-100", ByteRange(900, 999, 1000)),
        ("bytes=-5000", ByteRange(0, 999, 1000)),
        ("BYTES = 10-19", ByteRange(10, 19, 1000)),
        ("bytes=0-0", ByteRange(0, 0, 1000)),
        # Ignored (RFC 9110: a server may ignore Range): whole file.
        ("items=0-9", None),
        ("bytes=9-0", None),
        ("bytes=a-b", None),
        ("bytes=-", None),
        ("bytes=0-9,20-29", None),
    ],
)
def test_parse_range(header, expected):
    assert parse_range(header, 1000) == expected


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=5000-6000", "bytes=-0"])
def test_ranges_past_the_end_are_unsatisfiable(header):
    with pytest.raises(Unsatisfiable) as caught:
        parse_range(header, 1000)
    assert caught.value.content_range == "bytes */1000"


def test_byte_range_headers():
    byte_range = ByteRange(100, 199, 1000)
    assert byte_range.length == 100
    assert byte_range.content_range == "bytes 100-199/1000"


def test_a_hung_speech_process_is_stopped_with_a_clear_error(monkeypatch):
    from gazette.audio import speech

    monkeypatch.setattr(speech, "TIMEOUT_SECONDS", 0.2)
    with pytest.raises(SpeechError, match="sleep took more than 0.2 s"):
        speech._run(["sleep", "5"], b"")


def test_a_missing_program_is_a_speech_error():
    from gazette.audio import speech

    with pytest.raises(SpeechError, match="could not be run"):
        speech._run(["/nonexistent/espeak"], b"")


# Voices per language -----------------------------------------------------------


ESPEAK_VOICES = """\
Pty Language       Age/Gender VoiceName          File                 Other Languages
 5  ar              --/M      Arabic             sem/ar
 5  cmn             --/M      Chinese_(Mandarin) sit/cmn              (zh-cmn 5)(zh 5)
 5  en-029          --/M      English_(Caribbean) gmw/en-029           (en 10)
 2  en-gb           --/M      English_(Great_Britain) gmw/en               (en 2)
 2  en-us           --/M      English_(America)  gmw/en-US            (en 3)
 5  es              --/M      Spanish_(Spain)    roa/es
 5  es-419          --/M      Spanish_(Latin_America) roa/es-419           (es-mx 6)
 5  fr-be           --/M      French_(Belgium)   roa/fr-BE            (fr 8)
 5  fr-fr           --/M      French_(France)    roa/fr               (fr 5)
 5  pt-br           --/M      Portuguese_(Brazil) roa/pt-BR            (pt 6)
"""


def test_the_voice_list_of_espeak_ng_is_read_with_its_other_languages():
    found = voices.parse_espeak_voices(ESPEAK_VOICES)
    assert [voice.name for voice in found][:3] == ["ar", "cmn", "en-029"]
    assert found[1].aliases == (("zh-cmn", 5), ("zh", 5))
    assert found[3] == voices.Voice("en-gb", "en-gb", 2, (("en", 2),))


@pytest.mark.parametrize(
    ("language", "overrides", "default", "expected"),
    [
        # Each edition's language gets a voice of that language.
        ("es", {}, "en-gb", "es"),
        ("ar", {}, "en-gb", "ar"),
        # The default voice keeps reading its own language.
        ("en", {}, "en-gb", "en-gb"),
        ("en-gb", {}, "en-gb", "en-gb"),
        ("en", {}, "", "en-gb"),  # the lowest rank of the "en" speakers
        ("en-us", {}, "en-gb", "en-gb"),  # the newsroom's voice, any region
        ("en-us", {}, "", "en-us"),  # else a voice of exactly that language
        ("es-mx", {}, "", "es-419"),  # another language the voice speaks
        ("es-ar", {}, "", "es"),  # the base language
        ("zh-hans", {}, "", "cmn"),
        ("fr", {}, "", "fr-fr"),
        ("pt_BR", {}, "", "pt-br"),
        # The newsroom's choice, for the language or its base language.
        ("es", {"es": "es-419"}, "en-gb", "es-419"),
        ("es-mx", {"es": "es"}, "", "es"),
        ("en", {"en": "en-us"}, "en-gb", "en-us"),
        # Languages without a voice get none: never an English voice.
        ("fa", {}, "en-gb", None),
        ("ur", {}, "en-gb", None),
        ("ar", {"ar": "none"}, "en-gb", None),
        ("ar", {"ar": ""}, "en-gb", None),
    ],
)
def test_a_voice_is_chosen_for_the_language_and_never_another_languages(
    language, overrides, default, expected
):
    found = voices.parse_espeak_voices(ESPEAK_VOICES)
    chosen = voices.choose_voice(
        language, found, overrides=overrides, default_voice=default
    )
    assert chosen == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", {}),
        ("es=es-419", {"es": "es-419"}),
        ("es=es-419, ar=ar fa=none", {"es": "es-419", "ar": "ar", "fa": "none"}),
        ("PT_br=pt-br", {"pt-br": "pt-br"}),
        ({"ES": "es"}, {"es": "es"}),
    ],
)
def test_the_voices_setting_is_read_as_language_voice_pairs(value, expected):
    assert voices.parse_overrides(value) == expected


def test_a_malformed_voices_setting_says_how_to_write_it():
    with pytest.raises(ValueError, match="LANGUAGE=VOICE"):
        voices.parse_overrides("es:es-419")


@pytest.mark.parametrize(
    ("language", "written", "spoken"),
    [
        (
            "es",
            "Viajó a EE. UU. y a EE.UU.",
            "Viajó a Estados Unidos y a Estados Unidos",
        ),
        ("es", "A 30 km, p. ej. el núm. 5", "A 30 kilómetros, por ejemplo el número 5"),
        ("ar", "ارتفع 5٪ و 7%", "ارتفع 5 في المئة و 7 في المئة"),
        ("ar", "الرئيـــس", "الرئيس"),
        ("en", "On 3 Dec. it was 5 km", "On 3 December it was 5 kilometres"),
        ("en-gb", "In May. Then", "In May. Then"),
        # Another language's forms are left alone.
        ("en", "EE. UU.", "EE. UU."),
        ("fa", "5%", "5%"),
    ],
)
def test_written_forms_the_voice_misreads_are_spoken_in_words(
    language, written, spoken
):
    assert spoken_forms(written, language) == spoken


def test_arabic_sentences_keep_their_own_question_mark_and_get_a_stop():
    text = spoken_text("هل تستأنف المحادثات؟", "قالت الحكومة ذلك", [], language="ar")
    assert text.splitlines() == ["هل تستأنف المحادثات؟", "قالت الحكومة ذلك."]


def test_the_words_gazette_adds_are_in_the_active_language():
    from django.utils import translation

    blocks = [
        ("quote", {"quote": "Seguiremos", "attribution": "La ministra"}),
        ("callout", {"kind": "correction", "text": "<p>Texto</p>"}),
    ]
    with translation.override("es"):
        lines = spoken_text("Titular", "Entradilla", blocks, language="es")
    assert lines.splitlines()[3:] == ["Dicho por La ministra.", "Corrección.", "Texto."]


def test_the_audio_version_changes_with_the_voice():
    digest = text_hash("the same text")
    assert audio_version(digest, "es") != audio_version(digest, "es-419")
    assert audio_version(digest, "es") == audio_version(digest, "es")
    assert len(audio_version(digest, "es")) == 12
