"""Schemathesis against the API's own OpenAPI schema: no 500, answers as documented.

Bounded: a few dozen generated requests per operation, with a small newsroom
behind them, so that the run stays quick. The checks are named rather than
left to the default: no server error, only declared statuses, and bodies,
headers and content types as the schema says.
"""

import json

import pytest
import schemathesis
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gazette.api.endpoints import api
from gazette.wsgi import application

# The schema the endpoint serves, built by the API itself rather than asked of
# the WSGI app at import: a request now reads the site's editions (issue 19)
# from the database, which tests may not touch before they run (so does
# reversing an address: the API's prefix is given).
# (``test_every_operation_declares_every_error_it_can_answer`` reads the
# endpoint itself.)
schema = schemathesis.openapi.from_dict(
    json.loads(
        json.dumps(
            api.get_openapi_schema(path_prefix="/api/v1/"), cls=DjangoJSONEncoder
        )
    )
)
schema.app = application
schema.location = "/api/v1/openapi.json"


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
    case.call_and_validate(
        headers={"Host": "localhost", "Accept-Encoding": "identity"},
        checks=CHECKS,
    )


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


@pytest.mark.django_db
def test_every_operation_declares_every_error_it_can_answer(client):
    """400 (bad parameter, NUL), 404, 414 (over-long address, from the server in
    front) and 503 (database unreachable, with Retry-After), each explained."""
    spec = client.get("/api/v1/openapi.json").json()
    operations = [op for path in spec["paths"].values() for op in path.values()]
    assert len(operations) == 8
    for operation in operations:
        responses = operation["responses"]
        assert {"200", "400", "404", "414", "503"} <= set(responses)
        assert "NUL" in responses["400"]["description"]
        assert "URI too long" in responses["414"]["description"]
        assert "Retry-After" in responses["503"]["headers"]
        for status in ("400", "404", "503"):
            schema = responses[status]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/Error"}
