"""A page keeps its body, headings, links and URL attributes packed, and
gives them back as they were parsed: after ``dataclasses.replace``, a
trip to another process (pickle) and a serve patch of one field."""

from __future__ import annotations

import dataclasses
import pickle

from markupsafe import Markup

from sitegen.build import BuildOptions, load_site
from sitegen.links.scan import UrlAttribute
from sitegen.markdown import Heading, LinkRef
from tests.site_files import write_files

SITE = {
    "site.yml": "title: {ja: サイト, en: Site}\nbase_url: https://example.org/\n",
    "content/ja/index.md": "---\ntitle: ホーム\n---\n## 手順 {#steps}\n\n[案内](guide.md) と <a href=\"x.md\">x</a>\n\n### 次\n",
    "content/ja/guide.md": "---\ntitle: 案内\n---\n案内\n",
}


def home(tmp_path):
    site = load_site(BuildOptions(source=write_files(tmp_path, SITE), jobs=1)).site
    return next(r.page for r in site.routes.values() if r.page is not None and r.page.source.rel == "index.md")


def test_what_the_parse_found_is_given_back(tmp_path):
    page = home(tmp_path)
    assert [(h.level, h.id, h.text) for h in page.headings] == [(2, "steps", "手順"), (3, "次", "次")]
    assert all(type(h) is Heading for h in page.headings) and page.headings[0].line == 4
    assert [(l.href, l.kind) for l in page.links] == [("guide.md", "link"), ("x.md", "html")]
    assert all(type(l) is LinkRef for l in page.links)
    assert [(u.tag, u.name, u.value) for u in page.urls] == [("a", "href", "guide.md"), ("a", "href", "x.md")]
    assert all(type(u) is UrlAttribute for u in page.urls)
    assert page.html[page.urls[0].start:page.urls[0].end] == '"guide.md"'
    again = pickle.loads(pickle.dumps(page))
    moved = dataclasses.replace(page, layout="home")
    for other in (again, moved):
        assert (other.headings, other.links, other.urls, other.html) == (page.headings, page.links, page.urls, page.html)
    assert dataclasses.replace(page, links=()).links == () and dataclasses.replace(page, links=()).headings == page.headings


def test_values_that_cannot_be_packed_are_kept_as_they_are(tmp_path):
    page = home(tmp_path)
    heading = Heading(2, "a", "a", Markup("<em>a</em>"), 1)
    kept = dataclasses.replace(page, headings=(heading,))
    assert kept.headings == (heading,) and type(kept.headings[0].html) is Markup
    assert kept.links == page.links
