"""Turn text into speech and speech into MP3, with Debian's espeak-ng and ffmpeg.

The engine is pluggable: ``GAZETTE_SPEECH_ENGINE`` names a class with a
``synthesize(text) -> bytes`` method returning WAV audio. espeak-ng is the
default because Debian ships it and it needs no model download. An engine
that speaks several languages also has ``voice_for(language)`` (the voice
for a language, or None) and takes ``synthesize(text, voice=...)``.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from . import voices


class SpeechError(RuntimeError):
    """Speech could not be produced (engine missing or failing)."""


# Ten minutes: an hour-long article takes espeak-ng and ffmpeg seconds; a hung
# process must not hold a task worker for ever.
TIMEOUT_SECONDS = 600


def _run(command: list[str], data: bytes) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            command,
            input=data,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise SpeechError(
            f"{command[0]} took more than {TIMEOUT_SECONDS} s and was stopped."
        ) from None
    except OSError as error:
        raise SpeechError(f"{command[0]} could not be run: {error}") from None


class SpeechEngine(Protocol):
    def synthesize(self, text: str) -> bytes: ...


@cache
def espeak_voices(binary: str) -> tuple[voices.Voice, ...]:
    """Return the voices ``espeak-ng --voices`` lists (asked once per process)."""
    result = _run([binary, "--voices"], b"")
    if result.returncode != 0:
        raise SpeechError(
            f"espeak-ng --voices failed: {result.stderr.decode(errors='replace')[:200]}"
        )
    return tuple(voices.parse_espeak_voices(result.stdout.decode(errors="replace")))


def voice_overrides() -> dict[str, str]:
    """Return the newsroom's voice per language (``GAZETTE_SPEECH_VOICES``)."""
    try:
        return voices.parse_overrides(getattr(settings, "GAZETTE_SPEECH_VOICES", ""))
    except ValueError as error:
        raise SpeechError(str(error)) from None


class EspeakEngine:
    """Speak with espeak-ng; return 22.05 kHz mono WAV.

    The voice and speed come from ``GAZETTE_SPEECH_VOICE`` and
    ``GAZETTE_SPEECH_WORDS_PER_MINUTE`` unless given; the voice of another
    language from ``voice_for`` (``GAZETTE_SPEECH_VOICES``, else the voice
    espeak-ng has for that language).
    """

    def __init__(
        self, voice: str | None = None, words_per_minute: int | None = None
    ) -> None:
        # Read from the settings when used, not once per process: the engine
        # is made once and kept.
        self._voice = voice
        self._words_per_minute = words_per_minute

    @property
    def voice(self) -> str:
        """Return the default language's voice (``GAZETTE_SPEECH_VOICE``)."""
        return self._voice or getattr(settings, "GAZETTE_SPEECH_VOICE", "") or "en-gb"

    @property
    def words_per_minute(self) -> int:
        if self._words_per_minute is not None:
            return self._words_per_minute
        return int(getattr(settings, "GAZETTE_SPEECH_WORDS_PER_MINUTE", 165))

    @staticmethod
    def _binary() -> str:
        binary = shutil.which("espeak-ng")
        if binary is None:
            raise SpeechError(
                "espeak-ng is not installed: run `apt-get install espeak-ng`."
            )
        return binary

    def voice_for(self, language: str) -> str | None:
        """Return the espeak-ng voice that reads ``language``, or None."""
        return voices.choose_voice(
            language,
            espeak_voices(self._binary()),
            overrides=voice_overrides(),
            default_voice=self.voice,
        )

    def synthesize(self, text: str, voice: str | None = None) -> bytes:
        binary = self._binary()
        voice = voice or self.voice
        if voice.startswith("-"):
            raise SpeechError(f"{voice!r} is not an espeak-ng voice.")
        # Text goes through stdin, never the command line: no length limit and
        # no argument injection from article text. -b 1: the text is UTF-8
        # (Arabic, accents), whatever the worker's locale says.
        result = _run(
            [binary, "-v", voice, "-s", str(self.words_per_minute), "-b", "1"]
            + ["--stdout"],
            text.encode("utf-8"),
        )
        if result.returncode != 0 or not result.stdout:
            raise SpeechError(
                f"espeak-ng failed: {result.stderr.decode(errors='replace')[:200]}"
            )
        return result.stdout


DEFAULT_ENGINE = "gazette.audio.speech.EspeakEngine"


@cache
def _engine(dotted: str) -> SpeechEngine:
    try:
        engine_class = import_string(dotted)
    except ImportError as error:
        raise SpeechError(
            f"GAZETTE_SPEECH_ENGINE={dotted!r} cannot be imported: {error}"
        ) from None
    return engine_class()


def get_engine() -> SpeechEngine:
    """Return the configured speech engine (one instance per class path)."""
    return _engine(getattr(settings, "GAZETTE_SPEECH_ENGINE", "") or DEFAULT_ENGINE)


def default_language() -> str:
    """Return the site's default language (the default edition's)."""
    return voices.normalise(settings.LANGUAGE_CODE)


def voice_for(language: str) -> str | None:
    """Return the voice the configured engine reads ``language`` with, or None.

    An engine without ``voice_for`` speaks one voice, taken to be of the
    site's default language: other languages get None (no audio).
    """
    engine = get_engine()
    choose = getattr(engine, "voice_for", None)
    if choose is not None:
        return choose(language)
    if voices.base_language(language) != voices.base_language(default_language()):
        return None
    return str(getattr(engine, "voice", "") or type(engine).__name__)


def synthesize(text: str, voice: str | None = None) -> bytes:
    """Return ``text`` spoken by the configured engine, as WAV bytes.

    ``voice`` comes from :func:`voice_for`; None is the engine's own voice.
    """
    engine = get_engine()
    if voice is not None and hasattr(engine, "voice_for"):
        return engine.synthesize(text, voice=voice)  # type: ignore[call-arg]
    return engine.synthesize(text)


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
    result = _run(command, wav)
    if result.returncode != 0 or not result.stdout:
        raise SpeechError(
            f"ffmpeg failed: {result.stderr.decode(errors='replace')[:200]}"
        )
    return result.stdout


def wav_duration(wav: bytes) -> float:
    """Return the length in seconds of WAV (RIFF, PCM) audio.

    espeak-ng writing to a pipe cannot go back to fill in the sizes, so its
    header claims about 2 GB of data: a size past the end of the bytes means
    "up to the end".
    """
    if len(wav) < 12 or wav[:4] != b"RIFF" or wav[8:12] != b"WAVE":
        raise SpeechError("The speech engine did not return WAV audio.")
    position, byte_rate = 12, 0
    while position + 8 <= len(wav):
        chunk_id = wav[position : position + 4]
        (chunk_size,) = struct.unpack("<I", wav[position + 4 : position + 8])
        body = position + 8
        if chunk_id == b"fmt " and chunk_size >= 16:
            (byte_rate,) = struct.unpack("<I", wav[body + 8 : body + 12])
        elif chunk_id == b"data":
            if not byte_rate:
                break
            data_size = min(chunk_size, len(wav) - body)
            return data_size / byte_rate
        position = body + chunk_size + (chunk_size & 1)
    raise SpeechError("The WAV audio has no format or data chunk.")
