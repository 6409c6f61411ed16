// Keep the header clock ticking: the server renders the time, the browser
// moves it on. Same format as the server: "06:49 GMT 28 January 2021".
(function () {
  "use strict";
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function hours(d) { return pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes()) + " GMT"; }
  function day(d) { return pad(d.getUTCDate()) + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear(); }
  function set(el, text) { if (el && el.textContent !== text) { el.textContent = text; } }
  function tick() {
    var now = new Date();
    document.querySelectorAll("time[data-clock]").forEach(function (el) {
      // The header splits the time and the date so that phones show the time only.
      var time = el.querySelector("[data-clock-time]");
      if (time) {
        set(time, hours(now));
        set(el.querySelector("[data-clock-date]"), day(now));
      } else {
        set(el, hours(now) + " " + day(now));
      }
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
