"""A documentation site that uses every feature of the theme (sidebar,
previous/next, edit links, notices feed, logo, alerts, math, images), as a
file map for ``write_files``; shared by the build tests and the browser tests."""

from __future__ import annotations

import struct
import zlib


def png(width: int, height: int, rgb: tuple[int, int, int] = (40, 110, 200)) -> bytes:
    """A valid PNG of one colour (no imaging library needed)."""
    row = b"\x00" + bytes(rgb) * width
    raw = row * height

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def _sections(lang: str, count: int = 6) -> str:
    word = "節" if lang == "ja" else "Section"
    para = ("説明の文章です。" * 30) if lang == "ja" else ("Some explaining text goes here. " * 25)
    return "".join(f"## {word} {i} {{#s{i}}}\n\n{para}\n\n{para}\n\n" for i in range(1, count + 1))


SITE_YML = """
    title: {ja: 手引き, en: Guide}
    description: {ja: 利用の手引き, en: How to use the service}
    base_url: https://example.org/docs/
    repo_url: https://github.com/example/guide
    edit_uri: edit/main/site/
    extra_css: [css/extra.css]
    extra_js:
      - /assets/js/extra.js
    logo: img/logo.png
    favicon: assets/img/favicon.svg
    og_image: img/og.png
    twitter: {username: "@example", card: summary_large_image}
"""

NAV_JA = """
    - name: ホーム
      url: /
    - name: はじめに
      url: /start/
      contents:
        - name: インストール
          url: /start/install/
        - name: 日本語だけの手順
          url: /start/only-ja/
        - name: 公式サイト
          url: https://example.com/
    - name: ガイド
      contents:
        - name: 数式と注意書き
          url: /guide/math/
"""

NAV_EN = """
    - name: Home
      url: /en/
    - name: Getting started
      url: /en/start/
      contents:
        - name: Installing
          url: /en/start/install/
        - name: A Japanese-only page
          url: /en/start/only-ja/
        - name: Official site
          url: https://example.com/
    - name: Guides
      contents:
        - name: Math and alerts
          url: /en/guide/math/
"""

NOTICES = """
    - date: 2026-04-01
      important: true
      content:
        ja: "[インストール手順](/start/install/)を更新しました。"
        en: "The [installation guide](/en/start/install/) was updated."
    - date: 2026-03-15
      content:
        ja: 窓口の受付時間が変わりました。
    - date: 2026-03-20
      content:
        ja: メンテナンスを行います。
        en: Maintenance is scheduled.
"""

MATH_JA = """---
title: 数式と注意書き
---
> [!NOTE]
> 大学のアカウントでサインインしてください。

> [!WARNING]
> 受付は平日のみです。

面積は $\\pi r^2$ です。料金は $5 と $10 です。

$$
\\frac{a+b}{2} \\geq \\sqrt{ab}
$$

## 図 {#figure}

![図](figure.png)
"""

MATH_EN = """---
title: Math and alerts
---
> [!TIP]
> Sign in with your university account.

> [!CAUTION]
> The desk is open on weekdays only.

The area is $\\pi r^2$. It costs $5 or $10.

$$
\\frac{a+b}{2} \\geq \\sqrt{ab}
$$
"""

THEME_SITE: dict[str, str | bytes] = {
    "site.yml": SITE_YML,
    "assets/css/extra.css": ".site-title { letter-spacing: .01em; }\n",
    "assets/js/extra.js": "document.documentElement.setAttribute('data-extra-js', 'ran');\n",
    "assets/img/logo.png": png(64, 32),
    "assets/img/og.png": png(120, 63),
    "assets/img/favicon.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="16px" height="16px"><rect width="16" height="16"/></svg>\n',
    "data/nav.ja.yml": NAV_JA,
    "data/nav.en.yml": NAV_EN,
    "data/notices.yml": NOTICES,
    "content/ja/index.md": "---\ntitle: 手引き\nlayout: home\n---\nようこそ。\n",
    "content/en/index.md": "---\ntitle: Guide\nlayout: home\n---\nWelcome.\n",
    "content/ja/start/index.md": "---\ntitle: はじめに\n---\n" + _sections("ja"),
    "content/en/start/index.md": "---\ntitle: Getting started\n---\n" + _sections("en"),
    "content/ja/start/install.md": "---\ntitle: インストール\nupdated: 2026-04-01\n---\n"
                                   "![最初の画面](screen.png)\n\n## 手順 {#steps}\n\n"
                                   "![次の画面](screen.png)\n\n![ロゴ](/assets/img/logo.png)\n\n"
                                   '<img src="screen.png" alt="指定済み" width="100">\n\n'
                                   "![外部](https://example.com/x.png)\n\n## 確認 {#check}\n\n確認します。\n",
    "content/en/start/install.md": "---\ntitle: Installing\nupdated: 2026-04-01\n---\n"
                                   "![The first screen](screen.png)\n\n## Steps {#steps}\n\nDo it.\n\n"
                                   "## Check {#check}\n\nCheck it.\n",
    "content/ja/start/screen.png": png(640, 400),
    "content/ja/start/only-ja.md": "---\ntitle: 日本語だけの手順\n---\n## 手順 {#steps}\n\n手順です。\n\n## 補足\n\n補足です。\n",
    "content/ja/start/deep/index.md": "---\ntitle: 詳しい設定\n---\nナビゲーションにはない下位のページ。\n",
    "content/ja/guide/math.md": MATH_JA,
    "content/ja/guide/figure.png": png(300, 200),
    "content/en/guide/math.md": MATH_EN,
}


def served_at_root(files: dict) -> dict:
    """The same site with a base_url without a path, for a test server serving it at /."""
    local = dict(files)
    local["site.yml"] = str(files["site.yml"]).replace("https://example.org/docs/", "http://127.0.0.1/")
    return local
