// "Share" beside "Email" under the byline: the device's own share sheet, where
// the browser has one (navigator.share). Without it, or without JavaScript,
// the button stays hidden and the email link is the way to pass it on.
(function () {
  "use strict";

  if (!navigator.share) return;

  function reveal() {
    document.querySelectorAll("[data-share]").forEach(function (button) {
      button.hidden = false;
    });
  }

  // Pages can arrive by htmx navigation and run this file again: listen once.
  if (!window.gazetteShare) {
    window.gazetteShare = true;
    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-share]");
      if (!button) return;
      navigator
        .share({ title: button.dataset.shareTitle, url: button.dataset.shareUrl })
        .catch(function () {}); // the reader closed the sheet
    });
    document.addEventListener("htmx:afterSettle", reveal);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", reveal);
  } else {
    reveal();
  }
})();
