// Progressive enhancement only: the site works without JavaScript.
(function () {
  var root = document.documentElement;
  // Copy buttons on code blocks (the email templates, commands).
  var copyLabel = root.getAttribute("data-copy-label") || "Copy";
  var copiedLabel = root.getAttribute("data-copied-label") || "Copied";
  if (navigator.clipboard) {
    document.querySelectorAll("pre.highlight").forEach(function (pre) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-button";
      button.textContent = copyLabel;
      button.addEventListener("click", function () {
        var code = pre.querySelector("code") || pre;
        navigator.clipboard.writeText(code.innerText).then(function () {
          button.textContent = copiedLabel;
          setTimeout(function () { button.textContent = copyLabel; }, 1500);
        });
      });
      pre.appendChild(button);
    });
  }
  // Search boxes go to the full-text search page when JavaScript runs.
  document.querySelectorAll("form[data-search-action]").forEach(function (form) {
    form.action = form.getAttribute("data-search-action");
  });
  // The language switcher keeps the #fragment: heading ids are stable across languages.
  document.querySelectorAll("a[data-keep-hash]").forEach(function (a) {
    a.addEventListener("click", function () {
      if (window.location.hash && a.href.indexOf("#") === -1) a.href += window.location.hash;
    });
  });
  // Opening a link to a collapsed <details> opens it.
  var openTarget = function () {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var el = id && document.getElementById(id);
    while (el) { if (el.tagName === "DETAILS") el.open = true; el = el.parentElement; }
  };
  window.addEventListener("hashchange", openTarget);
  openTarget();
})();
