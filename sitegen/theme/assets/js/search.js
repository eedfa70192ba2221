// Pagefind UI on the search page; the index of the page's <html lang> is used.
(function () {
  var el = document.getElementById("sg-search");
  if (!el || typeof PagefindUI === "undefined") return;
  var fallback = document.getElementById("sg-search-fallback");
  if (fallback) fallback.hidden = true;
  var ui = new PagefindUI({
    element: "#sg-search",
    bundlePath: el.getAttribute("data-bundle"),
    showSubResults: true,
    translations: { placeholder: el.getAttribute("data-placeholder") || "" }
  });
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) ui.triggerSearch(q);
})();
