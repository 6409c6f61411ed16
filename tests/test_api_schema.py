"""Schemathesis against the API's own OpenAPI schema: no 500, answers as documented.

Bounded: a few dozen generated requests per operation, with a small newsroom
behind them, so that the run stays quick.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from gazette.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def newsroom(make_article, make_section, story, author, picture):
    """A few articles to find: in a story, with a byline and a lead picture."""
    make_article("Harbour strike ends", story=story, authors=[author], image=picture)
    make_article("Talks resume at the border", story=story, hours=2)
    make_article("Markets calm", in_section=make_section("Business"), hours=4)


@pytest.fixture
def wsgi_in_test_transaction():
    # As Django's test client does: the WSGI handler must not close the
    # connection that holds the test's transaction at the end of a request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_api_answers_as_its_schema_says(case, newsroom, wsgi_in_test_transaction):
    # The test client hands back bodies as sent: ask for them uncompressed.
    case.call_and_validate(headers={"Host": "localhost", "Accept-Encoding": "identity"})
