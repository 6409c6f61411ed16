"""Short links: codes, the redirect, the allowlist, visit counting, QR and admin."""

import datetime
import os
import re
import subprocess
import sys
import textwrap
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import override_settings
from django.utils import timezone

from gazette.articles import services as articles
from gazette.core.groups import EDITORS
from gazette.links import charts, codes, services, targets
from gazette.links.models import AllowedHost, LinkVisitDay, ShortLink
from gazette.links.visits import VisitBuffer

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/140 Safari/537.36"


@pytest.fixture(autouse=True)
def _no_flusher_thread(settings):
    # A flusher thread would write on its own connection, which an in-memory
    # test database does not share; tests flush explicitly instead.
    settings.GAZETTE_LINK_FLUSH_SECONDS = 0
    services.BUFFER.drain()
    yield
    services.BUFFER.drain()


def follow(client, code, **headers):
    headers.setdefault("HTTP_USER_AGENT", BROWSER)
    return client.get(f"/s/{code}", **headers)


def code_of(page) -> str:
    return ShortLink.objects.generated().get(page=page).code


# Codes (pure: no database)


def test_codes_use_the_unambiguous_lower_case_alphabet():
    assert not set("0O1lIi") & set(codes.ALPHABET)
    assert "".join(sorted(set(codes.ALPHABET))) == codes.ALPHABET
    for length in (5, 6, 7):
        code = codes.generate_code(length)
        assert len(code) == length and set(code) <= set(codes.ALPHABET)


def test_twenty_thousand_codes_never_collide_and_cover_the_alphabet():
    taken: set[str] = set()
    for _ in range(20_000):
        taken.add(codes.unique_code(taken.__contains__))
    assert len(taken) == 20_000
    assert {len(code) for code in taken} == {6}
    assert set("".join(taken)) == set(codes.ALPHABET)


def test_raw_draws_collide_no_more_than_the_birthday_bound():
    """31**6 codes: 20,000 draws collide 0.23 times on average; retries absorb it."""
    drawn = [codes.generate_code(6) for _ in range(20_000)]
    assert len(drawn) - len(set(drawn)) <= 4


def test_codes_are_not_sequential():
    """Consecutive codes share no more characters than chance allows."""
    drawn = [codes.generate_code(6) for _ in range(2_000)]
    same_position = sum(
        a == b
        for x, y in zip(drawn, drawn[1:], strict=False)
        for a, b in zip(x, y, strict=False)
    )
    expected = 6 * (len(drawn) - 1) / len(codes.ALPHABET)
    assert same_position < 2 * expected
    assert drawn != sorted(drawn)


def test_a_collision_draws_again_and_a_crowded_length_grows():
    taken = {"aaaaaa"}
    drawn = iter(["aaaaaa", "bbbbbb"])
    assert codes.unique_code(taken.__contains__, generate=lambda n: next(drawn)) == (
        "bbbbbb"
    )
    sizes = []

    def generate(size):
        sizes.append(size)
        return "x" * size

    code = codes.unique_code({"xxxxxx"}.__contains__, generate=generate)
    assert code == "xxxxxxx"
    assert sizes == [6] * codes.ATTEMPTS_PER_LENGTH + [7]
    with pytest.raises(codes.CodeSpaceExhausted):
        codes.unique_code(lambda code: True)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("abc234", "abc234"),
        ("ABC234", "abc234"),
        ("my-alias", "my-alias"),
        ("", None),
        ("a" * 41, None),
        ("//evil.com", None),
        ("javascript:alert(1)", None),
        ("http://evil.com", None),
        ("%2F%2Fevil.com", None),
        ("café", None),
        ("\u212aab", None),  # KELVIN SIGN lower-cases to an ASCII k
        ("abc\x00", None),
        ("abc def", None),
        ("abc/def", None),
    ],
)
def test_what_a_request_may_ask_for(raw, expected):
    assert codes.normalize_code(raw) == expected


@pytest.mark.parametrize(
    ("alias", "valid"),
    [
        ("budget", True),
        ("budget-2026", True),
        ("ab", False),
        ("-budget", False),
        ("budget-", False),
        ("Budget", False),
        ("bud get", False),
        ("b" * 41, False),
    ],
)
def test_aliases_look_like_slugs(alias, valid):
    assert codes.is_valid_alias(alias) is valid


# Targets (pure)

HOSTILE_URLS = [
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "//evil.com",
    "http://evil.com",
    "https://evil.com/radio.example.org",
    "https://radio.example.org@evil.com/",
    "https://radio.example.org.evil.com/",
    "https://evil.com\\@radio.example.org/",
    "https:/\\evil.com",
    "https://radio.example.org /",
    "https://radio.example.org\n.evil.com/",
    "https://rädio.example.org/",
    "ftp://radio.example.org/",
    "https://radio.example.org:99999/",
    "radio.example.org/live",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_hostile_external_targets_are_refused(url):
    with pytest.raises(targets.TargetRefused):
        targets.check_external_url(url, {"radio.example.org"})


@pytest.mark.parametrize(
    "url", ["https://radio.example.org/live", "http://radio.example.org:8000/a?b=c"]
)
def test_addresses_on_allowed_hosts_pass(url):
    assert targets.check_external_url(url, {"radio.example.org"}) == url


@pytest.mark.parametrize(
    ("path", "safe"),
    [
        ("/stories/border-talks/", True),
        ("/search/?q=a%2Fb", True),
        ("//evil.com", False),
        ("/\\evil.com", False),
        ("/\tevil", False),
        ("evil.com", False),
        ("http://evil.com", False),
        ("javascript:alert(1)", False),
        ("", False),
    ],
)
def test_internal_paths(path, safe):
    if safe:
        assert targets.check_path(path) == path
    else:
        with pytest.raises(targets.TargetRefused):
            targets.check_path(path)
    assert targets.is_safe_location(path, {"localhost"}, ()) is safe


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("Radio.Example.org", "radio.example.org"),
        ("rädio.example.org", "xn--rdio-loa.example.org"),
        (" radio.example.org. ", "radio.example.org"),
    ],
)
def test_allowed_hosts_are_normalised(host, expected):
    assert targets.normalize_host(host) == expected


@pytest.mark.parametrize(
    "host", ["https://radio.example.org", "radio.example.org/live", "a b", ""]
)
def test_allowed_hosts_are_host_names_only(host):
    with pytest.raises(targets.TargetRefused):
        targets.normalize_host(host)


# Codes at publication


def test_an_article_gets_a_code_when_published_and_keeps_it(make_article):
    draft = make_article(publish=False)
    assert not ShortLink.objects.filter(page=draft).exists()
    articles.publish_article(draft)
    code = code_of(draft)
    assert len(code) == 6 and set(code) <= set(codes.ALPHABET)
    draft.title = "A new headline"
    draft.save_revision()
    articles.publish_article(draft)
    assert code_of(draft) == code
    assert services.shorten(draft).code == code
    assert ShortLink.objects.filter(page=draft).count() == 1


def test_codes_are_not_walkable(make_article):
    """Successive articles get unrelated codes: no counting up, no shared stem."""
    made = [code_of(make_article()) for _ in range(8)]
    assert len(set(made)) == 8
    # 8 random codes come out sorted once in 40,320 runs; a counter always does.
    assert made != sorted(made)
    assert len({code[:-1] for code in made}) == 8


def test_backfill_shortens_only_articles_without_a_code(make_article):
    first, second = make_article(), make_article()
    ShortLink.objects.filter(page=second).delete()
    assert services.shorten_live_articles() == 1
    assert ShortLink.objects.filter(page=second).exists()
    assert services.shorten_live_articles() == 0
    assert code_of(first)


# The redirect


def test_a_code_redirects_permanently_to_the_article(client, make_article):
    article = make_article()
    response = follow(client, code_of(article))
    assert response.status_code == 301
    assert response["Location"] == article.get_full_url()
    assert response["Location"].startswith("http://localhost/")
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "private" in response["Cache-Control"]


def test_codes_are_read_case_insensitively(client, make_article):
    article = make_article()
    assert follow(client, code_of(article).upper())["Location"] == (
        article.get_full_url()
    )


def test_an_unknown_code_gets_a_clear_404_page(client, db):
    response = follow(client, "zzzzzz")
    assert response.status_code == 404
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "Short link not found" in response.content.decode()


def test_a_withdrawn_article_answers_410(client, make_article):
    article = make_article()
    code = code_of(article)
    assert follow(client, code).status_code == 301
    articles.unpublish_article(article)
    response = follow(client, code)
    assert response.status_code == 410
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "No longer available" in response.content.decode()


def test_a_deleted_article_answers_410(client, make_article):
    article = make_article()
    code = code_of(article)
    article.delete()
    assert follow(client, code).status_code == 410


def test_a_slug_change_is_followed_at_once(client, make_article):
    article = make_article()
    code = code_of(article)
    assert follow(client, code)["Location"].endswith(f"/{article.slug}/")
    article.slug = "renamed-article"
    article.save_revision()
    articles.publish_article(article)
    assert follow(client, code)["Location"] == "http://localhost/world/renamed-article/"


def test_a_move_to_another_section_is_followed(client, make_article, make_section):
    article = make_article()
    code = code_of(article)
    follow(client, code)  # cache the answer
    politics = make_section("Politics")
    article.move(politics, pos="last-child")
    assert follow(client, code)["Location"] == (
        f"http://localhost/politics/{article.slug}/"
    )


HOSTILE_CODES = [
    "//evil.com",
    "/evil.com",
    "%2F%2Fevil.com",
    "%2f%2fevil.com",
    "javascript:alert(1)",
    "http://evil.com",
    "http:%2F%2Fevil.com",
    "..%2F..%2Fadmin",
    "%5Cevil.com",
    "a" * 100,
    "caf%C3%A9",
    "%E2%84%AAab",
    "%00",
    "",
    "abc?next=//evil.com",
]


@pytest.mark.parametrize("code", HOSTILE_CODES)
def test_hostile_codes_never_redirect(client, make_article, code):
    make_article()
    response = client.get(f"/s/{code}", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 404
    assert "Location" not in response
    assert response["X-Robots-Tag"] == "noindex, nofollow"


# Aliases, paths and external addresses


def test_editors_add_aliases_to_any_page(client, make_article, home):
    article = make_article()
    alias = services.add_link(code="Budget-2026", page=article)
    assert alias.code == "budget-2026" and alias.is_alias
    assert follow(client, "budget-2026")["Location"] == article.get_full_url()
    assert code_of(article) != "budget-2026"  # the generated code stays
    home_link = services.add_link(page=home)
    assert home_link.is_alias is False
    assert follow(client, home_link.code)["Location"] == "http://localhost/"
    with pytest.raises(ValueError, match="taken"):
        services.add_link(code="budget-2026", page=home)
    with pytest.raises(ValueError, match="cannot be a short code"):
        services.add_link(code="no way", page=home)


def test_a_link_to_a_path_on_the_site(client, db):
    link = services.add_link(code="stories", path="/stories/")
    assert follow(client, link.code)["Location"] == "/stories/"


@pytest.mark.parametrize("path", ["//evil.com", "/\\evil.com", "http://evil.com"])
def test_paths_that_leave_the_site_are_refused(db, path):
    with pytest.raises(targets.TargetRefused):
        services.add_link(code="evil", path=path)


def test_external_targets_only_on_the_allowlist(client, db):
    with pytest.raises(targets.TargetRefused, match="allowlist"):
        services.add_link(code="radio", url="https://radio.example.org/live")
    AllowedHost.objects.create(host="radio.example.org")
    services.add_link(code="radio", url="https://radio.example.org/live")
    assert follow(client, "radio")["Location"] == "https://radio.example.org/live"
    AllowedHost.objects.filter(host="radio.example.org").delete()
    assert follow(client, "radio").status_code == 410


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_hostile_external_targets_cannot_be_stored(db, url):
    AllowedHost.objects.create(host="radio.example.org")
    with pytest.raises(targets.TargetRefused):
        services.add_link(code="radio", url=url)


def test_a_link_smuggled_past_the_service_still_never_redirects_off_site(client, db):
    """A row written around the service (say, by hand in SQL) is checked again."""
    ShortLink.objects.create(code="smuggled", url="https://evil.com/", is_alias=True)
    ShortLink.objects.create(code="smuggled2", path="//evil.com", is_alias=True)
    for code in ("smuggled", "smuggled2"):
        response = follow(client, code)
        assert response.status_code == 410 and "Location" not in response


def test_a_link_has_exactly_one_target(db, home):
    with pytest.raises(targets.TargetRefused, match="one target"):
        services.add_link(code="both", page=home, path="/stories/")
    with pytest.raises(targets.TargetRefused, match="one target"):
        services.add_link(code="none")


@override_settings(
    GAZETTE_SHORT_HOST="gzt.test",
    ALLOWED_HOSTS=["localhost", "gzt.test"],
    WAGTAILADMIN_BASE_URL="https://news.example.org",
)
def test_the_short_host_answers_codes_and_nothing_else(client, make_article, settings):
    settings.MIDDLEWARE = [
        "gazette.links.middleware.ShortHostMiddleware",
        *settings.MIDDLEWARE,
    ]
    article = make_article()
    code = code_of(article)
    response = client.get(f"/{code}", HTTP_HOST="gzt.test", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 301
    assert response["Location"] == article.get_full_url()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    services.add_link(code="stories", path="/stories/")
    response = client.get("/stories", HTTP_HOST="gzt.test")
    assert response["Location"] == "https://news.example.org/stories/"
    for path in ["/", "/admin/", "/world/", "/%2F%2Fevil.com"]:
        response = client.get(path, HTTP_HOST="gzt.test")
        assert response.status_code == 404, path
    assert client.get(article.url).status_code == 200  # the site is untouched
    assert services.short_url(code) == f"https://gzt.test/{code}"


@pytest.mark.django_db  # the editions decide the URL's prefix
def test_short_urls_follow_the_settings(settings, rf):
    request = rf.get("/", HTTP_HOST="localhost")
    assert services.short_url("abcdef", request) == "http://localhost/s/abcdef"
    settings.GAZETTE_SHORT_URL_BASE = "https://gzt.example/"
    assert services.short_url("abcdef", request) == "https://gzt.example/abcdef"


# Counting visits


@pytest.mark.parametrize(
    ("user_agent", "counted"),
    [
        (BROWSER, True),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1", True),
        (
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            False,
        ),
        ("Mozilla/5.0 (compatible; bingbot/2.0)", False),
        ("facebookexternalhit/1.1", False),
        ("Slackbot-LinkExpanding 1.0", False),
        ("WhatsApp/2.23.20.0", False),
        ("Twitterbot/1.0", False),
        ("curl/8.5.0", False),
        ("Wget/1.21", False),
        ("python-requests/2.32", False),
        ("Mozilla/5.0 HeadlessChrome/140", False),
        ("AhrefsBot/7.0", False),
        ("", False),
    ],
)
def test_robots_are_not_counted(client, make_article, user_agent, counted):
    code = code_of(make_article())
    follow(client, code, HTTP_USER_AGENT=user_agent)
    assert services.BUFFER.pending() == int(counted)


def test_head_requests_and_failed_codes_are_not_counted(client, make_article):
    article = make_article()
    client.head(f"/s/{code_of(article)}", HTTP_USER_AGENT=BROWSER)
    follow(client, "zzzzzz")
    articles.unpublish_article(article)
    follow(client, code_of(article))
    assert services.BUFFER.pending() == 0


def test_visits_are_written_in_batches_that_add_up(client, make_article):
    first, second = make_article(), make_article()
    for _ in range(3):
        follow(client, code_of(first))
    follow(client, code_of(second))
    assert not LinkVisitDay.objects.exists()  # nothing written during redirects
    assert services.flush_visits() == 4
    for _ in range(2):
        follow(client, code_of(first))
    assert services.flush_visits() == 2
    assert services.flush_visits() == 0
    today = timezone.now().date()
    rows = {
        (row.link.page_id, row.day): row.count
        for row in LinkVisitDay.objects.select_related("link")
    }
    assert rows == {(first.pk, today): 5, (second.pk, today): 1}


def test_no_visit_is_recorded_with_anything_about_the_reader(client, make_article):
    code = code_of(make_article())
    response = follow(client, code, REMOTE_ADDR="203.0.113.9")
    services.flush_visits()
    assert not response.cookies
    assert [f.name for f in LinkVisitDay._meta.get_fields()] == [
        "id",
        "link",
        "day",
        "count",
    ]


def test_counts_survive_a_failed_write(client, make_article, monkeypatch):
    code = code_of(make_article())
    follow(client, code)

    def broken(counts):
        raise RuntimeError("database away")

    with pytest.raises(RuntimeError):
        services.BUFFER.flush(broken)
    assert services.BUFFER.pending() == 1
    assert services.flush_visits() == 1


def test_visits_of_a_link_deleted_before_the_flush_are_dropped(client, make_article):
    article = make_article()
    follow(client, code_of(article))
    ShortLink.objects.filter(page=article).delete()
    assert services.flush_visits() == 1
    assert not LinkVisitDay.objects.exists()


def test_the_flusher_thread_writes_on_its_own():
    buffer, written = VisitBuffer(), Counter()
    day = datetime.date(2026, 11, 1)
    buffer.add(7, day, 3)
    buffer.start_flusher(written.update, interval=0.02)
    for _ in range(200):
        if written:
            break
        import time

        time.sleep(0.01)
    buffer.stop_flusher()
    assert written == Counter({(7, day): 3})
    assert buffer.pending() == 0


def test_pending_visits_are_written_when_the_process_exits_normally(tmp_path):
    """What a gunicorn worker does on a normal stop: the atexit hook flushes."""
    out = tmp_path / "written.txt"
    script = textwrap.dedent(
        f"""
        import datetime, sys
        from gazette.links.visits import VisitBuffer

        def write(counts):
            with open({str(out)!r}, "w") as f:
                f.write(repr(sorted(counts.items())))

        buffer = VisitBuffer()
        buffer.register_at_exit(write)
        buffer.start_flusher(write, interval=3600)
        for _ in range(5):
            buffer.add(1, datetime.date(2026, 11, 1))
        sys.exit(0)
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=30)
    assert out.read_text() == "[((1, datetime.date(2026, 11, 1)), 5)]"


# The article page: "Get short URL"


def test_the_article_page_offers_the_short_url(client, make_article):
    article = make_article()
    code = code_of(article)
    html = client.get(article.url).content.decode()
    assert "<summary>Get short URL</summary>" in html
    field = re.search(r'<input id="short-url-[^"]*"[^>]*>', html).group(0)
    assert f'value="http://localhost/s/{code}"' in field and "readonly" in field
    assert "data-copy-short-url" in html and "links/short-url.js" in html
    assert 'aria-live="polite"' in html
    assert '<svg width="' in html


def qr_matrix_from_svg(svg: str) -> list[list[bool]]:
    """Read segno's SVG path (runs of dark modules) back into a module grid."""
    size = int(re.search(r'width="(\d+)"', svg).group(1))
    scale = float(re.search(r"scale\(([\d.]+)\)", svg).group(1))
    n = int(size / scale)
    grid = [[False] * n for _ in range(n)]
    x = y = 0.0
    path = re.search(r' d="([^"]+)"', svg).group(1)
    for command, args in re.findall(r"([Mmh])([-\d. ]+)", path):
        numbers = [float(v) for v in args.split()]
        if command == "M":
            x, y = numbers
        elif command == "m":
            x, y = x + numbers[0], y + numbers[1]
        else:
            for col in range(int(x), int(x + numbers[0])):
                grid[int(y)][col] = True
            x += numbers[0]
    return grid


def test_the_qr_code_on_the_page_reads_as_the_short_url(client, make_article):
    import segno

    article = make_article()
    url = f"http://localhost/s/{code_of(article)}"
    html = client.get(article.url).content.decode()
    svg = re.search(r'<svg width="\d+"[^>]*class="short-url__qr".*?</svg>', html, re.S)
    assert svg is not None
    grid = qr_matrix_from_svg(svg.group(0))
    expected = segno.make(url, error="m", micro=False)
    assert grid == [
        [bool(v) for v in row] for row in expected.matrix_iter(scale=1, border=2)
    ]
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    image = Image.new("L", (len(grid) * 4, len(grid) * 4), 255)
    for y, row in enumerate(grid):
        for x, dark in enumerate(row):
            if dark:
                image.paste(0, (x * 4, y * 4, x * 4 + 4, y * 4 + 4))
    assert [result.text for result in zxingcpp.read_barcodes(image)] == [url]


def test_an_article_without_a_code_shows_no_control(client, make_article):
    article = make_article()
    ShortLink.objects.filter(page=article).delete()
    assert "Get short URL" not in client.get(article.url).content.decode()


# Admin


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user("ed", "ed@example.invalid", "pw")
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


def test_editors_may_manage_short_links(editor):
    for perm in [
        "add_shortlink",
        "change_shortlink",
        "view_shortlink",
        "add_allowedhost",
    ]:
        assert editor.has_perm(f"links.{perm}")


def test_the_admin_pages_render_for_an_editor(client, editor, make_article):
    article = make_article()
    link = ShortLink.objects.get(page=article)
    LinkVisitDay.objects.create(link=link, day=timezone.now().date(), count=12)
    client.force_login(editor)
    pages = {
        "/admin/snippets/links/shortlink/": link.code,
        "/admin/snippets/links/shortlink/add/": "Leave empty to draw",
        f"/admin/snippets/links/shortlink/edit/{link.pk}/": link.code,
        "/admin/snippets/links/allowedhost/": "Allowed hosts",
        "/admin/links/visits/": link.code,
        f"/admin/links/visits/{link.pk}/": "12 visits",
    }
    for url, text in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url
    report = client.get("/admin/links/visits/").content.decode()
    assert "<rect" in report and "Top links of the week" in report


def test_an_editor_adds_an_alias_in_the_admin(client, editor, make_article):
    article = make_article()
    client.force_login(editor)
    response = client.post(
        "/admin/snippets/links/shortlink/add/",
        {"code": "Elections", "page": article.pk, "path": "", "url": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    alias = ShortLink.objects.get(code="elections")
    assert alias.is_alias and alias.page_id == article.pk
    refused = client.post(
        "/admin/snippets/links/shortlink/add/",
        {"code": "", "page": "", "path": "//evil.com", "url": ""},
    )
    assert refused.status_code == 200
    assert "not a path on this site" in refused.content.decode()


def test_the_report_ranks_the_weeks_top_links(make_article):
    today = timezone.now().date()
    old, busy, quiet = (ShortLink.objects.get(page=make_article()) for _ in range(3))
    LinkVisitDay.objects.create(
        link=old, day=today - datetime.timedelta(days=9), count=99
    )
    LinkVisitDay.objects.create(link=busy, day=today, count=5)
    LinkVisitDay.objects.create(
        link=busy, day=today - datetime.timedelta(days=6), count=5
    )
    LinkVisitDay.objects.create(link=quiet, day=today, count=2)
    top = ShortLink.objects.top_since(today - datetime.timedelta(days=6))
    assert [(link.pk, link.visits) for link in top] == [(busy.pk, 10), (quiet.pk, 2)]


def test_charts_scale_to_the_busiest_day():
    day = datetime.date(2026, 11, 1)
    chart = charts.bar_chart([(day, 0), (day, 5), (day, 10)], width=30, height=20)
    assert [bar.height for bar in chart.bars] == [1.0, 10.0, 20.0]
    assert [bar.x for bar in chart.bars] == [0, 10, 20]
    assert chart.total == 15 and chart.peak == 10


@pytest.mark.skipif(
    not os.environ.get("GAZETTE_TEST_DB"),
    reason="needs PostgreSQL: SQLite in memory cannot be shared by threads",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_flusher_thread_recovers_from_a_lost_database_connection(make_article):
    """A worker's flusher thread lives for days, outside any request, so
    Django never checks its connection: after a database restart every flush
    would fail until the worker restarts, and the counts would pile up."""
    import threading

    from django.db import connection, connections

    link = ShortLink.objects.generated().get(page=make_article())
    day = datetime.date(2026, 11, 1)
    outcome = []

    def flusher():
        try:
            for _ in range(2):
                ShortLink.objects.count()  # the thread's own connection
                connection.connection.close()  # the database restarted meanwhile
                services.write_visits_in_background({(link.pk, day): 2})
            outcome.append(connection.connection is None)
        except Exception as error:
            outcome.append(repr(error))
        finally:
            connections.close_all()

    thread = threading.Thread(target=flusher)
    thread.start()
    thread.join(30)
    # Written both times, and no connection left open between two flushes
    # (CONN_MAX_AGE is 0 in the tests).
    assert outcome == [True]
    assert LinkVisitDay.objects.get(link=link, day=day).count == 4
