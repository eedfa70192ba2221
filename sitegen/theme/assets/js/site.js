// Progressive enhancement only: the site works without JavaScript.
// (Copy buttons on code blocks: copy.js.)
(function () {
  // Search boxes go to the full-text search page when JavaScript runs.
  document.querySelectorAll("form[data-search-action]").forEach(function (form) {
    form.action = form.getAttribute("data-search-action");
  });
  // On small screens the menu starts collapsed (without JavaScript it stays open).
  // Wider again, it opens: it is the sidebar there (its summary is hidden).
  var toggle = document.querySelector(".site-nav-toggle");
  if (toggle && window.matchMedia) {
    var small = window.matchMedia("(max-width: 49.99rem)");
    toggle.open = !small.matches;
    var follow = function () { toggle.open = !small.matches; };
    if (small.addEventListener) small.addEventListener("change", follow);
    else if (small.addListener) small.addListener(follow);
  }
  // The language switcher keeps the #fragment when the page it leads to has the
  // same id (the build lists the shared ids in data-keep-hash); without
  // JavaScript it leads to the top of that page.
  var keepLinks = document.querySelectorAll("a[data-keep-hash]");
  var keepHash = function () {
    var id = "";
    try { id = decodeURIComponent(window.location.hash.slice(1)); } catch (e) { id = ""; }
    Array.prototype.forEach.call(keepLinks, function (a) {
      var base = a.getAttribute("href").split("#")[0];
      var ids = a.getAttribute("data-keep-hash").split(" ");
      a.setAttribute("href", id && ids.indexOf(id) !== -1 ? base + window.location.hash : base);
    });
  };
  if (keepLinks.length) {
    keepHash();
    window.addEventListener("hashchange", keepHash);
    Array.prototype.forEach.call(keepLinks, function (a) { a.addEventListener("click", keepHash); });
  }
  // Opening a link to a collapsed <details> opens it.
  var openTarget = function () {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var el = id && document.getElementById(id);
    while (el) { if (el.tagName === "DETAILS") el.open = true; el = el.parentElement; }
  };
  window.addEventListener("hashchange", openTarget);
  openTarget();

  // Colour scheme: auto (the system's) / light / dark, remembered in
  // localStorage; base.html's inline script applies it before the first paint.
  var KEY = "sitegen-theme";
  var switchBox = document.querySelector("[data-theme-switch]");
  var select = document.getElementById("sg-theme");
  var applyScheme = function (value) {
    if (value === "light" || value === "dark") document.documentElement.setAttribute("data-theme", value);
    else document.documentElement.removeAttribute("data-theme");
  };
  var stored = function () {
    try { var v = window.localStorage.getItem(KEY); return v === "light" || v === "dark" ? v : "auto"; }
    catch (e) { return "auto"; }
  };
  if (switchBox && select) {
    select.value = stored();
    switchBox.hidden = false;
    select.addEventListener("change", function () {
      try {
        if (select.value === "auto") window.localStorage.removeItem(KEY);
        else window.localStorage.setItem(KEY, select.value);
      } catch (e) { /* private mode: this page only */ }
      applyScheme(select.value);
    });
    window.addEventListener("storage", function (event) {  // another tab chose
      if (event.key === KEY || event.key === null) { select.value = stored(); applyScheme(select.value); }
    });
  }

  // "On this page": mark the section being read (aria-current) in both tables
  // of contents, the sticky one on wide screens and the inline one.
  var tocLinks = document.querySelectorAll(".toc a[href^='#']");
  if (tocLinks.length && "IntersectionObserver" in window) {
    var headings = [];
    var byId = {};
    Array.prototype.forEach.call(tocLinks, function (a) {
      var id = "";
      try { id = decodeURIComponent(a.getAttribute("href").slice(1)); } catch (e) { return; }
      var h = document.getElementById(id);
      if (!h) return;
      if (!byId[id]) { byId[id] = []; headings.push(h); }
      byId[id].push(a);
    });
    var current = null;
    var mark = function () {
      var line = Math.min(window.innerHeight * 0.3, 200);
      var found = headings.length ? headings[0] : null;
      for (var i = 0; i < headings.length; i++) {
        if (headings[i].getBoundingClientRect().top <= line) found = headings[i]; else break;
      }
      var doc = document.documentElement;
      if (headings.length && window.innerHeight + window.scrollY >= doc.scrollHeight - 2) {
        // at the very end the last sections cannot reach the line: the last one in view wins
        for (var j = headings.length - 1; j >= 0; j--) {
          if (headings[j].getBoundingClientRect().top < window.innerHeight) { found = headings[j]; break; }
        }
      }
      if (found === current) return;
      if (current) byId[current.id].forEach(function (a) { a.removeAttribute("aria-current"); });
      current = found;
      if (current) byId[current.id].forEach(function (a) { a.setAttribute("aria-current", "true"); });
    };
    var pending = false;
    var schedule = function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () { pending = false; mark(); });
    };
    var observer = new IntersectionObserver(schedule, { rootMargin: "0px 0px -70% 0px", threshold: [0, 1] });
    headings.forEach(function (h) { observer.observe(h); });
    var end = document.querySelector(".site-footer");
    if (end) new IntersectionObserver(schedule).observe(end);
    window.addEventListener("hashchange", schedule);
    // a smooth scroll crosses the line mid-way: settle once it has stopped
    if ("onscrollend" in window) window.addEventListener("scrollend", schedule);
    else {
      var settle = null;
      window.addEventListener("scroll", function () { clearTimeout(settle); settle = setTimeout(schedule, 150); },
                              { passive: true });
    }
    mark();
  }
})();
