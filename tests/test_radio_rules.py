"""Radio rules on plain data: schedules, the bulletin's script, MP3 frames, PCM."""

import datetime
import shutil
import subprocess

import pytest

from gazette.radio import bulletin, mp3, newscast, schedule
from gazette.radio.bulletin import CHIME, SPEECH, Headline
from gazette.radio.schedule import Slot

T = datetime.time
UTC = datetime.UTC
# 1 January 2024 was a Monday.
MONDAY = datetime.date(2024, 1, 1)


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(
        MONDAY + datetime.timedelta(days=day), T(hour, minute), tzinfo=UTC
    )


SLOTS = [
    Slot("Night", "daily", T(2), T(6)),
    Slot("Breakfast", "weekdays", T(6), T(10)),
    Slot("Weekend Breakfast", "weekend", T(6), T(10)),
    Slot("Late Show", "fri", T(22), T(2)),
    Slot("Special", "wed", T(8), T(9)),
]


@pytest.mark.parametrize(
    "when, expected",
    [
        (at(0, 7), "Breakfast"),  # Monday morning
        (at(5, 7), "Weekend Breakfast"),  # Saturday
        (at(0, 5, 59), "Night"),
        (at(0, 10), None),  # Breakfast ends at 10:00 sharp
        (at(2, 8, 30), "Special"),  # overlaps Breakfast: the later start wins
        (at(2, 9), "Breakfast"),  # Special is over
        (at(4, 23), "Late Show"),  # Friday night
        (at(5, 1, 30), "Late Show"),  # past midnight into Saturday: still on
        (at(5, 2), "Night"),  # ...until 02:00
        (at(6, 23, 59), None),
    ],
)
def test_on_now_follows_days_times_overnight_slots_and_overrides(when, expected):
    found = schedule.on_now(SLOTS, when)
    assert (found.title if found else None) == expected


def test_on_now_reads_aware_times_in_gmt():
    paris = datetime.timezone(datetime.timedelta(hours=1))
    # 08:00 in Paris on Monday is 07:00 GMT: Breakfast.
    when = datetime.datetime(2024, 1, 1, 8, 0, tzinfo=paris)
    assert schedule.on_now(SLOTS, when).title == "Breakfast"


def test_an_end_of_midnight_and_a_whole_day():
    evening = Slot("Evening", "daily", T(18), T(0))
    all_day = Slot("Rolling news", "sun", T(0), T(0))
    assert schedule.on_now([evening], at(0, 23, 59)).title == "Evening"
    assert schedule.on_now([evening], at(1, 0, 0)) is None
    assert evening.length_minutes == 6 * 60
    assert all_day.length_minutes == 24 * 60
    assert schedule.on_now([all_day], at(6, 15)).title == "Rolling news"


def test_up_next_wraps_round_the_week():
    assert schedule.up_next(SLOTS, at(0, 7)).title == "Night"  # Tuesday 02:00
    assert schedule.up_next(SLOTS, at(6, 12)).title == "Night"  # Monday 02:00
    assert schedule.up_next([], at(0, 7)) is None


def test_week_lists_each_day_in_start_order():
    days = schedule.week(SLOTS)
    assert [day.name for day in days][:2] == ["Monday", "Tuesday"]
    assert [slot.title for slot in days[2].slots] == ["Night", "Breakfast", "Special"]
    assert [slot.title for slot in days[4].slots] == ["Night", "Breakfast", "Late Show"]
    assert [slot.title for slot in days[6].slots] == ["Night", "Weekend Breakfast"]


HEADLINES = [
    Headline(1, "Storm closes the harbour", "Ferries stay in port until Monday"),
    Headline(2, "Budget passes!", "The vote was close."),
]


def test_the_script_identifies_the_station_and_chimes_between_items():
    parts = bulletin.script("Gazette Radio", HEADLINES, at(0, 14, 5))
    kinds = [part.kind for part in parts]
    assert kinds == [SPEECH, CHIME, SPEECH, CHIME, SPEECH, CHIME, SPEECH]
    assert parts[0].text.startswith("This is Gazette Radio.")
    assert "14:05 G M T" in parts[0].text
    assert (
        parts[2].text == "Storm closes the harbour. Ferries stay in port until Monday."
    )
    assert parts[4].text == "Budget passes! The vote was close."
    assert parts[-1].text == "That was the news from Gazette Radio."


def test_an_empty_newsroom_still_gets_a_bulletin():
    parts = bulletin.script("Gazette Radio", [], at(0, 9))
    assert any("no news" in part.text for part in parts)


def test_the_fingerprint_changes_with_a_new_or_edited_article_only():
    base = bulletin.fingerprint("Radio", HEADLINES)
    assert bulletin.fingerprint("Radio", list(HEADLINES)) == base
    newer = [Headline(3, "New", "Lede")] + HEADLINES
    assert bulletin.fingerprint("Radio", newer) != base
    edited = [HEADLINES[0], Headline(2, "Budget passes", "The vote was close.")]
    assert bulletin.fingerprint("Radio", edited) != base
    assert bulletin.fingerprint("Other radio", HEADLINES) != base


def test_mp3_headers_give_frame_length_and_duration():
    # MPEG-2 Layer III, 64 kbit/s, 22.05 kHz, no padding.
    length, seconds, rate, bitrate = mp3.parse_header(bytes([0xFF, 0xF3, 0x80, 0xC4]))
    assert (length, rate, bitrate) == (208, 22050, 64000)
    assert seconds == pytest.approx(576 / 22050)
    # MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, padded.
    length, seconds, rate, _ = mp3.parse_header(bytes([0xFF, 0xFB, 0x92, 0x64]))
    assert (length, rate) == (418, 44100)
    with pytest.raises(mp3.MP3Error):
        mp3.parse_header(b"RIFF")


def test_frames_skip_tags_junk_and_the_info_frame():
    frame = bytes([0xFF, 0xF3, 0x80, 0xC4]) + bytes(204)
    info = bytes([0xFF, 0xF3, 0x80, 0xC4]) + b"\0" * 20 + b"Info" + bytes(180)
    tag = b"ID3\x04\x00\x00\x00\x00\x00\x05" + b"TSSE0"
    data = tag + info + frame * 3 + b"junk" + frame + frame[:10]
    found = mp3.frames(data)
    assert len(found) == 4
    assert found[0].offset == len(tag) + len(info)
    assert mp3.duration(data) == pytest.approx(4 * 576 / 22050)
    with pytest.raises(mp3.MP3Error):
        mp3.frames(b"not audio at all" * 100)


def test_pcm_round_trips_through_wav():
    pcm = bytes(range(256)) * 10
    wav = newscast.wav_from_pcm(pcm)
    assert newscast.pcm_from_wav(wav) == pcm
    # Another sample rate is not taken as-is: it must be converted.
    other = wav[:24] + (44100).to_bytes(4, "little") + wav[28:]
    assert newscast.pcm_from_wav(other) is None


@pytest.mark.skipif(not shutil.which("sox"), reason="sox is not installed")
def test_the_chime_is_a_short_sound_not_silence():
    chime = newscast.chime()
    seconds = len(chime) / 2 / newscast.SAMPLE_RATE
    assert 0.3 < seconds < 1.5
    assert max(chime[1::2]) > 8  # high bytes of the samples: an audible level


@pytest.mark.skipif(not shutil.which("ffmpeg"), reason="ffmpeg is not installed")
def test_frames_of_an_ffmpeg_mp3_add_up_to_its_length():
    made = subprocess.run(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i"]
        + ["sine=frequency=440:duration=3", "-ar", "22050", "-ac", "1"]
        + ["-b:a", "64k", "-f", "mp3", "pipe:1"],
        capture_output=True,
        check=True,
    ).stdout
    assert mp3.duration(made) == pytest.approx(3.0, abs=0.1)
