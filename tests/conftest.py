"""Shared fixtures: a newsroom built through the same services the admin uses."""

import datetime
import itertools

import pytest
from django.utils import timezone

from gazette.articles import services as articles
from gazette.articles.models import Author
from gazette.core.models import HomePage
from gazette.stories.models import Story

_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def _clear_cache():
    # Page and navigation caches are process-wide: never let one test see another's.
    from django.core.cache import cache

    from gazette.core import editions

    # The editions are cached per process (Django's reverse tables with
    # them); a rolled-back test removes Locales without a signal.
    cache.clear()
    editions.forget()
    yield
    cache.clear()
    editions.forget()


@pytest.fixture(autouse=True)
def _fresh_threading_engine():
    # The engine is cached per process; a rolled-back test must not leave its
    # state behind for the next one.
    from gazette.stories import services as stories

    stories.forget_engine()
    yield
    stories.forget_engine()


@pytest.fixture
def publish(make_article, django_capture_on_commit_callbacks):
    """Create and publish an article with ``text`` as its body, running what
    follows the commit (threading, related articles) as a real publish does."""

    def publish(title, text, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            article = make_article(
                title, body=[{"type": "paragraph", "value": f"<p>{text}</p>"}], **kwargs
            )
        article.refresh_from_db()
        return article

    return publish


@pytest.fixture
def client(client):
    """The test client, asking for the host the site is configured for."""
    client.defaults["HTTP_HOST"] = "localhost"
    return client


@pytest.fixture
def home(db):
    return HomePage.objects.get()


@pytest.fixture
def make_section(home):
    def make(title="World", slug=None):
        return articles.create_section(home, title=title, slug=slug or title.lower())

    return make


@pytest.fixture
def section(make_section):
    return make_section("World")


@pytest.fixture
def make_story(db):
    def make(title="Border talks", **kwargs):
        n = next(_counter)
        kwargs.setdefault("slug", f"story-{n}")
        return Story.objects.create(title=title, **kwargs)

    return make


@pytest.fixture
def story(make_story):
    return make_story("Relations hit new low after border incident")


@pytest.fixture
def picture(db):
    """A drawn picture with alt text, caption and credit, as an editor uploads it."""
    import io

    from django.core.files.images import ImageFile

    from gazette.core.models import GazetteImage
    from gazette.demo.images import draw_picture

    image = GazetteImage(
        title="Bridge over the Vell",
        description="A steel bridge over a wide river at dusk",
        caption="The Vell bridge at dusk",
        credit="Ana Lund / The Courier",
    )
    png = draw_picture("bridge", ["#1d3557", "#a8dadc"], "river")
    image.file = ImageFile(io.BytesIO(png), name="bridge.png")
    image.save()
    return image


@pytest.fixture
def author(db):
    return Author.objects.create(
        name="Mira Castell", slug="mira-castell", role="Diplomatic correspondent"
    )


BASE_TIME = datetime.datetime(2026, 10, 1, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def make_article(section):
    """Create and publish an article; ``hours`` after a fixed base time."""

    def make(
        title=None,
        *,
        in_section=None,
        story=None,
        authors=(),
        hours=0,
        publish=True,
        body=None,
        lede="A lede that sums the article up.",
        **kwargs,
    ):
        n = next(_counter)
        article = articles.create_article(
            in_section or section,
            title=title or f"Article number {n}",
            slug=f"article-{n}",
            lede=lede,
            body=body
            if body is not None
            else [{"type": "paragraph", "value": f"<p>Body text of article {n}.</p>"}],
            authors=authors,
            story=story,
            **kwargs,
        )
        if publish:
            articles.publish_article(
                article, published_at=BASE_TIME + datetime.timedelta(hours=hours)
            )
        return article

    return make


@pytest.fixture
def now():
    return timezone.now()


# --- Browser tests (Playwright driving Debian's Chromium) -------------------


@pytest.fixture
def browser_page():
    """A page in headless Chromium (tests.test_browser.CHROMIUM), closed after."""
    import os

    from playwright.sync_api import sync_playwright

    from tests.test_browser import CHROMIUM, CHROMIUM_ARGS

    # Playwright's sync API runs an event loop in this thread; the live server
    # and the ORM calls of the test are still plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser.new_page()
        browser.close()


@pytest.fixture
def site_url(live_server):
    """The live server's address, with the default site answering on it."""
    from wagtail.models import Site

    host, port = live_server.url.removeprefix("http://").split(":")
    Site.objects.filter(is_default_site=True).update(hostname=host, port=int(port))
    return live_server.url


_reader_numbers = itertools.count(1)


@pytest.fixture
def make_reader(db):
    """Return a maker of confirmed (or not) readers with a display name.

    Their usernames are internal ("reader-internal0001"), as real readers'
    are, so that a page showing one instead of the display name is caught.
    """
    from django.contrib.auth import get_user_model

    from gazette.accounts.models import Reader

    def make(name=None, *, confirmed=True):
        n = next(_reader_numbers)
        user = get_user_model().objects.create_user(
            username=f"reader-internal{n:04d}",
            email=f"reader{n}@example.org",
            password="a long reader password",
        )
        Reader.objects.create(
            user=user,
            display_name=name or f"Reader {n}",
            email_confirmed_at=timezone.now() if confirmed else None,
        )
        return user

    return make


@pytest.fixture
def moderator(db):
    """A member of the Moderators group."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from gazette.core.groups import MODERATORS

    user = get_user_model().objects.create_user(
        username="mod", email="mod@example.org", password="a long mod password"
    )
    user.groups.add(Group.objects.get(name=MODERATORS))
    return user


@pytest.fixture
def lenient_classifier(settings):
    """Hold only unmistakable scores: for tests of the discussion's flow and
    pages; the classifier's own decisions are tested in test_toxicity.py and
    test_standards.py."""
    settings.GAZETTE_MODERATION_HOLD_THRESHOLD = 0.9
    settings.GAZETTE_MODERATION_REJECT_THRESHOLD = 0.99


# --- Data loaded once for the tests that read it -----------------------------
#
# Loading the demo (three editions, ~110 pages published through Wagtail)
# takes most of a minute on CI's two cores, and the synthetic newsroom several
# seconds. Tests that only read such data, or change it inside their own test
# transaction, share one load: the data is written in a transaction opened
# before the first of them and rolled back after the last (each test's own
# `db` transaction nests inside it as a savepoint), and the collection below
# runs the tests of each shared load one after the other, whatever their
# module. Tests of loading itself on an empty database keep their own load.


class SharedLoad:
    """Data written once by ``load`` and held in an open transaction; ``value``
    is what ``load`` returned."""

    def __init__(self, blocker, load):
        self.blocker = blocker
        self.load = load
        self.atomic = None
        self.value = None

    def open(self):
        from django.db import transaction

        with self.blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            try:
                self.value = self.load()
            except BaseException:
                self.close()
                raise

    def close(self):
        from django.db import transaction

        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None


# The shared fixtures, and the load each of them holds open.
SHARED_FIXTURES = ("demo_newsroom", "synthetic_newsroom")
_held: dict[str, SharedLoad] = {}


def _hold(name, blocker, load):
    shared = _held[name] = SharedLoad(blocker, load)
    shared.open()
    return shared


def _shared_value(request, shared: SharedLoad):
    marker = request.node.get_closest_marker("django_db")
    transactional = marker and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    if transactional or {"transactional_db", "live_server"} & set(request.fixturenames):
        pytest.fail("Shared data is for tests in a transaction: load your own.")
    if shared.atomic is None:
        pytest.fail("The tests of one shared load must run one after the other.")
    return shared.value


def _load_demo():
    import io

    from django.core.management import call_command
    from django.test import override_settings

    output = io.StringIO()
    with override_settings(GAZETTE_DEMO=False):
        call_command("load_demo", stdout=output)
    return output.getvalue()


@pytest.fixture(scope="session")
def _demo_load(django_db_setup, django_db_blocker):
    shared = _hold("demo_newsroom", django_db_blocker, _load_demo)
    yield shared
    shared.close()


@pytest.fixture
def demo_newsroom(request, _demo_load, db):
    """The demo newsroom as ``gazette load_demo`` loads it outside the demo
    settings (no logins), shared (see above): change it only inside the test.
    Return what the command printed."""
    return _shared_value(request, _demo_load)


SYNTHETIC_END = datetime.datetime(2026, 10, 1, 12, 0, tzinfo=datetime.UTC)
SYNTHETIC_SIZES = {"articles": 300, "stories": 10, "sections": 4, "authors": 12}


def _load_synthetic():
    from gazette.demo import synthetic

    return synthetic.generate_newsroom(
        **SYNTHETIC_SIZES, seed=7, end=SYNTHETIC_END, batch_size=64
    )


@pytest.fixture(scope="session")
def _synthetic_load(django_db_setup, django_db_blocker):
    shared = _hold("synthetic_newsroom", django_db_blocker, _load_synthetic)
    yield shared
    shared.close()


@pytest.fixture
def synthetic_newsroom(request, _synthetic_load, db):
    """300 synthetic articles in 10 stories, generated in batches of 64, shared
    (see above). Return the generator's summary."""
    return _shared_value(request, _synthetic_load)


def _shared_name(item) -> str | None:
    names = getattr(item, "fixturenames", ()) if item is not None else ()
    return next((name for name in SHARED_FIXTURES if name in names), None)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    # After pytest-django's ordering (database tests first): the tests of each
    # shared load move next to the first of them, so that one load serves all.
    for name in SHARED_FIXTURES:
        users = [item for item in items if _shared_name(item) == name]
        if len(users) < 2:
            continue
        first = items.index(users[0])
        rest = [item for item in items if _shared_name(item) != name]
        items[:] = rest[:first] + users + rest[first:]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        # The test's own transaction is rolled back: the last test of a
        # shared load rolls the load back too.
        name = _shared_name(item)
        if name and name != _shared_name(nextitem) and name in _held:
            _held[name].close()
