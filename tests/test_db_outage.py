"""A database outage: readers get a 503 page, the API a JSON 503, and the site
recovers by itself when the database is back.

Most tests make every query fail as an unreachable server does
(``OperationalError`` on connecting), on any backend. The last one, on
PostgreSQL only, points the app at a closed port and terminates its
connection for real, through the WSGI application as gunicorn calls it.
"""

import socket
from wsgiref.util import setup_testing_defaults

import pytest
from django.db import OperationalError, connection

from gazette.core.middleware import OUTAGE_RETRY_AFTER, service_unavailable


class Outage:
    """Make every query fail as with the database server gone, until ``end()``."""

    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch

    def start(self) -> None:
        def refuse(*args, **kwargs):
            raise OperationalError(
                'connection to server at "127.0.0.1", port 5432 failed: '
                "Connection refused"
            )

        self.monkeypatch.setattr(connection, "ensure_connection", refuse)

    def end(self) -> None:
        self.monkeypatch.undo()


@pytest.fixture
def outage(monkeypatch):
    return Outage(monkeypatch)


@pytest.fixture
def article(make_article, story):
    return make_article("Harbour strike ends", story=story)


def test_the_503_page_renders_without_a_database(django_db_blocker):
    with django_db_blocker.block():
        response = service_unavailable()
    assert response.status_code == 503
    assert response["Retry-After"] == str(OUTAGE_RETRY_AFTER)
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    # The site's design: its stylesheet and the error page's components.
    assert "gazette/gazette.css" in html
    assert 'class="error-page__title">Back in a moment<' in html
    assert 'href="/"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/", "/world/", "/stories/", "/authors/", "/search/?q=strike"]
)
def test_reader_pages_answer_503_while_the_database_is_down(
    client, article, outage, url
):
    outage.start()
    response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == str(OUTAGE_RETRY_AFTER)
    assert "Back in a moment" in response.content.decode()
    assert "X-Gazette-Cache" not in response


@pytest.mark.django_db
def test_the_article_page_too(client, article, outage):
    url = article.url
    outage.start()
    response = client.get(url)
    assert response.status_code == 503


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/api/v1/articles/", "/api/v1/articles/1/", "/api/v1/stories/"]
)
def test_the_api_answers_a_json_503(client, article, outage, url):
    outage.start()
    response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == str(OUTAGE_RETRY_AFTER)
    assert response["Cache-Control"] == "no-store"
    error = response.json()["error"]
    assert error["status"] == 503
    assert "unreachable" in error["message"]


@pytest.mark.django_db
def test_cached_pages_are_still_served_while_the_database_is_down(
    client, article, outage, settings
):
    settings.GAZETTE_PAGE_CACHE_SECONDS = 60
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/articles/").status_code == 200
    outage.start()
    front = client.get("/")
    assert front.status_code == 200
    assert front["X-Gazette-Cache"] == "hit"
    assert "Harbour strike ends" in front.content.decode()
    assert client.get("/api/v1/articles/").status_code == 200
    # What the cache does not hold needs the database.
    assert client.get("/world/").status_code == 503


@pytest.mark.django_db
def test_the_site_recovers_when_the_database_is_back(client, article, outage):
    url = article.url
    outage.start()
    assert client.get(url).status_code == 503
    outage.end()
    response = client.get(url)
    assert response.status_code == 200
    assert "Harbour strike ends" in response.content.decode()


@pytest.mark.django_db
def test_a_database_lost_in_middleware_is_a_503_too(client, outage):
    """A view that needs no database answers 404; Wagtail's redirect middleware
    then looks for a redirect in the database: Django's handler500 sees it."""
    client.raise_request_exception = False
    outage.start()
    response = client.get("/api/nothing-here/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(OUTAGE_RETRY_AFTER)
    assert "Back in a moment" in response.content.decode()


@pytest.mark.django_db
def test_other_errors_are_not_outages(client, monkeypatch):
    """A bug stays a 500: only a lost database is a 503."""
    from gazette.search import views

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(views, "render", broken)
    client.raise_request_exception = False
    assert client.get("/search/").status_code == 500


# --- PostgreSQL, for real -----------------------------------------------------


def wsgi_get(path: str) -> tuple[int, dict[str, str], bytes]:
    """GET ``path`` through the WSGI application, as gunicorn would.

    Unlike Django's test client, this runs the request signals that close
    unusable connections and check kept ones (``CONN_HEALTH_CHECKS``).
    """
    from gazette.wsgi import application

    environ: dict = {}
    setup_testing_defaults(environ)
    route, _, query = path.partition("?")
    environ.update(
        PATH_INFO=route,
        QUERY_STRING=query,
        HTTP_HOST="localhost",
        SERVER_NAME="localhost",
    )
    started: dict = {}

    def start_response(status, headers, exc_info=None):
        started["status"] = int(status.split()[0])
        started["headers"] = dict(headers)

    result = application(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        result.close()
    return started["status"], started["headers"], body


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.skipif(
    "postgres" not in __import__("os").environ.get("GAZETTE_TEST_DB", ""),
    reason="terminates real PostgreSQL connections",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_postgresql_outage_and_recovery_without_a_restart(article, settings):
    settings.GAZETTE_PAGE_CACHE_SECONDS = 0
    kept = {"CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True}
    saved = {key: connection.settings_dict.get(key) for key in (*kept, "PORT")}
    connection.settings_dict.update(kept)
    try:
        assert wsgi_get(article.url)[0] == 200
        # The connection is kept between requests; the server ends it (a
        # restart, a failover, an administrator).
        pid = connection.connection.info.backend_pid
        import psycopg

        db = connection.settings_dict
        with psycopg.connect(
            dbname=db["NAME"],
            user=db["USER"],
            host=db["HOST"],
            port=db["PORT"],
            autocommit=True,
        ) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        # The health check finds the dead connection and opens a new one.
        assert wsgi_get(article.url)[0] == 200
        assert connection.connection.info.backend_pid != pid

        # Now the server is gone altogether.
        connection.close()
        connection.settings_dict["PORT"] = str(closed_port())
        status, headers, body = wsgi_get(article.url)
        assert status == 503
        assert headers["Retry-After"] == str(OUTAGE_RETRY_AFTER)
        assert b"Back in a moment" in body
        status, headers, body = wsgi_get("/api/v1/articles/")
        assert status == 503
        assert b'"status": 503' in body or b'"status":503' in body

        # Back: the next request connects again, without a restart.
        connection.settings_dict["PORT"] = saved["PORT"]
        status, _, body = wsgi_get(article.url)
        assert status == 200
        assert b"Harbour strike ends" in body
        assert wsgi_get("/api/v1/articles/")[0] == 200
    finally:
        connection.settings_dict.update(saved)
        connection.close()
