// Progressive enhancement: a "Copy" button on every code block (pre.highlight).
// The labels are localized: data-copy-label / data-copied-label on <html> or <body>.
(function () {
  if (!navigator.clipboard || !document.querySelectorAll) return;
  var label = function (name, fallback) {
    return document.documentElement.getAttribute(name) ||
      (document.body && document.body.getAttribute(name)) || fallback;
  };
  var copyLabel = label("data-copy-label", "Copy");
  var copiedLabel = label("data-copied-label", "Copied");
  Array.prototype.forEach.call(document.querySelectorAll("pre.highlight"), function (pre) {
    if (pre.querySelector(".copy-button")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = copyLabel;
    var status = document.createElement("span");
    status.className = "copy-status";
    status.setAttribute("role", "status");
    var timer = null;
    button.addEventListener("click", function () {
      var code = pre.querySelector("code") || pre;
      var text = code.innerText.replace(/\n$/, "");
      navigator.clipboard.writeText(text).then(function () {
        button.textContent = copiedLabel;
        status.textContent = copiedLabel;
        clearTimeout(timer);
        timer = setTimeout(function () {
          button.textContent = copyLabel;
          status.textContent = "";
        }, 1500);
      });
    });
    pre.appendChild(button);
    pre.appendChild(status);
  });
})();
