"""Turn text into speech and speech into MP3, with Debian's espeak-ng and ffmpeg.

The engine is pluggable: ``GAZETTE_SPEECH_ENGINE`` names a class with a
``synthesize(text) -> bytes`` method returning WAV audio. espeak-ng is the
default because Debian ships it and it needs no model download.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class SpeechError(RuntimeError):
    """Speech could not be produced (engine missing or failing)."""


class SpeechEngine(Protocol):
    def synthesize(self, text: str) -> bytes: ...


class EspeakEngine:
    """Speak with espeak-ng; return 22.05 kHz mono WAV."""

    def __init__(self, voice: str = "en-gb", words_per_minute: int = 165) -> None:
        self.voice = voice
        self.words_per_minute = words_per_minute

    def synthesize(self, text: str) -> bytes:
        binary = shutil.which("espeak-ng")
        if binary is None:
            raise SpeechError(
                "espeak-ng is not installed: run `apt-get install espeak-ng`."
            )
        # Text goes through stdin, never the command line: no length limit and
        # no argument injection from article text.
        result = subprocess.run(
            [binary, "-v", self.voice, "-s", str(self.words_per_minute), "--stdout"],
            input=text.encode("utf-8"),
            capture_output=True,
            timeout=600,
            check=False,
        )
        if result.returncode != 0 or not result.stdout:
            raise SpeechError(
                f"espeak-ng failed: {result.stderr.decode(errors='replace')[:200]}"
            )
        return result.stdout


@cache
def get_engine() -> SpeechEngine:
    """Return the configured speech engine."""
    dotted = getattr(
        settings, "GAZETTE_SPEECH_ENGINE", "gazette.audio.speech.EspeakEngine"
    )
    return import_string(dotted)()


def synthesize(text: str) -> bytes:
    """Return ``text`` spoken by the configured engine, as WAV bytes."""
    return get_engine().synthesize(text)


def encode_mp3(
    wav: bytes, *, bitrate: str = "64k", sample_rate: int = 22050, mono: bool = True
) -> bytes:
    """Encode WAV (or any audio ffmpeg reads) to constant-bitrate MP3 bytes."""
    binary = shutil.which("ffmpeg")
    if binary is None:
        raise SpeechError("ffmpeg is not installed: run `apt-get install ffmpeg`.")
    command = [binary, "-hide_banner", "-loglevel", "error", "-i", "pipe:0"]
    command += ["-ar", str(sample_rate), "-ac", "1" if mono else "2"]
    command += ["-codec:a", "libmp3lame", "-b:a", bitrate, "-f", "mp3", "pipe:1"]
    result = subprocess.run(
        command, input=wav, capture_output=True, timeout=600, check=False
    )
    if result.returncode != 0 or not result.stdout:
        raise SpeechError(
            f"ffmpeg failed: {result.stderr.decode(errors='replace')[:200]}"
        )
    return result.stdout
