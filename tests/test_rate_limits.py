"""Every rate limit answers 429 with Retry-After and a page a reader can read;
ids in requests never cause a 500; small leaks closed (issue 18, items 5 and 7)."""

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from gazette.core.http import RateLimited, count_request
from gazette.discussion import services, views
from gazette.discussion.models import Comment, CommentLike, CommentReport
from gazette.links.models import ShortLink
from tests.test_personal import page_as_seen

pytestmark = pytest.mark.usefixtures("lenient_classifier")

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def reader(make_reader):
    return make_reader("Ada Reader")


@pytest.fixture
def reader_client(reader):
    client = Client(HTTP_HOST="localhost", REMOTE_ADDR="198.51.100.70")
    client.force_login(reader)
    return client


@pytest.fixture
def article(make_article):
    return make_article("Border talks resume in Vesperland")


@pytest.fixture
def comment(article, make_reader):
    author = make_reader("Bea Writer")
    return services.post_comment(
        article=article, author=author, text="A fair point about the talks."
    )


def assert_retry_after(response, most: int) -> None:
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= most
    assert "no-store" in response["Cache-Control"]


# The helper every app uses


def test_count_request_refuses_beyond_the_limit_and_says_how_long(db):
    for _ in range(3):
        count_request("test:a", limit=3, window_seconds=60, message="Slow down.")
    with pytest.raises(RateLimited) as refusal:
        count_request("test:a", limit=3, window_seconds=60, message="Slow down.")
    assert refusal.value.message == "Slow down."
    assert 1 <= refusal.value.retry_after <= 60
    # Another key has its own budget; 0 turns the count off.
    count_request("test:b", limit=3, window_seconds=60, message="Slow down.")
    for _ in range(10):
        count_request("test:c", limit=0, window_seconds=60, message="Slow down.")


# Discussion: comments, likes, reports


def test_posting_too_fast_is_a_429_that_keeps_the_text(
    reader_client, article, settings, monkeypatch
):
    settings.GAZETTE_DISCUSSION_POSTS_PER_MINUTE = 2
    # The budget is per clock minute: a slow run must not cross into the next.
    now = timezone.now().replace(second=5)
    monkeypatch.setattr(services, "timezone", SimpleNamespace(now=lambda: now))
    url = f"/discussion/{article.pk}/post/"
    for n in range(2):
        response = reader_client.post(url, {"text": f"Distinct comment {n} here."})
        assert response.status_code == 302
    response = reader_client.post(url, {"text": "One more, too quickly sent."})
    assert_retry_after(response, 60)
    assert int(response["Retry-After"]) == 55
    text = response.content.decode()
    assert "You are posting too fast" in text
    assert "One more, too quickly sent." in text  # the form again, not bare text
    assert "<html" in text
    assert Comment.objects.filter(article=article).count() == 2


def test_other_refusals_of_a_post_stay_400(reader_client, article):
    response = reader_client.post(f"/discussion/{article.pk}/post/", {"text": "  "})
    assert response.status_code == 400
    assert "Retry-After" not in response


def test_liking_too_fast_is_a_429_page(reader_client, comment, monkeypatch):
    monkeypatch.setattr(views, "LIKES_PER_MINUTE", 3)
    url = f"/discussion/comments/{comment.pk}/like/"
    for _ in range(3):
        assert reader_client.post(url).status_code == 302
    response = reader_client.post(url)
    assert_retry_after(response, 60)
    text = response.content.decode()
    assert "You are liking too fast" in text
    assert "<h1" in text and comment.article.title in text
    # Three toggles: liked, unliked, liked; the fourth never reached the service.
    assert CommentLike.objects.filter(comment=comment).count() == 1


def test_liking_too_fast_with_htmx_leads_back_to_the_article(
    reader_client, comment, monkeypatch
):
    monkeypatch.setattr(views, "LIKES_PER_MINUTE", 1)
    url = f"/discussion/comments/{comment.pk}/like/"
    assert reader_client.post(url, HTTP_HX_REQUEST="true").status_code == 200
    response = reader_client.post(url, HTTP_HX_REQUEST="true")
    assert_retry_after(response, 60)
    assert response["HX-Redirect"].endswith("#discussion")
    page = page_as_seen(reader_client, response["HX-Redirect"].split("#")[0])
    assert "You are liking too fast" in page


def test_reporting_too_much_is_a_429_page(
    reader_client, article, make_reader, monkeypatch
):
    monkeypatch.setattr(views, "REPORTS_PER_HOUR", 2)
    author = make_reader("Cy Writer")
    comments = [
        services.post_comment(
            article=article, author=author, text=f"Comment {n} on the talks."
        )
        for n in range(3)
    ]
    for target in comments[:2]:
        response = reader_client.post(
            f"/discussion/comments/{target.pk}/report/", {"rule": "off-topic"}
        )
        assert response.status_code in (302, 400)
    response = reader_client.post(
        f"/discussion/comments/{comments[2].pk}/report/", {"rule": "off-topic"}
    )
    assert_retry_after(response, 3600)
    assert "many reports in the last hour" in response.content.decode()
    assert not CommentReport.objects.filter(comment=comments[2]).exists()


# Ids in requests: a clear answer, never a 500


@pytest.mark.parametrize(
    "parent",
    ["²", "١٢", "٣", "1" * 40, "9223372036854775808", "-1", "0", "1.5", " 1", "1e3"],
)
def test_a_parent_that_names_no_comment_is_a_clear_400(reader_client, article, parent):
    response = reader_client.post(
        f"/discussion/{article.pk}/post/", {"text": "A reply.", "parent": parent}
    )
    assert response.status_code == 400
    assert "That comment does not exist" in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", 1),
        ("9223372036854775807", 2**63 - 1),
        ("9223372036854775808", None),
        ("²", None),
        ("٣", None),
        ("", None),
        ("0", None),
        ("01", 1),
        ("1\n", None),
    ],
)
def test_parse_id(value, expected):
    assert views.parse_id(value) == expected


HUGE = "9" * 40


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", f"/discussion/{HUGE}/comments/"),
        ("post", f"/discussion/{HUGE}/post/"),
        ("get", f"/discussion/comments/{HUGE}/edit/"),
        ("get", f"/discussion/comments/{HUGE}/delete/"),
        ("post", f"/discussion/comments/{HUGE}/like/"),
        ("get", f"/discussion/comments/{HUGE}/report/"),
        ("get", f"/discussion/readers/{HUGE}/"),
    ],
)
def test_huge_ids_in_discussion_addresses_are_404(reader_client, method, path):
    response = getattr(reader_client, method)(path)
    assert response.status_code == 404


# Short links: every unknown code gets the links app's own 404


@pytest.mark.parametrize(
    "suffix", ["%0A", "%0D%0A", "%0Adef", "%0A%0A", "%09b", "%0B", "%0C", "%E2%80%A8"]
)
def test_codes_with_line_breaks_get_the_short_links_404(client, make_article, suffix):
    """``/s/abc%0A`` once fell to the generic 404, without X-Robots-Tag."""
    article = make_article()
    real = ShortLink.objects.generated().get(page=article).code
    for path in (f"/s/{real}{suffix}", f"/s/{suffix}", f"/s/abc{suffix}"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response["X-Robots-Tag"] == "noindex, nofollow", path
        assert "Short link not found" in response.content.decode()
        assert "Location" not in response


# Gunicorn does not name itself


def test_gunicorn_sends_no_server_header():
    """Load deploy/gunicorn.conf.py as gunicorn does, then build a response."""
    script = f"""
import runpy
from types import SimpleNamespace
from gunicorn.http import wsgi
runpy.run_path({str(ROOT / "deploy" / "gunicorn.conf.py")!r})
req = SimpleNamespace(
    version=(1, 1), headers=[], method="GET", should_close=lambda: False
)
cfg = SimpleNamespace()
resp = wsgi.create.__globals__["Response"](req, None, cfg)
resp.status = "200 OK"
resp.status_code = 200
resp.chunked = False
resp.must_close = False
print("".join(resp.default_headers()))
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    headers = result.stdout.lower()
    assert headers.startswith("http/1.1 200 ok")
    assert "date:" in headers
    assert "server:" not in headers
    assert "gunicorn" not in headers


def test_without_the_config_gunicorn_would_name_itself():
    """The check above can fail: gunicorn's own response says who it is."""
    from types import SimpleNamespace

    from gunicorn.http import wsgi

    own = next(c for c in wsgi.Response.__mro__ if c.__module__ == wsgi.__name__)
    req = SimpleNamespace(
        version=(1, 1), headers=[], method="GET", should_close=lambda: False
    )
    resp = own(req, None, SimpleNamespace())
    resp.status = "200 OK"
    resp.status_code = 200
    assert "Server: gunicorn" in "".join(resp.default_headers())
