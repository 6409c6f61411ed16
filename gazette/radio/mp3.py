"""MPEG audio frames: where each one starts and how long it plays.

A live stream is cut only at frame boundaries, so a listener who tunes in
mid-broadcast starts on a whole frame and a bulletin can follow another
seamlessly. Pure functions on bytes; no decoding.
"""

from __future__ import annotations

from dataclasses import dataclass

# Layer III bitrates in kbit/s by header index, MPEG-1 then MPEG-2 and 2.5.
_BITRATES_V1 = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
_BITRATES_V2 = (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)
_SAMPLE_RATES = {
    3: (44100, 48000, 32000),  # MPEG-1
    2: (22050, 24000, 16000),  # MPEG-2
    0: (11025, 12000, 8000),  # MPEG-2.5
}


class MP3Error(ValueError):
    """The bytes are not Layer III MPEG audio."""


@dataclass(frozen=True)
class Frame:
    offset: int
    length: int
    duration: float
    sample_rate: int
    bitrate: int  # bit/s


def _id3_length(data: bytes) -> int:
    """Return the size of a leading ID3v2 tag (0 if there is none)."""
    if len(data) < 10 or data[:3] != b"ID3":
        return 0
    size = 0
    for byte in data[6:10]:
        size = (size << 7) | (byte & 0x7F)
    footer = 10 if data[5] & 0x10 else 0
    return 10 + size + footer


def parse_header(header: bytes) -> tuple[int, float, int, int]:
    """Return (frame length, duration, sample rate, bitrate) of a 4-byte header."""
    if len(header) < 4 or header[0] != 0xFF or (header[1] & 0xE0) != 0xE0:
        raise MP3Error("no frame sync")
    version = (header[1] >> 3) & 0x03
    layer = (header[1] >> 1) & 0x03
    if version == 1 or layer != 1:
        raise MP3Error("not MPEG Layer III")
    bitrate_index = header[2] >> 4
    rate_index = (header[2] >> 2) & 0x03
    padding = (header[2] >> 1) & 0x01
    if bitrate_index in (0, 15) or rate_index == 3:
        raise MP3Error("free-format or reserved bitrate/sample rate")
    table = _BITRATES_V1 if version == 3 else _BITRATES_V2
    bitrate = table[bitrate_index] * 1000
    sample_rate = _SAMPLE_RATES[version][rate_index]
    samples = 1152 if version == 3 else 576
    length = samples // 8 * bitrate // sample_rate + padding
    return length, samples / sample_rate, sample_rate, bitrate


def _is_info_frame(data: bytes, frame: Frame) -> bool:
    # Encoders put a silent "Xing"/"Info" frame first to describe the file;
    # in a loop it would be a click of header in the middle of the stream.
    body = data[frame.offset : frame.offset + min(frame.length, 64)]
    return b"Xing" in body or b"Info" in body


def frames(data: bytes) -> list[Frame]:
    """Return the audio frames of an MP3 file, without tags or the info frame.

    Raise :class:`MP3Error` if the bytes hold no frame, or if the frames
    change sample rate (the stream would change format mid-broadcast).
    """
    position = _id3_length(data)
    found: list[Frame] = []
    while position + 4 <= len(data):
        try:
            length, duration, rate, bitrate = parse_header(
                data[position : position + 4]
            )
        except MP3Error:
            if data[position : position + 3] == b"TAG":  # ID3v1 at the end
                break
            position += 1  # resynchronise
            continue
        if position + length > len(data):
            break  # a truncated last frame
        found.append(Frame(position, length, duration, rate, bitrate))
        position += length
    if found and _is_info_frame(data, found[0]):
        found.pop(0)
    if not found:
        raise MP3Error("no MP3 frames found")
    if len({frame.sample_rate for frame in found}) > 1:
        raise MP3Error("the sample rate changes between frames")
    return found


def duration(data: bytes) -> float:
    """Return how long MP3 bytes play, in seconds."""
    return sum(frame.duration for frame in frames(data))
