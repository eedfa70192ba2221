"""Helpers for the ``sitegen serve`` tests: a small bilingual site written
inline (with its own templates, so these tests do not depend on the default
theme) and a client for a running server (standard library only)."""

from __future__ import annotations

import http.client
import json
import time
import urllib.error
import urllib.request
from pathlib import Path

from sitegen.serve import DevServer
from site_files import write_files


PAGE_TEMPLATE = """
<!doctype html>
<html lang="{{ lang }}">
<head><meta charset="utf-8"><title>{{ page.title_text }} | {{ site.title }}</title></head>
<body>
<nav class="switcher">{% for e in page.switcher %}<a href="{{ url(e.url) }}" hreflang="{{ e.code }}">{{ e.name }}</a>{% endfor %}</nav>
<nav class="crumbs">{% for c in page.breadcrumbs %}<a href="{{ url(c.url) }}">{{ c.title }}</a>{% endfor %}</nav>
<ul class="nav">{% for b in data.nav %}<li><a href="{{ b.url }}"{% if b.is_fallback %} class="fallback"{% endif %}>{{ b.name }}</a></li>{% endfor %}</ul>
<main>
{% if page.is_fallback %}<p class="fallback-notice">{{ t('fallback_notice') }} ({{ page.source_lang }})</p>{% endif %}
<h1>{{ page.title }}</h1>
{% block content %}<div id="content">{{ page.content }}</div>{% endblock %}
</main>
</body>
</html>
"""

SITE = {
    "site.yml": """
        title: {ja: テストサイト, en: Test Site}
        base_url: https://example.org/
    """,
    "templates/page.html": PAGE_TEMPLATE,
    "templates/404.html": '{% extends "page.html" %}{% block content %}<p id="not-found">not found: {{ lang }}</p>{% endblock %}\n',
    "templates/search.html": '{% extends "page.html" %}{% block content %}<p>search</p>{% endblock %}\n',
    "templates/translation_status.html": '{% extends "page.html" %}{% block content %}<p>status</p>{% endblock %}\n',
    "templates/redirect.html": '<!doctype html><meta http-equiv="refresh" content="0; url={{ page.redirect_to }}">\n',
    "data/nav.yml": """
        - name: {ja: ガイド, en: Guide}
          url: /guide/
    """,
    "content/ja/index.md": """
        ---
        title: ホーム
        ---
        ようこそ。[ガイド](guide.md)
    """,
    "content/en/index.md": """
        ---
        title: Home
        ---
        Welcome. [Guide](guide.md)
    """,
    "content/ja/guide.md": """
        ---
        title: ガイド
        ---
        ガイドの本文。
    """,
    "content/en/guide.md": """
        ---
        title: Guide
        ---
        Guide body.
    """,
    "content/ja/only.md": """
        ---
        title: 日本語だけ
        ---
        日本語だけの本文。
    """,
    "content/ja/x.md": """
        ---
        title: エックス
        ---
        エックスの本文。
    """,
    "content/en/x.md": """
        ---
        title: X
        ---
        X in English.
    """,
    "content/ja/img/logo.png": b"\x89PNG\r\n\x1a\nfake",
    "content/ja/files/app.wasm": b"\x00asm\x01\x00\x00\x00",
    "content/ja/files/style.css": "body { color: #222; }\n",
    "content/ja/files/app.js": "console.log('ok');\n",
    "content/ja/files/icon.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
    "content/ja/files/font.woff2": b"wOF2\x00\x01",
    "content/ja/files/data.json": '{"ok": true}\n',
    "content/ja/files/feed.xml": "<feed/>\n",
    "content/ja/files/資料.txt": "資料\n",
    "content/ja/案内.md": """
        ---
        title: 案内
        ---
        日本語の名前のページ。
    """,
}


class Live:
    """A running server and helpers to talk to it."""

    def __init__(self, server: DevServer, source: Path):
        self.server, self.source = server, source
        self.base = f"http://127.0.0.1:{server.port}"

    # -- files -------------------------------------------------------------------
    def write(self, rel: str, text: str) -> None:
        write_files(self.source, {rel: text})

    def path(self, rel: str) -> Path:
        return self.source / rel

    # -- http ----------------------------------------------------------------------
    def get(self, path: str, timeout: float = 5.0) -> tuple[int, dict, bytes]:
        """(status, headers, body) for a raw request path (sent exactly as given)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=timeout)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            conn.close()

    def fetch(self, path: str) -> tuple[int, str]:
        """urllib, as a browser would (follows redirects)."""
        try:
            with urllib.request.urlopen(self.base + path, timeout=5) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8")

    def status(self) -> dict:
        with urllib.request.urlopen(self.base + "/__sitegen/status", timeout=5) as response:
            return json.loads(response.read())

    def wait_for(self, path: str, predicate, timeout: float = 5.0) -> tuple[int, str]:
        """Poll ``path`` until ``predicate(status, html)`` holds."""
        deadline = time.monotonic() + timeout
        while True:
            status, html = self.fetch(path)
            if predicate(status, html):
                return status, html
            if time.monotonic() > deadline:
                raise AssertionError(f"{path} did not change as expected within {timeout}s: {status}\n{html[:2000]}")
            time.sleep(0.03)

    def rendered_since(self, count: int) -> list[str]:
        """Every URL re-rendered by the rebuilds after the ``count``-th one."""
        newer = self.server.rebuilds - count
        urls: list[str] = []
        for report in (self.server.reports[-newer:] if newer > 0 else []):
            urls.extend(report.rendered)
        return urls

    def settle(self, quiet: float = 0.3, timeout: float = 5.0) -> None:
        """Wait until no rebuild happened for ``quiet`` seconds."""
        deadline = time.monotonic() + timeout
        last = self.server.rebuilds
        stable_since = time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            if self.server.rebuilds != last:
                last, stable_since = self.server.rebuilds, time.monotonic()
            elif time.monotonic() - stable_since >= quiet:
                return
