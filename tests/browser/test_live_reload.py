"""Live reload in a real browser: every open tab reloads after a save, and
many open tabs share one event stream, so a browser's six-connection limit
per host never leaves a tab unable to load."""

from __future__ import annotations

import time

import pytest

from sitegen.build import BuildOptions
from sitegen.serve import DevServer
from site_files import write_files

TABS = 8  # more than the six HTTP/1.x connections a browser opens to one host

SITE = {
    "site.yml": "title: {ja: 確認, en: Check}\nbase_url: https://example.org/\n",
    "content/ja/index.md": "---\ntitle: ホーム\n---\nようこそ。\n",
    "content/ja/guide.md": "---\ntitle: 案内\n---\n最初の版です。\n",
}


@pytest.fixture
def dev_server(tmp_path):
    source = write_files(tmp_path / "site", SITE)
    server = DevServer(BuildOptions(source=source, search=False), host="127.0.0.1", port=0, log=lambda text: None)
    try:
        server.start()
        yield server, source
    finally:
        server.stop()


def test_every_open_tab_reloads_after_a_save(browser, dev_server):
    server, source = dev_server
    context = browser.new_context()
    try:
        tabs = []
        for _ in range(TABS):
            tab = context.new_page()
            tab.goto(server.url.rstrip("/") + "/guide/", timeout=10000)
            assert "最初の版です。" in tab.inner_text("main")
            tabs.append(tab)
        before = [tab.evaluate("performance.timeOrigin") for tab in tabs]
        time.sleep(0.3)  # let the tabs settle on who listens
        (source / "content/ja/guide.md").write_text("---\ntitle: 案内\n---\n次の版です。\n", encoding="utf-8")
        for tab in tabs:
            tab.wait_for_function("document.querySelector('main') && "
                                  "document.querySelector('main').innerText.includes('次の版です。')",
                                  timeout=10000)
        after = [tab.evaluate("performance.timeOrigin") for tab in tabs]
        assert all(a != b for a, b in zip(after, before))  # each tab reloaded (a new document)

        # the tab that listened goes away: another takes over
        for tab in tabs[:3]:
            tab.close()
        time.sleep(0.3)
        (source / "content/ja/guide.md").write_text("---\ntitle: 案内\n---\n三つ目の版です。\n", encoding="utf-8")
        for tab in tabs[3:]:
            tab.wait_for_function("document.querySelector('main') && "
                                  "document.querySelector('main').innerText.includes('三つ目の版です。')",
                                  timeout=10000)
    finally:
        context.close()
