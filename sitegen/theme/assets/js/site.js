// Progressive enhancement only: the site works without JavaScript.
// (Copy buttons on code blocks: copy.js.)
(function () {
  // Search boxes go to the full-text search page when JavaScript runs.
  document.querySelectorAll("form[data-search-action]").forEach(function (form) {
    form.action = form.getAttribute("data-search-action");
  });
  // On small screens the menu starts collapsed (without JavaScript it stays open).
  // Wider again, it opens (its summary is hidden there).
  var toggle = document.querySelector(".site-nav-toggle");
  if (toggle && window.matchMedia) {
    var small = window.matchMedia("(max-width: 40rem)");
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
})();
