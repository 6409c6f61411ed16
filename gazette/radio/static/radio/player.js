// Listen Live: the header link starts the default station in the player bar,
// which keeps playing while the reader moves from page to page.
//
// Each edition's pages have their own station (data-stream, words in the
// edition's language). Moving to another edition's page while the radio
// plays keeps it playing; that page's Listen Live then tunes the bar to its
// edition's station.
//
// Once the radio is on, links inside the page (#gazette-page) are followed by
// htmx ("boosted"): the new page replaces #gazette-page only, so the player
// bar, outside it, and its <audio> element are never touched. Forms, the
// admin, feeds, short links, files and other sites are left to the browser.
// Readers who never press Listen Live get plain navigation.
(function () {
  "use strict";

  var player = document.querySelector("[data-radio-player]");
  if (!player) return;
  var audio = player.querySelector("[data-radio-audio]");
  // The bar's parts are looked up when used: tuning to another edition's
  // station replaces them (all but the <audio> element).
  function part(name) { return player.querySelector("[data-radio-" + name + "]"); }
  // The player bar of the page swapped in last, when it is another station's
  // (an edition change while the radio plays): its Listen Live tunes to it.
  var pageBar = null;
  // Every word comes from the page, in the reader's language (data-msg-*).
  function t(name, title) {
    var text = player.getAttribute("data-msg-" + name) || "";
    return title === undefined ? text : text.replace("{title}", title);
  }
  var PAGE = "gazette-page";
  // Reader accounts and feeds sit under an edition's prefix on a site with
  // several editions (/es/accounts/); the rest never do.
  var NOT_BOOSTED = /^\/((admin|django-admin|documents|s|audio|media|static)\/|([a-z]{2,3}(-[a-z0-9]+)?\/)?(feeds|accounts)\/)/;
  var nowTimer = null;
  var wanted = false; // the reader asked for sound (not paused by them)

  function say(message) {
    var status = part("status");
    status.textContent = "";
    // A fresh text node each time, so a repeated message is announced too.
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  function showPlaying(playing) {
    var toggle = part("toggle");
    toggle.textContent = playing ? t("pause") : t("play");
    toggle.setAttribute("aria-label", playing ? t("pause-label") : t("play-label"));
    player.classList.toggle("radio-player--playing", playing);
  }

  function play() {
    wanted = true;
    pauseOtherPlayers();
    player.hidden = false;
    document.body.classList.add("has-radio-player");
    // Always join the live broadcast now, not the stale buffer of a pause.
    audio.src = player.getAttribute("data-stream");
    say(t("connecting"));
    var started = audio.play();
    if (started && started.catch) {
      started.catch(function () {
        if (wanted) say(t("press-play"));
        showPlaying(false);
        wanted = false;
      });
    }
    boost();
    refreshNow();
  }

  function stop(message) {
    wanted = false;
    audio.pause();
    // Let go of the stream: pausing a live stream would only buffer it.
    audio.removeAttribute("src");
    audio.load();
    showPlaying(false);
    if (message) say(message);
  }

  audio.addEventListener("playing", function () {
    showPlaying(true);
    say(t("playing"));
  });
  audio.addEventListener("error", function () {
    if (!wanted) return;
    stop(t("unavailable"));
  });
  // A live stream only "ends" when the connection drops: join it again.
  audio.addEventListener("ended", function () {
    if (wanted) window.setTimeout(function () { if (wanted) play(); }, 1000);
  });

  // One sound at a time: another player on the page (the station page's own,
  // an article's audio) pauses the radio, and the radio pauses them.
  document.addEventListener("play", function (event) {
    if (event.target !== audio && wanted) stop(t("other-player"));
  }, true);
  function pauseOtherPlayers() {
    var players = document.querySelectorAll("audio, video");
    for (var i = 0; i < players.length; i++) {
      if (players[i] !== audio && !players[i].paused) players[i].pause();
    }
  }

  player.addEventListener("click", function (event) {
    if (!event.target.closest) return;
    if (event.target.closest("[data-radio-toggle]")) {
      if (wanted) stop(t("paused")); else play();
    } else if (event.target.closest("[data-radio-close]")) {
      stop(t("closed"));
      player.hidden = true;
      document.body.classList.remove("has-radio-player");
      var listen = document.querySelector("[data-radio-listen]");
      if (listen) listen.focus();
    }
  });

  var savedVolume = null;
  try { savedVolume = window.localStorage.getItem("gazette-radio-volume"); } catch (e) { /* private mode */ }
  if (savedVolume !== null) part("volume").value = savedVolume;
  audio.volume = part("volume").value / 100;
  player.addEventListener("input", function (event) {
    var volume = event.target;
    if (!volume.hasAttribute || !volume.hasAttribute("data-radio-volume")) return;
    audio.volume = volume.value / 100;
    volume.setAttribute("aria-valuetext", volume.value + "%");
    try { window.localStorage.setItem("gazette-radio-volume", volume.value); } catch (e) { /* ignore */ }
  });

  // Another edition's station: its words, its stream, its schedule. The
  // <audio> element stays (it is stopped and started again by the caller).
  function tuneTo(bar) {
    var volume = part("volume").value;
    var names = ["lang", "dir", "aria-label"];
    for (var i = 0; i < bar.attributes.length; i++) {
      var name = bar.attributes[i].name;
      if (name.indexOf("data-") === 0 || names.indexOf(name) !== -1) {
        player.setAttribute(name, bar.attributes[i].value);
      }
    }
    var old = Array.prototype.slice.call(player.childNodes);
    for (var j = 0; j < old.length; j++) {
      if (old[j] !== audio) player.removeChild(old[j]);
    }
    var fresh = Array.prototype.slice.call(bar.childNodes);
    for (var k = 0; k < fresh.length; k++) {
      var node = fresh[k];
      if (node.nodeType === 1 && node.hasAttribute("data-radio-audio")) continue;
      player.appendChild(document.importNode(node, true));
    }
    part("volume").value = volume;
  }

  // The header's Listen Live (the header is replaced on each page: delegate).
  function isListenLive(target) {
    return target.closest && target.closest("[data-radio-listen]");
  }
  document.addEventListener("click", function (event) {
    var link = isListenLive(event.target);
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button) return;
    event.preventDefault();
    if (pageBar && pageBar.getAttribute("data-stream") !== player.getAttribute("data-stream")) {
      // This page's Listen Live is another edition's station: tune to it.
      if (wanted) stop();
      tuneTo(pageBar);
      pageBar = null;
      play();
    } else if (!wanted) {
      play();
    }
    part("toggle").focus();
  });

  function refreshNow() {
    if (nowTimer) window.clearTimeout(nowTimer);
    var url = player.getAttribute("data-now-url");
    if (!url || !window.fetch) return;
    window.fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        part("on-now").textContent = data.on_now ? t("on-now", data.on_now.title) : t("live");
      })
      .catch(function () { /* keep what is shown */ });
    nowTimer = window.setTimeout(refreshNow, 60000);
  }

  // Boosted navigation ------------------------------------------------------

  function keepOut(element) {
    if (element.tagName === "FORM") return true;
    if (element.tagName !== "A") return false;
    var href = element.getAttribute("href") || "";
    if (!href || href.charAt(0) === "#") return true;
    if (element.hasAttribute("download") || (element.target && element.target !== "_self")) return true;
    if (/\bexternal\b/.test(element.getAttribute("rel") || "")) return true;
    if (element.hasAttribute("data-radio-listen")) return true;
    var url;
    try { url = new URL(element.href, window.location.href); } catch (e) { return true; }
    if (url.origin !== window.location.origin) return true;
    if (NOT_BOOSTED.test(url.pathname)) return true;
    // A file (sitemap.xml, robots.txt, an MP3, now.json) is not a page.
    return /\.[a-z0-9]+$/i.test(url.pathname) && !/\.html?$/i.test(url.pathname);
  }

  function markUnboosted(root) {
    if (!root || !root.querySelectorAll) return;
    var elements = root.querySelectorAll("a[href], form");
    for (var i = 0; i < elements.length; i++) {
      if (keepOut(elements[i])) elements[i].setAttribute("hx-boost", "false");
    }
  }

  function boost() {
    var page = document.getElementById(PAGE);
    if (!window.htmx || !page || document.body.hasAttribute("hx-boost")) return;
    // No copies of pages in localStorage (account pages are private); going
    // back asks the server again, and swaps #gazette-page only.
    window.htmx.config.historyCacheSize = 0;
    window.htmx.config.refreshOnHistoryMiss = false;
    markUnboosted(page);
    var body = document.body;
    body.setAttribute("hx-boost", "true");
    body.setAttribute("hx-target", "#" + PAGE);
    body.setAttribute("hx-select", "#" + PAGE);
    body.setAttribute("hx-swap", "outerHTML show:window:top");
    window.htmx.process(page);
  }

  document.addEventListener("htmx:beforeProcessNode", function (event) {
    markUnboosted(event.target);
  });

  // Only pages of this site (with #gazette-page) are swapped in; anything else
  // (an admin login, a file, an error without the site's layout) is opened
  // by the browser as usual.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    if (!detail.boosted) return;
    var html = detail.serverResponse || "";
    if (html.indexOf('id="' + PAGE + '"') === -1) {
      event.preventDefault();
      window.location.assign(detail.pathInfo.responsePath || detail.pathInfo.requestPath);
      return;
    }
    if (detail.isError) {
      detail.shouldSwap = true; // the site's own 404 page, in the site's layout
      detail.isError = false;
    }
    // The new page's station (another edition's has its own): kept for its
    // Listen Live, while the bar plays on what it plays.
    var bar = new window.DOMParser().parseFromString(html, "text/html")
      .querySelector("[data-radio-player]");
    pageBar = bar && bar.getAttribute("data-stream") !== player.getAttribute("data-stream") ? bar : null;
    var bodyClass = /<body[^>]*\bclass="([^"]*)"/.exec(html);
    var keep = document.body.classList.contains("has-radio-player");
    document.body.className = bodyClass ? bodyClass[1] : "";
    if (keep) document.body.classList.add("has-radio-player");
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    if (!event.detail.boosted) return;
    var main = document.getElementById("main");
    if (main) main.focus({ preventScroll: true });
  });

  document.addEventListener("htmx:historyRestore", function () {
    markUnboosted(document.getElementById(PAGE));
  });
})();
