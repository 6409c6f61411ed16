"""The station name a stream announces (``icy-name``, ``Ice-Name``): readable
printable ASCII, never "????" for a name in Arabic letters."""

import pytest
from django.core.exceptions import ValidationError

from gazette.radio import broadcaster, names


@pytest.mark.parametrize(
    ("name", "ascii_name", "slug", "expected"),
    [
        ("Gazette Radio", "", "gazette-radio", "Gazette Radio"),
        ("Radio Español", "", "radio", "Radio Espanol"),
        ("Radio Correo  de\nHalvard", "", "radio", "Radio Correo de Halvard"),
        ("إذاعة بريد هالفارد", "", "gazette-radio", "gazette-radio"),
        ("إذاعة بريد هالفارد", "Barid Halvard Radio", "x", "Barid Halvard Radio"),
        ("Радио", "", "", ""),
        ("Radio 24 – Milano", "", "radio-24", "radio-24"),
        ("Radio Correo", "Corréo\r\nX-Injected: 1", "", "Correo X-Injected: 1"),
    ],
)
def test_the_stream_name_is_printable_ascii(name, ascii_name, slug, expected):
    chosen = names.stream_name(name, ascii_name=ascii_name, slug=slug)
    assert chosen == expected
    assert chosen == "" or chosen.isascii() and chosen.isprintable()


def stream_head(**options) -> str:
    radio = broadcaster.Broadcaster(lambda current: None, **options)
    head = radio._stream_head()
    # What a player reads: the header bytes as ISO-8859-1.
    return head.decode("latin-1")


def test_the_stream_announces_the_arabic_stations_name_for_players():
    head = stream_head(name="إذاعة بريد هالفارد", stream_name="Barid Halvard Radio")
    assert "icy-name: Barid Halvard Radio\r\n" in head
    assert "?" not in head


def test_a_stream_without_a_readable_name_is_never_question_marks():
    head = stream_head(name="إذاعة بريد هالفارد")
    assert "icy-name: Gazette radio\r\n" in head
    assert "?" not in head


@pytest.mark.django_db
def test_each_editions_station_gives_its_plan_a_readable_stream_name(settings):
    from gazette.core import editions
    from gazette.radio import services as radio
    from tests.editions import make_editions

    settings.GAZETTE_SPEECH_ENGINE = "tests.test_audio_editions.VoicedToneEngine"
    make_editions(("es", "ar"))
    try:
        english = radio.create_station(
            name="Gazette Radio", slug="gazette-radio", is_default=True
        )
        radio.translate_station(english, "es", name="Radio Español")
        arabic = radio.translate_station(english, "ar", name="إذاعة البريد")
        assert radio.newscast_plan(language="es").stream_name == "Radio Espanol"
        # No name for players given: the slug, readable, not "???? ??????".
        assert radio.newscast_plan(language="ar").stream_name == "gazette-radio"
        arabic.stream_name = "Radio al-Barid"
        radio.save_station(arabic)
        plan = radio.newscast_plan(language="ar")
        assert plan.stream_name == "Radio al-Barid"
        assert plan.station == "إذاعة البريد"
    finally:
        editions.forget()


@pytest.mark.django_db
def test_a_name_for_players_in_another_script_is_refused(home):
    from gazette.radio import services as radio

    station = radio.create_station(name="Gazette Radio", slug="gazette-radio")
    station.stream_name = "إذاعة"
    with pytest.raises(ValidationError) as refused:
        radio.save_station(station)
    assert "stream_name" in refused.value.message_dict
