"""The API's browsable docs in Debian's headless Chromium: they work offline."""

import pytest

from .test_browser import NEEDS_CHROMIUM

pytestmark = [
    pytest.mark.browser,
    NEEDS_CHROMIUM,
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_docs_list_every_endpoint_and_try_one_with_nothing_from_outside(
    live_server,
    browser_page,  # noqa: F811
):
    asked: list[str] = []
    browser_page.on("request", lambda request: asked.append(request.url))
    browser_page.goto(f"{live_server.url}/api/v1/docs/")
    browser_page.wait_for_selector(".swagger-ui .opblock-summary", timeout=20_000)
    text = browser_page.inner_text(".swagger-ui")
    for summary in ("List articles", "Get an article with its body", "List stories"):
        assert summary in text
    assert "/api/v1/authors/{author_id}/" in text

    # Try the article list from the page: Swagger UI calls the API itself.
    browser_page.click("#operations-articles-list_articles")
    browser_page.click("button.try-out__btn")
    browser_page.click("button.execute")
    status = browser_page.wait_for_selector(
        ".live-responses-table tbody .response-col_status", timeout=20_000
    )
    assert status.inner_text().strip().startswith("200")

    outside = [url for url in asked if not url.startswith(live_server.url)]
    assert outside == [], outside
    assert any(url.endswith("/static/ninja/swagger-ui-bundle.js") for url in asked)
