"""What a Jekyll site's editors meet on their first day with sitegen, on small
inline fixture sites: pages as readers see them after the import, and the
messages editors get when they break something."""

from __future__ import annotations

import pytest

from sitegen.errors import BuildError

LIQUID_SITE = "title: T\nlanguages: [ja, en]\ntemplates: liquid\ncompat: jekyll\n"


def _toc(site, url: str) -> list[str]:
    return [a.get_text(" ", strip=True) for a in site.soup(url).select("nav#sg-toc-aside a")]


# -- the contents of a one-page FAQ list every question ------------------------------------------

ONE_PAGE_FAQ = """\
---
title: よくある質問
---

## 授業全般

### Q. オンライン授業に入れない

入室方法を確認してください．

## Zoom

### 全般

#### Q. 料金は必要ですか？

いいえ．

#### Q. サインインする必要はありますか？

はい．

### 入室トラブル

#### Q. 「無効なアドレスです」と表示される

URLを確認してください．
"""


def test_one_page_faq_contents_list_every_question(make_site):
    site = make_site({"site.yml": LIQUID_SITE, "content/ja/faq/index.md": ONE_PAGE_FAQ})
    toc = _toc(site, "/faq/")
    assert toc == ["授業全般", "Q. オンライン授業に入れない", "Zoom", "全般", "Q. 料金は必要ですか？",
                   "Q. サインインする必要はありますか？", "入室トラブル", "Q. 「無効なアドレスです」と表示される"]
    levels = [li["class"] for li in site.soup("/faq/").select("nav#sg-toc-aside li")]
    assert levels[4] == ["toc-level-4"]


def test_one_page_faq_toc_of_its_own_wins(make_site):
    page = ONE_PAGE_FAQ.replace("title: よくある質問\n", "title: よくある質問\ntoc: 3\n")
    site = make_site({"site.yml": LIQUID_SITE, "content/ja/faq/index.md": page})
    assert "Q. 料金は必要ですか？" not in _toc(site, "/faq/")
    assert "入室トラブル" in _toc(site, "/faq/")


def test_toc_depth_on_any_page(make_site):
    body = "## A\n\ntext\n\n### B\n\ntext\n\n#### C\n\ntext\n"
    site = make_site({
        "content/ja/deep.md": "---\ntitle: Deep\ntoc: 4\n---\n\n" + body,
        "content/ja/usual.md": "---\ntitle: Usual\n---\n\n" + body,
    })
    assert _toc(site, "/deep/") == ["A", "B", "C"]
    assert _toc(site, "/usual/") == ["A", "B"]


def test_toc_depth_out_of_range_is_an_error_at_its_line(make_site):
    with pytest.raises(BuildError) as info:
        make_site({"content/ja/x.md": "---\ntitle: X\ntoc: 7\n---\n\n## A\n\n## B\n"})
    problem = next(d for d in info.value.diagnostics if d.rule == "front-matter-value")
    assert (problem.path, problem.line) == ("content/ja/x.md", 3)
    assert "2 to 6" in problem.message and "toc: 4" in problem.hint
