/*
 * Openbook — small enhancements for the status pages. Plain ES2017, no
 * libraries, no network. Everything works without it; it only adds:
 *
 *  - the visitor's own time next to each <time data-ob-time> when their time
 *    zone differs from the site's (data-ob-zone on .ob-page), with the full
 *    local date and time in the title attribute;
 *  - relative times ("3 minutes ago") in [data-ob-relative], refreshed every
 *    minute;
 *  - the same clock for "(in 5 days)" in [data-ob-countdown] (a date in the
 *    site's zone), and for maintenance states the build left to the clock
 *    (.ob-mstate with data-ob-window-start/-end): Scheduled becomes In
 *    progress, then Completed, when a visitor reads an old build.
 *
 * It runs from <head> and does its work as the parser adds each element, before
 * the browser first shows it: a local time that makes a line wrap moves nothing
 * the visitor has already seen (no layout shift).
 */
(function () {
  "use strict";

  if (typeof Intl === "undefined" || typeof document === "undefined") {
    return;
  }

  var lang = (document.documentElement.getAttribute("lang") || "").trim() || undefined;

  function supportedLang(locale) {
    try {
      return Intl.DateTimeFormat.supportedLocalesOf(locale ? [locale] : []).length ? locale : undefined;
    } catch (e) {
      return undefined;
    }
  }
  lang = supportedLang(lang);

  /* The words this script writes, with {name} placeholders: window.openbookWords, which the
   * build puts at the top of this file in each language's copy, from the site's catalog;
   * English where it is missing. */
  var ENGLISH = {
    yourTime: "({time} your time)",
    scheduled: "Scheduled",
    in_progress: "In progress",
    completed: "Completed"
  };

  function word(key, values) {
    var table = window.openbookWords || ENGLISH;
    var text = table[key] || ENGLISH[key] || "";
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(values[name]);
    });
    return text;
  }

  function parse(iso) {
    var t = Date.parse(iso);
    return isNaN(t) ? null : new Date(t);
  }

  /* ---------------------------------------------------------------------
   * Local times
   * ------------------------------------------------------------------ */

  var formatters = {};

  function formatter(key, options) {
    if (!formatters[key]) {
      formatters[key] = new Intl.DateTimeFormat(lang, options);
    }
    return formatters[key];
  }

  /* The wall clock in a zone: {year, month, day, hour, minute}. */
  function wallClock(date, zone) {
    var f = formatter("wall|" + zone, {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23"
    });
    var out = {};
    f.formatToParts(date).forEach(function (part) {
      if (part.type !== "literal") {
        out[part.type] = parseInt(part.value, 10);
      }
    });
    if (out.hour === 24) {
      out.hour = 0; /* some engines ignore hourCycle */
    }
    return out;
  }

  function sameDay(a, b) {
    return a.year === b.year && a.month === b.month && a.day === b.day;
  }

  function sameClock(a, b) {
    return sameDay(a, b) && a.hour === b.hour && a.minute === b.minute;
  }

  function timeText(date, zone) {
    return formatter("time|" + zone, {
      timeZone: zone,
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23"
    }).format(date);
  }

  /* "20 Nov", in the page's language, day first like the server's text. */
  function dayText(date, zone) {
    var parts = formatter("day|" + zone, { timeZone: zone, day: "numeric", month: "short" }).formatToParts(date);
    var day = "";
    var month = "";
    parts.forEach(function (part) {
      if (part.type === "day") { day = part.value; }
      if (part.type === "month") { month = part.value; }
    });
    return day && month ? day + " " + month : parts.map(function (p) { return p.value; }).join("");
  }

  function fullText(date, zone) {
    return formatter("full|" + zone, {
      timeZone: zone,
      weekday: "long",
      year: "numeric",
      month: "long",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short"
    }).format(date);
  }

  function localise(page, visitorZone) {
    var siteZone = page.getAttribute("data-ob-zone");
    if (!siteZone || !visitorZone || siteZone === visitorZone) {
      return;
    }
    var times = page.querySelectorAll("time[data-ob-time]");
    Array.prototype.forEach.call(times, function (el) {
      if (el.hasAttribute("data-ob-localised")) {
        return;
      }
      var style = el.getAttribute("data-ob-time");
      var date = parse(el.getAttribute("datetime") || "");
      if (!date || ["datetime", "time", "when", "date"].indexOf(style) < 0) {
        return;
      }
      var there;
      var here;
      try {
        there = wallClock(date, siteZone);
        here = wallClock(date, visitorZone);
      } catch (e) {
        return; /* an unknown zone name */
      }
      if (sameClock(there, here)) {
        return; /* a different name, the same offset at this moment */
      }
      el.setAttribute("data-ob-localised", "");

      var text;
      if (style === "date") {
        text = sameDay(there, here) ? "" : dayText(date, visitorZone);
      } else if (sameDay(there, here) && (style !== "when" || sameDay(here, wallClock(new Date(), visitorZone)))) {
        /* "when": a time alone means today, so another day's time carries its date. */
        text = timeText(date, visitorZone);
      } else {
        text = dayText(date, visitorZone) + ", " + timeText(date, visitorZone);
      }

      el.setAttribute("title", fullText(date, visitorZone));
      if (text) {
        var span = document.createElement("span");
        span.className = "ob-localtime";
        span.textContent = " " + word("yourTime", { time: text });
        el.parentNode.insertBefore(span, el.nextSibling);
      }
    });
  }

  /* ---------------------------------------------------------------------
   * Relative times
   * ------------------------------------------------------------------ */

  var relative = null;
  if (typeof Intl.RelativeTimeFormat === "function") {
    try {
      relative = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
    } catch (e) {
      relative = null;
    }
  }

  var UNITS = [
    ["year", 365 * 24 * 3600],
    ["month", 30 * 24 * 3600],
    ["week", 7 * 24 * 3600],
    ["day", 24 * 3600],
    ["hour", 3600],
    ["minute", 60]
  ];

  function relativeText(date, now) {
    var seconds = (date.getTime() - now) / 1000;
    /* A build a little ahead of this clock is "now", not "in 2 minutes". */
    if (seconds > 0 && seconds < 300) {
      seconds = 0;
    }
    var abs = Math.abs(seconds);
    if (abs < 60) {
      return relative.format(0, "second");
    }
    for (var i = 0; i < UNITS.length; i++) {
      var unit = UNITS[i];
      if (abs >= unit[1]) {
        return relative.format(Math.round(seconds / unit[1]), unit[0]);
      }
    }
    return "";
  }

  function refreshRelative() {
    if (!relative) {
      return;
    }
    var now = Date.now();
    var nodes = document.querySelectorAll("[data-ob-relative]");
    Array.prototype.forEach.call(nodes, function (el) {
      var date = parse(el.getAttribute("data-ob-relative") || "");
      if (!date) {
        return;
      }
      var text = "(" + relativeText(date, now) + ")";
      if (el.textContent !== text) {
        el.textContent = text;
      }
      if (!el.hasAttribute("title")) {
        try {
          el.setAttribute("title", fullText(date, visitorZone()));
        } catch (e) { /* no title then */ }
      }
    });
  }

  /* "(in 5 days)" until a date; the build wrote the same words for its own day. */
  function refreshCountdowns(now) {
    var nodes = document.querySelectorAll("[data-ob-countdown]");
    Array.prototype.forEach.call(nodes, function (el) {
      var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(el.getAttribute("data-ob-countdown") || "");
      var page = el.closest ? el.closest(".ob-page[data-ob-zone]") : null;
      if (!m || !page) {
        return;
      }
      var today = wallClock(new Date(now), page.getAttribute("data-ob-zone"));
      var days = Math.round(
        (Date.UTC(+m[1], +m[2] - 1, +m[3]) - Date.UTC(today.year, today.month - 1, today.day)) / 86400000
      );
      var text = "(" + relative.format(days, "day") + ")";
      if (el.textContent !== text) {
        el.textContent = text;
      }
    });
  }

  /* Maintenance the build scheduled by the clock alone moves on with this clock. */
  var MSTATES = ["scheduled", "in_progress", "completed"];

  function refreshWindows(now) {
    var nodes = document.querySelectorAll(".ob-mstate[data-ob-window-start][data-ob-window-end]");
    Array.prototype.forEach.call(nodes, function (el) {
      var start = parse(el.getAttribute("data-ob-window-start") || "");
      var end = parse(el.getAttribute("data-ob-window-end") || "");
      if (!start || !end) {
        return;
      }
      var state = now < start.getTime() ? "scheduled" : now < end.getTime() ? "in_progress" : "completed";
      var current = null;
      MSTATES.forEach(function (key) {
        if (el.classList.contains("ob-mstate--" + key)) {
          current = key;
        }
      });
      /* Only move forward from a state the build wrote with these words. */
      if (!current || current === state || el.textContent.trim() !== word(current)) {
        return;
      }
      if (MSTATES.indexOf(state) < MSTATES.indexOf(current)) {
        return;
      }
      el.classList.remove("ob-mstate--" + current);
      el.classList.add("ob-mstate--" + state);
      el.textContent = word(state);
    });
  }

  function visitorZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (e) {
      return "";
    }
  }

  /* ---------------------------------------------------------------------
   * Start
   * ------------------------------------------------------------------ */

  function update() {
    try {
      var zone = visitorZone();
      Array.prototype.forEach.call(document.querySelectorAll(".ob-page[data-ob-zone]"), function (page) {
        try {
          localise(page, zone);
        } catch (e) { /* leave this page's times as the server wrote them */ }
      });
    } catch (e) { /* nothing to add */ }
    tick();
  }

  function tick() {
    var now = Date.now();
    try { refreshRelative(); } catch (e) { /* keep the last text */ }
    if (relative) {
      try { refreshCountdowns(now); } catch (e) { /* keep the build's text */ }
    }
    try { refreshWindows(now); } catch (e) { /* keep the build's state */ }
  }

  function start() {
    update();
    if (document.querySelector("[data-ob-relative], [data-ob-countdown], [data-ob-window-start]")) {
      window.setInterval(tick, 60000);
      document.addEventListener("visibilitychange", function () {
        if (document.visibilityState === "visible") {
          tick();
        }
      });
    }
  }

  if (document.readyState === "loading") {
    /* Mutation callbacks run after each piece the parser adds and before the next paint;
     * update() changes nothing it has already done, so its own changes end the cycle. */
    var observer = typeof MutationObserver === "function" ? new MutationObserver(update) : null;
    if (observer) {
      observer.observe(document.documentElement, { childList: true, subtree: true });
    }
    document.addEventListener("DOMContentLoaded", function () {
      if (observer) {
        observer.disconnect();
      }
      start();
    });
  } else {
    start();
  }
})();

/* The incident history's filter: by component, impact and words in the title, over the
 * compact index incidents/index.js, loaded on first use. Without JavaScript the form stays
 * hidden and the paged history is all there is. */
(function () {
  "use strict";

  var LIMIT = 200;

  function setup(form) {
    var history = document.querySelector("[data-ob-history]");
    var results = form.querySelector(".ob-filter__results");
    var status = form.querySelector(".ob-filter__status");
    /* An incident's address, as the site writes it (generator/urls.py), with {id} to fill in. */
    var incidentUrl = form.getAttribute("data-ob-incident") || "./{id}/";
    var zone = (document.querySelector(".ob-page[data-ob-zone]") || document.body).getAttribute("data-ob-zone");
    var names = {};
    Array.prototype.forEach.call(form.elements.component.options, function (o) { names[o.value] = o.text; });
    var impacts = {};
    Array.prototype.forEach.call(form.elements.impact.options, function (o) { impacts[o.value] = o.text; });
    var said = {
      open: "open",
      found: "Incidents found: {num}.",
      newest: "The newest {num} are shown.",
      noIndex: "The incident index could not be loaded; the history below is complete."
    };
    if (window.openbookWords) { said = window.openbookWords; }
    var count = window.Intl && Intl.NumberFormat ? new Intl.NumberFormat(document.documentElement.lang || undefined) : null;

    function number(n) {
      return count ? count.format(n) : String(n);
    }
    var loading = null;

    function load() {
      if (!loading) {
        loading = new Promise(function (resolve, reject) {
          var script = document.createElement("script");
          script.src = form.getAttribute("data-ob-index");
          script.onload = function () { resolve(window.openbookIncidents || []); };
          script.onerror = reject;
          document.head.appendChild(script);
        });
      }
      return loading;
    }

    function day(iso) {
      try {
        return new Date(iso).toLocaleDateString(document.documentElement.lang || undefined,
          { day: "numeric", month: "short", year: "numeric", timeZone: zone || undefined });
      } catch (e) {
        return iso.slice(0, 10);
      }
    }

    function row(item) {
      var li = document.createElement("li");
      li.className = "ob-row ob-row--" + item[3];
      var a = document.createElement("a");
      a.className = "ob-row__title";
      a.href = incidentUrl.replace("{id}", item[0]);
      a.textContent = item[1];
      var facts = document.createElement("span");
      facts.className = "ob-row__facts";
      var impact = document.createElement("span");
      impact.className = "ob-impact ob-impact--" + item[3];
      impact.textContent = impacts[item[3]] || item[3];
      facts.appendChild(impact);
      var words = " " + day(item[2]) + (item[6] ? " · " + said.open : "");
      var parts = item[4].map(function (id) { return names[id] || id; });
      if (parts.length) { words += " · " + parts.join(", "); }
      facts.appendChild(document.createTextNode(words));
      li.appendChild(a);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(facts);
      return li;
    }

    function apply() {
      var component = form.elements.component.value;
      var impact = form.elements.impact.value;
      var words = form.elements.q.value.trim().toLowerCase();
      var query = new URLSearchParams();
      if (component) { query.set("component", component); }
      if (impact) { query.set("impact", impact); }
      if (words) { query.set("q", words); }
      try {
        var search = query.toString();
        window.history.replaceState(null, "", search ? "?" + search : window.location.pathname);
      } catch (e) { /* the address stays as it was */ }
      if (!component && !impact && !words) {
        results.hidden = true;
        if (history) { history.hidden = false; }
        status.textContent = "";
        return;
      }
      load().then(function (items) {
        var found = items.filter(function (item) {
          return (!component || item[4].indexOf(component) >= 0) && (!impact || item[3] === impact) &&
            (!words || item[1].toLowerCase().indexOf(words) >= 0);
        });
        results.textContent = "";
        found.slice(0, LIMIT).forEach(function (item) { results.appendChild(row(item)); });
        results.hidden = false;
        if (history) { history.hidden = true; }
        status.textContent = said.found.replace("{num}", number(found.length)) +
          (found.length > LIMIT ? " " + said.newest.replace("{num}", number(LIMIT)) : "");
      }, function () {
        status.textContent = said.noIndex;
      });
    }

    var params = new URLSearchParams(window.location.search);
    ["component", "impact", "q"].forEach(function (name) {
      if (params.get(name)) { form.elements[name].value = params.get(name); }
    });
    var timer = null;
    form.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(apply, 150);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    form.hidden = false;
    if (params.toString()) { apply(); }
  }

  function start() {
    var form = document.querySelector("form[data-ob-filter]");
    if (form && window.Promise && window.URLSearchParams) {
      try { setup(form); } catch (e) { /* the paged history still works */ }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
