/*
 * The moderation queue, enhanced: one-click actions without a full reload, and
 * keyboard shortcuts to work down the list.
 *
 * Without this script every action is a plain POST form that comes back to the
 * queue. With it, a decision is sent with fetch(); the comment leaves the list,
 * focus moves to the next one, and the result is announced in the page's
 * status region (role="status") for screen readers.
 *
 * Shortcuts (listed on the page): j / ArrowDown next, k / ArrowUp previous,
 * a approve, r reject under the chosen rule, b ban the author, x tick, ? show
 * or hide the list. None fires while typing in a field or choosing from a
 * list, nor with Ctrl, Alt or Meta held.
 */
(function () {
  "use strict";

  var list = document.querySelector("[data-mq-list]");
  var status = document.getElementById("mq-status");
  var help = document.querySelector("[data-mq-shortcuts]");
  if (!status) {
    return;
  }
  var current = null;

  function items() {
    return list ? Array.prototype.slice.call(list.querySelectorAll("[data-mq-item]")) : [];
  }

  function announce(text) {
    // Emptied first so that the same sentence twice is still read out.
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = text;
    }, 50);
  }

  function titleOf(item) {
    var title = item.querySelector(".mq-item__title");
    return title ? title.textContent.trim() : "";
  }

  function select(item) {
    if (current && current !== item) {
      current.classList.remove("mq-item--current");
    }
    current = item;
    item.classList.add("mq-item--current");
    item.focus();
    item.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    var all = items();
    if (!all.length) {
      return;
    }
    var index = current ? all.indexOf(current) : -1;
    var next = all[Math.min(Math.max(index + step, 0), all.length - 1)];
    if (index === -1) {
      next = step > 0 ? all[0] : all[all.length - 1];
    }
    select(next);
    announce(
      (status.dataset.position || "%(n)s of %(total)s")
        .replace("%(n)s", String(all.indexOf(next) + 1))
        .replace("%(total)s", String(all.length)) + ": " + titleOf(next)
    );
  }

  function setCounts(counts) {
    Object.keys(counts || {}).forEach(function (key) {
      document.querySelectorAll('[data-mq-count="' + key + '"]').forEach(function (el) {
        el.textContent = String(counts[key]);
      });
    });
  }

  function leave(item) {
    var all = items();
    var index = all.indexOf(item);
    var next = all[index + 1] || all[index - 1] || null;
    item.remove();
    current = null;
    if (next) {
      select(next);
    } else {
      var empty = document.getElementById("mq-empty");
      if (empty) {
        empty.hidden = false;
        empty.focus();
      }
    }
  }

  function send(form, submitter) {
    var item = form.closest("[data-mq-item]");
    var data = new FormData(form);
    if (submitter && submitter.name) {
      data.append(submitter.name, submitter.value);
    }
    form.setAttribute("aria-busy", "true");
    form.querySelectorAll("button").forEach(function (button) {
      button.disabled = true;
    });
    function done() {
      form.removeAttribute("aria-busy");
      form.querySelectorAll("button").forEach(function (button) {
        button.disabled = false;
      });
    }
    // Not form.action: the buttons named "action" shadow it.
    return fetch(form.getAttribute("action"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().catch(function () {
          return { ok: false, message: status.dataset.failed || "" };
        });
      })
      .then(function (answer) {
        done();
        announce(answer.message);
        if (!answer.ok) {
          return;
        }
        setCounts(answer.counts);
        if (answer.stays) {
          select(item);
        } else {
          leave(item);
        }
      })
      .catch(function () {
        done();
        // The network failed: submit the plain form instead.
        form.submit();
      });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-mq-decide]");
    if (!form || !window.fetch) {
      return;
    }
    event.preventDefault();
    send(form, event.submitter);
  });

  if (list) {
    list.addEventListener("focusin", function (event) {
      var item = event.target.closest("[data-mq-item]");
      if (item && item !== current) {
        if (current) {
          current.classList.remove("mq-item--current");
        }
        current = item;
        item.classList.add("mq-item--current");
      }
    });
  }

  // Ticking a comment opens the bulk actions, which wait folded until then.
  var bulk = document.querySelector("[data-mq-bulk]");
  document.addEventListener("change", function (event) {
    if (bulk && event.target.matches("[data-mq-tick]") && event.target.checked) {
      bulk.open = true;
    }
  });

  function typing(target) {
    if (!target || !target.closest) {
      return false;
    }
    if (target.isContentEditable || target.closest("select, textarea, [contenteditable]")) {
      return true;
    }
    if (target.tagName === "INPUT") {
      return ["checkbox", "radio", "button", "submit", "reset"].indexOf(target.type) === -1;
    }
    return false;
  }

  function act(kind) {
    if (!current) {
      announce(status.dataset.none || "");
      return;
    }
    var button = current.querySelector('[data-mq-action="' + kind + '"]');
    if (!button) {
      announce(status.dataset.unavailable || "");
      return;
    }
    var form = button.form;
    if (kind !== "approve") {
      var rule = form.querySelector('select[name="rule"]');
      if (rule && !rule.value) {
        announce(status.dataset.chooseRule || "");
        rule.focus();
        return;
      }
    }
    if (form.requestSubmit) {
      form.requestSubmit(button);
    } else {
      button.click();
    }
  }

  // Captured on window, so that "?" opens this list rather than (as well as)
  // the admin's own shortcuts dialog.
  window.addEventListener(
    "keydown",
    function (event) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) {
        return;
      }
      if (typing(event.target) || event.target.closest("dialog, [role=dialog]")) {
        return;
      }
      var inList = !list || list.contains(event.target) || event.target === document.body;
      var handled = true;
      switch (event.key) {
        case "j":
          move(1);
          break;
        case "k":
          move(-1);
          break;
        case "ArrowDown":
          if (!inList) return;
          move(1);
          break;
        case "ArrowUp":
          if (!inList) return;
          move(-1);
          break;
        case "a":
          act("approve");
          break;
        case "r":
          act("reject");
          break;
        case "b":
          act("ban");
          break;
        case "x":
          if (current) {
            var tick = current.querySelector("[data-mq-tick]");
            tick.checked = !tick.checked;
            tick.dispatchEvent(new Event("change", { bubbles: true }));
            announce(tick.checked ? status.dataset.ticked || "" : status.dataset.unticked || "");
          }
          break;
        case "?":
          if (help) {
            help.open = !help.open;
            if (help.open) {
              help.querySelector("summary").focus();
            }
          }
          break;
        default:
          handled = false;
      }
      if (handled) {
        event.preventDefault();
        event.stopPropagation();
      }
    },
    true
  );
})();
