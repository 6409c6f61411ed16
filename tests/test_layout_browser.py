"""The reader's first screen on a phone, measured in Debian's Chromium."""

import pytest

from tests.test_browser import (  # noqa: F401 (demo_site is a fixture)
    CHROMIUM,
    NEEDS_CHROMIUM,
    demo_site,
)

pytestmark = [
    pytest.mark.browser,
    NEEDS_CHROMIUM,
]

PHONE = {"width": 390, "height": 844}

# Every piece of text in the header, with the number of lines it takes: a
# Range over an element's text gives one client rectangle per line box.
WRAPPED_TEXT = """
(header) => {
  const wrapped = [];
  const walker = document.createTreeWalker(header, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const element = node.parentElement;
    if (!text || !element.checkVisibility() || element.closest('.visually-hidden')) {
      continue;
    }
    const range = document.createRange();
    range.selectNodeContents(node);
    const tops = new Set(
      [...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))
    );
    if (tops.size > 1) wrapped.push(`${text} (${tops.size} lines)`);
  }
  return wrapped;
}
"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_a_phone_the_header_is_compact_and_search_results_come_first(
    demo_site,  # noqa: F811
    browser_page,
):
    page = browser_page
    page.set_viewport_size(PHONE)
    for path in ("/", "/world/", "/stories/"):
        page.goto(demo_site + path)
        header = page.locator("header.site-header")
        assert header.evaluate(WRAPPED_TEXT) == [], f"header text wraps on {path}"
        height = header.bounding_box()["height"]
        assert height <= 0.2 * PHONE["height"], f"header {height} px tall on {path}"
        # The sections scroll sideways in one row rather than wrapping.
        tops = {
            round(link.bounding_box()["y"])
            for link in page.locator(".site-nav a").all()
        }
        assert len(tops) == 1, f"section links on {len(tops)} rows on {path}"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} scrolls sideways ({width} px)"

    page.goto(demo_site + "/search/?q=Vesperland")
    first = page.locator(".search-result").first
    box = first.bounding_box()
    assert box is not None and box["y"] < PHONE["height"], (
        f"first result at y={box and box['y']}, below the first screen"
    )
    # The filters are folded away, and open on demand without a script.
    filters = page.locator("details.search-form__filters, .search-filters details")
    assert filters.count() == 1 and filters.get_attribute("open") is None
