// "Load more comments" swaps its own list item for the next page of comments,
// so the link that had keyboard focus is gone and focus would drop to <body>.
// Move it to the first comment that arrived, where the reader carries on.
(function () {
  "use strict";

  // Boosted navigations run this script again on every article page.
  if (window.gazetteLoadMore) return;
  window.gazetteLoadMore = true;

  var pending = null;

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (!event.detail.shouldSwap || !target || !target.matches(".comments__more")) {
      return;
    }
    pending = { list: target.parentNode, before: target.previousElementSibling };
  });

  document.addEventListener("htmx:afterSettle", function () {
    if (!pending) return;
    var first = pending.before
      ? pending.before.nextElementSibling
      : pending.list.firstElementChild;
    pending = null;
    if (!first || !first.matches(".comment")) return;
    var comment = first.querySelector("article") || first;
    if (!comment.hasAttribute("tabindex")) comment.setAttribute("tabindex", "-1");
    comment.focus();
  });
})();
