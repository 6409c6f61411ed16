"""Article audio's pure rules: spoken text, durations, WAV length, byte ranges."""

import io
import wave

import pytest

from gazette.audio.ranges import ByteRange, Unsatisfiable, parse_range
from gazette.audio.speech import SpeechError, wav_duration
from gazette.audio.text import (
    clock_duration,
    html_to_sentences,
    spoken_duration,
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
