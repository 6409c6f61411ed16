// Editions and boosted navigation: while the radio plays, links swap
// #gazette-page only (radio/player.js), so <html lang dir> would stay the
// previous page's. Going from one edition to another (English -> العربية),
// the new page's language and direction are taken from its response.
(function () {
  "use strict";
  var HTML = /<html\b([^>]*)>/i;
  function attribute(attributes, name) {
    var found = new RegExp("\\b" + name + '="([^"]*)"', "i").exec(attributes);
    return found ? found[1] : null;
  }
  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    if (!detail.boosted) return;
    var tag = HTML.exec(detail.serverResponse || "");
    if (!tag) return;
    var root = document.documentElement;
    var lang = attribute(tag[1], "lang");
    var dir = attribute(tag[1], "dir");
    if (lang && root.lang !== lang) root.lang = lang;
    if (dir && root.dir !== dir) root.dir = dir;
  });
})();
