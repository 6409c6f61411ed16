// "Get short URL": a Copy button beside the short URL. Without JavaScript the
// field is still there to select by hand; this only adds the button.
(function () {
  "use strict";

  function announce(box, message) {
    var status = box.querySelector("[data-copy-status]");
    if (!status) return;
    status.textContent = "";
    // A fresh text node each time, so screen readers announce a repeat too.
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  function copyBySelection(input) {
    input.focus();
    input.select();
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  function copy(button) {
    var box = button.closest(".short-url");
    var input = box.querySelector("[data-short-url]");
    // The words come from the page, in the reader's language.
    var copied = button.getAttribute("data-msg-copied");
    var fallback = function () {
      announce(box, copyBySelection(input) ? copied : button.getAttribute("data-msg-failed"));
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(function () {
        input.select();
        announce(box, copied);
      }, fallback);
    } else {
      fallback();
    }
  }

  function init() {
    document.querySelectorAll("[data-copy-short-url]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { copy(button); });
    });
    document.querySelectorAll("[data-short-url]").forEach(function (input) {
      input.addEventListener("focus", function () { input.select(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
