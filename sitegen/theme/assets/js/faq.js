// FAQ index: a live text filter over the questions and answers (the category
// filter works without JavaScript). Opening a #fragment opens its entry.
(function () {
  var input = document.querySelector("[data-faq-filter]");
  if (input) {
    input.closest("[hidden]") && input.closest("[hidden]").removeAttribute("hidden");
    var entries = Array.prototype.slice.call(document.querySelectorAll(".faq-entry"));
    var q = new URLSearchParams(window.location.search).get("q");
    var apply = function () {
      var needle = input.value.trim().toLowerCase();
      entries.forEach(function (entry) {
        var hit = !needle || entry.textContent.toLowerCase().indexOf(needle) !== -1;
        entry.hidden = !hit;
        if (needle && hit) entry.open = true;
      });
      document.querySelectorAll(".faq-category").forEach(function (section) {
        section.hidden = !section.querySelector(".faq-entry:not([hidden])");
      });
    };
    input.addEventListener("input", apply);
    if (q) { input.value = q; apply(); }
  }
  var open = function () {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.tagName === "DETAILS") target.open = true;
  };
  window.addEventListener("hashchange", open);
  open();
})();
