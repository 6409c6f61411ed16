// Keep the header clock ticking: the server renders the time, the browser
// moves it on, in the page's language (<html lang>): "06:49 GMT 07 December
// 2026", "06:49 بتوقيت غرينتش 7 ديسمبر 2026". The month names come from the
// browser (Intl.DateTimeFormat); the words around the time from the page
// (data-msg-time, "{time} GMT" translated by the server).
(function () {
  "use strict";
  // Western digits, as the server writes them (Django's date formats).
  var base = { timeZone: "UTC", numberingSystem: "latn" };
  function format(lang, options) {
    var all = Object.assign({}, base, options);
    try {
      return new Intl.DateTimeFormat(lang, all);
    } catch (error) {
      return new Intl.DateTimeFormat("en-GB", all);
    }
  }

  function set(el, text) { if (el && el.textContent !== text) { el.textContent = text; } }

  // Read when a clock is first seen, so that a page swapped in by boosted
  // navigation brings its own language.
  function clock(el) {
    var lang = document.documentElement.lang || "en-GB";
    var hours = format(lang, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    var days = {
      "2-digit": format(lang, { day: "2-digit", month: "long", year: "numeric" }),
      numeric: format(lang, { day: "numeric", month: "long", year: "numeric" }),
    };
    var message = el.getAttribute("data-msg-time") || "{time} GMT";
    var dateEl = el.querySelector("[data-clock-date]");
    // Each language's catalogue says whether the day has a leading zero
    // ("07 December", "7 de diciembre"): keep the style the server used
    // (from the 10th of a month both read the same: English pads, as its
    // catalogue does).
    var rendered = new Date(el.getAttribute("datetime"));
    var shown = dateEl && !isNaN(rendered) ? dateEl.textContent : "";
    var padded = shown === days["2-digit"].format(rendered);
    var plain = shown === days.numeric.format(rendered);
    var style = padded && (!plain || /^en\b/i.test(lang)) ? "2-digit" : "numeric";
    return {
      time: function (d) { return message.replace("{time}", hours.format(d)); },
      day: function (d) { return days[style].format(d); },
    };
  }

  function tick() {
    var now = new Date();
    document.querySelectorAll("time[data-clock]").forEach(function (el) {
      if (!el.gazetteClock) { el.gazetteClock = clock(el); }
      var c = el.gazetteClock;
      // The header splits the time and the date so that phones show the time only.
      var time = el.querySelector("[data-clock-time]");
      if (time) {
        set(time, c.time(now));
        set(el.querySelector("[data-clock-date]"), c.day(now));
      } else {
        set(el, c.time(now) + " " + c.day(now));
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
