// Chat-support launcher for pages with `sinclo: true` in their front matter.
// The production deployment replaces this file (site.yml params.chat_widget_script)
// with the chat vendor's script; this one shows the launcher and leads to the
// chat section of the support page.
(function () {
  var script = document.currentScript;
  var label = (script && script.getAttribute("data-label")) || "Chat Support Available";
  var link = document.createElement("a");
  link.className = "chat-widget-launcher";
  link.href = "#chat";
  link.textContent = label;
  link.setAttribute("style", "position:fixed;right:1rem;bottom:1rem;padding:.6rem 1rem;border-radius:999px;" +
    "background:#0b5cad;color:#fff;font-weight:bold;text-decoration:none;box-shadow:0 2px 8px rgba(0,0,0,.25);z-index:20");
  document.body.appendChild(link);
})();
