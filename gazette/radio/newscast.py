"""Make the newscast's sound: speech for each part, a chime between, one MP3.

Every part becomes 16-bit mono PCM at one sample rate; the parts are joined
and encoded once, so the MP3 is one constant-bitrate run of frames that loops
without a gap. Speech comes from :mod:`gazette.audio.speech` (espeak-ng by
default); the chime from sox, or ffmpeg when sox is missing.
"""

from __future__ import annotations

import datetime
import shutil
import struct
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from django.utils import translation

from gazette.audio import speech

from . import mp3
from .bulletin import CHIME, Headline, Part, fingerprint, script

SAMPLE_RATE = 22050
_SILENCE_SECONDS = 0.35


class NewscastError(RuntimeError):
    """The newscast could not be made (a tool is missing or failed)."""


@dataclass(frozen=True)
class Newscast:
    """One composed bulletin, ready to broadcast."""

    mp3: bytes
    duration: float
    fingerprint: str
    parts: tuple[Part, ...]
    speech_seconds: float  # time spent making it, for the benchmark
    items: int = 0  # headlines read


def wav_from_pcm(pcm: bytes, sample_rate: int = SAMPLE_RATE) -> bytes:
    """Wrap 16-bit mono PCM in a WAV header."""
    header = b"RIFF" + struct.pack("<I", 36 + len(pcm)) + b"WAVE"
    header += b"fmt " + struct.pack(
        "<IHHIIHH", 16, 1, 1, sample_rate, sample_rate * 2, 2, 16
    )
    return header + b"data" + struct.pack("<I", len(pcm)) + pcm


def pcm_from_wav(wav: bytes) -> bytes | None:
    """Return the samples of 16-bit mono WAV at SAMPLE_RATE, or None if the
    WAV is in another format (and needs converting)."""
    if len(wav) < 12 or wav[:4] != b"RIFF" or wav[8:12] != b"WAVE":
        return None
    position, matches = 12, False
    while position + 8 <= len(wav):
        chunk_id = wav[position : position + 4]
        (size,) = struct.unpack("<I", wav[position + 4 : position + 8])
        body = position + 8
        if chunk_id == b"fmt " and size >= 16:
            tag, channels, rate = struct.unpack("<HHI", wav[body : body + 8])
            (bits,) = struct.unpack("<H", wav[body + 14 : body + 16])
            matches = (tag, channels, rate, bits) == (1, 1, SAMPLE_RATE, 16)
        elif chunk_id == b"data":
            # espeak-ng writing to a pipe leaves the size at ~2 GB: "to the end".
            data = wav[body : body + min(size, len(wav) - body)]
            return data[: len(data) - len(data) % 2] if matches else None
        position = body + size + (size & 1)
    return None


def _run(command: list[str], stdin: bytes = b"") -> bytes:
    result = subprocess.run(
        command, input=stdin, capture_output=True, timeout=300, check=False
    )
    if result.returncode != 0 or not result.stdout:
        message = result.stderr.decode(errors="replace")[:200]
        raise NewscastError(f"{command[0]} failed: {message}")
    return result.stdout


def to_pcm(audio: bytes) -> bytes:
    """Return any audio ffmpeg reads as 16-bit mono PCM at SAMPLE_RATE."""
    pcm = pcm_from_wav(audio)
    if pcm is not None:
        return pcm
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise NewscastError("ffmpeg is not installed: run `apt-get install ffmpeg`.")
    return _run(
        [ffmpeg, "-hide_banner", "-loglevel", "error", "-i", "pipe:0"]
        + ["-ar", str(SAMPLE_RATE), "-ac", "1", "-f", "s16le", "pipe:1"],
        audio,
    )


def _tone(frequency: int, seconds: float) -> bytes:
    sox = shutil.which("sox")
    if sox is not None:
        return _run(
            [sox, "-n", "-r", str(SAMPLE_RATE), "-c", "1", "-b", "16"]
            + ["-e", "signed-integer", "-t", "raw", "-", "synth", str(seconds)]
            + ["sine", str(frequency), "fade", "q", "0.01", str(seconds)]
            + [str(seconds * 0.6), "vol", "0.3"]
        )
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise NewscastError("Neither sox nor ffmpeg is installed: apt-get install sox.")
    return _run(
        [ffmpeg, "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i"]
        + [f"sine=frequency={frequency}:duration={seconds}"]
        + ["-af", "volume=0.3", "-ar", str(SAMPLE_RATE), "-ac", "1"]
        + ["-f", "s16le", "pipe:1"]
    )


@cache
def chime() -> bytes:
    """Return the chime between items: two rising tones, as PCM."""
    return _tone(784, 0.22) + _tone(1175, 0.4)


def silence(seconds: float) -> bytes:
    return b"\0\0" * int(SAMPLE_RATE * seconds)


def render(
    parts: Sequence[Part], *, bitrate: str = "64k", voice: str | None = None
) -> bytes:
    """Return the parts spoken (by ``voice``, else the engine's own) and
    chimed, as one MP3."""
    pcm = bytearray()
    for part in parts:
        if part.kind == CHIME:
            pcm += silence(_SILENCE_SECONDS) + chime() + silence(_SILENCE_SECONDS)
        else:
            try:
                pcm += to_pcm(speech.synthesize(part.text, voice))
            except speech.SpeechError as error:
                raise NewscastError(str(error)) from None
    pcm += silence(1.0)
    try:
        return speech.encode_mp3(
            wav_from_pcm(bytes(pcm)), bitrate=bitrate, sample_rate=SAMPLE_RATE
        )
    except speech.SpeechError as error:
        raise NewscastError(str(error)) from None


def compose(
    station: str,
    headlines: Sequence[Headline],
    *,
    bitrate: str = "64k",
    now: datetime.datetime | None = None,
    language: str | None = None,
    voice: str | None = None,
) -> Newscast:
    """Return the bulletin of ``headlines`` read for ``station``, as MP3.

    Its fixed phrases are in ``language`` (the active language if None) and
    ``voice`` reads it all (the engine's own voice if None).
    """
    started = time.perf_counter()
    with translation.override(language or translation.get_language()):
        parts = script(station, headlines, now or datetime.datetime.now(datetime.UTC))
    audio = render(parts, bitrate=bitrate, voice=voice)
    try:
        seconds = mp3.duration(audio)
    except mp3.MP3Error as error:
        raise NewscastError(f"The encoder made no MP3: {error}") from None
    return Newscast(
        mp3=audio,
        duration=seconds,
        fingerprint=fingerprint(station, headlines, voice=voice or ""),
        parts=tuple(parts),
        speech_seconds=time.perf_counter() - started,
        items=len(headlines),
    )
