"""The "Most read" block on a front, in Debian's Chromium, on a desk and a phone."""

import os
from pathlib import Path

import pytest
from django.utils import timezone

from gazette.fronts.services import arrange_front
from gazette.readership.services import write_reads
from tests.test_browser import NEEDS_CHROMIUM

pytestmark = [
    pytest.mark.browser,
    NEEDS_CHROMIUM,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# GAZETTE_SCREENSHOTS=/some/dir keeps a picture of each width for a human.
SCREENSHOTS = os.environ.get("GAZETTE_SCREENSHOTS")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_most_read_block_sits_in_the_front_at_every_width(
    site_url, browser_page, home, make_article, picture, width
):
    titles = [
        "Harbour strike ends after nine days of talks",
        "Council votes to close the old bridge",
        "Storm warning for the coast tonight",
        "Cup final: the late goal that changed the season",
        "Why the port's new cranes are still idle",
    ]
    stories = [
        make_article(title, hours=n, image=picture if n < 3 else None)
        for n, title in enumerate(titles)
    ]
    today = timezone.now().date()
    write_reads({(story.pk, today): 100 - 7 * n for n, story in enumerate(stories)})
    arrange_front(
        home,
        [
            ("lead", {}),
            ("row", {"count": 2}),
            ("latest", {"count": 4}),
            ("most_read", {"count": 5, "days": 1}),
        ],
    )
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site_url + "/")

    block = page.locator(".most-read--in-front")
    assert block.count() == 1
    heading = block.locator("h2")
    assert heading.inner_text().replace("\n", " ").split() == [
        "MOST",
        "READ",
        "Today",
    ]
    links = block.locator(".most-read__link")
    assert links.all_inner_texts() == titles
    # Numbered 1 to 5 by the list itself, in the brand's headline face.
    number = page.evaluate(
        "getComputedStyle(document.querySelector('.most-read__item'), "
        "'::before').content"
    )
    assert number == "counter(most-read)"
    box = block.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # A block among blocks: as wide as the front's other full-width blocks.
    lead = page.locator(".front-lead").bounding_box()
    assert abs(box["width"] - lead["width"]) < 1
    if SCREENSHOTS:
        block.scroll_into_view_if_needed()
        page.screenshot(
            path=str(Path(SCREENSHOTS) / f"most-read-{width}.png"), full_page=True
        )
