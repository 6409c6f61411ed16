// Embeds in an article body (articles/blocks/embed.html): the provider's
// markup waits in a <template> until the reader asks for it, so reading the
// article tells no outside host anything. Without JavaScript the link to the
// original stays, and the button stays hidden.
(function () {
  "use strict";

  function reveal() {
    document.querySelectorAll("[data-embed-show]").forEach(function (button) {
      button.hidden = false;
    });
  }

  function show(figure) {
    var template = figure.querySelector("template[data-embed-html]");
    var notice = figure.querySelector(".body-embed__notice");
    if (!template || !notice) return;
    var frame = document.createElement("div");
    frame.className = "body-embed__frame";
    frame.appendChild(template.content.cloneNode(true));
    notice.replaceWith(frame);
    var focusable = frame.querySelector("iframe, a, button, audio, video");
    if (focusable) focusable.focus();
  }

  // Pages can arrive by htmx navigation and run this file again: listen once.
  if (!window.gazetteEmbeds) {
    window.gazetteEmbeds = true;
    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-embed-show]");
      if (!button) return;
      show(button.closest("[data-embed]"));
    });
    document.addEventListener("htmx:afterSettle", reveal);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", reveal);
  } else {
    reveal();
  }
})();
