// Keep the header clock ticking: the server renders the time, the browser
// moves it on. Same format as the server: "06:49 GMT 28 January 2021".
(function () {
  "use strict";
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function format(d) {
    return pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes()) + " GMT " +
      pad(d.getUTCDate()) + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }
  function tick() {
    var now = new Date();
    document.querySelectorAll("time[data-clock]").forEach(function (el) {
      var text = format(now);
      if (el.textContent !== text) { el.textContent = text; }
      el.setAttribute("datetime", now.toISOString().replace(/\.\d+Z$/, "Z"));
    });
  }
  function start() {
    tick();
    // Align to the next whole second, then tick every second.
    setTimeout(function () { tick(); setInterval(tick, 1000); }, 1000 - (Date.now() % 1000));
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else { start(); }
})();
