"""Crafted input gets a clear 400, a 404 or a form error, never a 500.

The cases a security review found (issue 18): days at the calendar's edge in
the date filters, Unicode digits that ``str.isdigit()`` accepts and ``int()``
refuses, numbers past 64 bits in URLs, and pictures that only look like
pictures. ``tests/test_fuzz.py`` looks for more of the same at random.
"""

import datetime
import io

import pytest
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile

from gazette.core.forms import decode_error
from gazette.core.models import GazetteImage
from gazette.demo.images import draw_picture
from gazette.search.query import published_between
from gazette.stories.models import Story
from gazette.stories.text_features import extract

# --- Date filters, without a database ---------------------------------------


@pytest.mark.parametrize(
    "since, until, lookups",
    [
        (None, None, set()),
        (datetime.date(2026, 10, 1), None, {"first_published_at__gte"}),
        (None, datetime.date(2026, 10, 1), {"first_published_at__lt"}),
        # The day after 9999-12-31 is no date: no upper bound at all.
        (None, datetime.date.max, set()),
        (None, datetime.date(9999, 12, 30), {"first_published_at__lt"}),
        (datetime.date.min, datetime.date.max, {"first_published_at__gte"}),
        (datetime.date.max, None, {"first_published_at__gte"}),
    ],
)
def test_date_bounds_never_overflow(since, until, lookups):
    assert set(published_between(since, until)) == lookups


def test_the_last_day_bound_is_the_next_midnight():
    bounds = published_between(None, datetime.date(2026, 10, 1))
    assert bounds["first_published_at__lt"] == datetime.datetime(
        2026, 10, 2, tzinfo=datetime.UTC
    )


def test_a_midnight_before_year_one_in_utc_bounds_nothing(settings):
    # East of Greenwich, midnight of 1 January of year 1 is still year 0 in UTC.
    settings.TIME_ZONE = "Asia/Tokyo"
    assert published_between(datetime.date.min, None) == {}


def test_unicode_digits_in_an_article_do_not_stop_threading():
    # "²" is a digit to str.isdigit() and no number to float().
    features = extract("Floods on October ²", "Rain fell on March ³.")
    assert features.words["flood"] == 2
    assert not features.dates


def test_other_scripts_decimal_digits_are_still_dates():
    assert extract("Floods", "Rain fell on October ٣.").dates == {"10-3": 1}


# --- Date and number parameters through the URLs -----------------------------


@pytest.fixture
def newsroom(make_article, story, author, picture):
    return make_article(
        "Harbour strike ends", story=story, authors=[author], image=picture
    )


# (query string, status): every edge of every date and number parameter.
API_CASES = [
    ("until=9999-12-31", 200),
    ("since=0001-01-01", 200),
    ("since=0001-01-01&until=9999-12-31", 200),
    ("until=0001-01-01", 200),
    ("since=9999-12-31", 200),
    ("since=0000-01-01", 400),
    ("until=10000-01-01", 400),
    ("since=2026-02-30", 400),
    ("since=%C2%B2%C2%B2%C2%B2%C2%B2-01-01", 400),
    ("page=" + "9" * 30, 400),
    ("page=9223372036854775807", 404),
    ("page=%C2%B2", 400),
    ("page=%D9%A1", 400),
    ("page_size=%C2%B2", 400),
    ("section=" + "9" * 30, 400),
    ("story=%C2%B2", 400),
    ("author=-1", 400),
    ("q=%00", 400),
    ("%00=1", 400),
    ("q=harbour&until=9999-12-31", 200),
    ("q=harbour&since=0001-01-01", 200),
]


@pytest.mark.django_db
@pytest.mark.parametrize("query, status", API_CASES)
def test_api_article_filters_at_the_edges(client, newsroom, query, status):
    response = client.get(f"/api/v1/articles/?{query}")
    assert response.status_code == status, response.content
    if status == 200:
        assert isinstance(response.json()["articles"], list)
    else:
        assert response.json()["error"]["status"] == status


@pytest.mark.django_db
def test_api_until_the_last_day_of_the_calendar_lists_everything(client, newsroom):
    everything = client.get("/api/v1/articles/").json()
    edge = client.get("/api/v1/articles/?until=9999-12-31").json()
    assert edge["articles"] == everything["articles"]
    assert edge["meta"]["pagination"]["total_count"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, error",
    [
        ("until=9999-12-31", None),
        ("q=harbour&until=9999-12-31", None),
        ("since=0001-01-01&q=harbour", None),
        ("since=9999-12-31", None),
        ("since=0000-01-01", "Enter a valid date"),
        ("until=%C2%B2%C2%B2%C2%B2%C2%B2-12-31", "Enter a valid date"),
        ("section=%C2%B2", "Select a valid choice"),
        ("section=" + "9" * 30, "Select a valid choice"),
        ("author=9223372036854775808", "Select a valid choice"),
        ("story=" + "9" * 30, "Select a valid choice"),
        ("author=%00", "Select a valid choice"),
        ("q=%00", "Null characters are not allowed"),
        ("q=harbour&page=" + "9" * 30, None),
        ("q=harbour&page=%C2%B2", None),
    ],
)
def test_search_filters_at_the_edges(client, newsroom, query, error):
    response = client.get(f"/search/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    if error:
        assert error in html
    elif "q=harbour" in query:
        assert "strike ends" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/discussion/99999999999999999999999/comments/",
        "/discussion/comments/99999999999999999999999/edit/",
        "/discussion/readers/99999999999999999999999/",
        "/audio/99999999999999999999999.mp3",
        "/admin/stories/story/99999999999999999999999/split/",
    ],
)
def test_ids_past_64_bits_in_a_url_name_nothing(client, url):
    assert client.get(url).status_code in (404, 302)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/stories/?page=%C2%B2",
        "/stories/?page=" + "9" * 30,
        "/authors/?page=" + "9" * 30,
        "/world/?page=%D9%A1",
        "/world/?page=" + "9" * 30,
        "/sitemap-world.xml?p=%C2%B2",
        "/feeds/rss/?page=%C2%B2",
    ],
)
def test_page_numbers_that_are_not_numbers_show_a_page(client, newsroom, url):
    assert client.get(url).status_code in (200, 404)


# --- The editors' story split -------------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("chief", "chief@example.org", "x")
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    "articles, title, message",
    [
        (["²"], "", "Select a valid choice. ² is not one of the available choices."),
        (["١٢"], "", "is not one of the available choices"),
        (["9" * 30], "", "is not one of the available choices"),
        ([], "", "Choose at least one article"),
        ("first", "A\x00title", "Null characters are not allowed."),
        ("first", "x" * 256, "at most 255 characters"),
    ],
)
def test_story_split_refuses_crafted_ids_with_a_form_error(
    admin_client, make_article, story, articles, title, message
):
    first = make_article("Harbour strike ends", story=story)
    make_article("Harbour reopens", story=story, hours=1)
    if articles == "first":
        articles = [str(first.pk)]
    response = admin_client.post(
        f"/admin/stories/story/{story.pk}/split/",
        {"articles": articles, "title": title},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Story.objects.count() == 1


@pytest.mark.django_db
def test_story_split_still_moves_the_articles_ticked(admin_client, make_article, story):
    first = make_article("Harbour strike ends", story=story)
    make_article("Harbour reopens", story=story, hours=1)
    response = admin_client.post(
        f"/admin/stories/story/{story.pk}/split/",
        {"articles": [str(first.pk)], "title": "The strike"},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.story.title == "The strike"


# --- Pictures that only look like pictures ------------------------------------

PNG = draw_picture("bridge", ["#1d3557", "#a8dadc"], "river")


def _jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.open(io.BytesIO(PNG)).convert("RGB").save(out, "JPEG", quality=80)
    return out.getvalue()


JPEG = _jpeg()

BROKEN = {
    "truncated.png": PNG[: len(PNG) // 2],
    "truncated.jpg": JPEG[: len(JPEG) // 3],
    # Starts as a JPEG does, then is not one.
    "fake.jpg": JPEG[:4] + b"this is a text file, not a photograph " * 20,
    "text.jpg": b"<html>not a picture</html>",
}


@pytest.mark.parametrize("content", [PNG, JPEG], ids=["png", "jpeg"])
def test_a_whole_picture_decodes(content):
    assert decode_error(io.BytesIO(content)) is None


@pytest.mark.parametrize("name", BROKEN)
def test_a_broken_picture_does_not_decode(name):
    assert decode_error(io.BytesIO(BROKEN[name])) is not None


@pytest.mark.django_db
@pytest.mark.parametrize("name", BROKEN)
def test_uploading_a_broken_picture_is_a_form_error(admin_client, name):
    upload = SimpleUploadedFile(name, BROKEN[name])
    response = admin_client.post(
        "/admin/images/add/", {"title": "Broken", "file": upload}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "error-message" in html or "is damaged" in html
    assert "damaged" in html or "Not a valid" in html
    assert not GazetteImage.objects.exists()


@pytest.mark.django_db
def test_uploading_a_whole_picture_still_works(admin_client):
    upload = SimpleUploadedFile("bridge.png", PNG)
    response = admin_client.post(
        "/admin/images/add/", {"title": "Bridge", "file": upload}
    )
    assert response.status_code == 302
    assert GazetteImage.objects.get().title == "Bridge"


@pytest.mark.django_db
def test_the_multiple_upload_refuses_a_truncated_picture(admin_client):
    upload = SimpleUploadedFile("truncated.png", BROKEN["truncated.png"])
    response = admin_client.post(
        "/admin/images/multiple/add/",
        {"files[]": upload},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert "damaged" in response.json()["error_message"]
    assert not GazetteImage.objects.exists()


@pytest.fixture
def broken_picture(db):
    """A picture stored before the upload check, whose file was cut off."""
    image = GazetteImage(title="Cut off", description="A picture cut in half")
    image.file = ImageFile(io.BytesIO(PNG), name="cut.png")
    image.save()
    with image.file.storage.open(image.file.name, "wb") as stored:
        stored.write(BROKEN["truncated.png"])
    return image


@pytest.mark.django_db
def test_a_broken_stored_picture_never_fails_a_reader_page(
    client, make_article, story, broken_picture
):
    article = make_article(
        "Harbour strike ends",
        story=story,
        image=broken_picture,
        body=[
            {"type": "paragraph", "value": "<p>The strike is over.</p>"},
            {"type": "image", "value": {"image": broken_picture.pk, "caption": ""}},
        ],
    )
    for url in (
        article.url,
        "/",
        "/world/",
        "/search/?q=harbour",
        f"/stories/{story.slug}/",
        "/feeds/rss/",
        "/api/v1/articles/",
        f"/api/v1/articles/{article.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    detail = client.get(f"/api/v1/articles/{article.pk}/").json()["article"]
    assert detail["image"] is None
