"""A fixture site whose links are written the ways editors write them: source
links into the other language's folder (both directions, with fragments, to
an index page, a plain page and a renamed one), page-relative images in
``srcset`` and ``<picture>``, a ``<video>`` with ``poster``, ``src`` and a
``<track>``, and links parked in an HTML comment, a script and code.

Shared by tests/sites/test_links.py (sitegen build and check) and
tests/tools/test_links_tools.py (lychee over the built site)."""

from __future__ import annotations

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")

LINKS_SITE: dict[str, str | bytes] = {
    "site.yml": """
        title: {ja: 参照, en: Reference}
        base_url: https://reference.sitegen-fixture.jp/
    """,
    "content/ja/index.md": """
        ---
        title: ホーム
        ---
        [参照](reference/index.md)
    """,
    "content/en/index.md": """
        ---
        title: Home
        ---
        [Reference](reference/index.md)
    """,
    "content/ja/reference/index.md": """
        ---
        title: 参照
        ---
        ## 一覧 {#list}
    """,
    "content/en/reference/index.md": """
        ---
        title: Reference
        ---
        ## List {#list}
    """,
    # lines 6..10 are the cross-language links, 12.. the media, 18 the comment
    "content/ja/reference/g22/page.md": """
        ---
        title: 参照ページ
        ---
        ## 手順 {#steps}

        [English version](../../../en/reference/g22/page.md)
        [English steps](../../../en/reference/g22/page.md#steps)
        [English index](../../../en/reference/index.md#list)
        [English folder](../../../en/reference/)
        [rooted](/en/reference/g22/page.md#steps)

        <img src="small.png" srcset="small.png 1x, large.png 2x" alt="図">

        <picture><source srcset="wide.png 800w, large.png 1600w" media="(min-width: 600px)"><img src="small.png" alt="図"></picture>

        <video poster="poster.png" src="clip.mp4" controls><track src="subs.vtt" kind="captions" srclang="ja" label="日本語"></video>

        <!-- <a href="old.html">古いリンク</a> ![古い図](old.png) -->

        <img  alt='図'  src = 'small.png'>

        <script>document.write('<a href="script.html">x</a>')</script>

        `<a href="code.html">` と `![x](code.png)`
    """,
    # renamed: links to it follow its permalink
    "content/en/reference/g22/page.md": """
        ---
        title: Reference page
        permalink: /ref/g22/
        ---
        ## Steps {#steps}

        [Japanese version](../../../ja/reference/g22/page.md)
        [its steps](../../../ja/reference/g22/page.md#steps)
        [Japanese index](../../../ja/reference/index.md#list)
        ![image from the Japanese folder](../../../ja/reference/g22/small.png)
    """,
    # Japanese only: English readers get a fallback page
    "content/ja/only.md": """
        ---
        title: 日本語だけ
        ---
        [English steps](../en/reference/g22/page.md#steps)
        [参照ページ](reference/g22/page.md)
    """,
    "content/en/reference/gallery.html": """
        ---
        title: Gallery
        ---
        <h2 id="pictures">Pictures</h2>
        <img src="../../ja/reference/g22/small.png" srcset="../../ja/reference/g22/small.png 1x, ../../ja/reference/g22/large.png 2x" alt="">
        <!-- <a href="gone.html">gone</a> -->
        <p><a href="../../ja/reference/g22/page.md#steps">日本語の手順</a></p>
    """,
    "content/ja/reference/g22/small.png": PNG,
    "content/ja/reference/g22/large.png": PNG,
    "content/ja/reference/g22/wide.png": PNG,
    "content/ja/reference/g22/poster.png": PNG,
    "content/ja/reference/g22/clip.mp4": b"\x00\x00\x00\x18ftypmp42",
    "content/ja/reference/g22/subs.vtt": "WEBVTT\n",
}
